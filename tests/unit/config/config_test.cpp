// Configuration: defaults, validation errors naming the variable, *_FILE.
#include "config/config.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>

using namespace agenthub;

namespace {

const std::string good_secret(40, 'k');

env_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto i = vars.find(name);
    if (i == vars.end())
      return std::nullopt;
    return i->second;
  };
}

config load_ok(std::map<std::string, std::string> vars) {
  auto r = load_config(env_of(std::move(vars)));
  if (auto* err = std::get_if<config_error>(&r))
    BOOST_FAIL("unexpected config error: " << err->to_string());
  return std::get<config>(r);
}

config_error load_err(std::map<std::string, std::string> vars,
                      config_needs needs = {}) {
  auto r = load_config(env_of(std::move(vars)), needs);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<config_error>(r),
                        "expected a configuration error");
  return std::get<config_error>(r);
}

std::string temp_file(const std::string& content) {
  char name[] = "/tmp/agenthub-config-test-XXXXXX";
  int fd = mkstemp(name);
  BOOST_REQUIRE(fd >= 0);
  ::close(fd);
  std::ofstream(name) << content;
  return name;
}

} // namespace

BOOST_AUTO_TEST_SUITE(config_loading)

BOOST_AUTO_TEST_CASE(defaults_match_the_seed) {
  auto c = load_ok({{"JWT_SECRET", good_secret}});
  BOOST_TEST(c.port == 3000);
  BOOST_TEST(c.host == "0.0.0.0");
  BOOST_TEST(c.log_level == "info");
  BOOST_TEST(!c.log_json);
  BOOST_TEST(c.database_url.find("host='localhost'") != std::string::npos);
  BOOST_TEST(c.database_url.find("dbname='agenthub'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_jwt_secret_names_the_variable) {
  auto e = load_err({});
  BOOST_TEST(e.variable == "JWT_SECRET");
  BOOST_TEST(e.to_string().find("JWT_SECRET: ") == 0);
}

BOOST_AUTO_TEST_CASE(short_jwt_secret_is_rejected_with_its_length) {
  auto e = load_err({{"JWT_SECRET", "short"}});
  BOOST_TEST(e.variable == "JWT_SECRET");
  BOOST_TEST(e.message.find("32 bytes") != std::string::npos);
  BOOST_TEST(e.message.find("got 5") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(jwt_secret_is_not_needed_for_database_commands) {
  auto r = load_config(env_of({}), {false, true});
  BOOST_TEST(std::holds_alternative<config>(r));
}

BOOST_AUTO_TEST_CASE(short_old_secret_is_rejected) {
  auto e = load_err({{"JWT_SECRET", good_secret}, {"JWT_SECRET_OLD", "x"}});
  BOOST_TEST(e.variable == "JWT_SECRET_OLD");
}

BOOST_DATA_TEST_CASE(bad_ports_are_rejected,
                     boost::unit_test::data::make({"-1", "65536", "abc", "80x",
                                                   "", "99999999999999999999"}),
                     port) {
  std::string p = port;
  if (p.empty())
    return; // an empty value means "unset" and falls back to the default
  auto e = load_err({{"JWT_SECRET", good_secret}, {"PORT", p}});
  BOOST_TEST(e.variable == "PORT");
}

BOOST_AUTO_TEST_CASE(writers_default_to_one_and_take_1_to_16) {
  BOOST_TEST(load_ok({{"JWT_SECRET", good_secret}}).db_writers == 1u);
  auto two = load_ok({{"JWT_SECRET", good_secret}, {"DB_WRITERS", "2"}});
  BOOST_TEST(two.db_writers == 2u);
  BOOST_TEST(two.redacted_summary().find("DB_WRITERS=2") != std::string::npos);
  for (const auto* bad : {"0", "17", "-1", "two"}) {
    auto e = load_err({{"JWT_SECRET", good_secret}, {"DB_WRITERS", bad}});
    BOOST_TEST(e.variable == "DB_WRITERS", bad);
  }
}

BOOST_AUTO_TEST_CASE(host_must_be_an_ip_address) {
  auto e = load_err({{"JWT_SECRET", good_secret}, {"HOST", "not-an-ip"}});
  BOOST_TEST(e.variable == "HOST");
  BOOST_TEST(load_ok({{"JWT_SECRET", good_secret}, {"HOST", "::1"}}).host
             == "::1");
  BOOST_TEST(load_ok({{"JWT_SECRET", good_secret}, {"HOST", "127.0.0.2"}}).host
             == "127.0.0.2");
}

BOOST_AUTO_TEST_CASE(port_zero_asks_for_an_ephemeral_port) {
  BOOST_TEST(load_ok({{"JWT_SECRET", good_secret}, {"PORT", "0"}}).port == 0);
}

BOOST_AUTO_TEST_CASE(bad_log_level_and_format_are_rejected) {
  BOOST_TEST(
    load_err({{"JWT_SECRET", good_secret}, {"LOG_LEVEL", "loud"}}).variable
    == "LOG_LEVEL");
  BOOST_TEST(
    load_err({{"JWT_SECRET", good_secret}, {"LOG_FORMAT", "xml"}}).variable
    == "LOG_FORMAT");
}

BOOST_AUTO_TEST_CASE(secret_is_read_from_its_file_variant) {
  auto path = temp_file(good_secret + "\n");
  auto c = load_ok({{"JWT_SECRET_FILE", path}});
  BOOST_TEST(c.jwt_secret == good_secret); // trailing newline stripped
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(secret_and_its_file_variant_together_are_rejected) {
  auto path = temp_file(good_secret);
  auto e = load_err({{"JWT_SECRET", good_secret}, {"JWT_SECRET_FILE", path}});
  BOOST_TEST(e.variable == "JWT_SECRET");
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(unreadable_secret_file_names_the_file_variable) {
  auto e = load_err({{"JWT_SECRET_FILE", "/nonexistent/secret"}});
  BOOST_TEST(e.variable == "JWT_SECRET_FILE");
}

BOOST_AUTO_TEST_CASE(postgres_variables_build_a_quoted_conninfo) {
  auto c = load_ok({{"JWT_SECRET", good_secret},
                    {"POSTGRES_HOST", "db.internal"},
                    {"POSTGRES_PORT", "6543"},
                    {"POSTGRES_USER", "hub"},
                    {"POSTGRES_PASSWORD", "it's secret"},
                    {"POSTGRES_DB", "hubdb"}});
  BOOST_TEST(c.database_url
             == "host='db.internal' port=6543 user='hub' dbname='hubdb' "
                "password='it\\'s secret'");
}

BOOST_AUTO_TEST_CASE(database_url_wins_over_postgres_variables) {
  auto c = load_ok({{"JWT_SECRET", good_secret},
                    {"DATABASE_URL", "postgresql://u:p@h:1/d"},
                    {"POSTGRES_HOST", "ignored"}});
  BOOST_TEST(c.database_url == "postgresql://u:p@h:1/d");
  BOOST_TEST(c.database_source == "DATABASE_URL");
}

BOOST_AUTO_TEST_CASE(bad_postgres_port_is_rejected) {
  auto e = load_err({{"JWT_SECRET", good_secret}, {"POSTGRES_PORT", "0"}});
  BOOST_TEST(e.variable == "POSTGRES_PORT");
}

BOOST_AUTO_TEST_CASE(allowed_origins_must_be_exact) {
  auto c
    = load_ok({{"JWT_SECRET", good_secret},
               {"ALLOWED_ORIGINS", "http://a.test, https://b.test:8443/"}});
  BOOST_TEST(c.allowed_origins.size() == 2u);
  BOOST_TEST(c.allowed_origins[1] == "https://b.test:8443");
  BOOST_TEST(load_err({{"JWT_SECRET", good_secret},
                       {"ALLOWED_ORIGINS", "https://*.example.com"}})
               .variable
             == "ALLOWED_ORIGINS");
}

BOOST_AUTO_TEST_CASE(config_file_supplies_values_environment_overrides) {
  auto path = temp_file("# comment\nPORT=4100\nLOG_LEVEL='debug'\n"
                        "export JWT_SECRET=\""
                        + good_secret + "\"\n");
  auto c = load_ok({{"AGENTHUB_CONFIG", path}, {"PORT", "4200"}});
  BOOST_TEST(c.port == 4200);
  BOOST_TEST(c.log_level == "debug");
  BOOST_TEST(c.jwt_secret == good_secret);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(malformed_config_file_line_is_reported_with_its_number) {
  auto path = temp_file("PORT=1\nthis is not a setting\n");
  auto e = load_err({{"AGENTHUB_CONFIG", path}});
  BOOST_TEST(e.variable == "AGENTHUB_CONFIG");
  BOOST_TEST(e.message.find(":2:") != std::string::npos);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_CASE(redacted_summary_never_contains_secrets) {
  auto c = load_ok(
    {{"JWT_SECRET", good_secret}, {"POSTGRES_PASSWORD", "pw-123456"}});
  auto s = c.redacted_summary();
  BOOST_TEST(s.find(good_secret) == std::string::npos);
  BOOST_TEST(s.find("pw-123456") == std::string::npos);
  BOOST_TEST(s.find("JWT_SECRET=<redacted>") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
