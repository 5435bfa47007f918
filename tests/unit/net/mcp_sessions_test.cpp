// The MCP session table as the admin API sees it: an admin id that is not
// the session id, pages by admin id, kicks, and the requests/s ring.
#include "net/mcp_sessions.hpp"

#include "config/defaults.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace agenthub::net;

namespace {

mcp_opener opener(const std::string& agent) {
  return {agent, agent + "-name", "127.0.0.1", "2025-11-25"};
}

} // namespace

BOOST_AUTO_TEST_SUITE(mcp_sessions_admin)

BOOST_AUTO_TEST_CASE(the_admin_id_is_not_the_session_id) {
  mcp_sessions t;
  auto sid = t.create(opener("a1"));
  auto page = t.page("", 10);
  BOOST_TEST_REQUIRE(page.items.size() == 1u);
  BOOST_TEST(!page.more);
  const auto& s = page.items[0];
  BOOST_TEST(s.admin_id.size() == 36u); // a UUID
  BOOST_TEST(s.admin_id != sid);
  BOOST_TEST(sid.find(s.admin_id) == std::string::npos);
  BOOST_TEST(s.agent_id == "a1");
  BOOST_TEST(s.agent_name == "a1-name");
  BOOST_TEST(s.remote_address == "127.0.0.1");
  BOOST_TEST(s.connected_at.size() == 24u);
  BOOST_TEST(s.last_used_at >= s.connected_at);
  BOOST_TEST(s.requests == 0u);
  BOOST_TEST(!t.find(sid).has_value());
  BOOST_TEST(!t.kick(sid));
  BOOST_TEST(t.use(sid, "a1").has_value());
}

BOOST_AUTO_TEST_CASE(uses_by_the_owner_are_counted) {
  mcp_sessions t;
  auto sid = t.create(opener("a1"));
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(t.use(sid, "a1").has_value());
  BOOST_TEST(!t.use(sid, "a2").has_value()); // another agent's JWT
  auto id = t.page("", 1).items.at(0).admin_id;
  auto s = t.find(id);
  BOOST_TEST_REQUIRE(s.has_value());
  BOOST_TEST(s->requests == 3u);
  BOOST_TEST(s->requests_per_sec > 0);
}

BOOST_AUTO_TEST_CASE(a_kicked_session_is_gone_for_its_client_too) {
  mcp_sessions t;
  auto sid = t.create(opener("a1"));
  auto kept = t.create(opener("a1"));
  BOOST_TEST(t.count() == 2u);
  auto first = t.page("", 10).items;
  BOOST_TEST_REQUIRE(first.size() == 2u);
  // Which admin id is `sid`'s? Only uses tell them apart.
  t.use(sid, "a1");
  auto id = t.find(first[0].admin_id)->requests == 1 ? first[0].admin_id
                                                     : first[1].admin_id;
  BOOST_TEST(t.kick(id));
  BOOST_TEST(!t.use(sid, "a1").has_value());
  BOOST_TEST(!t.remove(sid, "a1"));
  BOOST_TEST(!t.find(id).has_value());
  BOOST_TEST(!t.kick(id));
  BOOST_TEST(t.count() == 1u);
  BOOST_TEST(t.use(kept, "a1").has_value());
  // The client ending its own session removes it from the admin's view.
  BOOST_TEST(t.remove(kept, "a1"));
  BOOST_TEST(t.page("", 10).items.empty());
  BOOST_TEST(t.count() == 0u);
}

BOOST_AUTO_TEST_CASE(pages_cover_every_session_once_in_id_order) {
  mcp_sessions t;
  for (int i = 0; i < 5; ++i)
    t.create(opener("a" + std::to_string(i)));
  std::vector<std::string> ids;
  std::string cursor;
  for (int pages = 0; pages < 10; ++pages) {
    auto p = t.page(cursor, 2);
    for (const auto& s : p.items)
      ids.push_back(s.admin_id);
    BOOST_TEST(p.items.size() == (p.more ? 2u : 1u));
    if (!p.more)
      break;
    cursor = p.items.back().admin_id;
  }
  BOOST_TEST(ids.size() == 5u);
  BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
  BOOST_TEST(std::set<std::string>(ids.begin(), ids.end()).size() == 5u);
}

BOOST_AUTO_TEST_CASE(the_request_rate_covers_the_last_ten_seconds) {
  request_counter c;
  for (int i = 0; i < 3; ++i)
    c.add(100);
  c.add(105);
  BOOST_TEST(c.total == 4u);
  BOOST_TEST(c.per_second(105) == 0.4);
  BOOST_TEST(c.per_second(109) == 0.4);
  BOOST_TEST(c.per_second(110) == 0.1); // second 100 left the window
  BOOST_TEST(c.per_second(115) == 0.0);
  c.add(104); // late, still inside the window
  BOOST_TEST(c.per_second(105) == 0.5);
  c.add(90); // too late: counted in the total only
  BOOST_TEST(c.total == 6u);
  BOOST_TEST(c.per_second(105) == 0.5);
  c.add(300); // a long gap clears the ring
  BOOST_TEST(c.per_second(300) == 0.1);
}

BOOST_AUTO_TEST_CASE(one_agent_keeps_at_most_its_share_dropping_its_oldest) {
  namespace defaults = agenthub::defaults;
  mcp_sessions t;
  auto other = t.create(opener("quiet"));
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < defaults::mcp_max_sessions_per_agent; ++i)
    ids.push_back(t.create(opener("greedy")));
  BOOST_TEST(t.use(ids[0], "greedy").has_value()); // now the newest use
  auto extra = t.create(opener("greedy"));
  BOOST_TEST(t.count() == defaults::mcp_max_sessions_per_agent + 1);
  BOOST_TEST(!t.use(ids[1], "greedy").has_value()); // its LRU went
  BOOST_TEST(t.use(ids[0], "greedy").has_value());
  BOOST_TEST(t.use(extra, "greedy").has_value());
  BOOST_TEST(t.use(other, "quiet").has_value()); // others untouched
}

BOOST_AUTO_TEST_CASE(a_full_table_drops_the_least_recently_used_consistently) {
  namespace defaults = agenthub::defaults;
  mcp_sessions t;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < defaults::mcp_max_sessions; ++i)
    ids.push_back(
      t.create(opener("agent-" + std::to_string(i % 400)))); // 25 per agent
  for (std::size_t i = 1; i < ids.size(); ++i) // ids[0] stays oldest
    BOOST_TEST_REQUIRE(
      t.use(ids[i], "agent-" + std::to_string(i % 400)).has_value());
  auto newest = t.create(opener("late"));
  BOOST_TEST(t.count() == defaults::mcp_max_sessions);
  BOOST_TEST(!t.use(ids[0], "agent-0").has_value());
  BOOST_TEST(t.use(newest, "late").has_value());
  // Both maps moved together: a page walk sees every live session once.
  std::set<std::string> seen;
  std::string after;
  for (;;) {
    auto page = t.page(after, 1000);
    BOOST_TEST_REQUIRE(page.items.size() <= 1000u);
    for (const auto& s : page.items)
      BOOST_TEST_REQUIRE(seen.insert(s.admin_id).second);
    if (!page.more)
      break;
    after = page.items.back().admin_id;
  }
  BOOST_TEST(seen.size() == defaults::mcp_max_sessions);
}

BOOST_AUTO_TEST_CASE(disabling_an_agent_ends_its_sessions_only) {
  mcp_sessions t;
  auto a = t.create(opener("bad"));
  auto b = t.create(opener("bad"));
  auto c = t.create(opener("good"));
  BOOST_TEST(t.remove_agent("bad") == 2u);
  BOOST_TEST(!t.use(a, "bad").has_value());
  BOOST_TEST(!t.use(b, "bad").has_value());
  BOOST_TEST(t.use(c, "good").has_value());
  BOOST_TEST(t.page("", 10).items.size() == 1u);
  // A fresh session for the agent counts from zero again.
  BOOST_TEST(t.use(t.create(opener("bad")), "bad").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
