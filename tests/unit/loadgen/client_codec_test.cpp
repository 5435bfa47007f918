// Client framings: /ws envelopes and Socket.IO packets, both directions,
// plus the body timing stamp.
#include "tools/loadgen/client_codec.hpp"

#include <boost/test/unit_test.hpp>

#include "tools/loadgen/body_stamp.hpp"

using namespace agenthub::loadgen;
using json = nlohmann::json;
using kind = inbound::kind;

BOOST_AUTO_TEST_SUITE(client_codec)

BOOST_AUTO_TEST_CASE(ws_request_is_the_documented_envelope) {
  auto text = encode_request(framing::ws, "message:send", 7,
                             json{{"roomId", "r1"}, {"body", "hi"}});
  auto j = json::parse(text);
  BOOST_TEST(j["type"] == "message:send");
  BOOST_TEST(j["ref"] == "7");
  BOOST_TEST(j["data"]["roomId"] == "r1");
  BOOST_TEST(j["data"]["body"] == "hi");
}

BOOST_AUTO_TEST_CASE(socketio_request_is_an_event_with_ack_id) {
  auto text = encode_request(framing::socketio, "message:send", 0,
                             json{{"roomId", "r1"}});
  BOOST_TEST(text == R"(42/agents,0["message:send",{"roomId":"r1"}])");
  BOOST_TEST(encode_connect("tok") == R"(40/agents,{"token":"tok"})");
  BOOST_TEST(eio_pong() == "3");
}

BOOST_AUTO_TEST_CASE(ws_ok_reply_carries_ref_and_data) {
  auto in = decode_inbound(
    framing::ws,
    R"({"data":{"duplicate":false,"id":"m","roomId":"r","seq":318},"ok":true,"ref":"7","type":"reply"})");
  BOOST_TEST((in.what == kind::reply));
  BOOST_TEST(in.has_id);
  BOOST_TEST(in.id == 7u);
  BOOST_TEST(in.ok);
  BOOST_TEST(in.data["seq"] == 318);
}

BOOST_AUTO_TEST_CASE(ws_error_reply_carries_the_code) {
  auto in = decode_inbound(
    framing::ws,
    R"({"error":{"code":"not_member","message":"no"},"ok":false,"ref":"3","type":"reply"})");
  BOOST_TEST((in.what == kind::reply));
  BOOST_TEST(!in.ok);
  BOOST_TEST(in.code == "not_member");
  BOOST_TEST(in.id == 3u);
}

BOOST_AUTO_TEST_CASE(ws_events) {
  auto m = decode_inbound(
    framing::ws,
    R"({"data":{"body":"b","roomId":"r","seq":2},"type":"message:new"})");
  BOOST_TEST((m.what == kind::message_new));
  BOOST_TEST(m.data["seq"] == 2);
  auto c = decode_inbound(framing::ws,
                          R"({"data":{"rooms":[]},"type":"connected"})");
  BOOST_TEST((c.what == kind::connected));
  auto e = decode_inbound(
    framing::ws,
    R"({"error":{"code":"invalid_json","message":"x"},"type":"error"})");
  BOOST_TEST((e.what == kind::error_event));
  BOOST_TEST(e.code == "invalid_json");
  auto p
    = decode_inbound(framing::ws, R"({"data":{},"type":"presence:update"})");
  BOOST_TEST((p.what == kind::event));
  BOOST_TEST((decode_inbound(framing::ws, "nope").what == kind::invalid));
  BOOST_TEST((decode_inbound(framing::ws, "[]").what == kind::invalid));
}

BOOST_AUTO_TEST_CASE(engineio_packets) {
  BOOST_TEST(
    (decode_inbound(framing::socketio,
                    R"(0{"sid":"x","upgrades":[],"pingInterval":25000})")
       .what
     == kind::eio_open));
  BOOST_TEST((decode_inbound(framing::socketio, "2").what == kind::eio_ping));
  BOOST_TEST((decode_inbound(framing::socketio, "6").what == kind::ignored));
  BOOST_TEST((decode_inbound(framing::socketio, "x").what == kind::invalid));
  BOOST_TEST((decode_inbound(framing::socketio, "").what == kind::invalid));
}

BOOST_AUTO_TEST_CASE(socketio_connect_and_refusal) {
  auto ok = decode_inbound(framing::socketio, R"(40/agents,{"sid":"abc"})");
  BOOST_TEST((ok.what == kind::connect_ok));
  auto no = decode_inbound(
    framing::socketio,
    R"(44/agents,{"message":"session token expired","data":{"code":"token_expired"}})");
  BOOST_TEST((no.what == kind::connect_error));
  BOOST_TEST(no.code == "token_expired");
  auto bare = decode_inbound(framing::socketio,
                             R"(44/agents,{"message":"unauthorized"})");
  BOOST_TEST(bare.code == "unauthorized");
  BOOST_TEST(
    (decode_inbound(framing::socketio, "41/agents,").what == kind::disconnect));
}

BOOST_AUTO_TEST_CASE(socketio_ack_ok_and_error) {
  auto ok = decode_inbound(
    framing::socketio,
    R"(43/agents,12[{"createdAt":"t","duplicate":false,"id":"m","roomId":"r","seq":5}])");
  BOOST_TEST((ok.what == kind::reply));
  BOOST_TEST(ok.id == 12u);
  BOOST_TEST(ok.ok);
  BOOST_TEST(ok.data["seq"] == 5);
  auto err = decode_inbound(
    framing::socketio,
    R"(43/agents,0[{"error":{"code":"rate_limited","message":"slow down"}}])");
  BOOST_TEST((err.what == kind::reply));
  BOOST_TEST(err.id == 0u);
  BOOST_TEST(!err.ok);
  BOOST_TEST(err.code == "rate_limited");
  auto wrapped = decode_inbound(framing::socketio,
                                R"(43/agents,4[{"ok":true,"data":{"seq":9}}])");
  BOOST_TEST(wrapped.ok);
  BOOST_TEST(wrapped.data["seq"] == 9);
  BOOST_TEST((decode_inbound(framing::socketio, "43/agents,[{}]").what
              == kind::invalid));
}

BOOST_AUTO_TEST_CASE(socketio_events) {
  auto m = decode_inbound(
    framing::socketio,
    R"(42/agents,["message:new",{"roomId":"r","seq":3,"body":"lg:1:2:3|x"}])");
  BOOST_TEST((m.what == kind::message_new));
  BOOST_TEST(m.data["seq"] == 3);
  auto e = decode_inbound(
    framing::socketio,
    R"(42/agents,["error",{"code":"rate_limited","message":"m"}])");
  BOOST_TEST((e.what == kind::error_event));
  BOOST_TEST(e.code == "rate_limited");
  BOOST_TEST((decode_inbound(framing::socketio, R"(42/other,["x",{}])").what
              == kind::ignored));
  BOOST_TEST(
    (decode_inbound(framing::socketio, "42/agents,{}").what == kind::invalid));
  BOOST_TEST((decode_inbound(framing::socketio, "42/agents,[1,2").what
              == kind::invalid));
}

BOOST_AUTO_TEST_CASE(body_stamp_round_trips_and_pads) {
  body_stamp s{123456789012345, 17, 42};
  auto body = make_body(s, 100);
  BOOST_TEST(body.size() == 100u);
  BOOST_TEST(body.rfind("lg:123456789012345:17:42|", 0) == 0u);
  auto back = parse_stamp(body);
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(back->send_ns == s.send_ns);
  BOOST_TEST(back->sender_conn == 17u);
  BOOST_TEST(back->n == 42u);
  BOOST_TEST(make_body(s, 1) == "lg:123456789012345:17:42|");
  BOOST_TEST(stamp_body(s, "hello") == "lg:123456789012345:17:42|hello");
  BOOST_TEST(!parse_stamp("hello").has_value());
  BOOST_TEST(!parse_stamp("lg:12:3").has_value());
  BOOST_TEST(!parse_stamp("lg:x:1:2|").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
