// The agenthub command line without a working database: usage and
// configuration errors (exit 2, one line), an unreachable database (exit 1,
// one clear line, no crash).
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

#include <ostream>
#include <regex>
#include <sstream>

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

/// Nothing listens on port 1: connecting fails at once.
const std::string unreachable_url = "postgresql://x@127.0.0.1:1/x";

/// Marks a variable to remove from the base environment.
const std::string unset = "<unset>";

/// A configuration that `agenthub serve` must refuse.
struct bad_config {
  env_map env;     ///< overrides of the valid base environment
  std::string var; ///< the variable the error line must name
};

std::ostream& operator<<(std::ostream& os, const bad_config& c) {
  for (const auto& [k, v] : c.env)
    os << k << "='" << v.substr(0, 40) << "' ";
  return os;
}

const std::vector<bad_config> bad_configs = {
  {{{"JWT_SECRET", unset}}, "JWT_SECRET"},
  {{{"JWT_SECRET", "short"}}, "JWT_SECRET"},
  {{{"JWT_SECRET", std::string(31, 's')}}, "JWT_SECRET"},
  {{{"JWT_SECRET_OLD", "too-short-old-secret"}}, "JWT_SECRET_OLD"},
  {{{"JWT_SECRET", unset}, {"JWT_SECRET_FILE", "/nonexistent/secret"}},
   "JWT_SECRET_FILE"},
  {{{"JWT_SECRET_FILE", "/etc/hostname"}}, "JWT_SECRET"},
  {{{"PORT", "abc"}}, "PORT"},
  {{{"PORT", "70000"}}, "PORT"},
  {{{"PORT", "-1"}}, "PORT"},
  {{{"PORT", "80x"}}, "PORT"},
  {{{"HOST", "not-an-ip"}}, "HOST"},
  {{{"LOG_LEVEL", "verbose"}}, "LOG_LEVEL"},
  {{{"LOG_FORMAT", "xml"}}, "LOG_FORMAT"},
  {{{"ALLOWED_ORIGINS", "*"}}, "ALLOWED_ORIGINS"},
  {{{"ALLOWED_ORIGINS", "https://*.example.com"}}, "ALLOWED_ORIGINS"},
  {{{"ALLOWED_ORIGINS", "example.com"}}, "ALLOWED_ORIGINS"},
  {{{"AGENTHUB_CONFIG", "/nonexistent/agenthub.env"}}, "AGENTHUB_CONFIG"},
  {{{"DATABASE_URL", unset}, {"POSTGRES_PORT", "abc"}}, "POSTGRES_PORT"},
  {{{"IO_THREADS", "0"}}, "IO_THREADS"},
  {{{"DB_STARTUP_TIMEOUT", "soon"}}, "DB_STARTUP_TIMEOUT"},
};

env_map serve_env(const env_map& overrides) {
  env_map env{{"DATABASE_URL", unreachable_url},
              {"JWT_SECRET", random_secret()},
              {"DB_STARTUP_TIMEOUT", "0"},
              {"PORT", "0"},
              {"HOST", "127.0.0.1"}};
  for (const auto& [k, v] : overrides) {
    if (v == unset)
      env.erase(k);
    else
      env[k] = v;
  }
  return env;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(line);
  return out;
}

/// No sign of a crash, an uncaught exception or a sanitizer report.
void expect_no_crash(const command_result& r) {
  for (const char* sign :
       {"terminate called", "what():", "Aborted", "Segmentation",
        "AddressSanitizer", "runtime error:", "#0 ", "#1 "})
    BOOST_TEST(r.err.find(sign) == std::string::npos, "stderr shows '"
                                                        << sign << "':\n"
                                                        << r.err);
}

/// True if `line` starts like a text-format log line ("<ts> <level> ").
bool is_log_line(const std::string& line) {
  static const std::regex re{
    R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} (trace|debug|info|warning|warn|error|critical) .*)"};
  return std::regex_match(line, re);
}

/// Every stderr line of `serve` is a log line: no continuation lines that
/// log shippers would take for separate, level-less records.
void expect_only_log_lines(const command_result& r) {
  for (const auto& line : lines_of(r.err))
    BOOST_TEST(is_log_line(line), "not a log line: '" << line << "'");
}

/// The stderr lines that are not routine (trace/debug/info) log lines:
/// where a failure must be explained.
std::vector<std::string> problem_lines(const std::string& err) {
  static const std::regex routine{
    R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3} (trace|debug|info) .*)"};
  std::vector<std::string> out;
  for (const auto& line : lines_of(err))
    if (!std::regex_match(line, routine))
      out.push_back(line);
  return out;
}

/// The lines of a text-format log whose level field is "error".
std::vector<std::string> error_lines(const std::string& log) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(log)) {
    std::istringstream in(line);
    std::string ts, level;
    in >> ts >> level;
    if (level == "error" || level == "critical")
      out.push_back(line);
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_DATA_TEST_CASE(bad_configuration_is_exit_2_with_one_line_naming_it,
                     bdata::make(bad_configs), c) {
  auto r = run_command({"serve"}, serve_env(c.env));
  BOOST_TEST(r.exit_code == 2, "stderr:\n" << r.err);
  BOOST_TEST(r.out.empty());
  auto lines = lines_of(r.err);
  BOOST_TEST(lines.size() == 1u, "stderr:\n" << r.err);
  BOOST_TEST_REQUIRE(!lines.empty());
  auto expected = "agenthub: configuration error: " + c.var + ": ";
  BOOST_TEST(lines[0].rfind(expected, 0) == 0u,
             "expected '" << expected << "...', got: " << lines[0]);
  expect_no_crash(r);
}

BOOST_AUTO_TEST_CASE(migrate_checks_its_configuration_too) {
  auto r = run_command(
    {"migrate"}, {{"DATABASE_URL", unreachable_url}, {"LOG_FORMAT", "xml"}});
  BOOST_TEST(r.exit_code == 2);
  auto lines = lines_of(r.err);
  BOOST_TEST_REQUIRE(lines.size() == 1u, r.err);
  BOOST_TEST(lines[0].rfind("agenthub: configuration error: LOG_FORMAT: ", 0)
             == 0u);
}

BOOST_AUTO_TEST_CASE(usage_errors_are_exit_2) {
  for (const auto& args : std::vector<std::vector<std::string>>{
         {},
         {"frobnicate"},
         {"serve", "--bogus"},
         {"serve", "--port-file"},
         {"migrate", "--now"},
         {"bootstrap-admin", "--name"},
         {"bootstrap-admin", "--name", "Not A Slug"},
         {"bootstrap-admin", "--display-name", ""}}) {
    std::string shown;
    for (const auto& a : args)
      shown += a + " ";
    BOOST_TEST_CONTEXT("agenthub " << shown) {
      auto r = run_command(
        args, {{"DATABASE_URL", unreachable_url}, {"DB_STARTUP_TIMEOUT", "0"}});
      BOOST_TEST(r.exit_code == 2);
      BOOST_TEST(r.out.empty());
      BOOST_TEST(r.err.rfind("agenthub: ", 0) == 0u, r.err);
      expect_no_crash(r);
    }
  }
}

BOOST_AUTO_TEST_CASE(help_and_version_exit_0) {
  auto help = run_command({"--help"}, {});
  BOOST_TEST(help.exit_code == 0);
  BOOST_TEST(help.out.find("Usage:") != std::string::npos);
  auto version = run_command({"version"}, {});
  BOOST_TEST(version.exit_code == 0);
  BOOST_TEST(version.out.rfind("agenthub ", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(serve_with_unreachable_database_exits_1_naming_it) {
  auto r = run_command({"serve"}, serve_env({}));
  BOOST_TEST(r.exit_code == 1, "stderr:\n" << r.err);
  auto errors = error_lines(r.err);
  BOOST_TEST_REQUIRE(errors.size() == 1u, "stderr:\n" << r.err);
  BOOST_TEST(errors[0].find("DATABASE_URL") != std::string::npos, errors[0]);
  expect_only_log_lines(r);
  expect_no_crash(r);
}

BOOST_AUTO_TEST_CASE(serve_with_unreachable_postgres_vars_names_them) {
  auto r = run_command({"serve"}, serve_env({{"DATABASE_URL", unset},
                                             {"POSTGRES_HOST", "127.0.0.1"},
                                             {"POSTGRES_PORT", "1"}}));
  BOOST_TEST(r.exit_code == 1, "stderr:\n" << r.err);
  auto errors = error_lines(r.err);
  BOOST_TEST_REQUIRE(errors.size() == 1u, "stderr:\n" << r.err);
  BOOST_TEST(errors[0].find("POSTGRES_") != std::string::npos, errors[0]);
  expect_only_log_lines(r);
  expect_no_crash(r);
}

BOOST_AUTO_TEST_CASE(db_commands_with_unreachable_database_exit_1) {
  for (const char* cmd : {"migrate", "bootstrap-admin"}) {
    BOOST_TEST_CONTEXT("agenthub " << cmd) {
      auto r = run_command({cmd}, {{"DATABASE_URL", unreachable_url},
                                   {"DB_STARTUP_TIMEOUT", "0"}});
      BOOST_TEST(r.exit_code == 1);
      BOOST_TEST(r.out.empty());
      auto lines = lines_of(r.err);
      BOOST_TEST_REQUIRE(lines.size() == 1u, "stderr:\n" << r.err);
      BOOST_TEST(lines[0].find("DATABASE_URL") != std::string::npos, lines[0]);
      expect_no_crash(r);
    }
  }
}

BOOST_AUTO_TEST_CASE(unparseable_database_url_is_named_but_not_echoed) {
  // The URL holds the database password: it must not reach the log.
  const std::string password = "pw-must-stay-secret";
  const std::string url = "postgresql://app:" + password + "@[::1/agenthub";
  for (const char* cmd : {"serve", "migrate"}) {
    BOOST_TEST_CONTEXT("agenthub " << cmd) {
      auto r = run_command({cmd}, serve_env({{"DATABASE_URL", url}}));
      BOOST_TEST(r.exit_code != 0);
      auto problems = problem_lines(r.err);
      BOOST_TEST_REQUIRE(!problems.empty(), r.err);
      BOOST_TEST(problems[0].find("DATABASE_URL") != std::string::npos,
                 "the error does not name DATABASE_URL: " << problems[0]);
      BOOST_TEST(r.err.find(password) == std::string::npos,
                 "stderr shows the password:\n"
                   << r.err);
      expect_no_crash(r);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
