// Hand-made JWTs for attacking the hub's verification: alg none, expired,
// wrong key id, tampered payloads.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace agenthub::testing {

/// A random secret of `chars` base64url characters (safe in an environment
/// variable; 48 characters are 48 bytes, above the 32-byte minimum).
std::string random_secret(std::size_t chars = 48);

/// Unix time now, in seconds.
std::int64_t unix_now();

/// The header the hub signs with: `{"alg":"HS256","typ":"JWT","kid":...}`
/// where kid is the hub's key id of `secret`.
nlohmann::json hs256_header(std::string_view secret);

/// Session claims as the hub issues them (sub, name, role, iat, exp, jti).
nlohmann::json session_claims(const std::string& sub, const std::string& name,
                              const std::string& role, std::int64_t iat,
                              std::int64_t exp);

/// base64url(header) "." base64url(payload) "." base64url(HMAC-SHA256).
std::string sign_hs256(const nlohmann::json& header,
                       const nlohmann::json& payload, std::string_view secret);

/// An unsigned token "<header>.<payload>." (for alg "none").
std::string unsigned_jwt(const nlohmann::json& header,
                         const nlohmann::json& payload);

/// Part `index` (0 header, 1 payload) of `token`, decoded and parsed.
/// Throws std::runtime_error if it is not base64url JSON.
nlohmann::json jwt_part(const std::string& token, int index);

/// `token` with its payload replaced by `payload` but the original header
/// and signature kept (a tampered token).
std::string replace_payload(const std::string& token,
                            const nlohmann::json& payload);

} // namespace agenthub::testing
