// The session actor's client commands: send and its replies, validation,
// unknown events, decode errors, the in-flight bound and the rate limit.
#include "actors/session.hpp"
#include "actors/session_impl.hpp"
#include "config/defaults.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "session_fixture.hpp"

using namespace agenthub;
using namespace agenthub::test;
namespace bdata = boost::unit_test::data;

namespace {

/// The live state of a session (the test coordinator runs actors only
/// inside sched.run(), so touching it between runs is race-free).
detail::session_state& state_of(const session_actor& h) {
  using impl = std::remove_pointer_t<
    session_actor::stateful_pointer<detail::session_state>>;
  auto* self = dynamic_cast<impl*>(caf::actor_cast<caf::abstract_actor*>(h));
  BOOST_REQUIRE(self != nullptr);
  return self->state;
}

/// The session's 30 events/s limit reads steady_clock itself; tests of other
/// bounds lift it instead of waiting for real time to pass.
void lift_rate_limit(const session_actor& h) {
  state_of(h).rate = event_rate_limit{1000000, 1000000};
}

client_command event(const std::string& name, const std::string& ref) {
  client_command cmd;
  cmd.event = name;
  cmd.ref = ref;
  return cmd;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(session_actor_commands, session_fixture)

BOOST_AUTO_TEST_CASE(send_reply_carries_id_and_seq) {
  auto room = add_room(room_uuid(1), "research");
  room->next_seq = 318;
  connect({room->id});
  send("7", room->id, "hello", "c-42");
  BOOST_TEST_REQUIRE(room->published.size() == 1u);
  BOOST_TEST(room->published[0].sender_id == agent);
  BOOST_TEST(room->published[0].body == "hello");
  BOOST_TEST(room->published[0].client_msg_id == "c-42");
  BOOST_TEST_REQUIRE(sink->replies.count("7") == 1u);
  const auto& r = sink->replies["7"];
  BOOST_TEST(r.at("id") == "msg-318");
  BOOST_TEST(r.at("seq") == 318);
  BOOST_TEST(r.at("roomId") == room->id);
  BOOST_TEST(r.at("createdAt") == "2026-11-22T05:13:39.860Z");
  BOOST_TEST(r.at("duplicate") == false);
}

BOOST_AUTO_TEST_CASE(send_to_a_room_not_joined_goes_through_the_registry) {
  auto room = add_room(room_uuid(1), "research");
  connect({});
  send("7", room->id, "membership suffices");
  BOOST_TEST(registry_s->asked == std::vector<std::string>{room->id});
  BOOST_TEST(room->published.size() == 1u);
  BOOST_TEST(sink->replies.count("7") == 1u);
}

BOOST_AUTO_TEST_CASE(room_ids_are_compared_in_lower_case) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  auto upper = room->id;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  send("7", upper, "hi");
  BOOST_TEST(room->published.size() == 1u);
  BOOST_TEST(sink->replies.at("7").at("roomId") == room->id);
}

BOOST_AUTO_TEST_CASE(send_error_from_room_is_replied_with_its_code) {
  auto room = add_room(room_uuid(1), "research");
  room->on_publish = room_script::fail;
  room->publish_error = make_error(errc::room_archived);
  connect({room->id});
  send("7", room->id, "hello");
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].ref == "7");
  BOOST_TEST(sink->errors[0].code == "room_archived");
  BOOST_TEST(sink->errors[0].message == "the room is archived");
  BOOST_TEST(sink->replies.empty());
}

BOOST_AUTO_TEST_CASE(too_many_in_flight_is_refused_after_64_unacked_sends) {
  auto room = add_room(room_uuid(1), "research");
  room->on_publish = room_script::never;
  connect({room->id});
  lift_rate_limit(session);
  for (unsigned i = 1; i <= defaults::session_max_in_flight + 1; ++i)
    send("s" + std::to_string(i), room->id, "body");
  BOOST_TEST(room->published.size() == defaults::session_max_in_flight);
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].code == "too_many_in_flight");
  BOOST_TEST(sink->errors[0].ref == "s65");
}

BOOST_AUTO_TEST_CASE(an_acked_send_frees_its_in_flight_slot) {
  auto room = add_room(room_uuid(1), "research");
  room->on_publish = room_script::fail; // answered, with an error
  connect({room->id});
  lift_rate_limit(session);
  for (unsigned i = 1; i <= defaults::session_max_in_flight + 10; ++i)
    send("s" + std::to_string(i), room->id, "body");
  BOOST_TEST(room->published.size() == defaults::session_max_in_flight + 10);
  BOOST_TEST(sink->count_errors("too_many_in_flight") == 0u);
}

BOOST_AUTO_TEST_CASE(
  a_send_the_registry_cannot_route_frees_its_in_flight_slot) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  lift_rate_limit(session);
  // The registry fails these (here room_not_found; in production a timeout
  // or a restarting registry takes the same path).
  for (unsigned i = 1; i <= defaults::session_max_in_flight; ++i)
    send("x" + std::to_string(i), room_uuid(9), "body");
  BOOST_TEST(sink->count_errors("room_not_found")
             == defaults::session_max_in_flight);
  send("ok", room->id, "body");
  BOOST_TEST(sink->count_errors("too_many_in_flight") == 0u);
  BOOST_TEST(sink->replies.count("ok") == 1u);
}

namespace {

struct invalid_send {
  const char* name;
  std::string body;
  std::string client_msg_id;
};

std::ostream& operator<<(std::ostream& os, const invalid_send& c) {
  return os << c.name;
}

const std::vector<invalid_send> invalid_sends{
  {"empty_body", "", ""},
  {"body_over_32_kib", std::string(defaults::message_body_max_bytes + 1, 'b'),
   ""},
  {"body_with_nul", std::string("a\0b", 3), ""},
  {"client_msg_id_over_128", "ok", std::string(129, 'c')},
  {"client_msg_id_with_control", "ok", "c\x01"},
  {"client_msg_id_with_del", "ok", "c\x7f"},
};

} // namespace

BOOST_DATA_TEST_CASE_F(
  session_fixture,
  invalid_body_and_client_msg_id_are_refused_without_contacting_the_room,
  bdata::make(invalid_sends), c) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  send("7", room->id, c.body, c.client_msg_id);
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].ref == "7");
  BOOST_TEST(sink->errors[0].code == "invalid_request");
  BOOST_TEST(room->published.empty());
}

BOOST_AUTO_TEST_CASE(limits_themselves_are_accepted) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  send("7", room->id, std::string(defaults::message_body_max_bytes, 'b'),
       std::string(defaults::client_msg_id_max_chars, 'c'));
  BOOST_TEST(sink->errors.empty());
  BOOST_TEST(room->published.size() == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_event_is_replied_unknown_event) {
  connect({});
  command(event("nope", "5"));
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].ref == "5");
  BOOST_TEST(sink->errors[0].code == "unknown_event");
  BOOST_TEST(sink->errors[0].message == "unknown event 'nope'");
}

BOOST_AUTO_TEST_CASE(a_command_without_room_is_refused) {
  connect({});
  command(event("message:send", "5"));
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].code == "invalid_request");
}

BOOST_DATA_TEST_CASE_F(session_fixture,
                       decode_errors_are_replied_with_their_code,
                       bdata::make({"invalid_json", "invalid_frame",
                                    "invalid_request"})
                         ^ bdata::make({"", "r1", "r2"}),
                       code, ref) {
  connect({});
  auto cmd = event("", ref);
  cmd.error_code = code;
  cmd.error_message = "what was wrong";
  command(cmd);
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].ref == ref);
  BOOST_TEST(sink->errors[0].code == code);
  BOOST_TEST(sink->errors[0].message == "what was wrong");
}

BOOST_AUTO_TEST_CASE(leave_stops_delivery_and_tells_the_room) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  auto cmd = event("room:leave", "l1");
  cmd.room = room->id;
  command(cmd);
  BOOST_TEST(room->leaves == 1);
  BOOST_TEST(sink->replies.at("l1").at("roomId") == room->id);
  live(room->commit());
  BOOST_TEST(sink->delivered.empty());
}

BOOST_AUTO_TEST_CASE(rate_limit_replies_rate_limited_and_closes_4008_on_abuse) {
  connect({});
  // Unknown events are cheap and never reach a room. The bucket holds 30
  // events and refills in real time, so a slow machine may pass a few more:
  // count outcomes rather than positions.
  int sent = 0;
  while (sink->closes.empty() && sent < 1000)
    command(event("nope", "e" + std::to_string(++sent)));
  BOOST_TEST(sink->count_errors("unknown_event") >= 30u);
  BOOST_TEST(sink->count_errors("rate_limited")
             == defaults::session_rate_violations_to_close - 1);
  BOOST_TEST_REQUIRE(sink->closes.size() == 1u);
  BOOST_TEST(sink->closes[0].first == 4008);
  for (const auto& e : sink->errors)
    if (e.code == "rate_limited")
      BOOST_TEST(!e.ref.empty());
}

BOOST_AUTO_TEST_CASE(the_rate_limit_judges_when_frames_arrived) {
  connect({});
  // 40 frames that arrived together, whenever the session gets to them: 30
  // pass and 10 are refused, however slow the machine.
  auto stamp = std::chrono::steady_clock::now().time_since_epoch()
               / std::chrono::nanoseconds{1};
  for (int i = 0; i < 40; ++i) {
    auto cmd = event("nope", "a" + std::to_string(i));
    cmd.received_ns = stamp;
    command(cmd);
  }
  BOOST_TEST(sink->count_errors("unknown_event") == 30u);
  BOOST_TEST(sink->count_errors("rate_limited") == 10u);
  for (const auto& e : sink->errors)
    if (e.code == "rate_limited")
      BOOST_TEST(e.message == "more than 30 events per second; slow down");
  // A command re-issued after a slug lookup paid its token the first time.
  auto again = event("nope", "again");
  again.received_ns = stamp;
  again.resolved = true;
  command(again);
  BOOST_TEST(sink->count_errors("unknown_event") == 31u);
  BOOST_TEST(sink->count_errors("rate_limited") == 10u);
}

BOOST_AUTO_TEST_SUITE_END()
