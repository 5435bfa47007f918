// The stats collector's rules with a hand-driven clock: rates, staleness,
// percentiles, pages and cursors, kicks.
#include "actors/stats_state.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

using namespace agenthub;
using namespace std::chrono_literals;

namespace {

const stats_clock::time_point t0 = stats_clock::time_point{} + 1h;

room_report room(const std::string& id, std::uint64_t in,
                 std::uint64_t out = 0) {
  room_report r;
  r.room_id = id;
  r.slug = "slug-" + id;
  r.messages_in = in;
  r.deliveries_out = out;
  r.age_ms = 1000;
  return r;
}

session_report session(const std::string& id, std::uint64_t events = 0) {
  session_report r;
  r.session_id = id;
  r.agent_id = "agent-" + id;
  r.events = events;
  return r;
}

stats_query page(stats_query::kind_t kind, std::uint32_t limit,
                 std::string cursor = "", std::string sort = "") {
  stats_query q;
  q.kind = kind;
  q.limit = limit;
  q.cursor = std::move(cursor);
  q.sort = std::move(sort);
  return q;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stats_rules)

BOOST_AUTO_TEST_CASE(room_rates_come_from_the_counter_history) {
  stats_state st;
  // 5 messages/s in, 20 deliveries/s out, reported every second for 70 s.
  for (int i = 0; i <= 70; ++i)
    st.on_room(room_actor{}, room("r", 5 * i, 20 * i), t0 + i * 1s);
  auto v = st.answer(page(stats_query::rooms, 10), t0 + 70s);
  BOOST_TEST_REQUIRE(v.rooms.size() == 1u);
  BOOST_TEST(v.rooms[0].messages_in.short_window == 5.0);
  BOOST_TEST(v.rooms[0].messages_in.long_window == 5.0);
  BOOST_TEST(v.rooms[0].deliveries_out.short_window == 20.0);
  BOOST_TEST(!v.rooms[0].stale);
}

BOOST_AUTO_TEST_CASE(a_burst_shows_in_the_short_window_first) {
  stats_state st;
  for (int i = 0; i <= 60; ++i)
    st.on_room(room_actor{}, room("r", i < 55 ? 0 : 10 * (i - 54)),
               t0 + i * 1s);
  auto v = st.answer(page(stats_query::rooms, 10), t0 + 60s);
  BOOST_TEST(v.rooms[0].messages_in.short_window == 6.0);        // 60 / 10 s
  BOOST_TEST(v.rooms[0].messages_in.long_window == 60.0 / 60.0); // 60 / 60 s
}

BOOST_AUTO_TEST_CASE(a_first_report_is_rated_over_the_rooms_age) {
  stats_state st;
  st.on_room(room_actor{}, room("r", 30), t0); // age 1000 ms
  auto v = st.answer(page(stats_query::rooms, 10), t0);
  BOOST_TEST(v.rooms[0].messages_in.short_window == 30.0);
}

BOOST_AUTO_TEST_CASE(a_room_that_stops_reporting_turns_stale) {
  stats_state st;
  st.on_room(room_actor{}, room("r", 0), t0);
  BOOST_TEST(!st.answer(page(stats_query::rooms, 10), t0 + 3s).rooms[0].stale);
  auto late = st.answer(page(stats_query::rooms, 10), t0 + 3500ms);
  BOOST_TEST(late.rooms[0].stale);
  BOOST_TEST(late.rooms[0].report_age_ms == 3500u);
  auto sys = st.answer(stats_query{}, t0 + 4s).system;
  BOOST_TEST(sys.rooms_active == 1u);
  BOOST_TEST(sys.rooms_stale == 1u);
}

BOOST_AUTO_TEST_CASE(pages_by_id_cover_every_room_once) {
  stats_state st;
  for (int i = 0; i < 23; ++i)
    st.on_room(room_actor{}, room("room-" + std::to_string(100 + i), 0), t0);
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto v = st.answer(page(stats_query::rooms, 5, cursor), t0);
    for (auto& r : v.rooms)
      BOOST_TEST(seen.insert(r.last.room_id).second);
    cursor = v.next_cursor;
    ++pages;
  } while (!cursor.empty());
  BOOST_TEST(seen.size() == 23u);
  BOOST_TEST(pages == 5);
}

BOOST_AUTO_TEST_CASE(a_sorted_order_is_frozen_for_its_cursors) {
  stats_state st;
  for (int i = 0; i < 12; ++i)
    st.on_room(room_actor{}, room("r" + std::to_string(i), 10 * i), t0);
  auto first = st.answer(page(stats_query::rooms, 5, "", "rate"), t0);
  BOOST_TEST_REQUIRE(first.rooms.size() == 5u);
  BOOST_TEST(first.rooms[0].last.room_id == "r11"); // busiest first
  BOOST_TEST(first.rooms[4].last.room_id == "r7");
  // The rates change completely before the next pages are read.
  for (int i = 0; i < 12; ++i)
    st.on_room(room_actor{},
               room("r" + std::to_string(i), 10 * i + 1000 * (12 - i)),
               t0 + 1s);
  std::set<std::string> seen;
  for (auto& r : first.rooms)
    seen.insert(r.last.room_id);
  auto cursor = first.next_cursor;
  while (!cursor.empty()) {
    auto v = st.answer(page(stats_query::rooms, 5, cursor), t0 + 1s);
    BOOST_TEST_REQUIRE(v.found);
    for (auto& r : v.rooms)
      BOOST_TEST(seen.insert(r.last.room_id).second);
    cursor = v.next_cursor;
  }
  BOOST_TEST(seen.size() == 12u);
}

BOOST_AUTO_TEST_CASE(queue_sort_puts_the_deepest_mailbox_first) {
  stats_state st;
  auto a = room("a", 0);
  a.mailbox = 3;
  auto b = room("b", 0);
  b.mailbox = 10;
  b.in_flight = 2;
  st.on_room(room_actor{}, a, t0);
  st.on_room(room_actor{}, b, t0);
  auto v = st.answer(page(stats_query::rooms, 10, "", "queue"), t0);
  BOOST_TEST_REQUIRE(v.rooms.size() == 2u);
  BOOST_TEST(v.rooms[0].last.room_id == "b");
  BOOST_TEST(v.next_cursor.empty());
}

BOOST_AUTO_TEST_CASE(an_expired_or_bogus_cursor_is_refused) {
  stats_state st;
  for (int i = 0; i < 3; ++i)
    st.on_room(room_actor{}, room("r" + std::to_string(i), 0), t0);
  auto first = st.answer(page(stats_query::rooms, 1, "", "rate"), t0);
  BOOST_TEST_REQUIRE(!first.next_cursor.empty());
  auto expired
    = st.answer(page(stats_query::rooms, 1, first.next_cursor), t0 + 61s);
  BOOST_TEST(!expired.found);
  BOOST_TEST(expired.problem == "cursor");
  auto bogus = st.answer(page(stats_query::rooms, 1, "oxyz"), t0);
  BOOST_TEST(bogus.problem == "cursor");
}

BOOST_AUTO_TEST_CASE(one_room_by_slug_lists_its_subscribed_sessions) {
  stats_state st;
  st.on_room(room_actor{}, room("r", 0), t0);
  auto s1 = session("s1");
  s1.rooms = {"r"};
  s1.behind = {"r"};
  auto s2 = session("s2");
  s2.rooms = {"other"};
  st.on_session(session_actor{}, s1, t0);
  st.on_session(session_actor{}, s2, t0);
  stats_query q;
  q.kind = stats_query::room;
  q.id = "slug-r";
  auto v = st.answer(q, t0);
  BOOST_TEST_REQUIRE(v.found);
  BOOST_TEST(v.rooms[0].slow_consumers == 1u);
  BOOST_TEST_REQUIRE(v.sessions.size() == 1u);
  BOOST_TEST(v.sessions[0].last.session_id == "s1");
  q.id = "missing";
  BOOST_TEST(!st.answer(q, t0).found);
  BOOST_TEST(st.answer(stats_query{}, t0).system.slow_consumers == 1u);
}

BOOST_AUTO_TEST_CASE(session_events_rate_and_ack_percentiles) {
  stats_state st;
  for (int i = 0; i <= 10; ++i) {
    auto r = session("s", 3 * i);
    for (int k = 1; k <= 10; ++k)
      r.ack_us.push_back(static_cast<std::uint32_t>(1000 * k)); // 1..10 ms
    st.on_session(session_actor{}, r, t0 + i * 1s);
  }
  stats_query q;
  q.kind = stats_query::session;
  q.id = "s";
  auto v = st.answer(q, t0 + 10s);
  BOOST_TEST_REQUIRE(v.sessions.size() == 1u);
  BOOST_TEST(v.sessions[0].events_per_sec == 3.0);
  BOOST_TEST(v.sessions[0].last.ack_us.empty());
  auto sys = st.answer(stats_query{}, t0 + 10s).system;
  BOOST_TEST(sys.ack_ms.p50 == 5.0);
  BOOST_TEST(sys.ack_ms.p99 == 10.0);
  // Ten seconds later the window is empty again.
  BOOST_TEST(st.answer(stats_query{}, t0 + 21s).system.ack_ms.count == 0u);
}

BOOST_AUTO_TEST_CASE(writer_batches_give_sizes_and_commit_latency) {
  stats_state st;
  for (std::uint32_t i = 1; i <= 100; ++i)
    st.on_writer(writer_report{i, i * 100}, t0);
  auto s = st.answer(stats_query{}, t0).system;
  BOOST_TEST(s.writer_batch_last == 100u);
  BOOST_TEST(s.writer_batch_size.p50 == 50.0);
  BOOST_TEST(s.writer_batch_size.p99 == 99.0);
  BOOST_TEST(s.writer_commit_ms.p99 == 9.9);
}

BOOST_AUTO_TEST_CASE(a_kicked_session_is_gone_at_once_and_stays_gone) {
  stats_state st;
  st.on_session(session_actor{}, session("a"), t0);
  st.on_session(session_actor{}, session("b"), t0);
  BOOST_TEST(st.kick("a").has_value());
  BOOST_TEST(!st.kick("a").has_value());
  BOOST_TEST(!st.kick("nobody").has_value());
  auto v = st.answer(page(stats_query::sessions, 10), t0);
  BOOST_TEST_REQUIRE(v.sessions.size() == 1u);
  BOOST_TEST(v.sessions[0].last.session_id == "b");
  BOOST_TEST(st.answer(stats_query{}, t0).system.sessions == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
