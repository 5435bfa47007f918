// Order, duplicate and missing-delivery accounting.
#include "tools/loadgen/delivery_tracker.hpp"

#include <boost/test/unit_test.hpp>

#include <vector>

using namespace agenthub::loadgen;

namespace {

seq_tracker feed(const std::vector<std::uint64_t>& seqs) {
  seq_tracker t;
  for (auto s : seqs)
    t.observe(s);
  return t;
}

std::vector<acked_send> acked(std::uint64_t from, std::uint64_t to,
                              std::int64_t sent_ns = 100) {
  std::vector<acked_send> out;
  for (auto s = from; s <= to; ++s)
    out.push_back({s, sent_ns});
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_tracker)

BOOST_AUTO_TEST_CASE(complete_in_order_delivery_has_no_violation) {
  seq_tracker t;
  BOOST_TEST((t.observe(41) == delivery_verdict::first));
  for (std::uint64_t s = 42; s <= 100; ++s)
    BOOST_TEST((t.observe(s) == delivery_verdict::in_order));
  BOOST_TEST(t.order_violations() == 0u);
  BOOST_TEST(t.duplicates() == 0u);
  BOOST_TEST(t.deliveries() == 60u);
  BOOST_TEST(t.distinct() == 60u);
  BOOST_TEST(count_missing(t, 0, acked(41, 100)) == 0u);
}

BOOST_AUTO_TEST_CASE(a_gap_is_one_violation_and_the_skipped_are_missing) {
  auto t = feed({1, 2, 3, 6, 7});
  BOOST_TEST(t.gaps() == 1u);
  BOOST_TEST(t.regressions() == 0u);
  BOOST_TEST(t.order_violations() == 1u);
  BOOST_TEST(count_missing(t, 0, acked(1, 7)) == 2u);
  BOOST_TEST(!t.has(4));
  BOOST_TEST(t.has(6));
}

BOOST_AUTO_TEST_CASE(a_late_fill_of_a_gap_is_a_regression) {
  seq_tracker t;
  t.observe(1);
  BOOST_TEST((t.observe(3) == delivery_verdict::gap));
  BOOST_TEST((t.observe(2) == delivery_verdict::regression));
  BOOST_TEST((t.observe(4) == delivery_verdict::in_order));
  BOOST_TEST(t.order_violations() == 2u);
  BOOST_TEST(t.duplicates() == 0u);
  BOOST_TEST(count_missing(t, 0, acked(1, 4)) == 0u);
}

BOOST_AUTO_TEST_CASE(a_duplicate_is_counted_once_and_not_as_order) {
  seq_tracker t;
  t.observe(5);
  t.observe(6);
  BOOST_TEST((t.observe(6) == delivery_verdict::duplicate));
  BOOST_TEST((t.observe(5) == delivery_verdict::duplicate));
  BOOST_TEST((t.observe(7) == delivery_verdict::in_order));
  BOOST_TEST(t.duplicates() == 2u);
  BOOST_TEST(t.order_violations() == 0u);
  BOOST_TEST(t.deliveries() == 5u);
  BOOST_TEST(t.distinct() == 3u);
}

BOOST_AUTO_TEST_CASE(a_regression_below_the_first_is_a_violation) {
  auto t = feed({10, 11, 9});
  BOOST_TEST(t.regressions() == 1u);
  BOOST_TEST(t.has(9));
}

BOOST_AUTO_TEST_CASE(a_new_epoch_starts_anywhere) {
  seq_tracker t;
  t.observe(1);
  t.observe(2);
  t.reset_epoch();
  BOOST_TEST((t.observe(9) == delivery_verdict::first));
  BOOST_TEST((t.observe(10) == delivery_verdict::in_order));
  BOOST_TEST((t.observe(2) == delivery_verdict::duplicate));
  BOOST_TEST(t.order_violations() == 0u);
}

BOOST_AUTO_TEST_CASE(intervals_merge_in_any_order) {
  auto t = feed({5, 3, 4, 1, 2, 9, 7, 8, 6});
  BOOST_TEST(t.distinct() == 9u);
  for (std::uint64_t s = 1; s <= 9; ++s)
    BOOST_TEST(t.has(s));
  BOOST_TEST(!t.has(0));
  BOOST_TEST(!t.has(10));
  BOOST_TEST(t.duplicates() == 0u);
}

BOOST_AUTO_TEST_CASE(messages_sent_before_the_subscription_are_not_expected) {
  auto t = feed({3, 4});
  std::vector<acked_send> sends = {{1, 10}, {2, 20}, {3, 30}, {4, 40}, {5, 50}};
  // Subscribed at 25: seqs 3, 4, 5 are expected, and 5 never came.
  BOOST_TEST(count_missing(t, 25, sends) == 1u);
  // Subscribed at 0: 1, 2 and 5 are missing.
  BOOST_TEST(count_missing(t, 0, sends) == 3u);
}

BOOST_AUTO_TEST_CASE(seqs_after_the_receiver_stopped_are_not_expected) {
  auto t = feed({1, 2, 3});
  // It stopped following the room at seq 3: 4 and 5 are not missing.
  BOOST_TEST(count_missing(t, 0, acked(1, 5), 3) == 0u);
  BOOST_TEST(count_missing(t, 0, acked(1, 5), 4) == 1u);
  BOOST_TEST(t.highest() == 3u);
}

BOOST_AUTO_TEST_CASE(nothing_received_means_everything_missing) {
  seq_tracker t;
  BOOST_TEST(count_missing(t, 0, acked(1, 25)) == 25u);
  BOOST_TEST(t.deliveries() == 0u);
}

BOOST_AUTO_TEST_CASE(a_seq_acked_to_two_sends_is_a_conflict) {
  BOOST_TEST(count_seq_conflicts({{1, 0}, {2, 0}, {3, 0}}) == 0u);
  BOOST_TEST(count_seq_conflicts({{3, 0}, {1, 0}, {3, 5}, {2, 0}, {1, 9}})
             == 2u);
  BOOST_TEST(count_seq_conflicts({}) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
