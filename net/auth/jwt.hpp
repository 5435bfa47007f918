// Session JWTs: HS256 only, key chosen from our own keyring by `kid`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace agenthub::auth {

/// The claims of an AgentHub session token.
struct jwt_claims {
  std::string sub;      ///< agent id (uuid text)
  std::string name;     ///< agent name (slug), informational only
  std::string role;     ///< "admin" or "agent"
  std::int64_t iat = 0; ///< issued at, unix seconds
  std::int64_t exp = 0; ///< expires at, unix seconds
  std::string jti;      ///< unique token id
};

/// Why a token was rejected.
enum class jwt_error {
  malformed,     ///< not three strict base64url parts, bad header JSON, crit
  bad_algorithm, ///< `alg` is anything but the string "HS256"
  unknown_key,   ///< `kid` missing or not one of our keys
  bad_signature, ///< wrong length or HMAC mismatch
  expired,       ///< `now > exp + leeway`
  not_yet_valid, ///< `iat` or `nbf` beyond `now + leeway`
  bad_claims,    ///< payload not an object, or a claim missing or mistyped
};

/// Stable snake_case name of `e` ("malformed", "bad_algorithm", ...), for
/// logs and metrics labels.
const char* to_string(jwt_error e);

/// Key id of `secret`: 16 lowercase hex characters, the first 8 bytes of
/// HMAC-SHA256(secret, "agenthub-jwt-kid"). Reveals nothing useful about the
/// secret and is stable across restarts.
std::string jwt_key_id(std::string_view secret);

/// The HS256 keys of this hub: one that signs, and optionally the previous
/// one that still verifies while tokens signed with it expire (rotation).
class jwt_keyring {
public:
  /// `current` signs and verifies; `previous` (may be empty) only verifies
  /// (rotation, JWT_SECRET_OLD). Throws `std::invalid_argument` if a
  /// non-empty secret is shorter than `defaults::jwt_secret_min_bytes`.
  explicit jwt_keyring(std::string current, std::string previous = {});

  /// Signs `c` with the current key. The header is
  /// `{"alg":"HS256","typ":"JWT","kid":<kid of current>}`; the payload has
  /// sub, name, role, iat, exp and jti. Throws `std::invalid_argument` for
  /// claims that `verify` would reject (empty sub or jti, unknown role,
  /// invalid UTF-8).
  std::string sign(const jwt_claims& c) const;

  /// Verifies `token` at time `now` (unix seconds) with clock skew `leeway`.
  /// The header only selects among our keys; the signature is checked
  /// before the payload is parsed. Never throws on any input.
  std::variant<jwt_claims, jwt_error> verify(std::string_view token,
                                             std::int64_t now,
                                             std::chrono::seconds leeway) const;

  /// Key id of the signing key (the `kid` header of new tokens).
  const std::string& current_kid() const;

private:
  /// The key whose id is `kid`, or nullptr if it is not one of ours.
  const std::string* key_for(std::string_view kid) const;

  std::string current_;
  std::string previous_;
  std::string current_kid_;
  std::string previous_kid_;
  std::string header_b64_; ///< encoded header of every token we sign
};

/// Claims for a new session token: iat = now, exp = now + ttl and a random
/// jti (22 base64url characters of 16 random bytes).
jwt_claims make_session_claims(std::string sub, std::string name,
                               std::string role, std::int64_t now,
                               std::chrono::seconds ttl);

} // namespace agenthub::auth
