// Boost.Test glue: one hub per suite, dedicated hubs, logs of failed tests.
#pragma once

#include <boost/test/results_collector.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/hub_fixture.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

namespace agenthub::testing {

/// True if the running test case has a failed assertion, or is being left
/// by an exception.
inline bool current_test_failed() {
  namespace utf = boost::unit_test;
  const auto& r
    = utf::results_collector.results(utf::framework::current_test_case().p_id);
  return r.p_assertions_failed > 0 || r.p_aborted
         || std::uncaught_exceptions() > 0;
}

/// Prints `what()` through BOOST_TEST_MESSAGE when the test case it lives in
/// fails: `log_on_failure guard{"hub log", [&] { return hub.log_tail(); }};`
class log_on_failure {
public:
  log_on_failure(std::string title, std::function<std::string()> what)
    : title_(std::move(title)), what_(std::move(what)) {
  }
  ~log_on_failure() {
    if (current_test_failed())
      BOOST_TEST_MESSAGE("---- " << title_ << " ----\n" << what_());
  }
  log_on_failure(const log_on_failure&) = delete;
  log_on_failure& operator=(const log_on_failure&) = delete;

private:
  std::string title_;
  std::function<std::string()> what_;
};

/// Stops `hub` with SIGTERM and fails the current test unit unless it exits
/// with 0 (a sanitizer report or a crash on shutdown shows up here).
inline void expect_clean_exit(hub_process& hub) {
  try {
    int code = hub.stop();
    BOOST_TEST(code == 0, "hub exited with status "
                            << code << " on SIGTERM; log tail:\n"
                            << hub.log_tail());
  } catch (const std::exception& e) {
    BOOST_ERROR(e.what());
  }
}

/// Tag of a suite whose hub needs no extra environment. Tags of other
/// suites derive from it and hide `env()`.
struct default_hub {
  static env_map env() {
    return {};
  }
};

/// Suite-level fixture, `* boost::unit_test::fixture<suite_hub<Tag>>()`:
/// starts `hub_fixture{Tag::env()}` before the suite's first test case and
/// stops it after the last. It never throws: Boost 1.74 aborts the whole
/// run when a suite fixture's constructor throws, so a hub that fails to
/// start is reported here and then fails every test case of the suite.
template <class Tag>
class suite_hub {
public:
  suite_hub() {
    try {
      slot() = std::make_unique<hub_fixture>(Tag::env());
    } catch (const std::exception& e) {
      failure() = e.what();
      BOOST_ERROR("the suite's hub did not start: " << failure());
    }
  }
  ~suite_hub() {
    if (slot())
      expect_clean_exit(slot()->process());
    slot().reset();
    failure().clear();
  }
  /// The suite's hub (null outside the suite or if it did not start).
  static std::unique_ptr<hub_fixture>& slot() {
    static std::unique_ptr<hub_fixture> instance;
    return instance;
  }
  /// Why the hub did not start ("" if it did).
  static std::string& failure() {
    static std::string why;
    return why;
  }
};

/// The suite's hub; throws if it did not start.
template <class Tag>
hub_fixture& require_suite_hub() {
  if (!suite_hub<Tag>::slot())
    throw std::runtime_error("the suite's hub did not start (see the suite "
                             "setup error above)");
  return *suite_hub<Tag>::slot();
}

/// Per-test fixture giving test cases `hub`, the suite's shared hub; prints
/// the hub's log tail if the test case fails.
template <class Tag>
struct shared_hub {
  shared_hub()
    : hub(require_suite_hub<Tag>()),
      guard_("hub log (tail)", [this] { return hub.process().log_tail(); }) {
  }
  hub_fixture& hub;

private:
  log_on_failure guard_;
};

/// Per-test fixture with a hub of the test case's own (for tests that
/// restart it, exhaust limits or read its whole log). A hub still running
/// at the end must stop cleanly.
template <class Tag = default_hub>
struct dedicated_hub {
  dedicated_hub()
    : guard_("hub log (tail)", [this] { return hub.process().log_tail(); }) {
  }
  ~dedicated_hub() {
    if (hub.process().running())
      expect_clean_exit(hub.process());
  }
  hub_fixture hub{Tag::env()};

private:
  log_on_failure guard_;
};

} // namespace agenthub::testing

/// Declares suite `name` whose test cases share one hub started with
/// `Tag::env()`; close it with BOOST_AUTO_TEST_SUITE_END().
#define AGENTHUB_HUB_SUITE(name, Tag)                                          \
  BOOST_FIXTURE_TEST_SUITE(                                                    \
    name, ::agenthub::testing::shared_hub<Tag>,                                \
    *boost::unit_test::fixture<::agenthub::testing::suite_hub<Tag>>())
