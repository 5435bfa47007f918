// MCP sessions in GET /admin/sessions: listed with framing "mcp" under an
// admin id (never the Mcp-Session-Id, which is a bearer credential), paged
// together with the WebSocket sessions, and ended by
// DELETE /admin/sessions/:id (the client's next request gets 404).
#include <boost/test/unit_test.hpp>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

#include <set>

using namespace agenthub::testing;
using json = nlohmann::json;

namespace {

struct mcp_admin_hub : default_hub {};

/// The admin's view of `agent`'s sessions with framing `framing`.
std::vector<json> sessions_by_framing(hub_fixture& hub, const chat_agent& agent,
                                      const std::string& framing) {
  std::vector<json> out;
  for (auto& s : sessions_of(hub, agent.id))
    if (s["framing"] == framing)
      out.push_back(s);
  return out;
}

bool iso8601_ms(const json& v) {
  return v.is_string() && v.get<std::string>().size() == 24u; // ms, Z
}

} // namespace

AGENTHUB_HUB_SUITE(admin_mcp_sessions, mcp_admin_hub)

BOOST_AUTO_TEST_CASE(an_mcp_session_is_listed_without_its_session_id) {
  auto frank = make_chat_agent(hub, "frank");
  auto sid = mcp_initialize(hub, frank.jwt);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(mcp_call(hub, "POST", frank.jwt, sid, "ping").status
                       == 200u);
  // Listed at once: the MCP table is read directly, with no report to wait
  // for.
  auto page = hub.get("/admin/sessions?limit=200", hub.admin_jwt);
  BOOST_TEST_REQUIRE(page.status == 200u, page.body);
  BOOST_TEST(page.body.find(sid) == std::string::npos,
             "the listing shows the Mcp-Session-Id");
  auto mine = sessions_by_framing(hub, frank, "mcp");
  BOOST_TEST_REQUIRE(mine.size() == 1u);
  auto id = mine[0]["id"].get<std::string>();
  BOOST_TEST(id != sid);
  BOOST_TEST(id.size() == 36u); // a UUID, like the other sessions' ids

  auto one = hub.get("/admin/sessions/" + id, hub.admin_jwt);
  BOOST_TEST_REQUIRE(one.status == 200u, one.body);
  BOOST_TEST(one.body.find(sid) == std::string::npos);
  const auto& s = one.json;
  BOOST_TEST(s["id"] == id);
  BOOST_TEST(s["agentId"] == frank.id);
  BOOST_TEST(s["agentName"] == frank.name);
  BOOST_TEST(s["framing"] == "mcp");
  BOOST_TEST(s["remoteAddress"] == "127.0.0.1");
  BOOST_TEST(iso8601_ms(s["connectedAt"]));
  BOOST_TEST(iso8601_ms(s["lastUsedAt"]));
  BOOST_TEST(s["lastUsedAt"].get<std::string>()
             >= s["connectedAt"].get<std::string>());
  BOOST_TEST(s["rooms"] == json::array());
  BOOST_TEST(s["behindRooms"] == json::array());
  BOOST_TEST(s["paused"] == false);
  BOOST_TEST(s["outboundQueueBytes"] == 0);
  BOOST_TEST(s["events"] == 3); // the pings; initialize opens the session
  BOOST_TEST(s["eventsPerSec"].get<double>() > 0);
  BOOST_TEST(s["rateLimitHits"] == 0);
  BOOST_TEST(s["stale"] == false);

  // The hub never logs the session id.
  BOOST_TEST(hub.process().log_tail(100000).find(sid) == std::string::npos);
  // The session id itself finds nothing in the admin API.
  BOOST_TEST(hub.get("/admin/sessions/" + sid, hub.admin_jwt).status == 404u);
  auto system = admin_get(hub, "/admin/system");
  BOOST_TEST(system["mcpSessions"].get<int>() >= 1);
  BOOST_TEST(system["sessions"].get<int>() >= system["mcpSessions"].get<int>());
}

BOOST_AUTO_TEST_CASE(a_kicked_mcp_session_gets_404_and_is_gone) {
  auto gina = make_chat_agent(hub, "gina");
  auto hank = make_chat_agent(hub, "hank");
  auto sid = mcp_initialize(hub, gina.jwt);
  auto other = mcp_initialize(hub, hank.jwt);
  auto id
    = sessions_by_framing(hub, gina, "mcp").at(0)["id"].get<std::string>();

  // An agent may not kick anyone.
  BOOST_TEST(hub.call("DELETE", "/admin/sessions/" + id, gina.jwt).status
             == 403u);
  BOOST_TEST(mcp_call(hub, "POST", gina.jwt, sid, "ping").status == 200u);

  auto r = hub.del("/admin/sessions/" + id, hub.admin_jwt);
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(r.json["id"] == id);
  BOOST_TEST(r.json["kicked"] == true);
  BOOST_TEST(r.json["closeCode"].is_null()); // no connection to close
  // Gone from the admin's view the moment the kick was answered.
  BOOST_TEST(sessions_by_framing(hub, gina, "mcp").empty());
  BOOST_TEST(hub.get("/admin/sessions/" + id, hub.admin_jwt).status == 404u);

  // The client's next request is refused like an expired session's
  // (MCP: 404, and the client initializes again).
  auto next = mcp_call(hub, "POST", gina.jwt, sid, "tools/list");
  BOOST_TEST(next.status == 404u, next.body);
  BOOST_TEST(next.json["error"]["code"] == -32001);
  BOOST_TEST(mcp_call(hub, "DELETE", gina.jwt, sid).status == 404u);
  BOOST_TEST(hub.del("/admin/sessions/" + id, hub.admin_jwt).status == 404u);

  // Others are untouched, and the kicked agent may come back.
  BOOST_TEST(mcp_call(hub, "POST", hank.jwt, other, "ping").status == 200u);
  BOOST_TEST(sessions_by_framing(hub, hank, "mcp").size() == 1u);
  mcp_initialize(hub, gina.jwt);
  auto back = sessions_by_framing(hub, gina, "mcp");
  BOOST_TEST_REQUIRE(back.size() == 1u);
  BOOST_TEST(back[0]["id"] != id);
}

BOOST_AUTO_TEST_CASE(pages_mix_mcp_and_websocket_sessions_by_id) {
  auto ivy = make_chat_agent(hub, "ivy");
  std::vector<std::unique_ptr<ws_client>> conns;
  std::vector<std::string> sids;
  for (int i = 0; i < 4; ++i) {
    conns.push_back(connect_chat(hub, ivy));
    sids.push_back(mcp_initialize(hub, ivy.jwt));
  }
  // The WebSocket sessions show once they reported.
  std::vector<json> mine;
  bool all_listed = wait_until(
    [&] {
      mine = sessions_of(hub, ivy.id);
      return mine.size() == 8u;
    },
    report_timeout, std::chrono::milliseconds{100});
  BOOST_TEST_REQUIRE(all_listed, mine.size() << " sessions listed");
  BOOST_TEST(sessions_by_framing(hub, ivy, "mcp").size() == 4u);
  BOOST_TEST(sessions_by_framing(hub, ivy, "ws").size() == 4u);

  for (const char* limit : {"1", "3", "200"}) {
    auto path = std::string{"/admin/sessions?limit="} + limit;
    auto all = ids_of(admin_all_pages(hub, path, "sessions"));
    std::set<std::string> unique(all.begin(), all.end());
    BOOST_TEST(unique.size() == all.size(), "a session came twice " << path);
    BOOST_TEST(std::is_sorted(all.begin(), all.end()), path);
    for (const auto& id : ids_of(mine))
      BOOST_TEST(unique.count(id) == 1u, id << " missing from " << path);
    for (const auto& sid : sids)
      BOOST_TEST(unique.count(sid) == 0u);
  }
}

BOOST_AUTO_TEST_CASE(disabling_an_agent_ends_its_mcp_sessions) {
  auto gina = make_chat_agent(hub, "gina");
  auto hank = make_chat_agent(hub, "hank");
  mcp_initialize(hub, gina.jwt);
  mcp_initialize(hub, gina.jwt);
  auto keep = mcp_initialize(hub, hank.jwt);
  BOOST_TEST_REQUIRE(sessions_by_framing(hub, gina, "mcp").size() == 2u);
  auto r = hub.patch("/api/v1/agents/" + gina.id, hub.admin_jwt,
                     {{"disabled", true}});
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(sessions_by_framing(hub, gina, "mcp").empty());
  BOOST_TEST(sessions_by_framing(hub, hank, "mcp").size() == 1u);
  BOOST_TEST(mcp_call(hub, "POST", hank.jwt, keep, "ping").status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
