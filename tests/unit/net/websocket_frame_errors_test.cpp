// RFC 6455 framing: every protocol violation closes with the right code
// (1002, 1007, 1009) and stops the parser.
#include "net/websocket_frame.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "ws_test_frames.hpp"

#include <string>
#include <vector>

using namespace agenthub::net;
using namespace agenthub::test;
namespace bdata = boost::unit_test::data;

namespace {

constexpr std::size_t limit = 64 * 1024;

struct violation {
  const char* name;
  std::string bytes;
  std::uint16_t code;
};

std::ostream& operator<<(std::ostream& os, const violation& v) {
  return os << v.name;
}

frame_spec spec(std::uint8_t opcode, std::string payload) {
  frame_spec s;
  s.opcode = opcode;
  s.payload = std::move(payload);
  return s;
}

std::string unmasked_text() {
  auto s = spec(0x1, "hi");
  s.masked = false;
  return client_frame(s);
}

std::string with_rsv(std::uint8_t rsv) {
  auto s = spec(0x1, "hi");
  s.rsv = rsv;
  return client_frame(s);
}

std::string long_ping() {
  auto s = spec(0x9, std::string(126, 'p'));
  return client_frame(s);
}

std::string length_with_top_bit() {
  auto s = spec(0x2, "");
  s.length_form = 127;
  s.declared_length = std::uint64_t{1} << 63;
  return client_frame(s);
}

std::vector<violation> violations() {
  std::vector<violation> v{
    {"unmasked_frame", unmasked_text(), 1002},
    {"rsv1", with_rsv(4), 1002},
    {"rsv2", with_rsv(2), 1002},
    {"rsv3", with_rsv(1), 1002},
    {"fragmented_ping", masked(0x9, "x", false), 1002},
    {"fragmented_close", masked(0x8, close_payload(1000, ""), false), 1002},
    {"ping_over_125_bytes", long_ping(), 1002},
    {"continuation_without_start", masked(0x0, "x"), 1002},
    {"text_inside_fragmented_text", masked(0x1, "a", false) + masked(0x1, "b"),
     1002},
    {"binary_inside_fragmented_text",
     masked(0x1, "a", false) + masked(0x2, "b"), 1002},
    {"one_byte_close_payload", masked(0x8, "\x03"), 1002},
    {"length_with_top_bit_set", length_with_top_bit(), 1002},
    {"overlong_text", masked(0x1, "\xC0\xAF"), 1007},
    {"surrogate_text", masked(0x1, "\xED\xA0\x80"), 1007},
    {"truncated_text", masked(0x1, "ok\xE2\x82"), 1007},
    {"invalid_utf8_across_fragments",
     masked(0x1, "ok", false) + masked(0x0, "\xFF"), 1007},
    {"close_reason_not_utf8", masked(0x8, close_payload(1000, "\xC3(")), 1007},
  };
  for (int op : {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    v.push_back(
      {"unknown_opcode", masked(static_cast<std::uint8_t>(op), "x"), 1002});
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000})
    v.push_back(
      {"invalid_close_code",
       masked(0x8, close_payload(static_cast<std::uint16_t>(code), "")), 1002});
  return v;
}

/// Expects exactly one error event, after any events before it.
void expect_error(const std::vector<ws_event>& out, std::uint16_t code) {
  BOOST_TEST_REQUIRE(!out.empty());
  BOOST_TEST(out.back().kind == ws_event::error);
  BOOST_TEST(out.back().code == code);
  BOOST_TEST(!out.back().payload.empty()); // a reason to close with
  for (std::size_t i = 0; i + 1 < out.size(); ++i)
    BOOST_TEST(out[i].kind != ws_event::error);
}

} // namespace

BOOST_AUTO_TEST_SUITE(websocket_frame_errors)

BOOST_DATA_TEST_CASE(protocol_violations_fail_with_their_close_code,
                     bdata::make(violations()), v) {
  ws_frame_parser p{limit};
  expect_error(parse_all(p, v.bytes), v.code);
  BOOST_TEST(p.failed());
}

BOOST_DATA_TEST_CASE(violations_are_detected_when_fed_byte_by_byte,
                     bdata::make(violations()), v) {
  ws_frame_parser p{limit};
  std::vector<ws_event> out;
  for (char c : v.bytes)
    p.feed(&c, 1, out);
  expect_error(out, v.code);
}

BOOST_AUTO_TEST_CASE(oversized_message_is_refused_from_the_header_alone) {
  ws_frame_parser p{limit};
  frame_spec s;
  s.opcode = 0x1;
  s.declared_length = 10 * 1024 * 1024; // 10 MB, payload never sent
  auto header = client_frame(s);
  BOOST_TEST(header.size() == 2u + 8u + 4u);
  // Even without the mask key: the length alone is enough.
  auto out = parse_all(p, header.substr(0, 10));
  expect_error(out, 1009);
}

BOOST_AUTO_TEST_CASE(a_message_one_byte_over_the_limit_is_refused_with_1009) {
  ws_frame_parser p{limit};
  frame_spec s;
  s.opcode = 0x2;
  s.declared_length = limit + 1;
  expect_error(parse_all(p, client_frame(s)), 1009);
}

BOOST_AUTO_TEST_CASE(fragments_summing_over_the_limit_are_refused_with_1009) {
  ws_frame_parser p{limit};
  std::string half(limit / 2, 'a');
  auto out = parse_all(p, masked(0x1, half, false) + masked(0x0, half, false)
                            + masked(0x0, "x"));
  expect_error(out, 1009);
}

BOOST_AUTO_TEST_CASE(after_an_error_the_parser_consumes_nothing_more) {
  ws_frame_parser p{limit};
  auto out = parse_all(p, unmasked_text());
  expect_error(out, 1002);
  auto good = masked(0x1, "later");
  std::vector<ws_event> more;
  BOOST_TEST(p.feed(good.data(), good.size(), more) == 0u);
  BOOST_TEST(more.empty());
  BOOST_TEST(p.failed());
}

BOOST_AUTO_TEST_CASE(frames_after_the_bad_one_in_the_same_feed_are_ignored) {
  ws_frame_parser p{limit};
  auto out = parse_all(p, masked(0x1, "before") + unmasked_text()
                            + masked(0x1, "after"));
  BOOST_TEST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0].payload == "before");
  expect_error(out, 1002);
}

// ws_frame_parser::feed is documented to return "the bytes consumed (all of
// them unless an error stopped parsing)".
BOOST_AUTO_TEST_CASE(feed_reports_fewer_bytes_when_an_error_stops_parsing) {
  ws_frame_parser p{limit};
  auto bytes = unmasked_text() + masked(0x1, "never parsed");
  std::vector<ws_event> out;
  auto consumed = p.feed(bytes.data(), bytes.size(), out);
  expect_error(out, 1002);
  BOOST_TEST(consumed < bytes.size());
}

BOOST_AUTO_TEST_SUITE_END()
