// The /ws JSON envelope at its edges, found by the ws_envelope fuzzer: the
// ref is echoed exactly, an event the session cannot name is an error, and
// nothing may follow the JSON object (not even after a NUL byte).
#include "net/ws_json_codec.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace agenthub;
using namespace std::string_literals;
using namespace agenthub::net;
namespace bdata = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(ws_json_decode_edges)

BOOST_DATA_TEST_CASE(integer_refs_beyond_int64_are_echoed_exactly,
                     bdata::make({"9223372036854775807", "9223372036854775808",
                                  "18446744073709551615"}),
                     ref) {
  // nlohmann stores integers above INT64_MAX as unsigned; the reply must
  // carry the client's ref, not a wrapped negative number.
  auto c = decode_ws_json(std::string(R"({"type":"nope","ref":)") + ref + "}");
  BOOST_TEST(c.error_code.empty());
  BOOST_TEST(c.ref == ref);
}

BOOST_AUTO_TEST_CASE(an_empty_type_is_a_decoding_error) {
  // client_command documents event "" as "invalid": a frame that decodes
  // without error must name an event.
  auto c = decode_ws_json(R"({"type":"","ref":"1","data":{}})");
  BOOST_TEST(!c.error_code.empty());
  BOOST_TEST(c.ref == "1");
}

BOOST_AUTO_TEST_CASE(bytes_after_a_nul_following_the_object_are_rejected) {
  // nlohmann's lexer takes '\0' for the end of input, so without a check
  // the tail is silently ignored; RFC 8259 (and JSON.parse) reject it.
  auto c = decode_ws_json("{\"type\":\"room:join\"}\0{\"type\":\"x\"}"s);
  BOOST_TEST(c.error_code == "invalid_json");
}

BOOST_AUTO_TEST_SUITE_END()
