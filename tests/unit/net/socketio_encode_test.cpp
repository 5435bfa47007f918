// Socket.IO v5 encoding (protocols.md §B.2–§C): the hub's frames are the
// transcript lines byte for byte, and decode(encode(x)) gives x back.
#include "net/socketio_codec.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "sio_test_packets.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace agenthub;
using namespace agenthub::net::sio;
using namespace agenthub::test;
using json = nlohmann::json;
namespace bdata = boost::unit_test::data;

BOOST_AUTO_TEST_SUITE(socketio_encode)

BOOST_AUTO_TEST_CASE(ack_is_the_argument_array_after_namespace_and_id) {
  BOOST_TEST(
    encode(packet_type::ack, "/agents", 0, json::array({{{"ok", true}}}))
    == R"(43/agents,0[{"ok":true}])");
}

BOOST_AUTO_TEST_CASE(ack_of_the_transcript_send) {
  auto text = encode(packet_type::ack, "/agents", 0,
                     json::array({{{"ok", true}, {"id", "m1"}}}));
  // nlohmann writes keys sorted; the order inside JSON is irrelevant (§B.4).
  BOOST_TEST(text == R"(43/agents,0[{"id":"m1","ok":true}])");
  BOOST_TEST(json::parse(text.substr(11))
             == json::parse(R"([{"ok":true,"id":"m1"}])"));
}

BOOST_AUTO_TEST_CASE(ack_without_arguments_is_an_empty_array) {
  BOOST_TEST(encode(packet_type::ack, "/agents", 13, json::array())
             == "43/agents,13[]");
}

BOOST_AUTO_TEST_CASE(ack_id_is_written_in_full_decimal) {
  auto max = std::numeric_limits<std::uint64_t>::max();
  BOOST_TEST(encode(packet_type::ack, "/agents", max, json::array())
             == "43/agents,18446744073709551615[]");
}

BOOST_AUTO_TEST_CASE(event_is_name_then_data_without_an_ack_id) {
  BOOST_TEST(encode_event("/agents", "connected", {{"agentId", "a1"}})
             == R"(42/agents,["connected",{"agentId":"a1"}])");
}

BOOST_AUTO_TEST_CASE(message_new_carries_the_message_fields) {
  json m = {{"id", "m1"},
            {"roomId", "r1"},
            {"senderId", "a1"},
            {"body", "hi"},
            {"createdAt", "2026-01-01T00:00:00.000Z"}};
  auto text = encode_event("/agents", "message:new", m);
  BOOST_TEST(text.rfind(R"(42/agents,["message:new",{)", 0) == 0u);
  auto transcript = json::parse(
    R"(["message:new",{"id":"m1","roomId":"r1","senderId":"a1","body":"hi",)"
    R"("createdAt":"2026-01-01T00:00:00.000Z"}])");
  BOOST_TEST(json::parse(text.substr(10)) == transcript);
}

BOOST_AUTO_TEST_CASE(connect_reply_carries_the_sid) {
  BOOST_TEST(
    encode(packet_type::connect, "/agents", std::nullopt, json{{"sid", "x"}})
    == R"(40/agents,{"sid":"x"})");
  BOOST_TEST(encode(packet_type::connect, "/agents", std::nullopt,
                    json{{"sid", "NeyHmBebTDgVxDckAAAA"}})
             == R"(40/agents,{"sid":"NeyHmBebTDgVxDckAAAA"})");
}

BOOST_AUTO_TEST_CASE(connect_error_carries_message_and_data_code) {
  auto text = encode(
    packet_type::connect_error, "/agents", std::nullopt,
    json{{"message", "unauthorized"}, {"data", {{"code", "BAD_TOKEN"}}}});
  BOOST_TEST(text
             == R"(44/agents,{"data":{"code":"BAD_TOKEN"},)"
                R"("message":"unauthorized"})");
  BOOST_TEST(json::parse(text.substr(10))
             == json::parse(R"({"message":"unauthorized",)"
                            R"("data":{"code":"BAD_TOKEN"}})"));
}

BOOST_AUTO_TEST_CASE(connect_error_for_an_unknown_namespace) {
  BOOST_TEST(encode(packet_type::connect_error, "/nope", std::nullopt,
                    json{{"message", "Invalid namespace"}})
             == R"(44/nope,{"message":"Invalid namespace"})");
}

BOOST_AUTO_TEST_CASE(disconnect_is_the_namespace_with_its_comma) {
  BOOST_TEST(
    encode(packet_type::disconnect, "/agents", std::nullopt, std::nullopt)
    == "41/agents,");
}

BOOST_AUTO_TEST_CASE(root_namespace_omits_the_namespace_and_comma) {
  BOOST_TEST(encode(packet_type::connect, "/", std::nullopt, json{{"sid", "x"}})
             == R"(40{"sid":"x"})");
  BOOST_TEST(encode_event("/", "x", 1) == R"(42["x",1])");
  BOOST_TEST(encode(packet_type::ack, "/", 1, json::array()) == "431[]");
  BOOST_TEST(encode(packet_type::disconnect, "/", std::nullopt, std::nullopt)
             == "41");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_data_is_replaced_not_thrown) {
  std::string text;
  BOOST_CHECK_NO_THROW(text = encode_event("/agents", "e", "a\xFF"));
  BOOST_TEST(text == "42/agents,[\"e\",\"a\xEF\xBF\xBD\"]");
}

BOOST_AUTO_TEST_SUITE_END()

// --- round trip -------------------------------------------------------------

namespace {

struct sample {
  const char* name;
  packet_type type;
  std::string nsp;
  std::optional<std::uint64_t> ack;
  std::optional<json> data;
};

std::ostream& operator<<(std::ostream& os, const sample& s) {
  return os << s.name;
}

const std::vector<sample> samples{
  {"connect_reply", packet_type::connect, "/agents", std::nullopt,
   json{{"sid", "NeyHmBebTDgVxDckAAAA"}}},
  {"connect_without_payload", packet_type::connect, "/agents", std::nullopt,
   std::nullopt},
  {"disconnect", packet_type::disconnect, "/agents", std::nullopt,
   std::nullopt},
  {"event_with_ack_zero", packet_type::event, "/agents", 0,
   json::array({"message:send", {{"roomId", "r1"}, {"body", "hi"}}})},
  {"event_without_ack", packet_type::event, "/agents", std::nullopt,
   json::array({"message:new", {{"id", "m1"}, {"seq", 318}}})},
  {"event_with_unicode", packet_type::event, "/agents", 7,
   json::array({"e", "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ \n"})},
  {"ack_with_result", packet_type::ack, "/agents", 0,
   json::array({{{"ok", true}, {"id", "m1"}}})},
  {"ack_with_null_and_value", packet_type::ack, "/agents", 99,
   json::array({nullptr, 1.5})},
  {"ack_without_arguments", packet_type::ack, "/agents", 13, json::array()},
  {"ack_with_15_digit_id", packet_type::ack, "/agents", 999999999999999,
   json::array()},
  {"connect_error_object", packet_type::connect_error, "/agents", std::nullopt,
   json{{"message", "unauthorized"}, {"data", {{"code", "BAD_TOKEN"}}}}},
  {"connect_error_string", packet_type::connect_error, "/agents", std::nullopt,
   json("unauthorized")},
  {"root_event", packet_type::event, "/", std::nullopt, json::array({"x"})},
  {"root_connect", packet_type::connect, "/", std::nullopt, std::nullopt},
  {"root_ack", packet_type::ack, "/", 3, json::array({1, 2})},
};

} // namespace

BOOST_AUTO_TEST_SUITE(socketio_round_trip)

BOOST_DATA_TEST_CASE(decoding_an_encoded_packet_gives_it_back,
                     bdata::make(samples), s) {
  auto text = encode(s.type, s.nsp, s.ack, s.data);
  BOOST_TEST_REQUIRE(text.front() == '4'); // the Engine.IO message type
  auto p = decode_ok(text.substr(1));
  BOOST_TEST(p.type == s.type);
  BOOST_TEST(p.nsp == s.nsp);
  BOOST_TEST(ack_text(p.ack_id) == ack_text(s.ack));
  BOOST_TEST(p.attachments == 0);
  BOOST_TEST(data_text(p.data) == data_text(s.data));
}

BOOST_AUTO_TEST_CASE(encode_event_round_trips_name_and_data) {
  json data = {{"roomId", "r1"}, {"body", "hi"}};
  auto p = decode_ok(encode_event("/agents", "room:join", data).substr(1));
  BOOST_TEST(p.type == packet_type::event);
  BOOST_TEST(p.nsp == "/agents");
  BOOST_TEST(!p.ack_id.has_value());
  BOOST_TEST(data_text(p.data) == json::array({"room:join", data}).dump());
}

BOOST_AUTO_TEST_SUITE_END()
