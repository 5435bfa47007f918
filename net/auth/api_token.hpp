// API tokens "agt_<prefix>_<secret>": generation and strict parsing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agenthub::auth {

/// The two halves of an API token.
///
/// A token is "agt_<prefix>_<secret>": prefix is
/// `defaults::api_token_prefix_chars` characters of `random_base32` (the
/// public lookup key); secret is the base64url of
/// `defaults::api_token_secret_bytes` random bytes (43 characters, which may
/// themselves contain '_' and '-').
struct api_token_parts {
  std::string prefix; ///< 8 characters [a-z2-7]
  std::string secret; ///< 43 base64url characters (32 bytes)
};

/// Splits `token` strictly: "agt_" + exactly 8 characters [a-z2-7] + "_" +
/// exactly 43 base64url characters that decode to 32 bytes. Anything else,
/// including input longer than 128 characters, yields nullopt.
std::optional<api_token_parts> parse_api_token(std::string_view token);

/// A freshly generated token and its prefix (the prefix is stored in clear,
/// the whole token only as an Argon2id hash).
struct new_api_token {
  std::string token;  ///< shown to the user exactly once
  std::string prefix; ///< lookup key
};

/// Generates a new token from the CSPRNG.
new_api_token generate_api_token();

/// Normalises a user-given prefix for revocation: accepts "abcd2345" or
/// "agt_abcd2345" and returns the bare prefix, or nullopt if invalid.
std::optional<std::string> normalize_token_prefix(std::string_view text);

} // namespace agenthub::auth
