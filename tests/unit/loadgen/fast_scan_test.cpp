// The hot-frame scanner agrees with the exact decoder, and gives up on
// anything unusual; the direct message:send encoder equals the JSON one.
#include "tools/loadgen/fast_scan.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tools/loadgen/client_codec.hpp"

#include <string>
#include <vector>

using namespace agenthub::loadgen;
using json = nlohmann::json;
using hot = hot_frame::kind;
namespace bdata = boost::unit_test::data;

namespace {

struct sample {
  framing f;
  std::string text;
};

std::ostream& operator<<(std::ostream& o, const sample& s) {
  return o << to_string(s.f) << ' ' << s.text;
}

// Frames as the hub and the Node baseline write them.
const std::vector<sample> deliveries = {
  {framing::ws,
   R"({"data":{"body":"lg:5:1:2|xx","clientMsgId":null,"createdAt":"2026-11-22T05:13:39.860Z","id":"01a2","roomId":"f3a8c2c7-1","senderId":"1e46","seq":318},"type":"message:new"})"},
  {framing::ws,
   R"({"type":"message:new","data":{"seq":7,"roomId":"r","body":"a \"q\" b"}})"},
  {framing::socketio,
   R"(42/agents,["message:new",{"body":"lg:5:1:2|x","clientMsgId":null,"createdAt":"t","id":"m","roomId":"r-1","senderId":"s","seq":3}])"},
  {framing::socketio,
   R"(42/agents,["message:new",{"id":"m","roomId":"lgabc-r0","seq":12,"senderId":"s","body":"lg:9:0:1|x","clientMsgId":null,"createdAt":"t","meta":{"a":[1,{"b":"]"}]}}])"},
};

const std::vector<sample> acks = {
  {framing::ws,
   R"({"data":{"createdAt":"t","duplicate":false,"id":"m","roomId":"r","seq":318},"ok":true,"ref":"7","type":"reply"})"},
  {framing::ws,
   R"({"data":{"createdAt":"t","duplicate":true,"id":"m","roomId":"r","seq":4},"ok":true,"ref":"12","type":"reply"})"},
  {framing::socketio,
   R"(43/agents,12[{"createdAt":"t","duplicate":false,"id":"m","roomId":"r","seq":5}])"},
  {framing::socketio,
   R"(43/agents,0[{"id":"m","roomId":"r","seq":1,"createdAt":"t","duplicate":false}])"},
};

// Frames the scanner must leave to the exact decoder.
const std::vector<sample> others = {
  {framing::ws,
   R"({"error":{"code":"not_member","message":"no"},"ok":false,"ref":"3","type":"reply"})"},
  {framing::ws,
   R"({"data":{"lastSeq":3,"presence":[],"roomId":"r","slug":"s"},"ok":true,"ref":"1","type":"reply"})"},
  {framing::ws, R"({"data":{"rooms":[]},"type":"connected"})"},
  {framing::ws,
   R"({"data":{"roomId":"r\u0031","seq":1},"type":"message:new"})"},
  {framing::ws, R"({"data":{"roomId":"r","seq":-1},"type":"message:new"})"},
  {framing::ws, R"({"data":{"roomId":"r","seq":1.5},"type":"message:new"})"},
  {framing::ws, R"({"data":{"roomId":"r","seq":1},"type":"message:new"} x)"},
  {framing::ws, R"({"data":{"roomId":"r","seq":1},"type":"message:new")"},
  {framing::ws, "not json"},
  {framing::socketio,
   R"(43/agents,0[{"error":{"code":"rate_limited","message":"slow down"}}])"},
  {framing::socketio, R"(43/agents,4[{"ok":true,"data":{"seq":9}}])"},
  {framing::socketio, R"(42/agents,["presence:update",{"roomId":"r"}])"},
  {framing::socketio, R"(42/agents,["message:new",{"roomId":"r","seq":1})"},
  {framing::socketio, R"(42/other,["message:new",{"roomId":"r","seq":1}])"},
  {framing::socketio, "2"},
  {framing::socketio, R"(40/agents,{"sid":"x"})"},
};

} // namespace

namespace {

// The checks live in plain functions: inside BOOST_DATA_TEST_CASE the
// sample's type is a template parameter, and nlohmann's get<T>() would need
// `template` before it.
void check_delivery(const sample& s) {
  auto h = scan_hot_frame(s.f, s.text);
  BOOST_TEST_REQUIRE(h.has_value());
  BOOST_TEST((h->what == hot::message_new));
  auto in = decode_inbound(s.f, s.text);
  BOOST_TEST((in.what == inbound::kind::message_new));
  BOOST_TEST(std::string(h->room_id) == in.data["roomId"].get<std::string>());
  BOOST_TEST(h->seq == in.data["seq"].get<std::uint64_t>());
  auto body = in.data["body"].get<std::string>();
  if (body.rfind("lg:", 0) == 0)
    BOOST_TEST(std::string(h->body_raw) == body);
}

void check_ack(const sample& s) {
  auto h = scan_hot_frame(s.f, s.text);
  BOOST_TEST_REQUIRE(h.has_value());
  BOOST_TEST((h->what == hot::send_ack));
  auto in = decode_inbound(s.f, s.text);
  BOOST_TEST(in.ok);
  BOOST_TEST(h->id == in.id);
  BOOST_TEST(h->seq == in.data["seq"].get<std::uint64_t>());
  BOOST_TEST(h->duplicate == in.data.value("duplicate", false));
}

} // namespace

BOOST_AUTO_TEST_SUITE(fast_scan)

BOOST_DATA_TEST_CASE(deliveries_match_the_exact_decoder,
                     bdata::make(deliveries), s) {
  check_delivery(s);
}

BOOST_DATA_TEST_CASE(acks_match_the_exact_decoder, bdata::make(acks), s) {
  check_ack(s);
}

BOOST_DATA_TEST_CASE(anything_else_is_left_to_the_exact_decoder,
                     bdata::make(others), s) {
  BOOST_TEST(!scan_hot_frame(s.f, s.text).has_value());
}

BOOST_AUTO_TEST_CASE(direct_send_encoding_equals_the_json_one) {
  for (auto f : {framing::ws, framing::socketio}) {
    for (std::string cmid : {"", "lgabc-3-17"}) {
      json data = {{"roomId", "f3a8c2c7-1"}, {"body", "lg:1:2:3|xxxx"}};
      if (!cmid.empty())
        data["clientMsgId"] = cmid;
      BOOST_TEST(encode_send(f, 41, "f3a8c2c7-1", "lg:1:2:3|xxxx", cmid)
                 == encode_request(f, "message:send", 41, data));
    }
    // A body that needs escaping takes the JSON path: still equal.
    json data = {{"roomId", "r"}, {"body", "a\"b\\c\n\xc3\xa9"}};
    BOOST_TEST(encode_send(f, 0, "r", "a\"b\\c\n\xc3\xa9", "")
               == encode_request(f, "message:send", 0, data));
  }
}

BOOST_AUTO_TEST_SUITE_END()
