// Argon2id PHC hashing and verification via libargon2.
#include "net/auth/argon2.hpp"

#include "config/defaults.hpp"
#include "net/auth/random.hpp"

#include <argon2.h>

#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

namespace agenthub::auth {

namespace {

/// Sanity caps for stored hashes: a corrupt or hostile PHC string must not
/// make one verification allocate gigabytes or spin for minutes.
constexpr std::uint32_t max_memory_kib = 256 * 1024; // 256 MiB
constexpr std::uint32_t max_iterations = 16;
constexpr std::uint32_t max_parallelism = 16;
/// Characters; our strings are ~100, generous room for larger salts/hashes.
constexpr std::size_t max_phc_chars = 512;

/// The cost parameters of a PHC string.
struct phc_params {
  std::uint32_t m = 0;
  std::uint32_t t = 0;
  std::uint32_t p = 0;
};

bool consume(std::string_view& text, std::string_view literal) {
  if (text.substr(0, literal.size()) != literal)
    return false;
  text.remove_prefix(literal.size());
  return true;
}

/// Reads a decimal number without sign or leading zeros into `out`.
bool consume_u32(std::string_view& text, std::uint32_t& out) {
  std::uint64_t value = 0;
  std::size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9' && n < 10) {
    value = value * 10 + static_cast<std::uint64_t>(text[n] - '0');
    ++n;
  }
  if (n == 0 || (n > 1 && text[0] == '0') || value > UINT32_MAX)
    return false;
  out = static_cast<std::uint32_t>(value);
  text.remove_prefix(n);
  return true;
}

/// Non-empty, unpadded standard base64 (argon2's PHC encoding).
bool is_b64_field(std::string_view text) {
  if (text.empty())
    return false;
  for (const char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!ok)
      return false;
  }
  return true;
}

/// Parses `$argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>` exactly.
std::optional<phc_params> parse_phc(std::string_view text) {
  phc_params params;
  if (text.size() > max_phc_chars || !consume(text, "$argon2id$v=19$m=")
      || !consume_u32(text, params.m) || !consume(text, ",t=")
      || !consume_u32(text, params.t) || !consume(text, ",p=")
      || !consume_u32(text, params.p) || !consume(text, "$"))
    return std::nullopt;
  const auto dollar = text.find('$');
  if (dollar == std::string_view::npos || !is_b64_field(text.substr(0, dollar))
      || !is_b64_field(text.substr(dollar + 1)))
    return std::nullopt;
  return params;
}

} // namespace

std::string argon2id_hash(std::string_view secret) {
  if (secret.size() > ARGON2_MAX_PWD_LENGTH)
    throw std::invalid_argument("argon2id_hash: secret too long");
  const auto salt = random_bytes(defaults::argon2_salt_bytes);
  const auto t = defaults::argon2_iterations;
  const auto m = defaults::argon2_memory_kib;
  const auto p = defaults::argon2_parallelism;
  const auto hash_bytes
    = static_cast<std::uint32_t>(defaults::argon2_hash_bytes);
  std::string encoded(argon2_encodedlen(t, m, p,
                                        static_cast<std::uint32_t>(salt.size()),
                                        hash_bytes, Argon2_id),
                      '\0');
  const int rc = argon2id_hash_encoded(t, m, p, secret.data(), secret.size(),
                                       salt.data(), salt.size(), hash_bytes,
                                       encoded.data(), encoded.size());
  if (rc != ARGON2_OK)
    throw std::runtime_error(std::string{"argon2id_hash_encoded: "}
                             + argon2_error_message(rc));
  encoded.resize(std::strlen(encoded.c_str()));
  return encoded;
}

bool argon2id_verify(const std::string& phc, std::string_view secret) {
  try {
    const auto params = parse_phc(phc);
    if (!params || params->m > max_memory_kib || params->t > max_iterations
        || params->p > max_parallelism || secret.size() > ARGON2_MAX_PWD_LENGTH)
      return false;
    // libargon2 compares the hashes in constant time.
    return ::argon2id_verify(phc.c_str(), secret.data(), secret.size())
           == ARGON2_OK;
  } catch (...) {
    return false; // e.g. bad_alloc: a failed verification, never an escape
  }
}

const std::string& argon2id_dummy_hash() {
  // Magic static: initialised once, thread-safe (C++11). The secret is
  // random and forgotten, so nothing verifies against this hash.
  static const std::string hash = argon2id_hash(random_bytes(32));
  return hash;
}

bool argon2id_meets_minimum(const std::string& phc) {
  const auto params = parse_phc(phc);
  return params && params->m >= defaults::argon2_memory_kib
         && params->t >= defaults::argon2_iterations && params->p >= 1;
}

} // namespace agenthub::auth
