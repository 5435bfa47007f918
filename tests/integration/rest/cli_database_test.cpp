// The agenthub command line against a real database: migrate (idempotent,
// safe to run concurrently), bootstrap-admin (token once), SIGTERM, JSON
// logs, and configuration from files.
#include "net/auth/jwt.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

#include <filesystem>
#include <future>
#include <regex>
#include <sstream>

using namespace agenthub::testing;

namespace {

const std::regex token_line{"agt_[a-z2-7]{8}_[A-Za-z0-9_-]{43}\n"};

/// Number of migration files in schema/ (each must be applied once).
long long schema_file_count() {
  long long n = 0;
  for (const auto& e : std::filesystem::directory_iterator{AGENTHUB_SCHEMA_DIR})
    if (e.path().extension() == ".sql")
      ++n;
  return n;
}

/// schema_migrations as "name sha256 applied_at" lines.
std::string migrations_table(pg_database& db) {
  std::string out;
  for (const auto& row : db.exec("SELECT name, sha256, applied_at::text"
                                 " FROM schema_migrations ORDER BY name"))
    out += row[0].as<std::string>() + " " + row[1].as<std::string>() + " "
           + row[2].as<std::string>() + "\n";
  return out;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(line);
  return out;
}

/// Every line of `text` is a JSON object with string ts, level and msg.
void expect_json_lines(const std::string& where, const std::string& text) {
  const std::regex ts_re{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"};
  auto lines = lines_of(text);
  BOOST_TEST(!lines.empty(), where << " is empty");
  for (const auto& line : lines) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    BOOST_TEST_CONTEXT(where << " line: " << line) {
      BOOST_TEST_REQUIRE(j.is_object());
      BOOST_TEST(j["ts"].is_string());
      BOOST_TEST(j["level"].is_string());
      BOOST_TEST(j["msg"].is_string());
      if (j["ts"].is_string())
        BOOST_TEST(std::regex_match(j["ts"].get<std::string>(), ts_re));
    }
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(cli_database)

BOOST_AUTO_TEST_CASE(migrate_creates_the_schema_and_is_idempotent) {
  pg_database db;
  env_map env{{"DATABASE_URL", db.url()}}; // no JWT_SECRET needed
  auto first = run_command({"migrate"}, env);
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
  BOOST_TEST(first.out.empty());
  BOOST_TEST(db.scalar("SELECT count(*) FROM schema_migrations")
             == schema_file_count());
  for (const char* table : {"agents", "api_tokens", "audit_events"})
    BOOST_TEST(db.scalar("SELECT count(*) FROM information_schema.tables"
                         " WHERE table_name = $1",
                         std::string{table})
               == 1);
  auto applied = migrations_table(db);
  auto second = run_command({"migrate"}, env);
  BOOST_TEST(second.exit_code == 0, second.err);
  BOOST_TEST(migrations_table(db) == applied);
}

BOOST_AUTO_TEST_CASE(concurrent_migrations_apply_each_migration_once) {
  pg_database db;
  env_map env{{"DATABASE_URL", db.url()}};
  std::vector<std::future<command_result>> runs;
  for (int i = 0; i < 3; ++i)
    runs.push_back(std::async(std::launch::async,
                              [&] { return run_command({"migrate"}, env); }));
  for (auto& f : runs) {
    auto r = f.get();
    BOOST_TEST(r.exit_code == 0, r.err);
  }
  BOOST_TEST(db.scalar("SELECT count(*) FROM schema_migrations")
             == schema_file_count());
  BOOST_TEST(db.scalar("SELECT count(DISTINCT name) FROM schema_migrations")
             == schema_file_count());
}

BOOST_AUTO_TEST_CASE(bootstrap_admin_prints_the_token_once) {
  pg_database db;
  env_map env{{"DATABASE_URL", db.url()}};
  auto first = run_command({"bootstrap-admin"}, env);
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
  BOOST_TEST(std::regex_match(first.out, token_line), first.out);
  auto token = first.out.substr(0, first.out.size() - 1);
  BOOST_TEST(!first.err.empty());
  BOOST_TEST(first.err.find(token) == std::string::npos);
  BOOST_TEST(db.scalar("SELECT count(*) FROM agents WHERE role = 'admin'"
                       " AND name = 'admin'")
             == 1);
  BOOST_TEST(db.text("SELECT hash_argon2id FROM api_tokens WHERE prefix = $1",
                     token.substr(4, 8))
               .rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0)
             == 0u);
  BOOST_TEST(db.scalar("SELECT count(*) FROM audit_events"
                       " WHERE type IN ('agent-created', 'token-issued')")
             == 2);

  auto second = run_command({"bootstrap-admin"}, env);
  BOOST_TEST(second.exit_code == 0, second.err);
  BOOST_TEST(second.out.empty(), "second run printed: " << second.out);
  BOOST_TEST(!second.err.empty());
  BOOST_TEST(db.scalar("SELECT count(*) FROM agents") == 1);
  BOOST_TEST(db.scalar("SELECT count(*) FROM api_tokens") == 1);
  BOOST_TEST(db.scalar("SELECT count(*) FROM audit_events") == 2);
}

BOOST_AUTO_TEST_CASE(bootstrap_admin_takes_name_and_display_name) {
  pg_database db;
  auto r = run_command(
    {"bootstrap-admin", "--name", "ops", "--display-name", "Ops Team"},
    {{"DATABASE_URL", db.url()}});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(std::regex_match(r.out, token_line));
  auto row = db.exec("SELECT name, display_name, role FROM agents");
  BOOST_TEST_REQUIRE(row.size() == 1u);
  BOOST_TEST(row[0][0].as<std::string>() == "ops");
  BOOST_TEST(row[0][1].as<std::string>() == "Ops Team");
  BOOST_TEST(row[0][2].as<std::string>() == "admin");
}

BOOST_AUTO_TEST_CASE(concurrent_bootstraps_create_one_admin) {
  pg_database db;
  env_map env{{"DATABASE_URL", db.url()}};
  auto a = std::async(std::launch::async,
                      [&] { return run_command({"bootstrap-admin"}, env); });
  auto b = std::async(std::launch::async,
                      [&] { return run_command({"bootstrap-admin"}, env); });
  auto ra = a.get();
  auto rb = b.get();
  BOOST_TEST(ra.exit_code == 0, ra.err);
  BOOST_TEST(rb.exit_code == 0, rb.err);
  BOOST_TEST((ra.out.empty() != rb.out.empty()),
             "stdout: '" << ra.out << "' and '" << rb.out << "'");
  BOOST_TEST(db.scalar("SELECT count(*) FROM agents") == 1);
  BOOST_TEST(db.scalar("SELECT count(*) FROM api_tokens") == 1);
}

BOOST_AUTO_TEST_CASE(serve_exits_0_on_sigterm) {
  pg_database db;
  hub_process hub{
    {{"DATABASE_URL", db.url()}, {"JWT_SECRET", random_secret()}}};
  log_on_failure guard{"hub log (tail)", [&] { return hub.log_tail(); }};
  hub.start();
  BOOST_TEST(hub.client().request("GET", "/healthz").status == 200u);
  BOOST_TEST(hub.stop() == 0);
  auto log = hub.log();
  BOOST_TEST(log.find("SIGTERM") != std::string::npos);
  BOOST_TEST(log.find("stopped") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(serve_on_a_busy_port_exits_1_naming_it) {
  pg_database db;
  env_map env{{"DATABASE_URL", db.url()}, {"JWT_SECRET", random_secret()}};
  hub_process first{env};
  log_on_failure guard{"hub log (tail)", [&] { return first.log_tail(); }};
  first.start();
  env["PORT"] = std::to_string(first.port());
  env["HOST"] = "127.0.0.1";
  auto second = run_command({"serve"}, env);
  BOOST_TEST(second.exit_code == 1, second.err);
  BOOST_TEST(second.err.find("PORT") != std::string::npos, second.err);
  BOOST_TEST(second.err.find("terminate called") == std::string::npos);
  BOOST_TEST(first.client().request("GET", "/healthz").status == 200u);
  BOOST_TEST(first.stop() == 0);
}

BOOST_AUTO_TEST_CASE(json_log_format_writes_one_json_object_per_line) {
  pg_database db;
  env_map env{{"DATABASE_URL", db.url()},
              {"JWT_SECRET", random_secret()},
              {"LOG_FORMAT", "json"},
              {"LOG_LEVEL", "debug"}};
  hub_process hub{env};
  log_on_failure guard{"hub log (tail)", [&] { return hub.log_tail(); }};
  hub.start();
  auto c = hub.client();
  c.request("POST", "/api/v1/sessions",
            bearer("agt_zzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  c.request("GET", "/api/v1/agents/me", bearer("x"));
  c.raw("GARBAGE\r\n\r\n");
  BOOST_TEST(hub.stop() == 0);
  expect_json_lines("hub log", hub.log());
  BOOST_TEST(hub.log().find("\"msg\":\"ready\"") != std::string::npos);

  auto migrate = run_command({"migrate"}, env);
  BOOST_TEST(migrate.exit_code == 0);
  expect_json_lines("migrate stderr", migrate.err);
  auto failed = run_command({"migrate"},
                            {{"DATABASE_URL", "postgresql://x@127.0.0.1:1/x"},
                             {"DB_STARTUP_TIMEOUT", "0"},
                             {"LOG_FORMAT", "json"}});
  BOOST_TEST(failed.exit_code == 1);
  expect_json_lines("failed migrate stderr", failed.err);
}

BOOST_AUTO_TEST_CASE(settings_come_from_config_file_and_secret_files) {
  pg_database db;
  temp_dir dir;
  auto secret = random_secret();
  write_text_file(dir.file("jwt_secret"), secret + "\n");
  write_text_file(dir.file("agenthub.env"),
                  "# AgentHub settings\nDATABASE_URL=\"" + db.url()
                    + "\"\nLOG_LEVEL=bogus\nexport LOG_FORMAT=json\n");
  // The environment wins over the file (LOG_LEVEL=bogus would be refused).
  env_map env{{"AGENTHUB_CONFIG", dir.file("agenthub.env")},
              {"JWT_SECRET_FILE", dir.file("jwt_secret")},
              {"LOG_LEVEL", "info"}};
  hub_process hub{env};
  log_on_failure guard{"hub log (tail)", [&] { return hub.log_tail(); }};
  hub.start();
  auto boot = run_command({"bootstrap-admin"}, env);
  BOOST_TEST_REQUIRE(boot.exit_code == 0, boot.err);
  auto token = boot.out.substr(0, boot.out.find('\n'));
  auto login = hub.client().request("POST", "/api/v1/sessions", bearer(token));
  BOOST_TEST_REQUIRE(login.status == 200u, login.body);
  // Signed with the file's secret, trailing newline stripped.
  auto jwt = login.json["token"].get<std::string>();
  BOOST_TEST(jwt_part(jwt, 0)["kid"] == agenthub::auth::jwt_key_id(secret));
  BOOST_TEST(hub.stop() == 0);
  expect_json_lines("hub log", hub.log());
}

BOOST_AUTO_TEST_CASE(serve_refuses_a_database_without_synchronous_commit) {
  pg_database db;
  db.exec("SELECT 1"); // the database exists and is reachable
  auto admin = pqxx::connection{test_database_url()};
  pqxx::nontransaction tx{admin};
  tx.exec("ALTER DATABASE " + db.name() + " SET synchronous_commit = off");
  auto r = run_command({"serve"}, {{"DATABASE_URL", db.url()},
                                   {"JWT_SECRET", random_secret()},
                                   {"DB_STARTUP_TIMEOUT", "0"}});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("synchronous_commit") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
