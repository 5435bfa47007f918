// The /ws JSON envelope, client -> hub: every event decodes with all its
// fields, and malformed input yields the documented error code and keeps
// the ref whenever it could be read.
#include "net/ws_json_codec.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace agenthub;
using namespace agenthub::net;
namespace bdata = boost::unit_test::data;

namespace {

const std::string room = "f3a8c2c7-0000-4000-8000-000000000001";

void expect_ok(const client_command& c) {
  BOOST_TEST(c.error_code.empty());
  BOOST_TEST(c.error_message.empty());
}

} // namespace

BOOST_AUTO_TEST_SUITE(ws_json_decode)

BOOST_AUTO_TEST_CASE(room_join_decodes_room_and_after_seq) {
  auto c = decode_ws_json(R"({"type":"room:join","ref":"1","data":{"roomId":")"
                          + room + R"(","afterSeq":41}})");
  expect_ok(c);
  BOOST_TEST(c.event == "room:join");
  BOOST_TEST(c.ref == "1");
  BOOST_TEST(c.room == room);
  BOOST_TEST(c.after_seq == 41);
  BOOST_TEST(c.before_seq == -1);
  BOOST_TEST(c.limit == -1);
}

BOOST_AUTO_TEST_CASE(room_join_without_after_seq_leaves_it_absent) {
  auto c = decode_ws_json(R"({"type":"room:join","data":{"slug":"research",)"
                          R"("afterSeq":null}})");
  expect_ok(c);
  BOOST_TEST(c.room == "research");
  BOOST_TEST(c.after_seq == -1);
  BOOST_TEST(c.ref.empty());
}

BOOST_AUTO_TEST_CASE(room_leave_decodes_the_room) {
  auto c = decode_ws_json(R"({"type":"room:leave","ref":"2","data":{"roomId":")"
                          + room + R"("}})");
  expect_ok(c);
  BOOST_TEST(c.event == "room:leave");
  BOOST_TEST(c.room == room);
}

BOOST_AUTO_TEST_CASE(message_send_decodes_body_and_client_msg_id) {
  auto c = decode_ws_json(
    R"({"type":"message:send","ref":"7","data":{"roomId":")" + room
    + R"(","body":"hi \u00e9","clientMsgId":"c-42","ignored":true}})");
  expect_ok(c);
  BOOST_TEST(c.event == "message:send");
  BOOST_TEST(c.ref == "7");
  BOOST_TEST(c.room == room);
  BOOST_TEST(c.body == "hi \xC3\xA9");
  BOOST_TEST(c.client_msg_id == "c-42");
}

BOOST_AUTO_TEST_CASE(message_history_decodes_cursor_and_limit) {
  auto before
    = decode_ws_json(R"({"type":"message:history","ref":"4","data":{"roomId":")"
                     + room + R"(","beforeSeq":100,"limit":20}})");
  expect_ok(before);
  BOOST_TEST(before.event == "message:history");
  BOOST_TEST(before.before_seq == 100);
  BOOST_TEST(before.after_seq == -1);
  BOOST_TEST(before.limit == 20);
  auto after = decode_ws_json(
    R"({"type":"message:history","data":{"slug":"ops","afterSeq":0}})");
  expect_ok(after);
  BOOST_TEST(after.room == "ops");
  BOOST_TEST(after.after_seq == 0);
}

BOOST_AUTO_TEST_CASE(presence_list_decodes_a_slug) {
  auto c = decode_ws_json(
    R"({"type":"presence:list","ref":"p","data":{"slug":"research"}})");
  expect_ok(c);
  BOOST_TEST(c.event == "presence:list");
  BOOST_TEST(c.room == "research");
}

BOOST_AUTO_TEST_CASE(room_id_wins_over_slug) {
  auto c = decode_ws_json(R"({"type":"room:leave","data":{"roomId":"a",)"
                          R"("slug":"b"}})");
  expect_ok(c);
  BOOST_TEST(c.room == "a");
}

BOOST_AUTO_TEST_CASE(an_unknown_type_decodes_for_the_session_to_refuse) {
  auto c = decode_ws_json(R"({"type":"nope","ref":"5"})");
  expect_ok(c);
  BOOST_TEST(c.event == "nope");
  BOOST_TEST(c.ref == "5");
}

BOOST_DATA_TEST_CASE(
  ref_is_read_as_string_or_integer,
  bdata::make({R"("7")", "7", "-3", R"("")", "null", "9007199254740993"})
    ^ bdata::make({"7", "7", "-3", "", "", "9007199254740993"}),
  ref_json, expected) {
  auto c
    = decode_ws_json(std::string(R"({"type":"nope","ref":)") + ref_json + "}");
  expect_ok(c);
  BOOST_TEST(c.ref == expected);
}

BOOST_AUTO_TEST_CASE(a_ref_of_128_characters_is_kept) {
  std::string ref(128, 'r');
  auto c = decode_ws_json(R"({"type":"nope","ref":")" + ref + R"("})");
  expect_ok(c);
  BOOST_TEST(c.ref == ref);
}

BOOST_AUTO_TEST_SUITE_END()

// --- malformed input --------------------------------------------------------

namespace {

struct bad_input {
  const char* name;
  std::string text;
  std::string code;
  std::string ref; ///< expected ref ("" when unreadable)
};

std::ostream& operator<<(std::ostream& os, const bad_input& b) {
  return os << b.name;
}

std::string send_with(const std::string& data_fields) {
  return R"({"type":"message:send","ref":"r","data":{"roomId":"x",)"
         + data_fields + "}}";
}

std::string history_with(const std::string& data_fields) {
  return R"({"type":"message:history","ref":"r","data":{"roomId":"x",)"
         + data_fields + "}}";
}

const std::vector<bad_input> bad_inputs{
  {"not_json", "{nope", "invalid_json", ""},
  {"empty", "", "invalid_json", ""},
  {"trailing_garbage", R"({"type":"nope"} x)", "invalid_json", ""},
  {"array", R"([{"type":"nope","ref":"r"}])", "invalid_frame", ""},
  {"string", R"("room:join")", "invalid_frame", ""},
  {"number", "42", "invalid_frame", ""},
  {"missing_type", R"({"ref":"r","data":{}})", "invalid_frame", "r"},
  {"missing_type_int_ref", R"({"ref":12})", "invalid_frame", "12"},
  {"null_type", R"({"type":null,"ref":"r"})", "invalid_frame", "r"},
  {"numeric_type", R"({"type":3,"ref":"r"})", "invalid_frame", "r"},
  {"type_too_long", R"({"type":")" + std::string(65, 't') + R"(","ref":"r"})",
   "invalid_frame", "r"},
  {"ref_too_long", R"({"type":"nope","ref":")" + std::string(129, 'r') + "\"}",
   "invalid_frame", ""},
  {"ref_object", R"({"type":"nope","ref":{"a":1}})", "invalid_frame", ""},
  {"ref_bool", R"({"type":"nope","ref":true})", "invalid_frame", ""},
  {"ref_float", R"({"type":"nope","ref":1.5})", "invalid_frame", ""},
  {"data_array", R"({"type":"room:join","ref":"r","data":[1]})",
   "invalid_request", "r"},
  {"data_string", R"({"type":"room:join","ref":"r","data":"x"})",
   "invalid_request", "r"},
  {"room_id_number", R"({"type":"room:join","ref":"r","data":{"roomId":5}})",
   "invalid_request", "r"},
  {"slug_number", R"({"type":"room:join","ref":"r","data":{"slug":[]}})",
   "invalid_request", "r"},
  {"after_seq_negative", history_with(R"("afterSeq":-1)"), "invalid_request",
   "r"},
  {"after_seq_float", history_with(R"("afterSeq":1.5)"), "invalid_request",
   "r"},
  {"after_seq_string", history_with(R"("afterSeq":"3")"), "invalid_request",
   "r"},
  {"before_seq_negative", history_with(R"("beforeSeq":-7)"), "invalid_request",
   "r"},
  {"limit_string", history_with(R"("limit":"10")"), "invalid_request", "r"},
  {"limit_float", history_with(R"("limit":2.0)"), "invalid_request", "r"},
  {"body_number", send_with(R"("body":1)"), "invalid_request", "r"},
  {"client_msg_id_number", send_with(R"("body":"b","clientMsgId":7)"),
   "invalid_request", "r"},
  {"send_without_body", send_with(R"("clientMsgId":"c")"), "invalid_request",
   "r"},
  {"send_without_data", R"({"type":"message:send","ref":"r"})",
   "invalid_request", "r"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(ws_json_decode_errors)

BOOST_DATA_TEST_CASE(malformed_input_yields_its_code_and_keeps_a_readable_ref,
                     bdata::make(bad_inputs), b) {
  auto c = decode_ws_json(b.text);
  BOOST_TEST(c.error_code == b.code);
  BOOST_TEST(!c.error_message.empty());
  BOOST_TEST(c.ref == b.ref);
}

BOOST_AUTO_TEST_CASE(decoding_never_throws_on_invalid_utf8) {
  client_command c;
  BOOST_CHECK_NO_THROW(c = decode_ws_json("{\"type\":\"\xFF\"}"));
  BOOST_TEST(c.error_code == "invalid_json");
}

BOOST_AUTO_TEST_SUITE_END()
