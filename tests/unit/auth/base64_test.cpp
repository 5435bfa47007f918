// Unit tests of base64url (RFC 4648 §5) and the CSPRNG helpers.
#include "net/auth/base64.hpp"

#include "net/auth/random.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace bdata = boost::unit_test::data;
using namespace agenthub::auth;

namespace {

// RFC 4648 §10 test vectors, unpadded.
const std::vector<std::string> rfc_plain
  = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
const std::vector<std::string> rfc_encoded
  = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};

// Each must be rejected by the strict decoder.
const std::vector<std::string> invalid_texts = {
  "Zg==",         // padding
  "Zg=",          // partial padding
  "Zm9v=",        // padding after a full group
  "Zm9v+A",       // '+' belongs to standard base64
  "Zm9v/A",       // '/' belongs to standard base64
  "Zm 9v",        // space
  "Zm9v\n",       // newline
  "\tZm9v",       // tab
  "Z",            // length % 4 == 1
  "Zm9vY",        // length % 4 == 1
  "Zh",           // non-canonical: 'h' has non-zero low 4 bits
  "Zm9",          // non-canonical: '9' has non-zero low 2 bits
  "-_9",          // non-canonical in url alphabet
  "Zm.v",         // '.' (JWT separator)
  "Zm9v*A",       // punctuation
  "\xc3\xa9Zm9v", // non-ASCII
};

// Decoded bytes, or a marker no test input decodes to (printable on failure).
std::string decode_or_marker(const std::string& text) {
  return base64url_decode(text).value_or("<rejected>");
}

std::string with_nul() {
  return std::string("Zm\0v", 4);
}

} // namespace

BOOST_AUTO_TEST_SUITE(base64)

BOOST_DATA_TEST_CASE(rfc4648_vectors_encode,
                     bdata::make(rfc_plain) ^ bdata::make(rfc_encoded), plain,
                     encoded) {
  BOOST_TEST(base64url_encode(plain) == encoded);
}

BOOST_DATA_TEST_CASE(rfc4648_vectors_decode,
                     bdata::make(rfc_plain) ^ bdata::make(rfc_encoded), plain,
                     encoded) {
  const auto decoded = base64url_decode(encoded);
  BOOST_TEST_REQUIRE(decoded.has_value());
  BOOST_TEST(*decoded == plain);
}

BOOST_AUTO_TEST_CASE(url_alphabet_uses_dash_and_underscore) {
  BOOST_TEST(base64url_encode("\xfb\xff") == "-_8");
  BOOST_TEST(base64url_encode("\xfb\xff\xbf") == "-_-_");
  BOOST_TEST(decode_or_marker("-_-_") == "\xfb\xff\xbf");
}

BOOST_AUTO_TEST_CASE(every_byte_value_round_trips) {
  std::string all;
  for (int i = 0; i < 256; ++i)
    all += static_cast<char>(i);
  for (std::size_t len = 0; len <= all.size(); len += 37) {
    const auto bytes = all.substr(0, len);
    BOOST_TEST(decode_or_marker(base64url_encode(bytes)) == bytes);
  }
  BOOST_TEST(decode_or_marker(base64url_encode(all)) == all);
}

BOOST_DATA_TEST_CASE(padded_invalid_and_non_canonical_input_is_rejected,
                     bdata::make(invalid_texts), text) {
  BOOST_TEST(!base64url_decode(text).has_value());
}

BOOST_AUTO_TEST_CASE(embedded_nul_is_rejected) {
  BOOST_TEST(!base64url_decode(with_nul()).has_value());
}

BOOST_AUTO_TEST_CASE(every_accepted_text_is_the_canonical_encoding) {
  // For all 2- and 3-character texts over a sample of the alphabet, a text
  // decodes only if re-encoding gives it back (no malleability).
  const std::string sample = "AaBbQgh9-_wz";
  for (const char a : sample)
    for (const char b : sample)
      for (const char c : sample) {
        for (const auto& text : {std::string{a, b}, std::string{a, b, c}}) {
          const auto decoded = base64url_decode(text);
          if (decoded)
            BOOST_TEST(base64url_encode(*decoded) == text);
        }
      }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(csprng)

BOOST_DATA_TEST_CASE(random_bytes_has_requested_length,
                     bdata::make({0u, 1u, 16u, 32u, 1000u}), n) {
  BOOST_TEST(random_bytes(n).size() == n);
}

BOOST_AUTO_TEST_CASE(random_bytes_differ_between_calls) {
  BOOST_TEST(random_bytes(32) != random_bytes(32));
}

BOOST_DATA_TEST_CASE(random_base32_has_requested_length_and_alphabet,
                     bdata::make({0u, 1u, 8u, 100u}), n) {
  const auto text = random_base32(n);
  BOOST_TEST(text.size() == n);
  for (const char c : text)
    BOOST_TEST(((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')));
}

BOOST_AUTO_TEST_CASE(random_base32_reaches_all_32_symbols) {
  // 32000 draws: missing any symbol has probability ~32 * e^-1000.
  const auto text = random_base32(32000);
  const std::set<char> seen(text.begin(), text.end());
  BOOST_TEST(seen.size() == 32u);
}

BOOST_AUTO_TEST_SUITE_END()
