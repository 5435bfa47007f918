// `agenthub login|logout`: the token is verified, stored with mode 0600 and
// used by later commands; a bad token stores nothing.
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"
#include "tests/support/suite_hub.hpp"
#include <sys/stat.h>

using namespace agenthub::testing;

namespace {

/// The permission bits of `path` (-1 if it does not exist).
int mode_of(const std::string& path) {
  struct stat st = {};
  if (::stat(path.c_str(), &st) != 0)
    return -1;
  return static_cast<int>(st.st_mode & 07777);
}

nlohmann::json file_json(const std::string& path) {
  return nlohmann::json::parse(read_text_file(path), nullptr, false);
}

} // namespace

AGENTHUB_HUB_SUITE(cli_login, default_hub)

BOOST_AUTO_TEST_CASE(login_stores_url_and_token_in_a_0600_file) {
  cli_user user;
  auto r = user.run(
    {"login", "--url", url_of(hub) + "/", "--token", hub.admin_token});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(r.out.find("Logged in to " + url_of(hub) + " as admin (admin)")
               != std::string::npos,
             r.out);
  BOOST_TEST(mode_of(user.config_path()) == 0600);
  auto stored = file_json(user.config_path());
  BOOST_TEST(stored["url"] == url_of(hub));
  BOOST_TEST(stored["token"] == hub.admin_token);
  BOOST_TEST(stored["agent"]["name"] == "admin");
  // The stored login works for the next command.
  auto me = user.json({"agents", "show", "me"});
  BOOST_TEST(me["id"] == hub.admin_id);
}

BOOST_AUTO_TEST_CASE(login_json_names_the_agent_and_the_file) {
  cli_user user;
  auto j
    = user.json({"login", "--url", url_of(hub), "--token", hub.admin_token});
  BOOST_TEST(j["url"] == url_of(hub));
  BOOST_TEST(j["agent"]["id"] == hub.admin_id);
  BOOST_TEST(j["agent"]["role"] == "admin");
  BOOST_TEST(j["configFile"] == user.config_path());
  BOOST_TEST(j["expiresAt"].is_string());
}

BOOST_AUTO_TEST_CASE(missing_directories_are_created_private) {
  temp_dir dir;
  auto path = dir.file("a/b/cli.json");
  auto r
    = run_command({"login", "--url", url_of(hub), "--token", hub.admin_token},
                  {{"AGENTHUB_CLI_CONFIG", path}});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(mode_of(path) == 0600);
  BOOST_TEST(mode_of(dir.file("a/b")) == 0700);
  BOOST_TEST(mode_of(dir.file("a")) == 0700);
}

BOOST_AUTO_TEST_CASE(the_default_path_follows_xdg_config_home_then_home) {
  temp_dir dir;
  auto args = std::vector<std::string>{"login", "--url", url_of(hub), "--token",
                                       hub.admin_token};
  auto xdg = run_command(
    args, {{"XDG_CONFIG_HOME", dir.file("xdg")}, {"HOME", dir.file("home")}});
  BOOST_TEST_REQUIRE(xdg.exit_code == 0, describe(xdg));
  BOOST_TEST(mode_of(dir.file("xdg/agenthub/cli.json")) == 0600);
  auto home = run_command(args, {{"HOME", dir.file("home")}});
  BOOST_TEST_REQUIRE(home.exit_code == 0, describe(home));
  BOOST_TEST(mode_of(dir.file("home/.config/agenthub/cli.json")) == 0600);
}

BOOST_AUTO_TEST_CASE(a_bad_token_is_exit_4_and_keeps_the_stored_login) {
  cli_user user;
  user.login(hub, hub.admin_token);
  auto before = read_text_file(user.config_path());
  auto wrong = hub.admin_token.substr(0, hub.admin_token.size() - 4) + "AAAA";
  auto r = user.run({"login", "--url", url_of(hub), "--token", wrong});
  BOOST_TEST(r.exit_code == 4, describe(r));
  BOOST_TEST(r.err.find("HTTP 401 invalid_credentials") != std::string::npos,
             r.err);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(read_text_file(user.config_path()) == before);
  // The secret is never echoed.
  BOOST_TEST(r.err.find(wrong) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_revoked_token_is_refused_at_login_and_later) {
  auto agent = hub.new_agent(unique_name("revoked"));
  cli_user user;
  user.login(hub, agent.api_token);
  auto prefix = agent.api_token.substr(0, 12);
  BOOST_TEST_REQUIRE(hub.del("/api/v1/tokens/" + prefix, hub.admin_jwt).status
                     == 200u);
  auto later = user.run({"rooms", "list"});
  BOOST_TEST(later.exit_code == 4, describe(later));
  BOOST_TEST(later.err.find("token_revoked") != std::string::npos, later.err);
  auto again
    = user.run({"login", "--url", url_of(hub), "--token", agent.api_token});
  BOOST_TEST(again.exit_code == 4, describe(again));
}

BOOST_AUTO_TEST_CASE(the_token_can_come_from_a_file) {
  cli_user user;
  write_text_file(user.file("token"), hub.admin_token + "\n");
  auto r = user.run(
    {"login", "--url", url_of(hub), "--token-file", user.file("token")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(file_json(user.config_path())["token"] == hub.admin_token);
}

BOOST_AUTO_TEST_CASE(login_replaces_a_wider_file_with_a_0600_one) {
  cli_user user;
  user.login(hub, hub.admin_token);
  ::chmod(user.config_path().c_str(), 0644);
  auto warned = user.run({"rooms", "list"});
  BOOST_TEST(warned.exit_code == 0, describe(warned));
  BOOST_TEST(warned.err.find("readable by others") != std::string::npos,
             warned.err);
  user.login(hub, hub.admin_token);
  BOOST_TEST(mode_of(user.config_path()) == 0600);
}

BOOST_AUTO_TEST_CASE(logout_removes_the_file) {
  cli_user user;
  user.login(hub, hub.admin_token);
  auto r = user.run({"logout"});
  BOOST_TEST(r.exit_code == 0, describe(r));
  BOOST_TEST(mode_of(user.config_path()) == -1);
  auto after = user.run({"rooms", "list"});
  BOOST_TEST(after.exit_code == 4, describe(after));
  auto twice = user.json({"logout"});
  BOOST_TEST(twice["removed"] == false);
}

BOOST_AUTO_TEST_CASE(environment_variables_override_the_stored_login) {
  cli_user user; // never logged in
  auto env = user.env();
  env["AGENTHUB_URL"] = url_of(hub);
  env["AGENTHUB_TOKEN"] = hub.admin_token;
  auto r = run_command({"agents", "show", "me", "--json"}, env);
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(nlohmann::json::parse(r.out)["id"] == hub.admin_id);
}

BOOST_AUTO_TEST_SUITE_END()
