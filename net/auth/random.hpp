// CSPRNG helpers (OpenSSL RAND_bytes) for tokens, salts and jti.
#pragma once

#include <cstddef>
#include <string>

namespace agenthub::auth {

/// Returns `n` bytes from OpenSSL's CSPRNG.
///
/// Throws `std::runtime_error` if the generator fails (never returns weak
/// bytes instead).
std::string random_bytes(std::size_t n);

/// Returns `chars` characters drawn uniformly from the lowercase RFC 4648
/// base32 alphabet `a-z2-7` (5 bits per character, no modulo bias).
std::string random_base32(std::size_t chars);

} // namespace agenthub::auth
