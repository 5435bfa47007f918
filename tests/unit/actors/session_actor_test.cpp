// The session actor's lifecycle and delivery: connect, live delivery in
// order, gaps, slow consumers, resume and close.
#include "actors/session.hpp"

#include <boost/test/unit_test.hpp>

#include "session_fixture.hpp"

#include <algorithm>
#include <set>
#include <tuple>

using namespace agenthub;
using namespace agenthub::test;
using seq_list = std::vector<std::uint64_t>;

namespace {

/// Index of `what` in `v` (v.size() if absent).
std::size_t position(const std::vector<std::string>& v,
                     const std::string& what) {
  return static_cast<std::size_t>(std::find(v.begin(), v.end(), what)
                                  - v.begin());
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(session_actor_delivery, session_fixture)

BOOST_AUTO_TEST_CASE(connected_event_lists_auto_joined_rooms) {
  auto research = add_room(room_uuid(1), "research", 3);
  auto ops = add_room(room_uuid(2), "ops", 0);
  connect({room_uuid(1), room_uuid(2)});
  auto connected = sink->events_named("connected");
  BOOST_TEST_REQUIRE(connected.size() == 1u);
  const auto& data = connected[0].data;
  BOOST_TEST(data.at("agentId") == agent);
  BOOST_TEST(data.at("name") == "Agent A");
  BOOST_TEST(data.at("role") == "agent");
  std::set<std::tuple<std::string, std::string, std::uint64_t>> rooms;
  for (const auto& r : data.at("rooms"))
    rooms.emplace(r.at("roomId").get<std::string>(),
                  r.at("slug").get<std::string>(),
                  r.at("lastSeq").get<std::uint64_t>());
  BOOST_TEST((rooms
              == decltype(rooms){{room_uuid(1), "research", 3},
                                 {room_uuid(2), "ops", 0}}));
  BOOST_TEST(research->joined_agents == std::vector<std::string>{agent});
  BOOST_TEST(ops->joined_agents == std::vector<std::string>{agent});
  BOOST_TEST(sink->delivered.empty()); // no backlog without afterSeq
}

BOOST_AUTO_TEST_CASE(a_failed_auto_join_is_an_error_event_and_left_out) {
  add_room(room_uuid(1), "research");
  connect({room_uuid(1), room_uuid(9)}); // 9: unknown to the registry
  BOOST_TEST_REQUIRE(sink->errors.size() == 1u);
  BOOST_TEST(sink->errors[0].ref.empty());
  BOOST_TEST(sink->errors[0].code == "room_not_found");
  auto connected = sink->events_named("connected");
  BOOST_TEST_REQUIRE(connected.size() == 1u);
  BOOST_TEST_REQUIRE(connected[0].data.at("rooms").size() == 1u);
  BOOST_TEST(connected[0].data.at("rooms")[0].at("roomId") == room_uuid(1));
}

BOOST_AUTO_TEST_CASE(an_agent_without_rooms_is_connected_at_once) {
  connect({});
  auto connected = sink->events_named("connected");
  BOOST_TEST_REQUIRE(connected.size() == 1u);
  BOOST_TEST(connected[0].data.at("rooms").empty());
}

BOOST_AUTO_TEST_CASE(
  live_messages_are_delivered_in_order_and_duplicates_dropped) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  for (std::uint64_t seq : {1, 2, 2, 1, 3}) {
    if (seq > room->last_seq)
      room->commit();
    live(make_record(room->id, seq));
  }
  BOOST_TEST(sink->seqs() == one_to(3));
  BOOST_TEST(room->fetched_after.empty()); // no gap, no read
}

BOOST_AUTO_TEST_CASE(messages_of_rooms_not_joined_are_dropped) {
  connect({});
  live(make_record(room_uuid(5), 1));
  BOOST_TEST(sink->delivered.empty());
}

BOOST_AUTO_TEST_CASE(
  a_gap_triggers_catch_up_from_the_room_before_later_messages) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  auto m1 = room->commit();
  room->commit(); // 2: missed (e.g. committed by another node)
  auto m3 = room->commit();
  live(m1);
  live(m3);
  BOOST_TEST(sink->seqs() == one_to(3));
  BOOST_TEST(room->fetched_after == seq_list{1});
  auto m4 = room->commit();
  live(make_record(room->id, 2)); // the late original: a duplicate now
  live(m4);
  BOOST_TEST(sink->seqs() == one_to(4));
}

BOOST_AUTO_TEST_CASE(live_messages_during_a_catch_up_wait_for_it) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  for (int i = 0; i < 5; ++i)
    room->commit();
  // Seq 3 opens a gap; 4 and 5 arrive before the room answered the fetch.
  caf::anon_send(session, deliver_atom_v,
                 make_shared_message(make_record(room->id, 3)));
  caf::anon_send(session, deliver_atom_v,
                 make_shared_message(make_record(room->id, 4)));
  caf::anon_send(session, deliver_atom_v,
                 make_shared_message(make_record(room->id, 5)));
  sched.run();
  BOOST_TEST(sink->seqs() == one_to(5));
}

BOOST_AUTO_TEST_CASE(slow_consumer_pauses_and_catches_up_after_drained) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  sink->refuse_at_seq = 4; // the connection's queue is full at seq 4
  for (int i = 0; i < 10; ++i)
    live(room->commit());
  BOOST_TEST(sink->seqs() == one_to(3));
  BOOST_TEST(room->fetched_after.empty()); // paused: no reads either
  sink->refusing = false;
  sink->refuse_at_seq = 0;
  caf::anon_send(session, drained_atom_v);
  sched.run();
  BOOST_TEST(sink->seqs() == one_to(10)); // each exactly once, in order
  live(room->commit());
  BOOST_TEST(sink->seqs() == one_to(11));
}

BOOST_AUTO_TEST_CASE(a_refusal_during_catch_up_pauses_again) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  sink->refuse_at_seq = 2;
  for (int i = 0; i < 6; ++i)
    live(room->commit());
  sink->refusing = false;
  sink->refuse_at_seq = 4; // full again in the middle of the catch-up
  caf::anon_send(session, drained_atom_v);
  sched.run();
  BOOST_TEST(sink->seqs() == one_to(3));
  sink->refusing = false;
  sink->refuse_at_seq = 0;
  caf::anon_send(session, drained_atom_v);
  sched.run();
  BOOST_TEST(sink->seqs() == one_to(6));
}

BOOST_AUTO_TEST_CASE(
  resume_with_after_seq_replays_from_the_room_then_goes_live) {
  auto room = add_room(room_uuid(1), "research", 5);
  connect({});
  client_command join;
  join.event = "room:join";
  join.ref = "j1";
  join.room = room->id;
  join.after_seq = 2;
  command(join);
  BOOST_TEST_REQUIRE(sink->replies.count("j1") == 1u);
  const auto& reply = sink->replies["j1"];
  BOOST_TEST(reply.at("roomId") == room->id);
  BOOST_TEST(reply.at("slug") == "research");
  BOOST_TEST(reply.at("lastSeq") == 5);
  BOOST_TEST(reply.at("presence").is_array());
  BOOST_TEST(sink->seqs() == (seq_list{3, 4, 5}));
  BOOST_TEST(room->fetched_after == seq_list{2});
  // The reply comes first, then the backlog.
  BOOST_TEST(sink->timeline.back() == "deliver:5");
  BOOST_TEST(position(sink->timeline, "reply:j1")
             < position(sink->timeline, "deliver:3"));
  live(room->commit());
  BOOST_TEST(sink->seqs() == (seq_list{3, 4, 5, 6}));
}

BOOST_AUTO_TEST_CASE(resume_beyond_the_end_counts_as_the_end) {
  auto room = add_room(room_uuid(1), "research", 5);
  connect({});
  client_command join;
  join.event = "room:join";
  join.ref = "j1";
  join.room = room->id;
  join.after_seq = 99;
  command(join);
  BOOST_TEST(sink->replies.count("j1") == 1u);
  BOOST_TEST(sink->delivered.empty());
  live(room->commit());
  BOOST_TEST(sink->seqs() == seq_list{6});
}

BOOST_AUTO_TEST_CASE(rejoin_without_after_seq_continues_where_it_stands) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  live(room->commit());
  live(room->commit());
  client_command join;
  join.event = "room:join";
  join.ref = "j2";
  join.room = room->id;
  command(join);
  BOOST_TEST(sink->replies.count("j2") == 1u);
  BOOST_TEST(sink->seqs() == one_to(2)); // nothing replayed
  live(room->commit());
  BOOST_TEST(sink->seqs() == one_to(3));
}

BOOST_AUTO_TEST_CASE(a_restarted_room_is_rejoined_where_delivery_stood) {
  auto old_room = add_room(room_uuid(1), "research");
  connect({old_room->id});
  for (int i = 0; i < 3; ++i)
    live(old_room->commit());
  // The room stops; the registry hands out a new one that has seen 4 and 5.
  auto old_handle = registry_s->rooms.at(old_room->id);
  auto new_room = add_room(room_uuid(1), "research", 5);
  caf::anon_send_exit(old_handle, caf::exit_reason::kill);
  sched.run();
  BOOST_TEST(new_room->joined_agents == std::vector<std::string>{agent});
  BOOST_TEST(new_room->fetched_after == seq_list{3});
  BOOST_TEST(sink->seqs() == one_to(5));
}

BOOST_AUTO_TEST_CASE(closed_leaves_every_room_and_stops) {
  auto a = add_room(room_uuid(1), "a");
  auto b = add_room(room_uuid(2), "b");
  connect({a->id, b->id});
  auto stopped = watch(session);
  caf::anon_send(session, closed_atom_v);
  sched.run();
  BOOST_TEST(a->leaves == 1);
  BOOST_TEST(b->leaves == 1);
  BOOST_TEST(*stopped);
}

BOOST_AUTO_TEST_CASE(removed_from_a_room_stops_its_delivery) {
  auto room = add_room(room_uuid(1), "research");
  connect({room->id});
  caf::anon_send(session, member_atom_v, room->id, false);
  sched.run();
  auto removed = sink->events_named("room:removed");
  BOOST_TEST_REQUIRE(removed.size() == 1u);
  BOOST_TEST(removed[0].data.at("roomId") == room->id);
  live(room->commit());
  BOOST_TEST(sink->delivered.empty());
}

BOOST_AUTO_TEST_SUITE_END()
