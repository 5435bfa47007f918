// Refused client frames: each gets its documented stable code, nothing is
// stored, and the connection stays usable; oversized ones close it (1009).
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

struct errors_hub : default_hub {};

/// One member in a room of its own, connected.
struct member {
  chat_agent agent;
  chat_room room;
  std::unique_ptr<ws_client> ws;
};

member make_member(hub_fixture& hub, const std::string& prefix) {
  member m;
  m.agent = make_chat_agent(hub, prefix);
  m.room = make_chat_room(hub, {m.agent});
  m.ws = connect_chat(hub, m.agent);
  return m;
}

/// The connection still works: a send is acknowledged with the next seq.
void expect_usable(hub_fixture& hub, member& m) {
  auto before = message_rows(hub, m.room.id);
  auto ack = send_message(*m.ws, m.room.id, "still here");
  BOOST_TEST(ack["seq"] == before + 1);
}

std::string replace_all(std::string text, const std::string& from,
                        const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

/// Frames with a ref whose fields are missing, mistyped or out of range
/// ({ROOM} is the member's room id).
const std::vector<std::string> invalid_requests = {
  R"({"type":"message:send","ref":"x","data":{"roomId":"{ROOM}","body":42}})",
  R"({"type":"message:send","ref":"x","data":{"roomId":7,"body":"hi"}})",
  R"({"type":"message:send","ref":"x","data":{"body":"no room"}})",
  R"({"type":"message:send","ref":"x","data":{"roomId":"{ROOM}"}})",
  R"({"type":"message:send","ref":"x","data":{"roomId":"{ROOM}","body":""}})",
  R"({"type":"message:send","ref":"x","data":{"roomId":"{ROOM}","body":"a",)"
  R"("clientMsgId":12}})",
  R"({"type":"message:send","ref":"x","data":{"roomId":"{ROOM}","body":"a",)"
  R"("clientMsgId":"{LONG_ID}"}})",
  R"({"type":"message:send","ref":"x","data":{"roomId":"{ROOM}","body":"{BIG}"}})",
  R"({"type":"message:send","ref":"x","data":["roomId","{ROOM}"]})",
  R"({"type":"room:join","ref":"x","data":{"roomId":"{ROOM}","afterSeq":-1}})",
  R"({"type":"room:join","ref":"x","data":{"roomId":"{ROOM}","afterSeq":"3"}})",
  R"({"type":"message:history","ref":"x","data":{"roomId":"{ROOM}",)"
  R"("limit":"ten"}})",
  R"({"type":"message:history","ref":"x","data":{"roomId":"{ROOM}",)"
  R"("beforeSeq":1.5}})",
};

} // namespace

AGENTHUB_HUB_SUITE(errors, errors_hub)

BOOST_AUTO_TEST_CASE(non_member_send_is_not_member_and_stores_nothing) {
  auto insider = make_member(hub, "insider");
  auto outsider = make_member(hub, "outsider");
  for (const auto& key : {insider.room.id, insider.room.slug}) {
    auto reply = outsider.ws->request("message:send",
                                      send_data(key, "let me in", "sneak"));
    BOOST_TEST(reply["ok"] == false);
    BOOST_TEST(frame_error_code(reply) == "not_member", reply.dump());
  }
  BOOST_TEST(message_rows(hub, insider.room.id) == 0);
  BOOST_TEST(hub.db.scalar("SELECT count(*) FROM messages WHERE sender_id ="
                           " $1::uuid",
                           outsider.agent.id)
             == 0);
  insider.ws->poll(std::chrono::milliseconds{200});
  for (const auto& f : insider.ws->buffered())
    BOOST_TEST(!is_message_of(f, insider.room.id), f.dump());
  expect_usable(hub, outsider);
}

BOOST_AUTO_TEST_CASE(malformed_json_gets_an_invalid_json_error_event) {
  auto m = make_member(hub, "garbler");
  for (const std::string text : {"not json", R"({"type":"message:send",)"}) {
    BOOST_TEST_REQUIRE(m.ws->send_text(text));
    auto err = m.ws->wait_event("error");
    BOOST_TEST(frame_error_code(err) == "invalid_json", err.dump());
    BOOST_TEST(!err.contains("ref"));
  }
  BOOST_TEST(message_rows(hub, m.room.id) == 0);
  expect_usable(hub, m);
}

BOOST_AUTO_TEST_CASE(frames_that_are_not_envelopes_are_invalid_frame) {
  auto m = make_member(hub, "shapeless");
  const std::vector<std::string> frames{R"([1,2,3])",
                                        R"("message:send")",
                                        R"({"ref":{},"type":"room:join"})",
                                        R"({"data":{}})",
                                        R"({"type":""})",
                                        R"({"type":")" + std::string(65, 'a')
                                          + R"("})"};
  for (const auto& text : frames) {
    BOOST_TEST_REQUIRE(m.ws->send_text(text));
    auto err = m.ws->wait_event("error");
    BOOST_TEST(frame_error_code(err) == "invalid_frame",
               text << " -> " << err.dump());
  }
  // With a usable ref the refusal is a reply to it.
  BOOST_TEST_REQUIRE(m.ws->send_text(R"({"ref":"7","type":17})"));
  auto reply = m.ws->wait_reply("7");
  BOOST_TEST(frame_error_code(reply) == "invalid_frame", reply.dump());
  expect_usable(hub, m);
}

BOOST_AUTO_TEST_CASE(unknown_event_is_answered_unknown_event) {
  auto m = make_member(hub, "curious");
  BOOST_TEST_REQUIRE(m.ws->send_text(R"({"type":"nope","ref":5})"));
  auto reply = m.ws->wait_reply("5");
  BOOST_TEST(reply["ok"] == false);
  BOOST_TEST(frame_error_code(reply) == "unknown_event", reply.dump());
  // Without a ref it comes as an error event.
  BOOST_TEST_REQUIRE(m.ws->send_text(R"({"type":"room:destroy"})"));
  auto err = m.ws->wait_event("error");
  BOOST_TEST(frame_error_code(err) == "unknown_event", err.dump());
  expect_usable(hub, m);
}

BOOST_DATA_TEST_CASE(mistyped_fields_are_invalid_request,
                     bdata::make(invalid_requests), frame) {
  auto m = make_member(hub, "mistyped");
  auto text = replace_all(frame, "{ROOM}", m.room.id);
  text = replace_all(text, "{LONG_ID}", std::string(129, 'i'));
  text = replace_all(text, "{BIG}", std::string(32 * 1024 + 1, 'b'));
  BOOST_TEST_REQUIRE(m.ws->send_text(text));
  auto reply = m.ws->wait_reply("x");
  BOOST_TEST(reply["ok"] == false);
  BOOST_TEST(frame_error_code(reply) == "invalid_request", reply.dump());
  BOOST_TEST(message_rows(hub, m.room.id) == 0);
  expect_usable(hub, m);
}

BOOST_AUTO_TEST_CASE(frame_over_64_kib_closes_with_1009) {
  auto m = make_member(hub, "oversized");
  auto body = std::string(64 * 1024, 'o');
  auto payload = send_data(m.room.id, body, "too-big").dump();
  BOOST_TEST_REQUIRE(payload.size() > 64 * 1024u);
  m.ws->send_raw(client_frame(1, payload));
  auto closed = m.ws->wait_close();
  BOOST_TEST_REQUIRE(closed.has_value());
  BOOST_TEST(closed->code == 1009, closed->reason);
  BOOST_TEST(message_rows(hub, m.room.id) == 0);
}

BOOST_AUTO_TEST_CASE(fragments_over_64_kib_together_close_with_1009) {
  auto m = make_member(hub, "fragmented");
  auto half = std::string(40 * 1024, 'f');
  m.ws->send_raw(client_frame(1, half, false) + client_frame(0, half, true));
  auto closed = m.ws->wait_close();
  BOOST_TEST_REQUIRE(closed.has_value());
  BOOST_TEST(closed->code == 1009, closed->reason);
}

BOOST_AUTO_TEST_CASE(frame_of_exactly_64_kib_is_accepted) {
  auto m = make_member(hub, "boundary");
  auto text = nlohmann::json{{"type", "message:send"},
                             {"ref", "edge"},
                             {"data", send_data(m.room.id, "", "edge")}}
                .dump();
  // Pad the body so the whole frame is exactly 64 KiB: it is read and
  // answered (the body is over 32 KiB), not closed.
  auto pad = 64 * 1024 - text.size();
  text.replace(text.find(R"("body":"")") + 8, 0, std::string(pad, 'e'));
  BOOST_TEST_REQUIRE(text.size() == 64 * 1024u);
  BOOST_TEST_REQUIRE(m.ws->send_text(text));
  auto reply = m.ws->wait_reply("edge");
  BOOST_TEST(frame_error_code(reply) == "invalid_request", reply.dump());
  BOOST_TEST(m.ws->is_open());
  expect_usable(hub, m);
}

BOOST_AUTO_TEST_CASE(binary_frame_closes_with_1003) {
  auto m = make_member(hub, "binary");
  m.ws->send_raw(client_frame(2, R"({"type":"presence:list"})"));
  auto closed = m.ws->wait_close();
  BOOST_TEST_REQUIRE(closed.has_value());
  BOOST_TEST(closed->code == 1003, closed->reason);
}

BOOST_AUTO_TEST_SUITE_END()
