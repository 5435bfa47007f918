// The session's delivery cursors (gap-free, duplicate-free delivery) and its
// per-connection event rate limit, with injected time points.
#include "actors/session_state.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <ostream>

using namespace agenthub;
namespace bdata = boost::unit_test::data;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace agenthub {

std::ostream& operator<<(std::ostream& os, live_action a) {
  static const char* names[] = {"drop", "deliver", "catch_up", "wait"};
  return os << names[static_cast<int>(a)];
}

} // namespace agenthub

BOOST_AUTO_TEST_SUITE(delivery_cursors_rules)

BOOST_AUTO_TEST_CASE(join_starts_at_the_given_seq_and_knows_the_end) {
  delivery_cursors cs;
  auto& c = cs.join("r", room_actor{}, "research", 3, 7);
  BOOST_TEST(c.delivered == 3u);
  BOOST_TEST(c.known == 7u);
  BOOST_TEST(c.slug == "research");
  BOOST_TEST(!c.fetching);
  BOOST_TEST(cs.find("r") == &c);
  BOOST_TEST(cs.find_by_slug("research") == &c);
  BOOST_TEST(cs.find("other") == nullptr);
  BOOST_TEST(cs.find_by_slug("other") == nullptr);
}

BOOST_AUTO_TEST_CASE(join_past_the_end_is_clamped_to_the_end) {
  delivery_cursors cs;
  auto& c = cs.join("r", room_actor{}, "s", 50, 7);
  BOOST_TEST(c.delivered == 7u);
  BOOST_TEST(c.known == 7u);
}

BOOST_AUTO_TEST_CASE(rejoin_never_forgets_a_higher_known_seq) {
  delivery_cursors cs;
  cs.join("r", room_actor{}, "s", 0, 9);
  auto& c = cs.join("r", room_actor{}, "s", 2, 4);
  BOOST_TEST(c.delivered == 2u);
  BOOST_TEST(c.known == 9u);
}

BOOST_AUTO_TEST_CASE(leave_forgets_the_room) {
  delivery_cursors cs;
  cs.join("r", room_actor{}, "s", 0, 0);
  cs.leave("r");
  BOOST_TEST(cs.find("r") == nullptr);
  BOOST_TEST(cs.on_live("r", 1, false) == live_action::drop);
}

namespace {

struct live_case {
  const char* name;
  std::string room;
  std::uint64_t seq;
  bool paused;
  bool fetching;
  live_action expected;
  std::uint64_t known_after;
};

std::ostream& operator<<(std::ostream& os, const live_case& c) {
  return os << c.name;
}

// The cursor of "r" stands at delivered = 5, known = 5.
const std::vector<live_case> live_cases{
  {"unknown_room", "x", 6, false, false, live_action::drop, 5},
  {"already_delivered", "r", 5, false, false, live_action::drop, 5},
  {"older", "r", 2, false, false, live_action::drop, 5},
  {"next", "r", 6, false, false, live_action::deliver, 6},
  {"gap", "r", 8, false, false, live_action::catch_up, 8},
  {"next_while_paused", "r", 6, true, false, live_action::wait, 6},
  {"gap_while_paused", "r", 9, true, false, live_action::wait, 9},
  {"next_while_fetching", "r", 6, false, true, live_action::wait, 6},
  {"old_while_fetching", "r", 4, false, true, live_action::drop, 5},
};

} // namespace

BOOST_DATA_TEST_CASE(live_messages_are_classified_by_the_cursor,
                     bdata::make(live_cases), c) {
  delivery_cursors cs;
  cs.join("r", room_actor{}, "s", 5, 5);
  cs.find("r")->fetching = c.fetching;
  BOOST_TEST(cs.on_live(c.room, c.seq, c.paused) == c.expected);
  BOOST_TEST(cs.find("r")->known == c.known_after);
  BOOST_TEST(cs.find("r")->delivered == 5u); // only delivered() moves it
}

BOOST_AUTO_TEST_CASE(delivered_moves_the_cursor_forward_only) {
  delivery_cursors cs;
  cs.join("r", room_actor{}, "s", 5, 5);
  cs.delivered("r", 6);
  BOOST_TEST(cs.find("r")->delivered == 6u);
  BOOST_TEST(cs.find("r")->known == 6u);
  cs.delivered("r", 3);
  BOOST_TEST(cs.find("r")->delivered == 6u);
  cs.delivered("unknown", 9); // no-op
  BOOST_TEST(cs.find("unknown") == nullptr);
}

BOOST_AUTO_TEST_CASE(lagging_lists_rooms_behind_without_a_read_in_flight) {
  delivery_cursors cs;
  cs.join("behind", room_actor{}, "a", 2, 5);
  cs.join("fetching", room_actor{}, "b", 2, 5);
  cs.find("fetching")->fetching = true;
  cs.join("current", room_actor{}, "c", 5, 5);
  BOOST_TEST(cs.lagging() == std::vector<std::string>{"behind"});
  cs.delivered("behind", 5);
  BOOST_TEST(cs.lagging().empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(event_rate_limit_rules)

namespace {

using clock = event_rate_limit::clock;

/// Number of events allowed at `t` before the first refusal.
int allowed_at(event_rate_limit& rl, clock::time_point t) {
  int n = 0;
  while (rl.allow(t) && n < 1000)
    ++n;
  return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(allows_30_at_once_then_refuses) {
  event_rate_limit rl{30, 100};
  auto t0 = clock::now(); // not before the limiter's own start
  BOOST_TEST(allowed_at(rl, t0) == 30);
  BOOST_TEST(!rl.allow(t0));
  BOOST_TEST(!rl.abusive());
}

BOOST_AUTO_TEST_CASE(tokens_refill_at_the_rate_and_cap_at_the_burst) {
  event_rate_limit rl{30, 100};
  auto t0 = clock::now();
  allowed_at(rl, t0);
  BOOST_TEST(allowed_at(rl, t0 + milliseconds(500)) == 15);
  BOOST_TEST(allowed_at(rl, t0 + milliseconds(1500)) == 30);
  BOOST_TEST(allowed_at(rl, t0 + seconds(50)) == 30); // capped, not 1450
}

BOOST_AUTO_TEST_CASE(an_earlier_stamp_never_refills_or_drains_the_bucket) {
  // Frames are stamped by the connection, possibly just before the limiter
  // was made, and a stamp may trail the newest one seen.
  event_rate_limit rl{30, 100};
  auto t0 = clock::now();
  BOOST_TEST(allowed_at(rl, t0 - seconds(5)) == 30);
  BOOST_TEST(allowed_at(rl, t0 + milliseconds(500)) == 15);
  BOOST_TEST(allowed_at(rl, t0) == 0); // behind the newest stamp: no refill
  BOOST_TEST(allowed_at(rl, t0 + milliseconds(1000)) == 15);
}

BOOST_AUTO_TEST_CASE(abusive_after_100_refusals_within_a_minute) {
  event_rate_limit rl{30, 100};
  auto t0 = clock::now();
  allowed_at(rl, t0); // 30 allowed, 1 refused
  for (int i = 1; i < 99; ++i)
    rl.allow(t0);
  BOOST_TEST(!rl.abusive()); // 99 refusals
  BOOST_TEST(!rl.allow(t0 + milliseconds(10)));
  BOOST_TEST(rl.abusive()); // 100
}

BOOST_AUTO_TEST_CASE(the_refusal_window_resets_after_a_minute) {
  event_rate_limit rl{30, 100};
  auto t0 = clock::now();
  allowed_at(rl, t0);
  for (int i = 1; i < 99; ++i)
    rl.allow(t0); // 99 refusals
  auto t1 = t0 + seconds(61);
  BOOST_TEST(allowed_at(rl, t1) == 30); // window reset, then 1 refusal
  for (int i = 1; i < 99; ++i)
    rl.allow(t1);
  BOOST_TEST(!rl.abusive()); // 99 in the new window
  rl.allow(t1);
  BOOST_TEST(rl.abusive());
}

BOOST_AUTO_TEST_SUITE_END()
