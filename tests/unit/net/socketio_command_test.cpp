// Socket.IO EVENT packets to session commands (protocols.md §B.4, §B.8):
// every AgentHub event maps its fields, the ack id becomes the ref, and bad
// shapes give `invalid_request` with the ref kept for the error ack.
#include "net/socketio_codec.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "sio_test_packets.hpp"

#include <string>
#include <vector>

using namespace agenthub;
using namespace agenthub::net::sio;
using namespace agenthub::test;
namespace bdata = boost::unit_test::data;

namespace {

const std::string room = "f3a8c2c7-0000-4000-8000-000000000001";

/// The command of a Socket.IO packet that must decode.
client_command command_of(const std::string& text) {
  return to_command(decode_ok(text));
}

void expect_ok(const client_command& c) {
  BOOST_TEST(c.error_code.empty());
  BOOST_TEST(c.error_message.empty());
}

} // namespace

BOOST_AUTO_TEST_SUITE(socketio_to_command)

BOOST_AUTO_TEST_CASE(message_send_with_ack_zero_maps_fields_and_ref_zero) {
  auto c = command_of(R"(2/agents,0["message:send",{"roomId":")" + room
                      + R"(","body":"hi","clientMsgId":"c-42"}])");
  expect_ok(c);
  BOOST_TEST(c.event == "message:send");
  BOOST_TEST(c.ref == "0");
  BOOST_TEST(c.room == room);
  BOOST_TEST(c.body == "hi");
  BOOST_TEST(c.client_msg_id == "c-42");
  BOOST_TEST(c.after_seq == -1);
  BOOST_TEST(c.before_seq == -1);
  BOOST_TEST(c.limit == -1);
}

BOOST_AUTO_TEST_CASE(transcript_send_with_ack_13_maps_ref_13) {
  auto c
    = command_of(R"(2/agents,13["message:send",{"roomId":"r1","body":"hi"}])");
  expect_ok(c);
  BOOST_TEST(c.ref == "13");
  BOOST_TEST(c.room == "r1");
  BOOST_TEST(c.body == "hi");
  BOOST_TEST(c.client_msg_id.empty());
}

BOOST_AUTO_TEST_CASE(room_join_without_ack_has_no_ref) {
  auto c = command_of(R"(2/agents,["room:join",{"roomId":")" + room
                      + R"(","afterSeq":41}])");
  expect_ok(c);
  BOOST_TEST(c.event == "room:join");
  BOOST_TEST(c.ref.empty());
  BOOST_TEST(c.room == room);
  BOOST_TEST(c.after_seq == 41);
}

BOOST_AUTO_TEST_CASE(room_join_by_slug) {
  auto c = command_of(R"(2/agents,1["room:join",{"slug":"research"}])");
  expect_ok(c);
  BOOST_TEST(c.room == "research");
  BOOST_TEST(c.ref == "1");
}

BOOST_AUTO_TEST_CASE(room_id_wins_over_slug) {
  auto c = command_of(R"(2/agents,["room:leave",{"roomId":"a","slug":"b"}])");
  expect_ok(c);
  BOOST_TEST(c.event == "room:leave");
  BOOST_TEST(c.room == "a");
}

BOOST_AUTO_TEST_CASE(message_history_maps_cursor_and_limit) {
  auto before = command_of(R"(2/agents,4["message:history",{"roomId":")" + room
                           + R"(","beforeSeq":100,"limit":20}])");
  expect_ok(before);
  BOOST_TEST(before.event == "message:history");
  BOOST_TEST(before.ref == "4");
  BOOST_TEST(before.before_seq == 100);
  BOOST_TEST(before.after_seq == -1);
  BOOST_TEST(before.limit == 20);
  auto after = command_of(
    R"(2/agents,5["message:history",{"slug":"ops","afterSeq":0}])");
  expect_ok(after);
  BOOST_TEST(after.room == "ops");
  BOOST_TEST(after.after_seq == 0);
}

BOOST_AUTO_TEST_CASE(presence_list_maps_the_room) {
  auto c = command_of(R"(2/agents,9["presence:list",{"slug":"research"}])");
  expect_ok(c);
  BOOST_TEST(c.event == "presence:list");
  BOOST_TEST(c.room == "research");
  BOOST_TEST(c.ref == "9");
}

BOOST_AUTO_TEST_CASE(
  an_event_without_payload_decodes_for_the_session_to_check) {
  auto bare = command_of(R"(2/agents,2["room:join"])");
  expect_ok(bare);
  BOOST_TEST(bare.event == "room:join");
  BOOST_TEST(bare.room.empty());
  auto null = command_of(R"(2/agents,["room:join",null])");
  expect_ok(null);
  BOOST_TEST(null.room.empty());
}

BOOST_AUTO_TEST_CASE(arguments_after_the_payload_are_ignored) {
  // e.g. a recovery offset appended as the last argument (§B.7).
  auto c = command_of(R"(2/agents,["room:leave",{"roomId":"a"},"Q81O3IY"])");
  expect_ok(c);
  BOOST_TEST(c.room == "a");
}

BOOST_AUTO_TEST_CASE(an_unknown_event_decodes_for_the_session_to_refuse) {
  auto c = command_of(R"(2/agents,3["nope",{}])");
  expect_ok(c);
  BOOST_TEST(c.event == "nope");
  BOOST_TEST(c.ref == "3");
}

BOOST_AUTO_TEST_CASE(a_fifteen_digit_ack_id_is_the_ref) {
  auto c = command_of(R"(2/agents,999999999999999["nope"])");
  BOOST_TEST(c.ref == "999999999999999");
}

BOOST_AUTO_TEST_SUITE_END()

// --- invalid shapes ---------------------------------------------------------

namespace {

struct bad_event {
  const char* name;
  std::string text;
  std::string ref; ///< expected ref ("" without an ack id)
};

std::ostream& operator<<(std::ostream& os, const bad_event& b) {
  return os << b.name;
}

std::string send_with(const std::string& fields) {
  return R"(2/agents,7["message:send",{"roomId":"x",)" + fields + "}]";
}

std::string history_with(const std::string& fields) {
  return R"(2/agents,7["message:history",{"roomId":"x",)" + fields + "}]";
}

const std::vector<bad_event> bad_events{
  // Field types (the same rules as the /ws envelope).
  {"room_id_number", R"(2/agents,7["room:join",{"roomId":5}])", "7"},
  {"room_id_object", R"(2/agents,7["room:join",{"roomId":{}}])", "7"},
  {"slug_array", R"(2/agents,7["room:join",{"slug":[]}])", "7"},
  {"body_number", send_with(R"("body":1)"), "7"},
  {"body_missing", send_with(R"("clientMsgId":"c")"), "7"},
  {"client_msg_id_number", send_with(R"("body":"b","clientMsgId":7)"), "7"},
  {"after_seq_negative", history_with(R"("afterSeq":-1)"), "7"},
  {"after_seq_string", history_with(R"("afterSeq":"3")"), "7"},
  {"after_seq_float", history_with(R"("afterSeq":1.5)"), "7"},
  {"before_seq_negative", history_with(R"("beforeSeq":-7)"), "7"},
  {"before_seq_bool", history_with(R"("beforeSeq":true)"), "7"},
  {"limit_string", history_with(R"("limit":"10")"), "7"},
  {"limit_float", history_with(R"("limit":2.0)"), "7"},
  // The payload (second argument) must be an object or absent/null.
  {"payload_string", R"(2/agents,7["room:join","r1"])", "7"},
  {"payload_array", R"(2/agents,7["room:join",["r1"]])", "7"},
  {"payload_number", R"(2/agents,7["room:join",5])", "7"},
  {"payload_bool", R"(2/agents,7["room:join",false])", "7"},
  {"payload_string_without_ack", R"(2/agents,["room:join","r1"])", ""},
  // The event name must be a string (decode accepts numbers, as the
  // reference parser does).
  {"numeric_event_name", R"(2/agents,7[1,{"roomId":"x"}])", "7"},
  {"numeric_event_name_without_ack", R"(2/agents,[1.5])", ""},
};

} // namespace

BOOST_AUTO_TEST_SUITE(socketio_to_command_errors)

BOOST_DATA_TEST_CASE(bad_shapes_are_invalid_requests_keeping_the_ref,
                     bdata::make(bad_events), b) {
  client_command c;
  BOOST_CHECK_NO_THROW(c = command_of(b.text));
  BOOST_TEST(c.error_code == "invalid_request");
  BOOST_TEST(!c.error_message.empty());
  BOOST_TEST(c.ref == b.ref);
}

BOOST_AUTO_TEST_CASE(an_empty_event_name_is_an_invalid_request) {
  // socket.io-parser accepts "" as a name, but client_command documents
  // event "" as "invalid": the command must carry an error.
  auto c = command_of(R"(2/agents,4["",{"roomId":"r1"}])");
  BOOST_TEST(c.error_code == "invalid_request");
  BOOST_TEST(c.ref == "4");
}

BOOST_AUTO_TEST_SUITE_END()
