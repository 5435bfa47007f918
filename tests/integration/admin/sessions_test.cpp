// GET /admin/sessions (pages), GET /admin/sessions/:id, and the operator's
// kick: DELETE /admin/sessions/:id closes the connection with 4001.
#include <boost/test/unit_test.hpp>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

#include <set>

using namespace agenthub::testing;
using json = nlohmann::json;

namespace {

struct sessions_hub : default_hub {};

/// A bucket small enough that a burst is refused on the slowest machine.
struct slow_rate_hub {
  static env_map env() {
    return {{"SESSION_EVENTS_PER_SECOND", "2"}};
  }
};

/// Waits until the admin lists `n` sessions of `agent`; returns them.
std::vector<json> wait_sessions(hub_fixture& hub, const chat_agent& agent,
                                std::size_t n) {
  std::vector<json> found;
  bool ok = wait_until(
    [&] {
      found = sessions_of(hub, agent.id);
      return found.size() == n;
    },
    report_timeout, std::chrono::milliseconds{100});
  if (!ok)
    throw std::runtime_error(agent.name + " has " + std::to_string(found.size())
                             + " sessions listed, expected "
                             + std::to_string(n));
  return found;
}

} // namespace

AGENTHUB_HUB_SUITE(admin_sessions, sessions_hub)

BOOST_AUTO_TEST_CASE(a_session_shows_who_where_and_how_busy) {
  auto alice = make_chat_agent(hub, "alice");
  auto room = make_chat_room(hub, {alice});
  auto a = connect_chat(hub, alice);
  send_many({a.get()}, room.id, 12, "busy");
  auto listed = wait_sessions(hub, alice, 1).at(0);
  auto id = listed["id"].get<std::string>();
  auto s = admin_wait(
    hub, "/admin/sessions/" + id,
    [](const json& j) { return j["events"].get<int>() >= 12; },
    "the 12 sends counted");
  BOOST_TEST(s["id"] == id);
  BOOST_TEST(s["agentId"] == alice.id);
  BOOST_TEST(s["agentName"] == alice.name);
  BOOST_TEST(s["framing"] == "ws");
  BOOST_TEST(s["remoteAddress"] == "127.0.0.1");
  BOOST_TEST(s["connectedAt"].get<std::string>().size() == 24u); // ISO, ms, Z
  BOOST_TEST(s["rooms"] == json::array({room.id}));
  BOOST_TEST(s["outboundQueueBytes"].is_number());
  BOOST_TEST(s["eventsPerSec"].get<double>() > 0);
  BOOST_TEST(s["rateLimitHits"] == 0);
  BOOST_TEST(s["paused"] == false);
}

BOOST_AUTO_TEST_CASE(pages_cover_every_session_once) {
  auto carol = make_chat_agent(hub, "carol");
  std::vector<std::unique_ptr<ws_client>> conns;
  for (int i = 0; i < 7; ++i)
    conns.push_back(connect_chat(hub, carol));
  auto mine = ids_of(wait_sessions(hub, carol, 7));
  auto all
    = ids_of(admin_all_pages(hub, "/admin/sessions?limit=3", "sessions"));
  std::set<std::string> unique(all.begin(), all.end());
  BOOST_TEST(unique.size() == all.size(), "a session came twice");
  for (const auto& id : mine)
    BOOST_TEST(unique.count(id) == 1u);
  BOOST_TEST(std::is_sorted(all.begin(), all.end()));
}

BOOST_AUTO_TEST_CASE(a_kicked_client_gets_4001_and_is_gone) {
  auto dave = make_chat_agent(hub, "dave");
  auto erin = make_chat_agent(hub, "erin");
  auto room = make_chat_room(hub, {dave, erin});
  auto d = connect_chat(hub, dave);
  auto e = connect_chat(hub, erin);
  auto id = wait_sessions(hub, dave, 1).at(0)["id"].get<std::string>();
  wait_sessions(hub, erin, 1);

  // An agent may not kick anyone.
  auto refused = hub.call("DELETE", "/admin/sessions/" + id, erin.jwt);
  BOOST_TEST(refused.status == 403u);
  BOOST_TEST(d->is_open());

  auto r = hub.del("/admin/sessions/" + id, hub.admin_jwt);
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(r.json["id"] == id);
  BOOST_TEST(r.json["kicked"] == true);
  BOOST_TEST(r.json["closeCode"] == 4001);
  // Gone from the admin's view the moment the kick was answered.
  BOOST_TEST(sessions_of(hub, dave.id).empty());
  BOOST_TEST(hub.get("/admin/sessions/" + id, hub.admin_jwt).status == 404u);

  auto closed = d->wait_close();
  BOOST_TEST_REQUIRE(closed.has_value(), d->describe_buffer());
  BOOST_TEST(closed->code == 4001);
  BOOST_TEST(closed->reason == "kicked by operator");
  // It stays gone, and kicking again finds nothing.
  BOOST_TEST(hub.del("/admin/sessions/" + id, hub.admin_jwt).status == 404u);
  BOOST_TEST(sessions_of(hub, dave.id).empty());
  // Others are untouched, and the kicked agent may come back.
  BOOST_TEST(send_message(*e, room.id, "still here")["seq"] == 1);
  auto again = connect_chat(hub, dave);
  auto back = wait_sessions(hub, dave, 1).at(0)["id"].get<std::string>();
  BOOST_TEST(back != id);
  admin_wait(
    hub, "/admin/rooms/" + room.id,
    [](const json& j) { return j["subscribers"] == 2; },
    "both agents subscribed again");
}

BOOST_AUTO_TEST_CASE(unknown_sessions_are_404) {
  for (const auto* m : {"GET", "DELETE"}) {
    auto r = hub.call(m, "/admin/sessions/nope", hub.admin_jwt);
    BOOST_TEST(r.status == 404u, m);
    BOOST_TEST(r.error_code() == "not_found", m);
  }
}

BOOST_AUTO_TEST_SUITE_END()

AGENTHUB_HUB_SUITE(admin_session_rate_limits, slow_rate_hub)

BOOST_AUTO_TEST_CASE(rate_limit_hits_are_counted) {
  auto bob = make_chat_agent(hub, "bob");
  auto room = make_chat_room(hub, {bob});
  auto b = connect_chat(hub, bob);
  // 40 events at once against a burst of 2: some are refused however slowly
  // a loaded machine lets the hub work through them (20 s of refill).
  auto burst = send_burst(*b, room.id, 40, "x");
  auto refused = burst.rate_limited;
  BOOST_TEST_REQUIRE(refused > 0);
  auto id = wait_sessions(hub, bob, 1).at(0)["id"].get<std::string>();
  admin_wait(
    hub, "/admin/sessions/" + id,
    [&](const json& j) { return j["rateLimitHits"] == refused; },
    std::to_string(refused) + " rate-limit hits");
}

BOOST_AUTO_TEST_SUITE_END()
