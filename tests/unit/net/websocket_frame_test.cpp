// RFC 6455 framing: the accept key, parsing well-formed client traffic, the
// server-side encoders and the UTF-8 validator.
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

} // namespace

BOOST_AUTO_TEST_SUITE(websocket_frame)

BOOST_AUTO_TEST_CASE(accept_key_matches_the_rfc_6455_example) {
  BOOST_TEST(websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ==")
             == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

BOOST_AUTO_TEST_CASE(single_masked_text_frame_is_one_text_event) {
  ws_frame_parser p{limit};
  auto bytes = masked(0x1, "hello");
  std::vector<ws_event> out;
  BOOST_TEST(p.feed(bytes.data(), bytes.size(), out) == bytes.size());
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::text);
  BOOST_TEST(out[0].payload == "hello");
  BOOST_TEST(!p.failed());
}

BOOST_AUTO_TEST_CASE(byte_by_byte_feeding_completes_only_on_the_last_byte) {
  ws_frame_parser p{limit};
  auto bytes = masked(0x1, std::string(300, 'x')); // 16-bit length form
  std::vector<ws_event> out;
  for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
    BOOST_TEST(p.feed(bytes.data() + i, 1, out) == 1u);
    BOOST_TEST_REQUIRE(out.empty());
  }
  p.feed(bytes.data() + bytes.size() - 1, 1, out);
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].payload == std::string(300, 'x'));
}

BOOST_AUTO_TEST_CASE(several_frames_in_one_feed_yield_events_in_order) {
  ws_frame_parser p{limit};
  auto out = parse_all(p, masked(0x1, "a") + masked(0x9, "p")
                            + masked(0x2, std::string("\x00\x01", 2))
                            + masked(0x1, "b"));
  BOOST_TEST_REQUIRE(out.size() == 4u);
  BOOST_TEST(out[0].kind == ws_event::text);
  BOOST_TEST(out[0].payload == "a");
  BOOST_TEST(out[1].kind == ws_event::ping);
  BOOST_TEST(out[2].kind == ws_event::binary);
  BOOST_TEST(out[2].payload == std::string("\x00\x01", 2));
  BOOST_TEST(out[3].payload == "b");
}

BOOST_AUTO_TEST_CASE(a_split_frame_tail_is_kept_for_the_next_feed) {
  ws_frame_parser p{limit};
  auto bytes = masked(0x1, "first") + masked(0x1, "second");
  auto cut = bytes.size() - 3;
  auto out = parse_all(p, bytes.substr(0, cut));
  BOOST_TEST_REQUIRE(out.size() == 1u);
  auto rest = parse_all(p, bytes.substr(cut));
  BOOST_TEST_REQUIRE(rest.size() == 1u);
  BOOST_TEST(rest[0].payload == "second");
}

BOOST_AUTO_TEST_CASE(
  fragmented_text_is_reassembled_around_an_interleaved_ping) {
  ws_frame_parser p{limit};
  auto out
    = parse_all(p, masked(0x1, "Hel", false) + masked(0x9, "are-you")
                     + masked(0x0, "lo, ", false) + masked(0x0, "world"));
  BOOST_TEST_REQUIRE(out.size() == 2u);
  BOOST_TEST(out[0].kind == ws_event::ping);
  BOOST_TEST(out[0].payload == "are-you");
  BOOST_TEST(out[1].kind == ws_event::text);
  BOOST_TEST(out[1].payload == "Hello, world");
}

BOOST_AUTO_TEST_CASE(a_code_point_split_across_fragments_is_valid_utf8) {
  ws_frame_parser p{limit};
  // U+20AC (euro sign) = E2 82 AC, cut after its first byte.
  auto out = parse_all(p, masked(0x1, "\xE2", false) + masked(0x0, "\x82\xAC"));
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::text);
  BOOST_TEST(out[0].payload == "\xE2\x82\xAC");
}

BOOST_AUTO_TEST_CASE(binary_message_is_one_binary_event_even_if_fragmented) {
  ws_frame_parser p{limit};
  std::string data("\xFF\x00\xFE", 3); // not UTF-8: fine for binary
  auto out = parse_all(p, masked(0x2, data.substr(0, 1), false)
                            + masked(0x0, data.substr(1)));
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::binary);
  BOOST_TEST(out[0].payload == data);
}

BOOST_AUTO_TEST_CASE(ping_and_pong_carry_their_payloads) {
  ws_frame_parser p{limit};
  auto out = parse_all(p, masked(0x9, "ping-data") + masked(0xA, "pong-data")
                            + masked(0x9, ""));
  BOOST_TEST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0].kind == ws_event::ping);
  BOOST_TEST(out[0].payload == "ping-data");
  BOOST_TEST(out[1].kind == ws_event::pong);
  BOOST_TEST(out[1].payload == "pong-data");
  BOOST_TEST(out[2].payload.empty());
}

BOOST_AUTO_TEST_CASE(close_carries_code_and_reason) {
  ws_frame_parser p{limit};
  auto out = parse_all(p, masked(0x8, close_payload(1000, "bye \xC3\xA9")));
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::close);
  BOOST_TEST(out[0].code == 1000);
  BOOST_TEST(out[0].payload == "bye \xC3\xA9");
}

BOOST_AUTO_TEST_CASE(empty_close_reports_1005_no_status) {
  ws_frame_parser p{limit};
  auto out = parse_all(p, masked(0x8, ""));
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::close);
  BOOST_TEST(out[0].code == 1005);
  BOOST_TEST(out[0].payload.empty());
}

BOOST_DATA_TEST_CASE(valid_close_codes_are_accepted,
                     bdata::make({1000, 1001, 1002, 1003, 1007, 1008, 1009,
                                  1010, 1011, 3000, 3999, 4000, 4999}),
                     code) {
  ws_frame_parser p{limit};
  auto out = parse_all(
    p, masked(0x8, close_payload(static_cast<std::uint16_t>(code), "")));
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::close);
  BOOST_TEST(out[0].code == code);
}

BOOST_DATA_TEST_CASE(every_length_form_is_parsed_up_to_the_limit,
                     bdata::make({std::size_t{0}, std::size_t{125},
                                  std::size_t{126}, std::size_t{65535}, limit}),
                     size) {
  // 0..125: 7-bit length; 126..65535: 16-bit (126); above: 64-bit (127).
  ws_frame_parser p{limit};
  frame_spec s;
  s.opcode = 0x2;
  s.payload = std::string(size, 'z');
  auto bytes = client_frame(s);
  auto b1 = static_cast<std::uint8_t>(bytes[1]) & 0x7F;
  BOOST_TEST(b1 == (size < 126 ? size : (size <= 65535 ? 126u : 127u)));
  auto out = parse_all(p, bytes);
  BOOST_TEST_REQUIRE(out.size() == 1u);
  BOOST_TEST(out[0].kind == ws_event::binary);
  BOOST_TEST(out[0].payload == s.payload);
}

// --- encoders -------------------------------------------------------------

BOOST_DATA_TEST_CASE(ws_frame_uses_the_minimal_header_and_round_trips,
                     bdata::make({std::size_t{0}, std::size_t{125},
                                  std::size_t{126}, std::size_t{65535},
                                  std::size_t{65536}}),
                     size) {
  std::string payload(size, 'p');
  auto bytes = ws_frame(ws_opcode::text, payload);
  auto b1 = static_cast<std::uint8_t>(bytes.at(1));
  std::size_t expected_header = size < 126 ? 2 : (size <= 65535 ? 4 : 10);
  BOOST_TEST(bytes.size() == expected_header + size);
  if (size < 126)
    BOOST_TEST(b1 == size);
  else
    BOOST_TEST(b1 == (size <= 65535 ? 126u : 127u));
  auto f = decode_server_frame(bytes);
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(f->fin);
  BOOST_TEST(f->rsv == 0);
  BOOST_TEST(!f->masked);
  BOOST_TEST(f->opcode == 0x1);
  BOOST_TEST(f->header_bytes == expected_header);
  BOOST_TEST(f->payload == payload);
}

BOOST_DATA_TEST_CASE(ws_frame_sets_the_opcode,
                     bdata::make({ws_opcode::text, ws_opcode::binary,
                                  ws_opcode::close, ws_opcode::ping,
                                  ws_opcode::pong}),
                     op) {
  auto f = decode_server_frame(ws_frame(op, "x"));
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(f->opcode == static_cast<std::uint8_t>(op));
}

BOOST_AUTO_TEST_CASE(ws_close_frame_carries_code_and_short_reason) {
  auto f = decode_server_frame(ws_close_frame(4008, "rate limit"));
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(f->opcode == 0x8);
  BOOST_TEST(f->payload == close_payload(4008, "rate limit"));
}

BOOST_DATA_TEST_CASE(ws_close_frame_truncates_on_a_utf8_boundary,
                     bdata::make({std::string("a"), std::string("\xC3\xA9"),
                                  std::string("\xE2\x82\xAC"),
                                  std::string("\xF0\x9D\x84\x9E")}),
                     unit) {
  std::string reason;
  while (reason.size() < 300)
    reason += unit;
  auto f = decode_server_frame(ws_close_frame(1011, reason));
  BOOST_TEST_REQUIRE(f.has_value());
  BOOST_TEST(f->payload.size() <= 125u);
  auto kept = f->payload.substr(2);
  BOOST_TEST(utf8_valid(kept));
  // As many whole characters as fit in 123 bytes.
  BOOST_TEST(kept.size() == 123 / unit.size() * unit.size());
  BOOST_TEST(reason.compare(0, kept.size(), kept) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

// --- UTF-8 ------------------------------------------------------------------

namespace {

struct utf8_case {
  const char* name;
  std::string bytes;
  bool valid;
};

std::ostream& operator<<(std::ostream& os, const utf8_case& c) {
  return os << c.name;
}

const std::vector<utf8_case> utf8_cases{
  {"empty", "", true},
  {"ascii", "hello", true},
  {"two_byte", "\xC3\xA9", true},
  {"three_byte", "\xE2\x82\xAC", true},
  {"four_byte", "\xF0\x9D\x84\x9E", true},
  {"last_before_surrogates", "\xED\x9F\xBF", true},
  {"first_after_surrogates", "\xEE\x80\x80", true},
  {"max_code_point", "\xF4\x8F\xBF\xBF", true},
  {"lone_continuation", "\x80", false},
  {"overlong_nul", "\xC0\x80", false},
  {"overlong_slash_2", "\xC0\xAF", false},
  {"overlong_c1", "\xC1\xBF", false},
  {"overlong_3", "\xE0\x80\xAF", false},
  {"overlong_4", "\xF0\x80\x80\xAF", false},
  {"high_surrogate", "\xED\xA0\x80", false},
  {"low_surrogate", "\xED\xBF\xBF", false},
  {"above_max", "\xF4\x90\x80\x80", false},
  {"f5_lead", "\xF5\x80\x80\x80", false},
  {"five_byte", "\xF8\x88\x80\x80\x80", false},
  {"ff_byte", "\xFF", false},
  {"truncated_two", "\xC3", false},
  {"truncated_three", "\xE2\x82", false},
  {"truncated_at_end", "ok\xF0\x9D\x84", false},
  {"bad_continuation", "\xE2\x28\xA1", false},
};

} // namespace

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_DATA_TEST_CASE(utf8_valid_accepts_exactly_well_formed_text,
                     bdata::make(utf8_cases), c) {
  BOOST_TEST(utf8_valid(c.bytes) == c.valid);
}

BOOST_AUTO_TEST_SUITE_END()
