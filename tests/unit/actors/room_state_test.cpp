// The room's rules, driven directly: loading, who may join and publish, the
// ring of recent messages, fetch, presence transitions and housekeeping.
#include "actors/room_state.hpp"

#include "config/defaults.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "room_doubles.hpp"

using namespace agenthub;
using namespace agenthub::test;
namespace bdata = boost::unit_test::data;
using std::chrono::seconds;

namespace {

const std::string room_id = "room-1";

room_snapshot found_room(std::uint64_t last_seq = 0,
                         std::vector<std::uint64_t> recent = {}) {
  room_snapshot s;
  s.found = true;
  s.room_id = room_id;
  s.slug = "research";
  s.is_public = true;
  s.last_seq = last_seq;
  s.members = {"alice", "bob", "carol"};
  for (auto seq : recent)
    s.recent.push_back(make_record(room_id, seq));
  return s;
}

room_state loaded(room_snapshot snap) {
  room_state st;
  st.id = room_id;
  st.load(std::move(snap));
  return st;
}

std::vector<std::uint64_t> ring_seqs(const room_state& st) {
  return seqs_of({st.ring.begin(), st.ring.end()});
}

/// Seconds, for readable Boost.Test messages.
long long secs(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<seconds>(d).count();
}

struct state_fixture : deterministic_fixture {
  room_state st = loaded(found_room());
};

} // namespace

BOOST_AUTO_TEST_SUITE(room_state_rules)

BOOST_AUTO_TEST_CASE(load_of_a_found_room_applies_the_snapshot) {
  auto st = loaded(found_room(3, {1, 2, 3}));
  BOOST_TEST(st.loaded);
  BOOST_TEST(st.found);
  BOOST_TEST(!st.archived);
  BOOST_TEST(st.is_public);
  BOOST_TEST(st.slug == "research");
  BOOST_TEST(st.last_seq == 3u);
  BOOST_TEST(st.members.size() == 3u);
  BOOST_TEST(ring_seqs(st) == one_to(3));
  BOOST_TEST(st.check_join("alice") == errc::none);
}

BOOST_AUTO_TEST_CASE(
  ring_is_dropped_when_recent_messages_do_not_end_at_last_seq) {
  auto st = loaded(found_room(5, {1, 2, 3}));
  BOOST_TEST(st.last_seq == 5u);
  BOOST_TEST(st.ring.empty());
  BOOST_TEST(st.ring_bytes == 0u);
  BOOST_TEST(!st.fetch(0, 10).complete); // must read PostgreSQL
}

namespace {

struct join_case {
  const char* name;
  room_snapshot snap;
  std::string agent;
  errc expected;
};

std::ostream& operator<<(std::ostream& os, const join_case& c) {
  return os << c.name;
}

std::vector<join_case> join_cases() {
  auto archived = found_room();
  archived.archived = true;
  room_snapshot missing; // found = false
  room_snapshot broken;
  broken.error = "connection refused";
  return {
    {"member", found_room(), "alice", errc::none},
    {"non_member", found_room(), "mallory", errc::not_member},
    {"archived_member", archived, "alice", errc::room_archived},
    {"not_found", missing, "alice", errc::room_not_found},
    {"db_error", broken, "alice", errc::db_unavailable},
  };
}

} // namespace

BOOST_DATA_TEST_CASE(join_and_publish_are_checked_alike,
                     bdata::make(join_cases()), c) {
  auto st = loaded(c.snap);
  BOOST_TEST(st.check_join(c.agent) == c.expected);
  BOOST_TEST(st.check_publish(c.agent) == c.expected);
}

BOOST_AUTO_TEST_CASE(commit_in_order_appends_to_the_ring) {
  auto st = loaded(found_room());
  for (std::uint64_t seq = 1; seq <= 4; ++seq)
    BOOST_TEST(st.commit(make_record(room_id, seq)));
  BOOST_TEST(st.last_seq == 4u);
  BOOST_TEST(ring_seqs(st) == one_to(4));
}

BOOST_AUTO_TEST_CASE(commit_of_a_duplicate_or_older_seq_is_refused) {
  auto st = loaded(found_room(2, {1, 2}));
  BOOST_TEST(!st.commit(make_record(room_id, 2)));
  BOOST_TEST(!st.commit(make_record(room_id, 1)));
  BOOST_TEST(st.last_seq == 2u);
  BOOST_TEST(st.ring.size() == 2u);
}

BOOST_AUTO_TEST_CASE(commit_after_a_gap_restarts_the_ring) {
  auto st = loaded(found_room(3, {1, 2, 3}));
  BOOST_TEST(st.commit(make_record(room_id, 6)));
  BOOST_TEST(st.last_seq == 6u);
  BOOST_TEST(ring_seqs(st) == std::vector<std::uint64_t>{6});
  BOOST_TEST(!st.fetch(2, 10).complete); // 4 and 5 are not in memory
  auto tail = st.fetch(5, 10);
  BOOST_TEST(tail.complete);
  BOOST_TEST(seqs_of(tail.messages) == std::vector<std::uint64_t>{6});
}

BOOST_AUTO_TEST_CASE(ring_is_bounded_by_room_ring_messages) {
  auto st = loaded(found_room());
  auto n = defaults::room_ring_messages + 6;
  for (std::uint64_t seq = 1; seq <= n; ++seq)
    st.commit(make_record(room_id, seq, "x"));
  BOOST_TEST(st.ring.size() == defaults::room_ring_messages);
  BOOST_TEST(st.ring.front().seq == 7u);
  BOOST_TEST(st.ring.back().seq == n);
}

BOOST_AUTO_TEST_CASE(ring_is_bounded_by_room_ring_bytes) {
  auto st = loaded(found_room());
  std::string body(100 * 1024, 'b');
  for (std::uint64_t seq = 1; seq <= 40; ++seq)
    st.commit(make_record(room_id, seq, body));
  BOOST_TEST(st.ring_bytes <= defaults::room_ring_bytes);
  BOOST_TEST(st.ring.size() < 40u);
  BOOST_TEST(st.ring.back().seq == 40u);
  BOOST_TEST(st.ring.back().seq - st.ring.front().seq + 1 == st.ring.size());
}

BOOST_AUTO_TEST_CASE(fetch_at_or_after_the_end_is_complete_and_empty) {
  auto st = loaded(found_room(3, {1, 2, 3}));
  for (std::uint64_t after : {3u, 4u, 100u}) {
    auto r = st.fetch(after, 10);
    BOOST_TEST(r.complete);
    BOOST_TEST(r.messages.empty());
  }
}

BOOST_AUTO_TEST_CASE(fetch_within_the_ring_is_ordered_and_bounded_by_max) {
  auto st = loaded(found_room(10, one_to(10)));
  auto r = st.fetch(4, 3);
  BOOST_TEST(r.complete);
  BOOST_TEST(seqs_of(r.messages) == (std::vector<std::uint64_t>{5, 6, 7}));
  auto all = st.fetch(0, 100);
  BOOST_TEST(all.complete);
  BOOST_TEST(seqs_of(all.messages) == one_to(10));
}

BOOST_AUTO_TEST_CASE(fetch_before_the_ring_start_is_incomplete) {
  auto st = loaded(found_room(10, {6, 7, 8, 9, 10}));
  BOOST_TEST(!st.fetch(4, 10).complete);
  BOOST_TEST(st.fetch(5, 10).complete); // 6 is the first one needed
  auto empty_ring = loaded(found_room(10));
  BOOST_TEST(!empty_ring.fetch(9, 10).complete);
}

BOOST_FIXTURE_TEST_CASE(presence_goes_online_with_the_first_session_only,
                        state_fixture) {
  auto a1 = spawn_subscriber(*this).handle;
  auto a2 = spawn_subscriber(*this).handle;
  auto first = st.subscribe(a1, "alice", "t1");
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(first->agent_id == "alice");
  BOOST_TEST(first->status == "online");
  BOOST_TEST(first->last_seen == "t1");
  BOOST_TEST(!st.subscribe(a2, "alice", "t2").has_value());
  BOOST_TEST(!st.subscribe(a2, "alice", "t3").has_value()); // again: no-op
  BOOST_TEST(st.online.at("alice") == 2);
}

BOOST_FIXTURE_TEST_CASE(presence_goes_offline_with_the_last_session_only,
                        state_fixture) {
  auto a1 = spawn_subscriber(*this).handle;
  auto a2 = spawn_subscriber(*this).handle;
  st.subscribe(a1, "alice", "t1");
  st.subscribe(a2, "alice", "t2");
  auto addr = [](const session_actor& s) {
    return caf::actor_cast<caf::actor_addr>(s);
  };
  BOOST_TEST(!st.unsubscribe(addr(a1), "t3").has_value());
  auto last = st.unsubscribe(addr(a2), "t4");
  BOOST_TEST_REQUIRE(last.has_value());
  BOOST_TEST(last->status == "offline");
  BOOST_TEST(last->last_seen == "t4");
  BOOST_TEST(!st.unsubscribe(addr(a2), "t5").has_value()); // unknown now
  BOOST_TEST(st.subscribers.empty());
}

BOOST_FIXTURE_TEST_CASE(presence_lists_every_member, state_fixture) {
  st.subscribe(spawn_subscriber(*this).handle, "alice", "t1");
  auto bob = spawn_subscriber(*this).handle;
  st.subscribe(bob, "bob", "t2");
  st.unsubscribe(caf::actor_cast<caf::actor_addr>(bob), "t3");
  std::map<std::string, presence_entry> by_agent;
  for (auto& e : st.presence())
    by_agent[e.agent_id] = e;
  BOOST_TEST_REQUIRE(by_agent.size() == 3u);
  BOOST_TEST(by_agent["alice"].status == "online");
  BOOST_TEST(by_agent["alice"].last_seen == "t1");
  BOOST_TEST(by_agent["bob"].status == "offline");
  BOOST_TEST(by_agent["bob"].last_seen == "t3");
  BOOST_TEST(by_agent["carol"].status == "offline");
  BOOST_TEST(by_agent["carol"].last_seen.empty()); // not seen since load
  auto info = st.join_info();
  BOOST_TEST(info.room_id == room_id);
  BOOST_TEST(info.slug == "research");
  BOOST_TEST(info.presence.size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(removing_a_member_returns_all_its_sessions,
                        state_fixture) {
  auto a1 = spawn_subscriber(*this).handle;
  auto a2 = spawn_subscriber(*this).handle;
  auto b1 = spawn_subscriber(*this).handle;
  st.subscribe(a1, "alice", "t");
  st.subscribe(a2, "alice", "t");
  st.subscribe(b1, "bob", "t");
  auto dropped = st.set_member("alice", false);
  BOOST_TEST(dropped.size() == 2u);
  for (auto& s : dropped)
    BOOST_TEST((s == a1 || s == a2));
  BOOST_TEST(st.check_join("alice") == errc::not_member);
  BOOST_TEST(st.set_member("dave", true).empty());
  BOOST_TEST(st.check_join("dave") == errc::none);
}

BOOST_FIXTURE_TEST_CASE(prune_stale_drops_sessions_without_heartbeat,
                        state_fixture) {
  auto t0 = std::chrono::steady_clock::now();
  auto a1 = spawn_subscriber(*this).handle;
  auto b1 = spawn_subscriber(*this).handle;
  st.subscribe(a1, "alice", "t");
  st.subscribe(b1, "bob", "t");
  st.heartbeat(caf::actor_cast<caf::actor_addr>(a1), t0 + seconds(20));
  auto changes = st.prune_stale(t0 + seconds(40), seconds(30), "t40");
  BOOST_TEST_REQUIRE(changes.size() == 1u);
  BOOST_TEST(changes[0].agent_id == "bob");
  BOOST_TEST(changes[0].status == "offline");
  BOOST_TEST(st.subscribers.size() == 1u);
  BOOST_TEST(st.prune_stale(t0 + seconds(45), seconds(30), "t45").empty());
}

BOOST_FIXTURE_TEST_CASE(idle_time_grows_only_with_nothing_to_do,
                        state_fixture) {
  BOOST_TEST(secs(st.idle_for(seconds(5))) == 5);
  BOOST_TEST(secs(st.idle_for(seconds(5))) == 10);
  auto a1 = spawn_subscriber(*this).handle;
  st.subscribe(a1, "alice", "t");
  BOOST_TEST(secs(st.idle_for(seconds(5))) == 0);
  st.unsubscribe(caf::actor_cast<caf::actor_addr>(a1), "t");
  BOOST_TEST(secs(st.idle_for(seconds(5))) == 5);
  st.in_flight = 1;
  BOOST_TEST(secs(st.idle_for(seconds(5))) == 0);
  st.in_flight = 0;
  st.stash.emplace_back([] {});
  BOOST_TEST(secs(st.idle_for(seconds(5))) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
