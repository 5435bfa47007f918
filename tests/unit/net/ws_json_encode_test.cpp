// The /ws JSON envelope, hub -> client: replies, errors, events and the
// shared `message:new` frame are exactly the documented JSON.
#include "net/websocket_frame.hpp"
#include "net/ws_json_codec.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "ws_test_frames.hpp"

#include <string>

using namespace agenthub;
using namespace agenthub::net;
using json = nlohmann::json;

namespace {

message_record sample_record(std::string client_msg_id) {
  message_record m;
  m.id = "01a201ac-9f14-7273-9832-95306536fd8b";
  m.room_id = "f3a8c2c7-0000-4000-8000-000000000001";
  m.seq = 318;
  m.sender_id = "1e46aaaa-0000-4000-8000-000000000002";
  m.body = "hello \xC3\xA9";
  m.client_msg_id = std::move(client_msg_id);
  m.created_at = "2026-11-22T05:13:39.860Z";
  return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ws_json_encode)

BOOST_AUTO_TEST_CASE(reply_is_type_ref_ok_and_data) {
  auto text = encode_ws_reply("7", {{"id", "m"}, {"seq", 318}});
  auto expected = json{{"type", "reply"},
                       {"ref", "7"},
                       {"ok", true},
                       {"data", {{"id", "m"}, {"seq", 318}}}};
  BOOST_TEST(json::parse(text) == expected);
}

BOOST_AUTO_TEST_CASE(keys_are_emitted_alphabetically_as_documented) {
  BOOST_TEST(encode_ws_reply("7", {{"seq", 1}, {"id", "m"}})
             == R"({"data":{"id":"m","seq":1},"ok":true,"ref":"7",)"
                R"("type":"reply"})");
}

BOOST_AUTO_TEST_CASE(error_with_ref_is_a_failed_reply) {
  auto text
    = encode_ws_error("7", "not_member", "you are not a member of this room");
  auto expected = json{{"type", "reply"},
                       {"ref", "7"},
                       {"ok", false},
                       {"error",
                        {{"code", "not_member"},
                         {"message", "you are not a member of this room"}}}};
  BOOST_TEST(json::parse(text) == expected);
}

BOOST_AUTO_TEST_CASE(error_without_ref_is_an_error_event) {
  auto text
    = encode_ws_error("", "invalid_json", "the frame is not valid JSON");
  BOOST_TEST(text
             == R"({"error":{"code":"invalid_json","message":"the frame is )"
                R"(not valid JSON"},"type":"error"})");
}

BOOST_AUTO_TEST_CASE(event_is_type_and_data) {
  auto text = encode_ws_event("room:removed", {{"roomId", "r"}});
  BOOST_TEST(json::parse(text)
             == (json{{"type", "room:removed"}, {"data", {{"roomId", "r"}}}}));
}

BOOST_AUTO_TEST_CASE(encoders_replace_invalid_utf8_instead_of_throwing) {
  std::string text;
  BOOST_CHECK_NO_THROW(text = encode_ws_event("x", {{"v", "bad \xFF"}}));
  BOOST_TEST(utf8_valid(text));
  BOOST_CHECK_NO_THROW(text = encode_ws_error("r", "c", "bad \xC3"));
  BOOST_TEST(utf8_valid(text));
  BOOST_CHECK_NO_THROW(text = encode_ws_reply("\xFF", json::object()));
  BOOST_TEST(utf8_valid(text));
}

BOOST_AUTO_TEST_CASE(message_frame_is_one_text_frame_with_message_new) {
  auto m = sample_record("c-7");
  auto frame = test::decode_server_frame(encode_ws_message_frame(m));
  BOOST_TEST_REQUIRE(frame.has_value());
  BOOST_TEST(frame->fin);
  BOOST_TEST(frame->opcode == 0x1);
  BOOST_TEST(!frame->masked);
  auto expected = json{{"type", "message:new"},
                       {"data",
                        {{"id", m.id},
                         {"roomId", m.room_id},
                         {"seq", 318},
                         {"senderId", m.sender_id},
                         {"body", m.body},
                         {"clientMsgId", "c-7"},
                         {"createdAt", m.created_at}}}};
  BOOST_TEST(json::parse(frame->payload) == expected);
}

BOOST_AUTO_TEST_CASE(message_frame_has_null_client_msg_id_when_none_given) {
  auto frame
    = test::decode_server_frame(encode_ws_message_frame(sample_record("")));
  BOOST_TEST_REQUIRE(frame.has_value());
  auto data = json::parse(frame->payload).at("data");
  BOOST_TEST(data.at("clientMsgId").is_null());
  BOOST_TEST(data.size() == 7u);
}

BOOST_AUTO_TEST_CASE(message_frame_of_a_large_body_uses_the_64_bit_length) {
  auto m = sample_record("");
  m.body = std::string(70000, 'b');
  auto frame = test::decode_server_frame(encode_ws_message_frame(m));
  BOOST_TEST_REQUIRE(frame.has_value());
  BOOST_TEST(frame->header_bytes == 10u);
  BOOST_TEST(json::parse(frame->payload).at("data").at("body") == m.body);
}

BOOST_AUTO_TEST_SUITE_END()
