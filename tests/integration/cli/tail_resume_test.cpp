// `agenthub tail` across a hub restart: it reconnects and resumes after the
// last seq it printed, so nothing is missed and nothing is printed twice.
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"
#include "tests/support/suite_hub.hpp"
#include "tests/support/wait.hpp"

#include <csignal>

using namespace agenthub::testing;
using std::chrono::milliseconds;

namespace {

/// Occurrences of `needle` in `text`.
int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(cli_tail_resume, dedicated_hub<>)

BOOST_AUTO_TEST_CASE(tail_resumes_across_a_hub_restart_without_gap_or_dup) {
  cli_user admin;
  admin.login(hub, hub.admin_token);
  auto room = unique_name("resume");
  admin.json({"rooms", "create", room});
  admin.json({"send", room, "before 1"});

  auto tail = admin.start({"tail", room, "--json", "--after-seq", "0",
                           "--count", "7", "--timeout", "240"});
  log_on_failure tail_log{"tail stderr", [&] { return tail.err(); }};
  for (int i = 2; i <= 3; ++i)
    admin.json({"send", room, "before " + std::to_string(i)});
  BOOST_TEST_REQUIRE(
    wait_until([&] { return json_lines(tail.out()).size() == 3u; },
               milliseconds{60000}),
    tail.out());

  // Same port, same database and secret: the stored login stays valid.
  auto port = std::to_string(hub.process().port());
  hub.restart({{"PORT", port}});
  // Sent while tail is (probably) still reconnecting: resume must fetch
  // them from the log.
  for (int i = 4; i <= 5; ++i)
    admin.json({"send", room, "after " + std::to_string(i)});
  BOOST_TEST_REQUIRE(
    wait_until([&] { return count_of(tail.err(), "following ") >= 2; },
               milliseconds{60000}),
    tail.err());
  for (int i = 6; i <= 7; ++i)
    admin.json({"send", room, "after " + std::to_string(i)});

  auto code = tail.process->wait_for(milliseconds{120000});
  BOOST_TEST_REQUIRE(code.has_value(), tail.err());
  BOOST_TEST(*code == 0);
  auto got = json_lines(tail.out());
  BOOST_TEST_REQUIRE(got.size() == 7u, tail.out());
  for (int i = 0; i < 7; ++i) {
    BOOST_TEST(got[i]["seq"] == i + 1);
    auto body = (i < 3 ? "before " : "after ") + std::to_string(i + 1);
    BOOST_TEST(got[i]["body"] == body);
  }
  BOOST_TEST(tail.err().find("reconnecting") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tail_keeps_retrying_while_the_hub_is_down) {
  cli_user admin;
  admin.login(hub, hub.admin_token);
  auto room = unique_name("down");
  admin.json({"rooms", "create", room});
  auto port = hub.process().port();
  auto tail = admin.start({"tail", room, "--count", "1", "--timeout", "240"});
  log_on_failure tail_log{"tail stderr", [&] { return tail.err(); }};
  BOOST_TEST_REQUIRE(
    wait_until([&] { return count_of(tail.err(), "following ") >= 1; },
               milliseconds{60000}),
    tail.err());
  BOOST_TEST_REQUIRE(hub.process().stop() == 0);
  // Down: tail reports the failed attempts and keeps going.
  BOOST_TEST_REQUIRE(
    wait_until([&] { return count_of(tail.err(), "retrying") >= 2; },
               milliseconds{60000}),
    tail.err());
  BOOST_TEST(tail.process->running());
  hub.restart({{"PORT", std::to_string(port)}});
  admin.json({"send", room, "back"});
  auto code = tail.process->wait_for(milliseconds{120000});
  BOOST_TEST_REQUIRE(code.has_value(), tail.err());
  BOOST_TEST(*code == 0);
  BOOST_TEST(tail.out().find(" admin: back") != std::string::npos, tail.out());
}

BOOST_AUTO_TEST_SUITE_END()
