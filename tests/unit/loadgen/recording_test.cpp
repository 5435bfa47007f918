// The recording parser: header, every event type, missing and extra
// fields, malformed lines with their numbers, unknown events counted.
#include "tools/loadgen/recording.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

using namespace agenthub::loadgen;
namespace bdata = boost::unit_test::data;

namespace {

const std::string header
  = R"({"agenthub_recording":1,"started":"2026-11-22T05:13:24.994Z","bodies":false})";

recording parse(const std::string& text) {
  std::istringstream in(text);
  return parse_recording(in);
}

} // namespace

BOOST_AUTO_TEST_SUITE(recording_parser)

BOOST_AUTO_TEST_CASE(header_is_read) {
  auto r = parse(header + "\n");
  BOOST_TEST(r.header_ok);
  BOOST_TEST(r.version == 1);
  BOOST_TEST(r.started == "2026-11-22T05:13:24.994Z");
  BOOST_TEST(!r.bodies);
  BOOST_TEST(r.events.empty());
  BOOST_TEST(r.issues.empty());
}

BOOST_AUTO_TEST_CASE(header_with_bodies) {
  auto r = parse(R"({"agenthub_recording":1,"started":"x","bodies":true})");
  BOOST_TEST(r.header_ok);
  BOOST_TEST(r.bodies);
}

BOOST_DATA_TEST_CASE(bad_headers_are_refused,
                     bdata::make({std::string{"not json"}, std::string{"[1]"},
                                  std::string{R"({"started":"x"})"},
                                  std::string{R"({"agenthub_recording":"1"})"},
                                  std::string{R"({"agenthub_recording":2})"}}),
                     first_line) {
  auto r = parse(first_line + "\n"
                 + R"({"t":0,"conn":1,"agent":"a","event":"connect"})");
  BOOST_TEST(!r.header_ok);
  BOOST_TEST_REQUIRE(r.issues.size() == 1u);
  BOOST_TEST(r.issues[0].line == 1u);
  BOOST_TEST(r.events.empty());
}

BOOST_AUTO_TEST_CASE(empty_file_is_an_issue) {
  auto r = parse("");
  BOOST_TEST(!r.header_ok);
  BOOST_TEST(r.issues.size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_event_type_is_read) {
  auto r = parse(
    header
    + "\n"
      R"({"t":0.001,"conn":1,"agent":"a1","framing":"ws","event":"connect","room":"","size":0,"clientMsgId":false})"
      "\n"
      R"({"t":0.5,"conn":1,"agent":"a1","framing":"ws","event":"room:join","room":"r1","size":20,"clientMsgId":false})"
      "\n"
      R"({"t":1.25,"conn":1,"agent":"a1","framing":"ws","event":"message:send","room":"r1","size":300,"clientMsgId":true})"
      "\n"
      R"({"t":1.5,"conn":1,"agent":"a1","framing":"ws","event":"message:history","room":"r1","size":30,"clientMsgId":false})"
      "\n"
      R"({"t":1.75,"conn":1,"agent":"a1","framing":"ws","event":"presence:list","room":"r1","size":10,"clientMsgId":false})"
      "\n"
      R"({"t":2,"conn":1,"agent":"a1","framing":"ws","event":"room:leave","room":"r1","size":10,"clientMsgId":false})"
      "\n"
      R"({"t":2.5,"conn":1,"agent":"a1","framing":"socketio","event":"disconnect"})"
      "\n");
  BOOST_TEST(r.issues.empty());
  BOOST_TEST_REQUIRE(r.events.size() == 7u);
  const recorded_kind kinds[]
    = {recorded_kind::connect,       recorded_kind::room_join,
       recorded_kind::message_send,  recorded_kind::message_history,
       recorded_kind::presence_list, recorded_kind::room_leave,
       recorded_kind::disconnect};
  for (std::size_t i = 0; i < 7; ++i) {
    BOOST_TEST((r.events[i].kind == kinds[i]), "event " << i);
    BOOST_TEST(r.events[i].line == i + 2);
  }
  auto& send = r.events[2];
  BOOST_TEST(send.t == 1.25);
  BOOST_TEST(send.conn == 1);
  BOOST_TEST(send.agent == "a1");
  BOOST_TEST(send.framing == "ws");
  BOOST_TEST(send.room == "r1");
  BOOST_TEST(send.size == 300u);
  BOOST_TEST(send.client_msg_id);
  BOOST_TEST(!send.body.has_value());
  BOOST_TEST(r.events[6].framing == "socketio");
}

BOOST_AUTO_TEST_CASE(body_is_read_when_recorded) {
  auto r = parse(
    header
    + "\n"
      R"({"t":1,"conn":1,"agent":"a","event":"message:send","room":"r","size":5,"clientMsgId":false,"body":"hello"})");
  BOOST_TEST_REQUIRE(r.events.size() == 1u);
  BOOST_TEST(r.events[0].body.value_or("") == "hello");
}

BOOST_AUTO_TEST_CASE(extra_fields_are_ignored_and_optional_ones_default) {
  auto r = parse(
    header
    + "\n"
      R"({"t":3,"conn":7,"event":"message:send","room":"r","node":"n1","extra":{"x":1}})");
  BOOST_TEST(r.issues.empty());
  BOOST_TEST_REQUIRE(r.events.size() == 1u);
  BOOST_TEST(r.events[0].size == 0u);
  BOOST_TEST(!r.events[0].client_msg_id);
  BOOST_TEST(r.events[0].agent.empty());
  BOOST_TEST(r.events[0].framing.empty());
}

BOOST_DATA_TEST_CASE(
  unusable_lines_are_reported_with_their_line_number,
  bdata::make({
    std::string{"{not json"},
    std::string{"[1,2]"},
    std::string{R"({"conn":1,"agent":"a","event":"connect"})"},
    std::string{R"({"t":-1,"conn":1,"agent":"a","event":"connect"})"},
    std::string{R"({"t":"1","conn":1,"agent":"a","event":"connect"})"},
    std::string{R"({"t":1,"agent":"a","event":"connect"})"},
    std::string{R"({"t":1,"conn":1.5,"agent":"a","event":"connect"})"},
    std::string{R"({"t":1,"conn":1,"agent":"a"})"},
    std::string{R"({"t":1,"conn":1,"event":"connect"})"},
    std::string{R"({"t":1,"conn":1,"agent":"a","event":"message:send"})"},
    std::string{
      R"({"t":1,"conn":1,"event":"message:send","room":"r","size":-3})"},
    std::string{
      R"({"t":1,"conn":1,"event":"message:send","room":"r","size":"9"})"},
    std::string{R"({"t":1,"conn":1,"event":"message:send","room":7})"},
    std::string{
      R"({"t":1,"conn":1,"event":"message:send","room":"r","clientMsgId":"yes"})"},
    std::string{
      R"({"t":1,"conn":1,"agent":"a","framing":"mqtt","event":"connect"})"},
    std::string{
      R"({"t":1,"conn":1,"event":"message:send","room":"r","body":5})"},
  }),
  line) {
  auto r = parse(
    header + "\n" + R"({"t":0,"conn":1,"agent":"a","event":"connect"})" + "\n"
    + line + "\n" + R"({"t":9,"conn":1,"event":"disconnect"})" + "\n");
  BOOST_TEST(r.header_ok);
  BOOST_TEST_REQUIRE(r.issues.size() == 1u);
  BOOST_TEST(r.issues[0].line == 3u);
  BOOST_TEST(!r.issues[0].reason.empty());
  BOOST_TEST(r.events.size() == 2u); // the good lines around it survive
}

BOOST_AUTO_TEST_CASE(unknown_events_are_counted_not_reported) {
  auto r = parse(header
                 + "\n"
                   R"({"t":1,"conn":1,"agent":"a","event":"connect"})"
                   "\n"
                   R"({"t":2,"conn":1,"event":"typing:start","room":"r"})"
                   "\n"
                   R"({"t":3,"conn":1,"event":"typing:start","room":"r"})"
                   "\n"
                   R"({"t":4,"conn":1,"event":"reaction:add"})"
                   "\n");
  BOOST_TEST(r.issues.empty());
  BOOST_TEST(r.events.size() == 1u);
  BOOST_TEST(r.unknown_count() == 3u);
  BOOST_TEST(r.unknown_events.at("typing:start") == 2u);
  BOOST_TEST(r.unknown_events.at("reaction:add") == 1u);
}

BOOST_AUTO_TEST_CASE(blank_lines_and_crlf_are_tolerated) {
  auto r = parse(header + "\r\n\r\n"
                 + R"({"t":1,"conn":1,"agent":"a","event":"connect"})"
                 + "\r\n   \n");
  BOOST_TEST(r.issues.empty());
  BOOST_TEST(r.events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(empty_room_is_allowed) {
  auto r
    = parse(header
            + "\n"
              R"({"t":1,"conn":1,"event":"message:send","room":"","size":3})");
  BOOST_TEST(r.issues.empty());
  BOOST_TEST_REQUIRE(r.events.size() == 1u);
  BOOST_TEST(r.events[0].room.empty());
}

BOOST_AUTO_TEST_SUITE_END()
