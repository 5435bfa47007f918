// The latency histogram: precision, percentiles, merge, min/max, clamping.
#include "tools/loadgen/histogram.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace agenthub::loadgen;
namespace bdata = boost::unit_test::data;

namespace {

// The exact percentile of sorted values, by the same rank rule.
std::uint64_t exact(const std::vector<std::uint64_t>& sorted, double p) {
  auto rank = static_cast<std::size_t>(
    std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::max<std::size_t>(rank, 1) - 1];
}

void expect_within_1_percent(const histogram& h,
                             std::vector<std::uint64_t> values) {
  std::sort(values.begin(), values.end());
  for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 100.0}) {
    auto want = static_cast<double>(exact(values, p));
    auto got = static_cast<double>(h.percentile(p));
    BOOST_TEST(std::abs(got - want) <= 0.01 * want,
               "p" << p << ": got " << got << ", want " << want);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(histogram_suite)

BOOST_AUTO_TEST_CASE(empty_histogram_reports_zeroes) {
  histogram h;
  BOOST_TEST(h.count() == 0u);
  BOOST_TEST(h.min() == 0u);
  BOOST_TEST(h.max() == 0u);
  BOOST_TEST(h.percentile(99) == 0u);
  BOOST_TEST(h.mean() == 0.0);
}

BOOST_AUTO_TEST_CASE(percentiles_of_1_to_1000) {
  histogram h;
  for (std::uint64_t v = 1; v <= 1000; ++v)
    h.record(v);
  BOOST_TEST(h.count() == 1000u);
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    auto want = std::ceil(p * 10);
    auto got = static_cast<double>(h.percentile(p));
    BOOST_TEST(std::abs(got - want) <= 0.01 * want, "p" << p << " " << got);
  }
  BOOST_TEST(h.percentile(100) == 1000u);
  BOOST_TEST(h.mean() == 500.5);
}

BOOST_AUTO_TEST_CASE(small_values_are_exact) {
  histogram h;
  for (std::uint64_t v : {1, 2, 3, 100, 127})
    h.record(v);
  BOOST_TEST(h.percentile(20) == 1u);
  BOOST_TEST(h.percentile(40) == 2u);
  BOOST_TEST(h.percentile(60) == 3u);
  BOOST_TEST(h.percentile(80) == 100u);
}

BOOST_DATA_TEST_CASE(uniform_distribution_within_1_percent,
                     bdata::make({1u, 7u, 42u}), seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::uint64_t> dist(1, 5'000'000);
  histogram h;
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 100000; ++i) {
    values.push_back(dist(rng));
    h.record(values.back());
  }
  expect_within_1_percent(h, values);
}

BOOST_DATA_TEST_CASE(exponential_distribution_within_1_percent,
                     bdata::make({3u, 11u}), seed) {
  std::mt19937_64 rng(seed);
  std::exponential_distribution<double> dist(1.0 / 2000.0); // mean 2 ms
  histogram h;
  std::vector<std::uint64_t> values;
  for (int i = 0; i < 100000; ++i) {
    values.push_back(static_cast<std::uint64_t>(dist(rng)) + 1);
    h.record(values.back());
  }
  expect_within_1_percent(h, values);
}

BOOST_AUTO_TEST_CASE(every_bucket_is_within_1_percent_of_its_values) {
  for (std::size_t i = 0; i < histogram::bucket_count; ++i) {
    auto lo = histogram::bucket_low(i);
    auto w = histogram::bucket_width(i);
    if (lo == 0)
      continue;
    BOOST_TEST(static_cast<double>(w - 1) <= 0.01 * static_cast<double>(lo));
    BOOST_TEST(histogram::index_of(lo) == i);
    BOOST_TEST(histogram::index_of(lo + w - 1) == i);
  }
}

BOOST_AUTO_TEST_CASE(merge_equals_one_histogram_with_all_values) {
  histogram a, b, all;
  std::mt19937_64 rng(5);
  std::lognormal_distribution<double> dist(7.0, 1.5);
  for (int i = 0; i < 20000; ++i) {
    auto v = static_cast<std::uint64_t>(dist(rng)) + 1;
    (i % 3 == 0 ? a : b).record(v);
    all.record(v);
  }
  a.merge(b);
  BOOST_TEST(a.count() == all.count());
  BOOST_TEST(a.min() == all.min());
  BOOST_TEST(a.max() == all.max());
  BOOST_TEST(a.mean() == all.mean());
  for (double p = 0; p <= 100; p += 0.5)
    BOOST_TEST(a.percentile(p) == all.percentile(p), "p" << p);
}

BOOST_AUTO_TEST_CASE(min_and_max_are_exact) {
  histogram h;
  for (std::uint64_t v : {123457, 999, 5'000'001, 77777})
    h.record(v);
  BOOST_TEST(h.min() == 999u);
  BOOST_TEST(h.max() == 5'000'001u);
  BOOST_TEST(h.percentile(100) == 5'000'001u);
  BOOST_TEST(h.percentile(0) == 999u);
}

BOOST_AUTO_TEST_CASE(out_of_range_values_are_clamped_and_counted) {
  histogram h;
  h.record(0);
  h.record(histogram::highest + 1);
  h.record(UINT64_MAX);
  h.record(500);
  BOOST_TEST(h.count() == 4u);
  BOOST_TEST(h.clamped() == 3u);
  BOOST_TEST(h.min() == histogram::lowest);
  BOOST_TEST(h.max() == histogram::highest);
  BOOST_TEST(h.percentile(100) == histogram::highest);
}

BOOST_AUTO_TEST_SUITE_END()
