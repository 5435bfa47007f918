// Command line: the loopback-only rule, defaults, usage errors, and the
// synthetic and replay plans.
#include "tools/loadgen/options.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tools/loadgen/replay_plan.hpp"
#include "tools/loadgen/synthetic_plan.hpp"
#include "tools/loadgen/target.hpp"

#include <sstream>
#include <string>
#include <vector>

using namespace agenthub::loadgen;
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::vector<std::string>)
namespace bdata = boost::unit_test::data;

namespace {

std::variant<options, cli_exit> parse(std::vector<std::string> args) {
  args.insert(args.begin(), "agenthub-loadgen");
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  return parse_options(static_cast<int>(argv.size()), argv.data());
}

int exit_code(const std::variant<options, cli_exit>& r) {
  auto* e = std::get_if<cli_exit>(&r);
  return e ? e->code : -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(options_suite)

BOOST_DATA_TEST_CASE(loopback_targets_are_accepted,
                     bdata::make({std::string{"http://127.0.0.1:3000"},
                                  std::string{"http://localhost:3000/"},
                                  std::string{"ws://127.1.2.3:80"},
                                  std::string{"http://[::1]:3000"}}),
                     url) {
  auto t = parse_target(url);
  BOOST_TEST(std::holds_alternative<target>(t));
}

BOOST_DATA_TEST_CASE(other_targets_are_refused,
                     bdata::make({std::string{"http://10.0.0.1:3000"},
                                  std::string{"http://example.com:3000"},
                                  std::string{"http://0.0.0.0:3000"},
                                  std::string{"http://[::2]:3000"},
                                  std::string{"https://127.0.0.1:3000"},
                                  std::string{"127.0.0.1:3000"},
                                  std::string{"http://127.0.0.1:0"},
                                  std::string{"http://127.0.0.1:99999"}}),
                     url) {
  BOOST_TEST(std::holds_alternative<std::string>(parse_target(url)));
}

BOOST_AUTO_TEST_CASE(source_ips_must_be_loopback) {
  auto ok = parse_source_ips("127.0.0.1,127.0.0.2", false);
  BOOST_TEST_REQUIRE(std::holds_alternative<std::vector<std::string>>(ok));
  BOOST_TEST(std::get<std::vector<std::string>>(ok).size() == 2u);
  BOOST_TEST(std::holds_alternative<std::string>(
    parse_source_ips("127.0.0.1,192.168.1.1", false)));
  BOOST_TEST(
    std::holds_alternative<std::string>(parse_source_ips("::1", false)));
}

BOOST_AUTO_TEST_CASE(defaults_give_rooms_times_members_connections) {
  auto r = parse(
    {"--admin-token", "agt_x", "--rooms", "2", "--members-per-room", "3"});
  BOOST_TEST_REQUIRE(std::holds_alternative<options>(r));
  auto& o = std::get<options>(r);
  BOOST_TEST(o.connections == 6);
  BOOST_TEST(o.senders == 3);
  BOOST_TEST(o.url.port == 3000);
  BOOST_TEST(!o.replay);
  auto plan = synthetic_plan(o);
  BOOST_TEST(plan.agents == 6);
  BOOST_TEST_REQUIRE(plan.room_members.size() == 2u);
  BOOST_TEST((plan.room_members[1] == std::vector<int>{3, 4, 5}));
}

BOOST_AUTO_TEST_CASE(help_exits_zero) {
  auto r = parse({"--help"});
  BOOST_TEST(exit_code(r) == 0);
  BOOST_TEST(std::get<cli_exit>(r).text.find("--source-ips")
             != std::string::npos);
}

BOOST_DATA_TEST_CASE(
  usage_errors_exit_two,
  bdata::make(
    {std::vector<std::string>{"--bogus"},
     std::vector<std::string>{"--admin-token", "t", "--rate"},
     std::vector<std::string>{"--admin-token", "t", "--rate", "x"},
     std::vector<std::string>{"--admin-token", "t", "--speed", "0"},
     std::vector<std::string>{"--admin-token", "t", "--scenario", "replay"},
     std::vector<std::string>{"--admin-token", "t", "--url",
                              "http://8.8.8.8:3000"},
     std::vector<std::string>{"--admin-token", "t", "--connections", "20001"},
     std::vector<std::string>{"--admin-token", "t", "--rooms", "1000",
                              "--members-per-room", "100"},
     std::vector<std::string>{"--admin-token", "t", "--connections", "2",
                              "--members-per-room", "3"},
     std::vector<std::string>{"--setup", "none", "--reuse", "f"},
     std::vector<std::string>{"--admin-token", "t", "--framing", "mqtt"}}),
  args) {
  BOOST_TEST(exit_code(parse(args)) == 2);
}

BOOST_AUTO_TEST_CASE(replay_plan_maps_agents_rooms_and_connections) {
  std::istringstream in(
    R"({"agenthub_recording":1,"started":"x","bodies":false})"
    "\n"
    R"({"t":0.1,"conn":1,"agent":"A","framing":"ws","event":"connect","room":""})"
    "\n"
    R"({"t":0.2,"conn":2,"agent":"B","framing":"socketio","event":"connect","room":""})"
    "\n"
    R"({"t":0.3,"conn":3,"agent":"A","framing":"ws","event":"connect","room":""})"
    "\n"
    R"({"t":1.0,"conn":1,"agent":"A","event":"message:send","room":"r1","size":10})"
    "\n"
    R"({"t":0.9,"conn":2,"agent":"B","event":"room:join","room":"r1"})"
    "\n"
    R"({"t":1.5,"conn":3,"agent":"A","event":"message:send","room":"r2","size":10})"
    "\n"
    R"({"t":2.0,"conn":9,"event":"message:send","room":"r2","size":10})"
    "\n"
    R"({"t":3.0,"conn":2,"event":"disconnect"})"
    "\n");
  auto rec = parse_recording(in);
  auto p = make_replay_plan(rec);
  BOOST_TEST(p.plan.agents == 2);
  BOOST_TEST_REQUIRE(p.rooms.size() == 2u);
  BOOST_TEST(p.rooms[0] == "r1"); // B's join at 0.9 comes before A's send
  BOOST_TEST((p.plan.room_members[0] == std::vector<int>{1, 0}));
  BOOST_TEST((p.plan.room_members[1] == std::vector<int>{0}));
  BOOST_TEST_REQUIRE(p.conns.size() == 3u);
  BOOST_TEST(p.conns[1].recorded == 2);
  BOOST_TEST((p.conns[1].wire == framing::socketio));
  BOOST_TEST(p.conns[1].events.size() == 3u);
  BOOST_TEST(p.orphan_events == 1u);
  BOOST_TEST(p.length_s == 3.0);
}

BOOST_AUTO_TEST_SUITE_END()
