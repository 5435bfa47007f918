// HS256 session JWTs: signing and allowlist verification.
#include "net/auth/jwt.hpp"

#include "config/defaults.hpp"
#include "net/auth/base64.hpp"
#include "net/auth/random.hpp"

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

namespace agenthub::auth {

namespace {

using json = nlohmann::json;

/// Bytes; longer tokens are rejected before any decoding (ours are ~300).
constexpr std::size_t max_token_bytes = 4096;
/// Bytes of an HMAC-SHA256 tag.
constexpr std::size_t hs256_bytes = 32;
/// Bytes of the HMAC used as key id (16 hex characters).
constexpr std::size_t kid_bytes = 8;
/// Bytes of randomness in a jti (22 base64url characters).
constexpr std::size_t jti_bytes = 16;

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  const char* key_ptr = key.empty() ? "" : key.data();
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), in, data.size(),
           md.data(), &len)
      == nullptr)
    throw std::runtime_error("HMAC-SHA256 failed");
  return std::string(reinterpret_cast<const char*>(md.data()), len);
}

/// Splits "a.b.c" into exactly three (possibly empty) parts.
std::optional<std::array<std::string_view, 3>> split3(std::string_view token) {
  const auto d1 = token.find('.');
  if (d1 == std::string_view::npos)
    return std::nullopt;
  const auto d2 = token.find('.', d1 + 1);
  if (d2 == std::string_view::npos
      || token.find('.', d2 + 1) != std::string_view::npos)
    return std::nullopt;
  return std::array<std::string_view, 3>{token.substr(0, d1),
                                         token.substr(d1 + 1, d2 - d1 - 1),
                                         token.substr(d2 + 1)};
}

/// Checks everything in the header but the key id.
std::optional<jwt_error> check_header(const json& header) {
  if (!header.is_object())
    return jwt_error::malformed;
  const auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()
      || alg->get_ref<const std::string&>() != "HS256")
    return jwt_error::bad_algorithm;
  const auto typ = header.find("typ");
  if (typ != header.end()
      && (!typ->is_string() || typ->get_ref<const std::string&>() != "JWT"))
    return jwt_error::malformed;
  // RFC 7515 §4.1.11: we understand no extensions, so any crit is fatal.
  if (header.contains("crit"))
    return jwt_error::malformed;
  return std::nullopt;
}

bool get_string(const json& obj, const char* key, std::string& out) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string())
    return false;
  out = it->get<std::string>();
  return true;
}

/// Reads an integer that fits in int64 (no floats, bools or strings).
bool get_int(const json& obj, const char* key, std::int64_t& out) {
  const auto it = obj.find(key);
  if (it == obj.end())
    return false;
  if (it->is_number_unsigned()) {
    const auto u = it->get<std::uint64_t>();
    if (u
        > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return false;
    out = static_cast<std::int64_t>(u);
    return true;
  }
  if (!it->is_number_integer())
    return false;
  out = it->get<std::int64_t>();
  return true;
}

bool is_role(const std::string& role) {
  return role == "admin" || role == "agent";
}

/// Type-checks the payload; `nbf` receives the optional not-before time.
std::optional<jwt_claims> parse_claims(const json& payload,
                                       std::optional<std::int64_t>& nbf) {
  jwt_claims c;
  if (!payload.is_object() || !get_string(payload, "sub", c.sub)
      || c.sub.empty() || !get_string(payload, "role", c.role)
      || !is_role(c.role) || !get_int(payload, "exp", c.exp)
      || !get_int(payload, "iat", c.iat) || !get_string(payload, "jti", c.jti)
      || c.jti.empty())
    return std::nullopt;
  if (payload.contains("name") && !get_string(payload, "name", c.name))
    return std::nullopt;
  if (payload.contains("nbf")) {
    std::int64_t value = 0;
    if (!get_int(payload, "nbf", value))
      return std::nullopt;
    nbf = value;
  }
  return c;
}

} // namespace

const char* to_string(jwt_error e) {
  switch (e) {
    case jwt_error::malformed:
      return "malformed";
    case jwt_error::bad_algorithm:
      return "bad_algorithm";
    case jwt_error::unknown_key:
      return "unknown_key";
    case jwt_error::bad_signature:
      return "bad_signature";
    case jwt_error::expired:
      return "expired";
    case jwt_error::not_yet_valid:
      return "not_yet_valid";
    case jwt_error::bad_claims:
      return "bad_claims";
  }
  return "unknown";
}

std::string jwt_key_id(std::string_view secret) {
  static constexpr char hex[] = "0123456789abcdef";
  const auto mac = hmac_sha256(secret, "agenthub-jwt-kid");
  std::string out;
  out.reserve(kid_bytes * 2);
  for (std::size_t i = 0; i < kid_bytes; ++i) {
    const auto byte = static_cast<unsigned char>(mac[i]);
    out += hex[byte >> 4];
    out += hex[byte & 0x0f];
  }
  return out;
}

jwt_keyring::jwt_keyring(std::string current, std::string previous)
  : current_(std::move(current)), previous_(std::move(previous)) {
  if (current_.size() < defaults::jwt_secret_min_bytes
      || (!previous_.empty()
          && previous_.size() < defaults::jwt_secret_min_bytes))
    throw std::invalid_argument("jwt_keyring: secret shorter than "
                                + std::to_string(defaults::jwt_secret_min_bytes)
                                + " bytes");
  current_kid_ = jwt_key_id(current_);
  if (!previous_.empty())
    previous_kid_ = jwt_key_id(previous_);
  // The kid is 16 hex characters, so it needs no JSON escaping.
  header_b64_ = base64url_encode(R"({"alg":"HS256","typ":"JWT","kid":")"
                                 + current_kid_ + R"("})");
}

const std::string& jwt_keyring::current_kid() const {
  return current_kid_;
}

const std::string* jwt_keyring::key_for(std::string_view kid) const {
  if (kid == current_kid_)
    return &current_;
  if (!previous_.empty() && kid == previous_kid_)
    return &previous_;
  return nullptr;
}

std::string jwt_keyring::sign(const jwt_claims& c) const {
  if (c.sub.empty() || c.jti.empty() || !is_role(c.role))
    throw std::invalid_argument("jwt_keyring::sign: invalid claims");
  const json payload = {{"sub", c.sub}, {"name", c.name}, {"role", c.role},
                        {"iat", c.iat}, {"exp", c.exp},   {"jti", c.jti}};
  std::string payload_text;
  try {
    payload_text = payload.dump(); // throws on invalid UTF-8 in a claim
  } catch (const json::type_error& e) {
    throw std::invalid_argument(std::string{"jwt_keyring::sign: "} + e.what());
  }
  auto input = header_b64_ + '.' + base64url_encode(payload_text);
  const auto signature = base64url_encode(hmac_sha256(current_, input));
  return input + '.' + signature;
}

std::variant<jwt_claims, jwt_error>
jwt_keyring::verify(std::string_view token, std::int64_t now,
                    std::chrono::seconds leeway) const {
  if (token.size() > max_token_bytes)
    return jwt_error::malformed;
  const auto parts = split3(token);
  if (!parts)
    return jwt_error::malformed;
  const auto header_text = base64url_decode((*parts)[0]);
  const auto payload_text = base64url_decode((*parts)[1]);
  const auto signature = base64url_decode((*parts)[2]);
  if (!header_text || !payload_text || !signature)
    return jwt_error::malformed;
  // Non-throwing parse: invalid JSON yields a `discarded` value.
  const auto header = json::parse(*header_text, nullptr, false);
  if (header.is_discarded())
    return jwt_error::malformed;
  if (auto err = check_header(header))
    return *err;
  // The header only names one of OUR keys; it never supplies one.
  const auto kid = header.find("kid");
  const std::string* key = nullptr;
  if (kid != header.end() && kid->is_string())
    key = key_for(kid->get_ref<const std::string&>());
  if (key == nullptr)
    return jwt_error::unknown_key;
  const auto signed_part
    = token.substr(0, (*parts)[0].size() + 1 + (*parts)[1].size());
  const auto expected = hmac_sha256(*key, signed_part);
  if (signature->size() != hs256_bytes
      || CRYPTO_memcmp(signature->data(), expected.data(), hs256_bytes) != 0)
    return jwt_error::bad_signature;
  // Authentic from here on: now parse and check the claims.
  const auto payload = json::parse(*payload_text, nullptr, false);
  if (payload.is_discarded())
    return jwt_error::malformed;
  std::optional<std::int64_t> nbf;
  auto claims = parse_claims(payload, nbf);
  if (!claims)
    return jwt_error::bad_claims;
  const std::int64_t skew = std::max<std::int64_t>(0, leeway.count());
  // now > exp + skew, written so that a huge exp cannot overflow.
  if (now - skew > claims->exp)
    return jwt_error::expired;
  if (claims->iat > now + skew || (nbf && now + skew < *nbf))
    return jwt_error::not_yet_valid;
  return std::move(*claims);
}

jwt_claims make_session_claims(std::string sub, std::string name,
                               std::string role, std::int64_t now,
                               std::chrono::seconds ttl) {
  jwt_claims c;
  c.sub = std::move(sub);
  c.name = std::move(name);
  c.role = std::move(role);
  c.iat = now;
  c.exp = now + ttl.count();
  c.jti = base64url_encode(random_bytes(jti_bytes));
  return c;
}

} // namespace agenthub::auth
