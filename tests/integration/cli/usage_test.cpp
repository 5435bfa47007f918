// The client commands without a hub: help texts, usage errors (exit 2), not
// logged in (exit 4), hub unreachable (exit 5).
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"

using namespace agenthub::testing;

namespace {

const std::vector<std::string> client_commands = {"login",
                                                  "logout",
                                                  "agents create",
                                                  "agents list",
                                                  "agents show",
                                                  "agents disable",
                                                  "agents enable",
                                                  "tokens issue",
                                                  "tokens list",
                                                  "tokens revoke",
                                                  "rooms create",
                                                  "rooms list",
                                                  "rooms show",
                                                  "rooms join",
                                                  "rooms archive",
                                                  "rooms members list",
                                                  "rooms members add",
                                                  "rooms members remove",
                                                  "send",
                                                  "tail",
                                                  "history",
                                                  "top"};

std::vector<std::string> words(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(path);
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

/// Nothing listens on port 1.
const std::string dead_url = "http://127.0.0.1:1";

} // namespace

BOOST_AUTO_TEST_SUITE(cli_usage)

BOOST_AUTO_TEST_CASE(help_lists_every_client_command_and_the_exit_codes) {
  cli_user user;
  auto r = user.run({"--help"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  for (const auto& c : client_commands) {
    bool listed = r.out.find("agenthub " + c + " ") != std::string::npos
                  || r.out.find("agenthub " + c + "\n") != std::string::npos;
    BOOST_TEST(listed, "--help lacks 'agenthub " << c << "'");
  }
  for (const char* code : {"  0  ok", "  2  usage", "  3  refused",
                           "  4  authentication", "  5  hub unreachable"})
    BOOST_TEST(r.out.find(code) != std::string::npos, "no '" << code << "'");
  // The server commands are still there.
  BOOST_TEST(r.out.find("agenthub serve") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_command_has_its_own_help) {
  cli_user user;
  for (const auto& c : client_commands) {
    BOOST_TEST_CONTEXT("agenthub " << c << " --help") {
      auto args = words(c);
      args.push_back("--help");
      auto r = user.run(args);
      BOOST_TEST(r.exit_code == 0, describe(r));
      BOOST_TEST(r.out.rfind("Usage: agenthub " + c, 0) == 0u, r.out);
      BOOST_TEST(r.out.find("Exit codes") != std::string::npos);
      BOOST_TEST(r.err.empty(), r.err);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_group_lists_its_commands) {
  cli_user user;
  auto r = user.run({"rooms", "--help"});
  BOOST_TEST(r.exit_code == 0, describe(r));
  BOOST_TEST(r.out.find("agenthub rooms members add ROOM AGENT")
             != std::string::npos);
  auto missing = user.run({"rooms", "members"});
  BOOST_TEST(missing.exit_code == 2, describe(missing));
  BOOST_TEST(missing.err.find("missing command") != std::string::npos);
  BOOST_TEST(missing.err.find("rooms members remove") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_one_clear_first_line) {
  cli_user user;
  const std::vector<std::vector<std::string>> cases = {
    {"agents"},
    {"agents", "frobnicate"},
    {"rooms", "create"},
    {"rooms", "create", "a", "b"},
    {"agents", "list", "--bogus"},
    {"agents", "list", "--limit"},
    {"agents", "list", "--limit", "0"},
    {"history", "room", "--limit", "201"},
    {"history", "room", "--before-seq", "3", "--after-seq", "1"},
    {"tail"},
    {"tail", "room", "--count", "x"},
    {"send", "room"},
    {"top", "--interval", "0"},
    {"login", "--token", "agt_x"},
    {"login", "--url", "ftp://127.0.0.1", "--token", "agt_x"},
    {"login", "--url", "https://127.0.0.1", "--token", "agt_x"},
    {"login", "--url", "http://127.0.0.1:99999", "--token", "agt_x"},
    {"login", "--url", dead_url},
    {"login", "--url", dead_url, "--token", "eyJhbGciOiJIUzI1NiJ9.e30.x"},
  };
  for (const auto& args : cases) {
    std::string shown;
    for (const auto& a : args)
      shown += a + " ";
    BOOST_TEST_CONTEXT("agenthub " << shown) {
      auto r = user.run(args);
      BOOST_TEST(r.exit_code == 2, describe(r));
      BOOST_TEST(r.out.empty(), r.out);
      BOOST_TEST(r.err.rfind("agenthub: ", 0) == 0u, r.err);
    }
  }
  // Nothing was stored by the failed logins.
  BOOST_TEST(read_text_file(user.config_path()).empty());
}

BOOST_AUTO_TEST_CASE(not_logged_in_is_exit_4_and_says_how_to_log_in) {
  cli_user user;
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"agents", "list"},
                                             {"send", "room", "hi"},
                                             {"tail", "room"},
                                             {"top", "--once"}}) {
    BOOST_TEST_CONTEXT("agenthub " << args[0]) {
      auto r = user.run(args);
      BOOST_TEST(r.exit_code == 4, describe(r));
      BOOST_TEST(r.err.find("agenthub login") != std::string::npos, r.err);
      BOOST_TEST(r.out.empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(an_unreachable_hub_is_exit_5_naming_the_url) {
  cli_user user;
  auto login = user.run({"login", "--url", dead_url, "--token",
                         "agt_aaaaaaaa_" + std::string(43, 'A')});
  BOOST_TEST(login.exit_code == 5, describe(login));
  BOOST_TEST(login.err.find("127.0.0.1:1") != std::string::npos, login.err);
  BOOST_TEST(read_text_file(user.config_path()).empty());

  env_map env{{"AGENTHUB_URL", dead_url},
              {"AGENTHUB_TOKEN", "agt_aaaaaaaa_" + std::string(43, 'A')}};
  for (const auto& args : std::vector<std::vector<std::string>>{
         {"rooms", "list"},
         {"send", "room", "hi", "--timeout", "1"},
         {"top", "--once"},
         {"history", "room", "--json"}}) {
    BOOST_TEST_CONTEXT("agenthub " << args[0]) {
      auto r = run_command(args, env);
      BOOST_TEST(r.exit_code == 5, describe(r));
      BOOST_TEST(r.err.find("cannot connect to http://127.0.0.1:1")
                   != std::string::npos,
                 r.err);
      BOOST_TEST(r.out.empty());
      expect_no_crash(r);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
