// Unit tests of HS256 session JWTs: allowlist, key selection, claims, time.
#include "net/auth/jwt.hpp"

#include "config/defaults.hpp"
#include "net/auth/base64.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bdata = boost::unit_test::data;
using namespace agenthub::auth;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::string current_secret = "current-secret-0123456789-abcdefghij";
const std::string old_secret = "previous-secret-0123456789-abcdefghi";
const std::string unrelated_secret = "unrelated-secret-0123456789-abcdefgh";
constexpr std::int64_t now = 1'700'000'000;
constexpr auto leeway = 60s;

// HMAC-SHA256 computed here with OpenSSL, independently of the library.
std::string hmac(const std::string& key, const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), md,
       &len);
  return std::string(reinterpret_cast<const char*>(md), len);
}

// A token with arbitrary header and payload text, correctly signed with
// `key`, so that the check under test is the one that fails.
std::string forge_text(const std::string& key, const std::string& header,
                       const std::string& payload) {
  const auto input = base64url_encode(header) + "." + base64url_encode(payload);
  return input + "." + base64url_encode(hmac(key, input));
}

std::string forge(const json& header, const json& payload,
                  const std::string& key = current_secret) {
  return forge_text(key, header.dump(), payload.dump());
}

json good_header(const std::string& secret = current_secret) {
  return {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", jwt_key_id(secret)}};
}

json good_payload() {
  return {{"sub", "3f2b8c9e-1d2a-4b7c-9e10-2a3b4c5d6e7f"},
          {"name", "scout"},
          {"role", "agent"},
          {"iat", now},
          {"exp", now + 900},
          {"jti", "AAAAAAAAAAAAAAAAAAAAAA"}};
}

// The claims of good_payload() as a struct.
jwt_claims sample_claims() {
  const auto p = good_payload();
  return jwt_claims{p["sub"], p["name"], p["role"],
                    p["iat"], p["exp"],  p["jti"]};
}

// "ok" or the error's name, so that failures print readably.
std::string outcome(const std::variant<jwt_claims, jwt_error>& result) {
  if (const auto* e = std::get_if<jwt_error>(&result))
    return to_string(*e);
  return "ok";
}

std::string verify_at(const std::string& token, std::int64_t at = now,
                      const jwt_keyring& ring = jwt_keyring{current_secret}) {
  return outcome(ring.verify(token, at, leeway));
}

// `j` with `member` set to `value`.
json with(json j, const std::string& member, const json& value) {
  j[member] = value;
  return j;
}

// `j` without `member`.
json without(json j, const std::string& member) {
  j.erase(member);
  return j;
}

// Outcome of a correctly signed token with `header` and the good payload.
std::string check_header(const json& header) {
  return verify_at(forge(header, good_payload()));
}

// Outcome of a correctly signed token with the good header and `payload`.
std::string check_payload(const json& payload) {
  return verify_at(forge(good_header(), payload));
}

// clang-format off
// Values of "alg" that must be refused; "" stands for a missing member.
const std::vector<std::string> bad_algs = {
  R"("none")", R"("None")", R"("NONE")", R"("HS512")", R"("RS256")",
  R"("ES256")", R"("hs256")", R"("HS256 ")", R"("")", "null", "256", "true",
  R"(["HS256"])", R"({"alg":"HS256"})", ""};

// JSON merge patches (null removes) that make the payload invalid.
const std::vector<std::string> bad_claim_patches = {
  R"({"sub":null})", R"({"sub":""})", R"({"sub":42})", R"({"role":null})",
  R"({"role":"root"})", R"({"role":"Admin"})", R"({"role":1})",
  R"({"exp":null})", R"({"exp":"1700000900"})", R"({"exp":1700000900.5})",
  R"({"exp":true})", R"({"exp":18446744073709551615})", R"({"iat":null})",
  R"({"iat":"1700000000"})", R"({"iat":1.7e9})", R"({"jti":null})",
  R"({"jti":""})", R"({"jti":7})", R"({"name":42})",
  R"({"name":{"first":"x"}})", R"({"nbf":"soon"})", R"({"nbf":1.5})"};
// clang-format on

} // namespace

BOOST_AUTO_TEST_SUITE(jwt)

BOOST_AUTO_TEST_CASE(sign_then_verify_round_trips_all_claims) {
  const jwt_keyring ring{current_secret};
  const auto c = sample_claims();
  const auto result = ring.verify(ring.sign(c), now, leeway);
  BOOST_TEST_REQUIRE(outcome(result) == "ok");
  const auto& got = std::get<jwt_claims>(result);
  BOOST_TEST(got.sub == c.sub);
  BOOST_TEST(got.name == c.name);
  BOOST_TEST(got.role == c.role);
  BOOST_TEST(got.iat == c.iat);
  BOOST_TEST(got.exp == c.exp);
  BOOST_TEST(got.jti == c.jti);
}

BOOST_AUTO_TEST_CASE(signing_is_deterministic_and_matches_independent_hmac) {
  const jwt_keyring ring{current_secret};
  const auto token = ring.sign(sample_claims());
  BOOST_TEST(token == ring.sign(sample_claims()));
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  const auto input = token.substr(0, last);
  BOOST_TEST(token.substr(last + 1)
             == base64url_encode(hmac(current_secret, input)));
  const auto header = base64url_decode(token.substr(0, first));
  BOOST_TEST(header.value_or("")
             == R"({"alg":"HS256","typ":"JWT","kid":")"
                  + jwt_key_id(current_secret) + R"("})");
  const auto payload
    = base64url_decode(token.substr(first + 1, last - first - 1));
  BOOST_TEST(json::parse(payload.value_or("null")) == good_payload());
}

BOOST_AUTO_TEST_CASE(kid_is_stable_and_derived_from_hmac) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string expected;
  for (const auto byte : hmac(current_secret, "agenthub-jwt-kid").substr(0, 8))
    expected += {hex[static_cast<unsigned char>(byte) >> 4],
                 hex[static_cast<unsigned char>(byte) & 15]};
  BOOST_TEST(jwt_key_id(current_secret) == expected);
  BOOST_TEST(jwt_key_id(current_secret) == jwt_key_id(current_secret));
  BOOST_TEST(jwt_key_id(current_secret) != jwt_key_id(old_secret));
  BOOST_TEST(jwt_keyring{current_secret}.current_kid() == expected);
  BOOST_TEST(jwt_keyring(current_secret, old_secret).current_kid() == expected);
}

BOOST_DATA_TEST_CASE(algorithms_other_than_hs256_are_rejected,
                     bdata::make(bad_algs), alg) {
  const auto header = alg.empty()
                        ? without(good_header(), "alg")
                        : with(good_header(), "alg", json::parse(alg));
  BOOST_TEST(check_header(header) == "bad_algorithm");
}

BOOST_AUTO_TEST_CASE(alg_none_with_empty_signature_is_rejected) {
  const auto header = with(good_header(), "alg", "none");
  const auto payload = base64url_encode(good_payload().dump());
  BOOST_TEST(verify_at(base64url_encode(header.dump()) + "." + payload + ".")
             == "bad_algorithm");
  // The textbook attack header, without kid or typ.
  BOOST_TEST(
    verify_at(base64url_encode(R"({"alg":"none"})") + "." + payload + ".")
    == "bad_algorithm");
}

BOOST_AUTO_TEST_CASE(alg_none_with_valid_looking_signature_is_rejected) {
  BOOST_TEST(check_header(with(good_header(), "alg", "none"))
             == "bad_algorithm");
}

BOOST_AUTO_TEST_CASE(unrelated_secret_with_forged_kid_fails_signature) {
  // The attacker copies our kid but can only sign with a secret they know.
  BOOST_TEST(verify_at(forge(good_header(), good_payload(), unrelated_secret))
             == "bad_signature");
}

BOOST_AUTO_TEST_CASE(kid_of_a_foreign_key_is_rejected) {
  BOOST_TEST(verify_at(forge(good_header(unrelated_secret), good_payload(),
                             unrelated_secret))
             == "unknown_key");
}

BOOST_AUTO_TEST_CASE(header_without_kid_or_with_non_string_kid_is_rejected) {
  BOOST_TEST(check_header(without(good_header(), "kid")) == "unknown_key");
  BOOST_TEST(check_header(with(good_header(), "kid", 42)) == "unknown_key");
  const auto kid_array = json::array({jwt_key_id(current_secret)});
  BOOST_TEST(check_header(with(good_header(), "kid", kid_array))
             == "unknown_key");
}

BOOST_AUTO_TEST_CASE(empty_kid_never_selects_an_empty_key) {
  // With no previous secret, an empty kid must not match "no key" and let
  // an attacker sign with the empty string.
  const auto header = with(good_header(), "kid", "");
  BOOST_TEST(verify_at(forge(header, good_payload(), "")) == "unknown_key");
}

BOOST_DATA_TEST_CASE(typ_other_than_jwt_is_rejected,
                     bdata::make(std::vector<std::string>{
                       R"("JWS")", R"("jwt")", R"("at+jwt")", "1", "null"}),
                     typ) {
  BOOST_TEST(check_header(with(good_header(), "typ", json::parse(typ)))
             == "malformed");
}

BOOST_AUTO_TEST_CASE(header_without_typ_is_accepted) {
  BOOST_TEST(check_header(without(good_header(), "typ")) == "ok");
}

BOOST_AUTO_TEST_CASE(crit_header_is_rejected) {
  const auto crit = json::array({"exp"});
  BOOST_TEST(check_header(with(good_header(), "crit", crit)) == "malformed");
}

BOOST_DATA_TEST_CASE(header_that_is_not_a_json_object_is_malformed,
                     bdata::make(std::vector<std::string>{
                       "[]", R"("HS256")", "{", "not json", R"({"a":1} x)"}),
                     header) {
  BOOST_TEST(
    verify_at(forge_text(current_secret, header, good_payload().dump()))
    == "malformed");
}

BOOST_AUTO_TEST_CASE(malformed_structure_is_rejected) {
  const auto token = jwt_keyring{current_secret}.sign(sample_claims());
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  // clang-format off
  const std::vector<std::string> bad = {
    "", ".", "..", "...", "abc", "a.b", "a.b.c.d", "eyJ.eyJ.",
    token.substr(0, last),                                   // two parts
    token + "." + token.substr(last + 1),                    // four parts
    token.substr(0, first) + "=" + token.substr(first),      // padded header
    token + "=",                                             // padded sig
    " " + token, token + "\n",                               // whitespace
    token.substr(0, last + 5) + "+" + token.substr(last + 6)}; // std alphabet
  // clang-format on
  for (const auto& t : bad)
    BOOST_TEST(verify_at(t) == "malformed", "token: " << t);
}

BOOST_AUTO_TEST_CASE(token_longer_than_4096_bytes_is_malformed) {
  BOOST_TEST(check_payload(with(good_payload(), "name", std::string(2000, 'n')))
             == "ok");
  const auto token = forge(
    good_header(), with(good_payload(), "name", std::string(3100, 'n')));
  BOOST_TEST_REQUIRE(token.size() > 4096u);
  BOOST_TEST(verify_at(token) == "malformed");
}

BOOST_AUTO_TEST_CASE(tampered_payload_fails_signature) {
  const auto token = jwt_keyring{current_secret}.sign(sample_claims());
  const auto payload = with(good_payload(), "role", "admin"); // escalation
  const auto forged = token.substr(0, token.find('.') + 1)
                      + base64url_encode(payload.dump())
                      + token.substr(token.rfind('.'));
  BOOST_TEST(verify_at(forged) == "bad_signature");
}

BOOST_AUTO_TEST_CASE(tampered_header_fails_signature) {
  // Same meaning, different bytes (nlohmann sorts the members).
  const auto token = jwt_keyring{current_secret}.sign(sample_claims());
  const auto forged
    = base64url_encode(good_header().dump()) + token.substr(token.find('.'));
  BOOST_TEST(verify_at(forged) == "bad_signature");
}

BOOST_AUTO_TEST_CASE(tampered_signature_fails) {
  auto token = jwt_keyring{current_secret}.sign(sample_claims());
  auto& c = token[token.rfind('.') + 10];
  c = c == 'A' ? 'B' : 'A';
  BOOST_TEST(verify_at(token) == "bad_signature");
}

BOOST_AUTO_TEST_CASE(every_single_char_flip_is_rejected) {
  const auto token = jwt_keyring{current_secret}.sign(sample_claims());
  BOOST_TEST_REQUIRE(verify_at(token) == "ok");
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '.')
      continue;
    for (const char replacement : {'A', 'B', '_'}) {
      if (token[i] == replacement)
        continue;
      auto flipped = token;
      flipped[i] = replacement;
      BOOST_TEST(verify_at(flipped) != "ok", "position " << i);
    }
  }
}

BOOST_DATA_TEST_CASE(signature_of_wrong_length_is_rejected,
                     bdata::make({0u, 1u, 31u, 33u, 64u}), n) {
  const auto token = jwt_keyring{current_secret}.sign(sample_claims());
  const auto last = token.rfind('.');
  const auto mac = base64url_decode(token.substr(last + 1)).value();
  const auto sig = (mac + mac).substr(0, n); // a prefix or extension of it
  BOOST_TEST(verify_at(token.substr(0, last + 1) + base64url_encode(sig))
             == "bad_signature");
}

BOOST_AUTO_TEST_CASE(expired_beyond_leeway_is_rejected) {
  BOOST_TEST(check_payload(with(good_payload(), "exp", now - 61)) == "expired");
}

BOOST_AUTO_TEST_CASE(expired_within_leeway_is_accepted) {
  BOOST_TEST(check_payload(with(good_payload(), "exp", now - 60)) == "ok");
}

BOOST_AUTO_TEST_CASE(exp_at_int64_max_does_not_overflow) {
  BOOST_TEST(check_payload(with(good_payload(), "exp",
                                std::numeric_limits<std::int64_t>::max()))
             == "ok");
}

BOOST_AUTO_TEST_CASE(iat_in_the_future_beyond_leeway_is_rejected) {
  BOOST_TEST(check_payload(with(good_payload(), "iat", now + 61))
             == "not_yet_valid");
  BOOST_TEST(check_payload(with(good_payload(), "iat", now + 60)) == "ok");
}

BOOST_AUTO_TEST_CASE(nbf_in_the_future_beyond_leeway_is_rejected) {
  BOOST_TEST(check_payload(with(good_payload(), "nbf", now + 61))
             == "not_yet_valid");
  BOOST_TEST(check_payload(with(good_payload(), "nbf", now + 60)) == "ok");
}

BOOST_AUTO_TEST_CASE(session_token_expires_after_ttl_plus_leeway) {
  const jwt_keyring ring{current_secret};
  const auto ttl = std::chrono::seconds{agenthub::defaults::jwt_ttl};
  const auto token
    = ring.sign(make_session_claims("id-1", "scout", "agent", now, ttl));
  BOOST_TEST(verify_at(token, now + ttl.count() + 60) == "ok");
  BOOST_TEST(verify_at(token, now + ttl.count() + 61) == "expired");
}

BOOST_DATA_TEST_CASE(missing_or_mistyped_claims_are_rejected,
                     bdata::make(bad_claim_patches), patch) {
  auto payload = good_payload();
  payload.merge_patch(json::parse(patch));
  BOOST_TEST(check_payload(payload) == "bad_claims");
}

BOOST_AUTO_TEST_CASE(payload_that_is_not_a_json_object_is_rejected) {
  const auto header = good_header().dump();
  BOOST_TEST(verify_at(forge_text(current_secret, header, "[1]"))
             == "bad_claims");
  BOOST_TEST(verify_at(forge_text(current_secret, header, R"("sub")"))
             == "bad_claims");
  BOOST_TEST(verify_at(forge_text(current_secret, header, "{not json"))
             == "malformed");
}

BOOST_AUTO_TEST_CASE(name_claim_is_optional) {
  const auto token = forge(good_header(), without(good_payload(), "name"));
  const auto result = jwt_keyring{current_secret}.verify(token, now, leeway);
  BOOST_TEST_REQUIRE(outcome(result) == "ok");
  BOOST_TEST(std::get<jwt_claims>(result).name.empty());
}

BOOST_AUTO_TEST_CASE(token_signed_with_old_secret_verifies_during_rotation) {
  const auto token = jwt_keyring{old_secret}.sign(sample_claims());
  BOOST_TEST(verify_at(token, now, jwt_keyring{current_secret, old_secret})
             == "ok");
}

BOOST_AUTO_TEST_CASE(token_signed_with_old_secret_fails_after_rotation) {
  const auto token = jwt_keyring{old_secret}.sign(sample_claims());
  BOOST_TEST(verify_at(token, now, jwt_keyring{current_secret})
             == "unknown_key");
}

BOOST_AUTO_TEST_CASE(rotating_keyring_signs_with_the_new_secret) {
  const jwt_keyring rotating{current_secret, old_secret};
  const auto token = rotating.sign(sample_claims());
  BOOST_TEST(verify_at(token, now, rotating) == "ok");
  BOOST_TEST(verify_at(token, now, jwt_keyring{current_secret}) == "ok");
  BOOST_TEST(verify_at(token, now, jwt_keyring{old_secret}) == "unknown_key");
}

BOOST_AUTO_TEST_CASE(old_kid_on_token_signed_with_new_secret_fails) {
  const jwt_keyring rotating{current_secret, old_secret};
  const auto token = forge(good_header(old_secret), good_payload());
  BOOST_TEST(verify_at(token, now, rotating) == "bad_signature");
}

BOOST_AUTO_TEST_CASE(short_secrets_are_refused) {
  BOOST_CHECK_THROW(jwt_keyring{"too-short"}, std::invalid_argument);
  BOOST_CHECK_THROW((jwt_keyring{current_secret, "too-short"}),
                    std::invalid_argument);
  BOOST_CHECK_NO_THROW(jwt_keyring{std::string(32, 'k')});
}

BOOST_AUTO_TEST_CASE(sign_refuses_claims_that_would_not_verify) {
  const jwt_keyring ring{current_secret};
  auto c = sample_claims();
  c.role = "root";
  BOOST_CHECK_THROW(ring.sign(c), std::invalid_argument);
  c = sample_claims();
  c.sub.clear();
  BOOST_CHECK_THROW(ring.sign(c), std::invalid_argument);
  c = sample_claims();
  c.name = "\xff\xfe"; // invalid UTF-8
  BOOST_CHECK_THROW(ring.sign(c), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(session_claims_have_ttl_and_random_jti) {
  const auto a = make_session_claims("id-1", "scout", "admin", now, 900s);
  const auto b = make_session_claims("id-1", "scout", "admin", now, 900s);
  BOOST_TEST(a.iat == now);
  BOOST_TEST(a.exp == now + 900);
  BOOST_TEST(a.jti.size() == 22u);
  BOOST_TEST(base64url_decode(a.jti).value_or("").size() == 16u);
  BOOST_TEST(a.jti != b.jti);
}

BOOST_AUTO_TEST_CASE(error_names_are_stable) {
  const std::pair<jwt_error, std::string> names[]
    = {{jwt_error::malformed, "malformed"},
       {jwt_error::bad_algorithm, "bad_algorithm"},
       {jwt_error::unknown_key, "unknown_key"},
       {jwt_error::bad_signature, "bad_signature"},
       {jwt_error::expired, "expired"},
       {jwt_error::not_yet_valid, "not_yet_valid"},
       {jwt_error::bad_claims, "bad_claims"}};
  for (const auto& [error, name] : names)
    BOOST_TEST(to_string(error) == name);
}

BOOST_AUTO_TEST_SUITE_END()
