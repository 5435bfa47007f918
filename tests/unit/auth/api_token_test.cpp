// Unit tests of API tokens (format, parsing) and their Argon2id hashing.
#include "net/auth/api_token.hpp"

#include "config/defaults.hpp"
#include "net/auth/argon2.hpp"
#include "net/auth/base64.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <argon2.h>

#include <set>
#include <string>
#include <vector>

namespace bdata = boost::unit_test::data;
using namespace agenthub::auth;

namespace {

// 43 base64url characters (32 bytes) containing '-' and '_'.
const std::string good_secret = "q-_" + std::string(40, 'A');
const std::string good_token = "agt_abcd2345_" + good_secret;

const std::vector<std::string> bad_tokens = {
  "",
  "agt_abcd2345_",
  "agt_abcd234_" + good_secret,                      // 7-char prefix
  "agt_abcd23456_" + good_secret,                    // 9-char prefix
  "agt_ABCD2345_" + good_secret,                     // uppercase
  "agt_abcd2341_" + good_secret,                     // '1' is not base32
  "agt_abcd2389_" + good_secret,                     // '8', '9' are not base32
  "agt_abcd-345_" + good_secret,                     // '-' in the prefix
  "agt-abcd2345_" + good_secret,                     // wrong tag separator
  "AGT_abcd2345_" + good_secret,                     // wrong tag case
  "abcd2345_" + good_secret,                         // missing "agt_"
  "agt_abcd2345" + good_secret,                      // missing separator
  "agt_abcd2345-" + good_secret,                     // wrong separator
  good_token + "A",                                  // extra character
  good_token + " ",                                  // trailing space
  " " + good_token,                                  // leading space
  good_token.substr(0, good_token.size() - 1),       // 42-char secret
  "agt_abcd2345_" + good_secret.substr(0, 42) + "=", // padding
  "agt_abcd2345_" + good_secret + "==",              // padding
  "agt_abcd2345_" + std::string(42, 'A') + "B",      // non-canonical
  "agt_abcd2345_" + std::string(42, 'A') + "+",      // standard alphabet
  "agt_abcd2345_" + std::string(115, 'A'),           // 128 chars
  std::string(200, 'a'),                             // over the cap
  std::string("agt_abcd2345_\0", 14) + good_secret.substr(1), // NUL
};

} // namespace

BOOST_AUTO_TEST_SUITE(api_token)

BOOST_AUTO_TEST_CASE(generated_tokens_parse_with_expected_lengths) {
  for (int i = 0; i < 20; ++i) {
    const auto generated = generate_api_token();
    const auto parts = parse_api_token(generated.token);
    BOOST_TEST_REQUIRE(parts.has_value(), "token: " << generated.token);
    BOOST_TEST(generated.token.size() == 56u);
    BOOST_TEST(generated.token.substr(0, 4) == "agt_");
    BOOST_TEST(parts->prefix == generated.prefix);
    BOOST_TEST(parts->prefix.size()
               == agenthub::defaults::api_token_prefix_chars);
    BOOST_TEST(parts->secret.size() == 43u);
    BOOST_TEST(base64url_decode(parts->secret).value_or("").size()
               == agenthub::defaults::api_token_secret_bytes);
  }
}

BOOST_AUTO_TEST_CASE(thousand_generated_prefixes_are_distinct) {
  // 40-bit prefixes: a collision among 1000 has probability ~5e-7.
  std::set<std::string> prefixes;
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    auto generated = generate_api_token();
    prefixes.insert(generated.prefix);
    tokens.insert(generated.token);
  }
  BOOST_TEST(prefixes.size() == 1000u);
  BOOST_TEST(tokens.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(secret_with_underscores_is_split_by_position) {
  const auto parts = parse_api_token(good_token);
  BOOST_TEST_REQUIRE(parts.has_value());
  BOOST_TEST(parts->prefix == "abcd2345");
  BOOST_TEST(parts->secret == good_secret);
}

BOOST_DATA_TEST_CASE(malformed_tokens_are_rejected, bdata::make(bad_tokens),
                     token) {
  BOOST_TEST(!parse_api_token(token).has_value());
}

BOOST_AUTO_TEST_CASE(prefix_is_normalised_with_or_without_tag) {
  BOOST_TEST(normalize_token_prefix("abcd2345").value_or("") == "abcd2345");
  BOOST_TEST(normalize_token_prefix("agt_abcd2345").value_or("") == "abcd2345");
}

BOOST_DATA_TEST_CASE(invalid_prefixes_are_not_normalised,
                     bdata::make(std::vector<std::string>{
                       "", "agt_", "abcd234", "abcd23456", "ABCD2345",
                       "abcd2341", " abcd2345", "agt_abcd2345_",
                       "agt_agt_abcd2345", "AGT_abcd2345", good_token}),
                     text) {
  BOOST_TEST(!normalize_token_prefix(text).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(argon2)

BOOST_AUTO_TEST_CASE(hash_then_verify_succeeds) {
  const auto token = generate_api_token().token;
  BOOST_TEST(argon2id_verify(argon2id_hash(token), token));
}

BOOST_AUTO_TEST_CASE(wrong_secret_fails) {
  const auto token = generate_api_token().token;
  const auto phc = argon2id_hash(token);
  auto other = token;
  other.back() = other.back() == 'A' ? 'B' : 'A';
  BOOST_TEST(!argon2id_verify(phc, other));
  BOOST_TEST(!argon2id_verify(phc, ""));
  BOOST_TEST(!argon2id_verify(phc, token + "x"));
}

BOOST_AUTO_TEST_CASE(phc_string_records_argon2id_and_default_cost) {
  const auto phc = argon2id_hash("secret");
  BOOST_TEST(phc.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0u,
             "phc: " << phc);
  BOOST_TEST(argon2id_meets_minimum(phc));
}

BOOST_AUTO_TEST_CASE(salt_is_random_per_hash) {
  const auto a = argon2id_hash("secret");
  const auto b = argon2id_hash("secret");
  BOOST_TEST(a != b);
  BOOST_TEST(argon2id_verify(a, "secret"));
  BOOST_TEST(argon2id_verify(b, "secret"));
}

BOOST_AUTO_TEST_CASE(malformed_phc_is_rejected_without_throwing) {
  const auto phc = argon2id_hash("secret");
  const auto tail = phc.substr(phc.find("$", 30)); // "$<salt>$<hash>"
  const std::vector<std::string> bad = {
    "",
    "garbage",
    "$argon2id$",
    "$argon2i" + phc.substr(9),                  // argon2i, not argon2id
    phc.substr(0, phc.size() - 5),               // truncated hash
    phc + "$extra",                              // extra field
    phc + "==",                                  // padding
    phc.substr(0, phc.rfind('$')),               // no hash
    "$argon2id$v=16$m=19456,t=2,p=1" + tail,     // old version
    "$argon2id$m=19456,t=2,p=1" + tail,          // no version
    "$argon2id$v=19$m=0,t=2,p=1" + tail,         // zero memory
    "$argon2id$v=19$m=019456,t=2,p=1" + tail,    // leading zero
    "$argon2id$v=19$m=4194304,t=2,p=1" + tail,   // 4 GiB: over the cap
    "$argon2id$v=19$m=19456,t=99999,p=1" + tail, // over the cap
    "$argon2id$v=19$m=19456,t=2,p=1,x=1" + tail, // unknown parameter
    phc + std::string(1, '\0') + "AAAA",         // libargon2 would stop at NUL
    std::string(10000, '$'),
  };
  for (const auto& text : bad) {
    bool ok = true;
    BOOST_CHECK_NO_THROW(ok = argon2id_verify(text, "secret"));
    BOOST_TEST(!ok, "phc: " << text);
  }
}

BOOST_AUTO_TEST_CASE(dummy_hash_is_stable_and_verifies_nothing_ordinary) {
  const auto& dummy = argon2id_dummy_hash();
  BOOST_TEST(&dummy == &argon2id_dummy_hash());
  BOOST_TEST(dummy == argon2id_dummy_hash());
  BOOST_TEST(argon2id_meets_minimum(dummy)); // same cost as real hashes
  for (const std::string& secret : {std::string{}, std::string{"password"},
                                    good_token, generate_api_token().token})
    BOOST_TEST(!argon2id_verify(dummy, secret));
}

BOOST_AUTO_TEST_CASE(meets_minimum_rejects_lower_cost) {
  const std::string secret = "secret";
  const std::string salt(16, 's');
  std::string weak(128, '\0');
  BOOST_TEST_REQUIRE(
    argon2id_hash_encoded(1, 1024, 1, secret.data(), secret.size(), salt.data(),
                          salt.size(), 32, weak.data(), weak.size())
    == ARGON2_OK);
  weak.resize(weak.find('\0'));
  BOOST_TEST(argon2id_verify(weak, secret)); // still valid, only flagged
  BOOST_TEST(!argon2id_meets_minimum(weak));
  BOOST_TEST(!argon2id_meets_minimum("garbage"));
  BOOST_TEST(
    !argon2id_meets_minimum("$argon2i" + argon2id_hash(secret).substr(9)));
}

BOOST_AUTO_TEST_SUITE_END()
