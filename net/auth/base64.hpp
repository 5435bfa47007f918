// Base64url (RFC 4648 §5, unpadded) for JWT parts and API token secrets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agenthub::auth {

/// Encodes `bytes` as base64url without padding (RFC 4648 §5).
std::string base64url_encode(std::string_view bytes);

/// Decodes unpadded base64url, strictly: only canonical encodings decode.
///
/// Rejects `=`, `+`, `/`, whitespace and any other non-alphabet character,
/// impossible lengths (`size % 4 == 1`) and non-zero trailing bits, so every
/// byte string has exactly one accepted text (no malleable JWT signatures).
std::optional<std::string> base64url_decode(std::string_view text);

} // namespace agenthub::auth
