// The room actor under the deterministic scheduler: loading, membership,
// commit-before-broadcast, seq order, duplicates, writer errors, overload
// and resume from the ring.
#include "actors/room.hpp"

#include <boost/test/unit_test.hpp>

#include "room_fixture.hpp"

using namespace agenthub;
using namespace agenthub::test;

BOOST_FIXTURE_TEST_SUITE(room_actor_protocol, room_fixture)

BOOST_AUTO_TEST_CASE(requests_before_load_are_answered_after_load) {
  load_at_once = false;
  snapshot.last_seq = 2;
  snapshot.recent = {make_record(room_id, 1), make_record(room_id, 2)};
  writer_s->next_seq = 3;
  start_room();
  auto alice = spawn_subscriber(*this);
  auto joined_r = join(alice, "alice");
  auto sent = publish("alice", "early");
  auto fetched = fetch(0, 10);
  auto present = presence("alice");
  sched.run();
  BOOST_TEST(!joined_r->answered());
  BOOST_TEST(!sent->answered());
  BOOST_TEST(!fetched->answered());
  BOOST_TEST(!present->answered());
  BOOST_TEST(writer_s->received.empty()); // nothing persisted before load
  finish_load();
  BOOST_TEST_REQUIRE(joined_r->value.has_value());
  BOOST_TEST(joined_r->value->last_seq == 2u);
  BOOST_TEST_REQUIRE(fetched->value.has_value());
  BOOST_TEST(seqs_of(fetched->value->messages) == one_to(2));
  BOOST_TEST(present->value.has_value());
  BOOST_TEST(writer_s->received.size() == 1u);
  BOOST_TEST(alice.log->seqs() == std::vector<std::uint64_t>{3});
  // The sender must get its {id, seq} too, not only the subscribers.
  BOOST_TEST(sent->value.has_value());
  if (sent->value)
    BOOST_TEST(sent->value->seq == 3u);
}

BOOST_AUTO_TEST_CASE(join_of_non_member_is_refused_not_member) {
  start_room();
  auto bob = joined("bob");
  auto mallory = spawn_subscriber(*this);
  auto r = join(mallory, "mallory");
  sched.run();
  BOOST_TEST(r->failed_with(errc::not_member));
  BOOST_TEST(bob.log->statuses_of("mallory").empty());
  auto sent = publish("mallory", "hi");
  sched.run();
  BOOST_TEST(sent->failed_with(errc::not_member));
  BOOST_TEST(writer_s->received.empty());
}

BOOST_AUTO_TEST_CASE(join_answers_where_the_log_ends_and_who_is_present) {
  snapshot.last_seq = 41;
  start_room();
  auto alice = spawn_subscriber(*this);
  auto r = join(alice, "alice");
  sched.run();
  BOOST_TEST_REQUIRE(r->value.has_value());
  BOOST_TEST(r->value->room_id == room_id);
  BOOST_TEST(r->value->slug == "research");
  BOOST_TEST(r->value->last_seq == 41u);
  BOOST_TEST(r->value->presence.size() == 3u);
}

BOOST_AUTO_TEST_CASE(publish_broadcasts_only_after_writer_commit) {
  writer_s->mode = writer_script::hold;
  start_room();
  auto alice = joined("alice");
  auto bob = joined("bob");
  auto sent = publish("alice", "hello", "c-1");
  sched.run();
  BOOST_TEST_REQUIRE(writer_s->received.size() == 1u);
  const auto& item = writer_s->received[0];
  BOOST_TEST(item.room_id == room_id);
  BOOST_TEST(item.sender_id == "alice");
  BOOST_TEST(item.body == "hello");
  BOOST_TEST(item.client_msg_id == "c-1");
  BOOST_TEST(item.id.size() == 36u); // a UUID given by the room
  BOOST_TEST(alice.log->delivered.empty());
  BOOST_TEST(bob.log->delivered.empty());
  BOOST_TEST(!sent->answered());
  caf::anon_send(writer, flush_atom_v); // the writer commits
  sched.run();
  BOOST_TEST(alice.log->seqs() == std::vector<std::uint64_t>{1});
  BOOST_TEST(bob.log->seqs() == std::vector<std::uint64_t>{1});
  BOOST_TEST(bob.log->delivered[0].body == "hello");
  BOOST_TEST(bob.log->delivered[0].id == item.id);
  BOOST_TEST_REQUIRE(sent->value.has_value());
  BOOST_TEST(sent->value->seq == 1u);
  BOOST_TEST(sent->value->id == item.id);
  BOOST_TEST(!sent->value->duplicate);
}

BOOST_AUTO_TEST_CASE(messages_are_broadcast_in_seq_order_to_every_subscriber) {
  start_room();
  std::vector<subscriber> subs{joined("alice"), joined("bob"), joined("carol")};
  const char* senders[] = {"alice", "bob", "carol", "alice", "bob"};
  std::vector<std::shared_ptr<reply_box<send_result>>> sent;
  for (int i = 0; i < 5; ++i)
    sent.push_back(publish(senders[i], "m" + std::to_string(i + 1)));
  sched.run();
  for (auto& s : subs) {
    BOOST_TEST(s.log->seqs() == one_to(5));
    for (std::size_t i = 0; i < s.log->delivered.size(); ++i)
      BOOST_TEST(s.log->delivered[i].body == "m" + std::to_string(i + 1));
  }
  for (std::size_t i = 0; i < sent.size(); ++i) {
    BOOST_TEST_REQUIRE(sent[i]->value.has_value());
    BOOST_TEST(sent[i]->value->seq == i + 1);
  }
}

BOOST_AUTO_TEST_CASE(
  duplicate_result_is_acked_with_original_and_not_broadcast) {
  start_room();
  auto bob = joined("bob");
  auto first = publish("alice", "once", "c-9");
  sched.run();
  BOOST_TEST_REQUIRE(first->value.has_value());
  writer_s->mode = writer_script::duplicate;
  writer_s->original = bob.log->delivered.at(0);
  auto retry = publish("alice", "once", "c-9");
  sched.run();
  BOOST_TEST_REQUIRE(retry->value.has_value());
  BOOST_TEST(retry->value->duplicate);
  BOOST_TEST(retry->value->id == first->value->id);
  BOOST_TEST(retry->value->seq == first->value->seq);
  BOOST_TEST(bob.log->seqs() == std::vector<std::uint64_t>{1});
}

BOOST_AUTO_TEST_CASE(writer_error_is_returned_to_sender_and_nothing_broadcast) {
  writer_s->mode = writer_script::fail;
  start_room();
  auto bob = joined("bob");
  auto sent = publish("alice", "lost");
  sched.run();
  BOOST_TEST(sent->failed_with(errc::db_unavailable));
  BOOST_TEST(bob.log->delivered.empty());
  writer_s->mode = writer_script::commit; // the database is back
  auto again = publish("alice", "kept");
  sched.run();
  BOOST_TEST_REQUIRE(again->value.has_value());
  BOOST_TEST(bob.log->seqs() == std::vector<std::uint64_t>{1});
}

BOOST_AUTO_TEST_CASE(overloaded_writer_is_refused_without_persist) {
  start_room();
  auto bob = joined("bob");
  counters->pending = counters->max_pending;
  auto sent = publish("alice", "too much");
  sched.run();
  BOOST_TEST(sent->failed_with(errc::overloaded));
  BOOST_TEST(writer_s->received.empty());
  BOOST_TEST(counters->pending.load() == counters->max_pending);
  BOOST_TEST(bob.log->delivered.empty());
}

BOOST_AUTO_TEST_CASE(fetch_serves_resume_from_the_ring) {
  snapshot.last_seq = 3;
  snapshot.recent = {make_record(room_id, 1), make_record(room_id, 2),
                     make_record(room_id, 3)};
  writer_s->next_seq = 4;
  start_room();
  publish("alice", "four");
  publish("bob", "five");
  sched.run();
  auto resume = fetch(1, 100);
  auto page = fetch(3, 1);
  auto at_end = fetch(5, 100);
  sched.run();
  BOOST_TEST_REQUIRE(resume->value.has_value());
  BOOST_TEST(resume->value->complete);
  BOOST_TEST(seqs_of(resume->value->messages)
             == (std::vector<std::uint64_t>{2, 3, 4, 5}));
  BOOST_TEST(resume->value->messages.back().body == "five");
  BOOST_TEST_REQUIRE(page->value.has_value());
  BOOST_TEST(seqs_of(page->value->messages) == std::vector<std::uint64_t>{4});
  BOOST_TEST_REQUIRE(at_end->value.has_value());
  BOOST_TEST(at_end->value->complete);
  BOOST_TEST(at_end->value->messages.empty());
}

BOOST_AUTO_TEST_CASE(fetch_older_than_the_ring_is_incomplete) {
  snapshot.last_seq = 500;
  snapshot.recent = {make_record(room_id, 500)};
  start_room();
  auto r = fetch(10, 100);
  sched.run();
  BOOST_TEST_REQUIRE(r->value.has_value());
  BOOST_TEST(!r->value->complete);
}

BOOST_AUTO_TEST_CASE(missing_room_answers_room_not_found_and_stops) {
  load_at_once = false;
  snapshot = room_snapshot{}; // found = false
  start_room();
  auto stopped = watch(room);
  auto early = join(spawn_subscriber(*this), "alice");
  sched.run();
  finish_load();
  BOOST_TEST(early->failed_with(errc::room_not_found));
  BOOST_TEST(*stopped);
}

BOOST_AUTO_TEST_CASE(load_error_answers_db_unavailable_and_stops) {
  snapshot = room_snapshot{};
  snapshot.error = "connection refused";
  start_room();
  auto stopped = watch(room);
  BOOST_TEST(*stopped);
}

BOOST_AUTO_TEST_CASE(idle_room_stops_after_idle_timeout) {
  start_room();
  auto stopped = watch(room);
  // Housekeeping runs every room_tick (5 s); 60 s idle stops the room.
  for (int tick = 1; tick < 12; ++tick) {
    sched.advance_time(std::chrono::seconds(5));
    sched.run();
    BOOST_REQUIRE_MESSAGE(!*stopped, "stopped after only " << tick * 5 << " s");
  }
  sched.advance_time(std::chrono::seconds(5));
  sched.run();
  BOOST_TEST(*stopped);
}

BOOST_AUTO_TEST_CASE(a_room_with_subscribers_does_not_stop) {
  start_room();
  auto stopped = watch(room);
  auto bob = joined("bob");
  for (int tick = 0; tick < 30; ++tick) {
    sched.advance_time(std::chrono::seconds(5));
    sched.run();
  }
  BOOST_TEST(!*stopped);
}

BOOST_AUTO_TEST_SUITE_END()
