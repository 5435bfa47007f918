// GET /admin/system: the documented shape, and numbers that follow the
// traffic (sessions, rates, writer batches, ack latency).
#include <boost/test/unit_test.hpp>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;
using json = nlohmann::json;

namespace {

struct system_hub : default_hub {};

bool is_count(const json& v) {
  return v.is_number_unsigned()
         || (v.is_number_integer() && v.get<long long>() >= 0);
}

bool is_number(const json& v) {
  return v.is_number();
}

} // namespace

AGENTHUB_HUB_SUITE(admin_system, system_hub)

BOOST_AUTO_TEST_CASE(system_has_the_documented_shape) {
  auto s = admin_get(hub, "/admin/system");
  BOOST_TEST(s["nodeId"].is_string());
  BOOST_TEST(!s["nodeId"].get<std::string>().empty());
  BOOST_TEST(s["version"] == "0.1.0");
  BOOST_TEST(is_number(s["uptimeSeconds"]));
  BOOST_TEST(s["scheduler"]["threads"].get<int>() >= 1);
  BOOST_TEST(s["io"]["threads"].get<int>() >= 1);
  BOOST_TEST(s["actors"]["running"].get<int>() >= 3); // writer, registry, ...
  BOOST_TEST(s["connections"].get<int>() >= 1);       // this request's
  for (const auto* k :
       {"sessions", "roomsActive", "roomsStale", "slowConsumers", "websockets"})
    BOOST_TEST(is_count(s[k]), k << " = " << s[k]);
  const auto& w = s["writer"];
  BOOST_TEST(is_count(w["queueDepth"]));
  BOOST_TEST(w["healthy"] == true);
  for (const auto* k : {"last", "p50", "p99"})
    BOOST_TEST(is_number(w["batchSize"][k]), k);
  for (const auto* k : {"p50", "p99"}) {
    BOOST_TEST(is_number(w["commitLatencyMs"][k]), k);
    BOOST_TEST(is_number(s["ackLatencyMs"][k]), k);
  }
  for (const auto* k : {"10s", "1m"}) {
    BOOST_TEST(is_number(s["messagesInPerSec"][k]), k);
    BOOST_TEST(is_number(s["deliveriesOutPerSec"][k]), k);
  }
  const auto& pool = s["db"]["pool"];
  BOOST_TEST(pool["size"].get<int>() >= 1);
  BOOST_TEST(pool["idle"].get<int>() + pool["inUse"].get<int>()
             == pool["size"].get<int>());
}

BOOST_AUTO_TEST_CASE(uptime_grows) {
  auto first = admin_get(hub, "/admin/system")["uptimeSeconds"].get<double>();
  auto later = admin_wait(
    hub, "/admin/system",
    [&](const json& s) { return s["uptimeSeconds"].get<double>() > first; },
    "a larger uptime");
  BOOST_TEST(later["uptimeSeconds"].get<double>() > first);
}

BOOST_AUTO_TEST_CASE(the_numbers_move_under_traffic) {
  auto before = admin_get(hub, "/admin/system");
  auto alice = make_chat_agent(hub, "alice");
  auto bob = make_chat_agent(hub, "bob");
  auto room = make_chat_room(hub, {alice, bob});
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);
  auto acks = send_many({a.get()}, room.id, 40, "sys");
  BOOST_TEST_REQUIRE(acks.size() == 40u);
  collect_messages(*b, room.id, 40);

  auto s = admin_wait(
    hub, "/admin/system",
    [&](const json& s) {
      return s["sessions"].get<int>() >= before["sessions"].get<int>() + 2
             && s["roomsActive"].get<int>() >= 1
             && s["messagesInPerSec"]["10s"].get<double>() > 0
             && s["deliveriesOutPerSec"]["10s"].get<double>() > 0
             && s["ackLatencyMs"]["p99"].get<double>() > 0;
    },
    "two more sessions, an active room, traffic and ack latencies");
  const auto& w = s["writer"];
  BOOST_TEST(w["batchSize"]["last"].get<int>() >= 1);
  BOOST_TEST(w["batchSize"]["p99"].get<double>() >= 1);
  BOOST_TEST(w["commitLatencyMs"]["p99"].get<double>() > 0);
  BOOST_TEST(s["ackLatencyMs"]["p99"].get<double>()
             >= s["ackLatencyMs"]["p50"].get<double>());
  // Everything is acked: nothing waits at the writer any more.
  BOOST_TEST(w["queueDepth"] == 0);
  BOOST_TEST(s["websockets"].get<int>() >= 2);
}

BOOST_AUTO_TEST_SUITE_END()
