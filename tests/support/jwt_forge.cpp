// JWT forging for tests: HMAC-SHA256 from OpenSSL, encoding from net/auth.
#include "tests/support/jwt_forge.hpp"

#include "net/auth/base64.hpp"
#include "net/auth/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <chrono>
#include <stdexcept>
#include <vector>

namespace agenthub::testing {

namespace {

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md,
       &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

std::string nth_part(const std::string& token, int index) {
  std::size_t begin = 0;
  for (int i = 0; i < index; ++i) {
    begin = token.find('.', begin);
    if (begin == std::string::npos)
      throw std::runtime_error("not a JWT: too few parts");
    ++begin;
  }
  auto end = token.find('.', begin);
  return token.substr(begin, end == std::string::npos ? std::string::npos
                                                      : end - begin);
}

} // namespace

std::string random_secret(std::size_t chars) {
  std::vector<unsigned char> bytes(chars);
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  auto text = auth::base64url_encode(std::string_view{
    reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  return text.substr(0, chars);
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

nlohmann::json hs256_header(std::string_view secret) {
  return {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", auth::jwt_key_id(secret)}};
}

nlohmann::json session_claims(const std::string& sub, const std::string& name,
                              const std::string& role, std::int64_t iat,
                              std::int64_t exp) {
  return {{"sub", sub}, {"name", name}, {"role", role},
          {"iat", iat}, {"exp", exp},   {"jti", random_secret(22)}};
}

std::string sign_hs256(const nlohmann::json& header,
                       const nlohmann::json& payload, std::string_view secret) {
  auto input = auth::base64url_encode(header.dump()) + "."
               + auth::base64url_encode(payload.dump());
  return input + "." + auth::base64url_encode(hmac_sha256(secret, input));
}

std::string unsigned_jwt(const nlohmann::json& header,
                         const nlohmann::json& payload) {
  return auth::base64url_encode(header.dump()) + "."
         + auth::base64url_encode(payload.dump()) + ".";
}

nlohmann::json jwt_part(const std::string& token, int index) {
  auto text = auth::base64url_decode(nth_part(token, index));
  if (!text)
    throw std::runtime_error("JWT part " + std::to_string(index)
                             + " is not base64url");
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded())
    throw std::runtime_error("JWT part " + std::to_string(index)
                             + " is not JSON");
  return j;
}

std::string replace_payload(const std::string& token,
                            const nlohmann::json& payload) {
  return nth_part(token, 0) + "." + auth::base64url_encode(payload.dump()) + "."
         + nth_part(token, 2);
}

} // namespace agenthub::testing
