// `agenthub agents …` and `agenthub tokens …` against a real hub: human
// and --json output, and the hub's refusals as exit codes.
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

/// The line of `text` that contains `needle` ("" if none).
std::string line_with(const std::string& text, const std::string& needle) {
  for (const auto& line : lines_of(text))
    if (line.find(needle) != std::string::npos)
      return line;
  return "";
}

/// An admin at the terminal, logged in to the suite's hub.
struct admin_cli : shared_hub<default_hub> {
  admin_cli() {
    admin.login(hub, hub.admin_token);
  }
  cli_user admin;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(cli_identity, admin_cli,
                         *boost::unit_test::fixture<suite_hub<default_hub>>())

BOOST_AUTO_TEST_CASE(agents_create_list_show_disable_enable) {
  auto name = unique_name("bot");
  auto created
    = admin.run({"agents", "create", name, "--display-name", "The Bot"});
  BOOST_TEST_REQUIRE(created.exit_code == 0, describe(created));
  BOOST_TEST(created.out.rfind("Created agent " + name + " (id ", 0) == 0u,
             created.out);

  auto list = admin.run({"agents", "list"});
  BOOST_TEST_REQUIRE(list.exit_code == 0, describe(list));
  BOOST_TEST(list.out.rfind("NAME", 0) == 0u, list.out);
  auto row = line_with(list.out, name + " ");
  BOOST_TEST(row.find("enabled") != std::string::npos, list.out);
  BOOST_TEST(row.find("The Bot") != std::string::npos, row);

  auto listed = admin.json({"agents", "list"});
  nlohmann::json mine;
  for (const auto& a : listed["agents"])
    if (a["name"] == name)
      mine = a;
  BOOST_TEST_REQUIRE(mine.is_object(), listed.dump());
  BOOST_TEST(listed["nextCursor"].is_null());

  auto shown = admin.json({"agents", "show", name});
  BOOST_TEST(shown["id"] == mine["id"]);
  BOOST_TEST(shown["displayName"] == "The Bot");

  auto disabled = admin.run({"agents", "disable", name});
  BOOST_TEST(disabled.exit_code == 0, describe(disabled));
  BOOST_TEST(disabled.out.find("Disabled agent " + name) != std::string::npos);
  auto id = mine["id"].get<std::string>();
  BOOST_TEST(hub.get("/api/v1/agents/" + id, hub.admin_jwt).json["disabled"]
             == true);
  auto enabled = admin.json({"agents", "enable", id});
  BOOST_TEST(enabled["disabled"] == false);
}

BOOST_AUTO_TEST_CASE(agents_create_json_and_admin_role) {
  auto name = unique_name("ops");
  auto j = admin.json({"agents", "create", name, "--role", "admin"});
  BOOST_TEST(j["name"] == name);
  BOOST_TEST(j["role"] == "admin");
  BOOST_TEST(j["disabled"] == false);
}

BOOST_AUTO_TEST_CASE(paging_prints_the_next_cursor_on_stderr) {
  admin.json({"agents", "create", unique_name("page")});
  auto r = admin.run({"agents", "list", "--limit", "1"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(lines_of(r.out).size() == 2u, r.out); // header + one agent
  BOOST_TEST(r.err.find("more: --after ") != std::string::npos, r.err);
  auto j = admin.json({"agents", "list", "--limit", "1"});
  BOOST_TEST(j["agents"].size() == 1u);
  BOOST_TEST(j["nextCursor"].is_string());
}

BOOST_AUTO_TEST_CASE(hub_refusals_carry_status_and_code) {
  auto name = unique_name("dup");
  admin.json({"agents", "create", name});
  auto dup = admin.run({"agents", "create", name});
  BOOST_TEST(dup.exit_code == 3, describe(dup));
  BOOST_TEST(dup.err.find("HTTP 409 name_taken") != std::string::npos, dup.err);
  BOOST_TEST(dup.out.empty());

  auto bad = admin.run({"agents", "create", "Not A Slug"});
  BOOST_TEST(bad.exit_code == 3, describe(bad));
  BOOST_TEST(bad.err.find("HTTP 422 validation_failed") != std::string::npos,
             bad.err);

  auto missing = admin.run({"agents", "show", "no-such-agent"});
  BOOST_TEST(missing.exit_code == 3, describe(missing));
  BOOST_TEST(missing.err.find("no agent named 'no-such-agent'")
               != std::string::npos,
             missing.err);

  auto self = admin.run({"agents", "disable", "me"});
  BOOST_TEST(self.exit_code == 3, describe(self));
  BOOST_TEST(self.err.find("409 cannot_disable_self") != std::string::npos,
             self.err);
}

BOOST_AUTO_TEST_CASE(a_plain_agent_gets_exit_4_for_admin_commands) {
  auto agent = hub.new_agent(unique_name("plain"));
  cli_user user;
  user.login(hub, agent.api_token);
  auto r = user.run({"agents", "create", unique_name("nope")});
  BOOST_TEST(r.exit_code == 4, describe(r));
  BOOST_TEST(r.err.find("HTTP 403 forbidden") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(tokens_issue_list_revoke) {
  auto name = unique_name("tok");
  admin.json({"agents", "create", name});
  auto issued = admin.run(
    {"tokens", "issue", name, "--name", "laptop", "--expires-in-days", "30"});
  BOOST_TEST_REQUIRE(issued.exit_code == 0, describe(issued));
  // Only the secret on stdout, so $(agenthub tokens issue …) captures it.
  auto token = issued.out.substr(0, issued.out.find('\n'));
  BOOST_TEST(issued.out == token + "\n");
  BOOST_TEST(token.rfind("agt_", 0) == 0u, token);
  BOOST_TEST(issued.err.find("shown only this once") != std::string::npos);
  BOOST_TEST(hub.login(token).status == 200u);

  auto list = admin.run({"tokens", "list", name});
  BOOST_TEST_REQUIRE(list.exit_code == 0, describe(list));
  auto prefix = token.substr(0, 12);
  auto row = line_with(list.out, prefix);
  BOOST_TEST(row.find("laptop") != std::string::npos, list.out);
  BOOST_TEST(row.find("active") != std::string::npos, row);

  auto revoked = admin.run({"tokens", "revoke", prefix});
  BOOST_TEST(revoked.exit_code == 0, describe(revoked));
  BOOST_TEST(revoked.out.find("Revoked token " + prefix) != std::string::npos,
             revoked.out);
  BOOST_TEST(hub.login(token).status == 401u);
  auto after = admin.json({"tokens", "list", name});
  BOOST_TEST_REQUIRE(after["tokens"].size() == 1u);
  BOOST_TEST(after["tokens"][0]["revokedAt"].is_string());
  auto row_after = line_with(admin.run({"tokens", "list", name}).out, prefix);
  BOOST_TEST(row_after.find("revoked") != std::string::npos, row_after);
}

BOOST_AUTO_TEST_CASE(tokens_issue_json_and_own_list) {
  auto agent = hub.new_agent(unique_name("self"));
  auto j = admin.json({"tokens", "issue", agent.id});
  BOOST_TEST(j["token"].get<std::string>().rfind("agt_", 0) == 0u);
  BOOST_TEST(j["expiresAt"].is_null());
  cli_user user;
  user.login(hub, agent.api_token);
  auto mine = user.json({"tokens", "list"});
  BOOST_TEST(mine["tokens"].size() == 2u, mine.dump());
  auto gone = admin.run({"tokens", "revoke", "agt_zzzzzzzz"});
  BOOST_TEST(gone.exit_code == 3, describe(gone));
  BOOST_TEST(gone.err.find("HTTP 404 not_found") != std::string::npos,
             gone.err);
}

BOOST_AUTO_TEST_SUITE_END()
