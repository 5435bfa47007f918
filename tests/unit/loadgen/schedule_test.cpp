// Time scaling: recorded event times to deadlines at several speeds.
#include "tools/loadgen/schedule.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <vector>

using namespace agenthub::loadgen;
using std::chrono::nanoseconds;
namespace bdata = boost::unit_test::data;

namespace {

const std::vector<double> times = {0.0, 0.001, 0.25, 1.0, 2.5, 10.0, 3600.0};

} // namespace

BOOST_AUTO_TEST_SUITE(schedule)

BOOST_DATA_TEST_CASE(deadlines_are_time_over_speed,
                     bdata::make({0.5, 1.0, 100.0}), factor) {
  auto speed = parse_speed(std::to_string(factor));
  BOOST_TEST_REQUIRE(speed.has_value());
  auto d = scaled_deadlines(times, *speed);
  BOOST_TEST_REQUIRE(d.size() == times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    auto want = static_cast<std::int64_t>(times[i] / factor * 1e9 + 0.5);
    BOOST_TEST(d[i].count() == want, "t=" << times[i] << " at " << factor);
  }
}

BOOST_AUTO_TEST_CASE(half_speed_doubles_every_gap) {
  auto d = scaled_deadlines(times, *parse_speed("0.5"));
  BOOST_TEST(d[3].count() == 2'000'000'000);
  BOOST_TEST((d[4] - d[3]).count() == 3'000'000'000);
}

BOOST_AUTO_TEST_CASE(speed_100_divides_every_gap) {
  auto d = scaled_deadlines(times, *parse_speed("100"));
  BOOST_TEST(d[5].count() == 100'000'000);
  BOOST_TEST(d[6].count() == 36'000'000'000);
}

BOOST_AUTO_TEST_CASE(max_puts_every_deadline_at_the_start) {
  auto speed = parse_speed("max");
  BOOST_TEST_REQUIRE(speed.has_value());
  BOOST_TEST(speed->as_fast_as_possible);
  for (auto d : scaled_deadlines(times, *speed))
    BOOST_TEST(d.count() == 0);
}

BOOST_AUTO_TEST_CASE(order_is_kept_and_negative_times_are_zero) {
  auto d = scaled_deadlines({-1.0, 0.0, 0.5, 0.5, 0.75}, *parse_speed("1"));
  BOOST_TEST(d[0].count() == 0);
  BOOST_TEST(d[1].count() == 0);
  BOOST_TEST((d[2] == d[3]));
  BOOST_TEST((d[3] < d[4]));
}

BOOST_DATA_TEST_CASE(bad_speeds_are_refused,
                     bdata::make({std::string{""}, std::string{"0"},
                                  std::string{"-1"}, std::string{"fast"},
                                  std::string{"2x"}, std::string{"1001"},
                                  std::string{"nan"}, std::string{"inf"}}),
                     text) {
  BOOST_TEST(!parse_speed(text).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
