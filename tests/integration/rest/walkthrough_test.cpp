// The README's curl walk-through end to end, then a check that none of the
// secrets it handled reached the hub's log.
#include <boost/test/unit_test.hpp>

#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

#include <regex>

using namespace agenthub::testing;

namespace {

/// The password in a postgresql://user:password@host URL ("" if none).
std::string url_password(const std::string& url) {
  std::smatch m;
  if (std::regex_search(url, m, std::regex{"://[^:/@]+:([^@]+)@"}))
    return m[1].str();
  return {};
}

/// Fails if `text` (named `where`) contains `secret` (named `what`).
void expect_absent(const std::string& where, const std::string& text,
                   const std::string& what, const std::string& secret) {
  BOOST_TEST_REQUIRE(!secret.empty());
  BOOST_TEST(text.find(secret) == std::string::npos,
             where << " contains the " << what);
}

} // namespace

BOOST_AUTO_TEST_SUITE(walkthrough)

BOOST_AUTO_TEST_CASE(bootstrap_to_agents_me_and_no_secret_is_logged) {
  pg_database db;
  auto jwt_secret = random_secret();
  env_map env{{"DATABASE_URL", db.url()},
              {"JWT_SECRET", jwt_secret},
              {"LOG_LEVEL", "trace"}};
  hub_process hub{env};
  log_on_failure guard{"hub log (tail)", [&] { return hub.log_tail(); }};
  hub.start();
  auto c = hub.client();

  // 1. agenthub bootstrap-admin: the token alone on stdout.
  auto boot = run_command({"bootstrap-admin"}, env);
  BOOST_TEST_REQUIRE(boot.exit_code == 0, boot.err);
  auto admin_token = boot.out.substr(0, boot.out.find('\n'));
  BOOST_TEST(boot.out == admin_token + "\n");

  // 2. POST /api/v1/sessions with the API token: an admin session JWT.
  auto session = c.request("POST", "/api/v1/sessions", bearer(admin_token));
  BOOST_TEST_REQUIRE(session.status == 200u, session.body);
  auto admin_jwt = session.json["token"].get<std::string>();
  BOOST_TEST(session.json["agent"]["role"] == "admin");

  // 3. POST /api/v1/agents: a worker agent.
  auto created = c.request("POST", "/api/v1/agents", bearer(admin_jwt),
                           R"({"name":"worker-1","displayName":"Worker 1"})");
  BOOST_TEST_REQUIRE(created.status == 201u, created.body);
  auto worker_id = created.json["id"].get<std::string>();

  // 4. POST /api/v1/agents/:id/tokens: the worker's API token, shown once.
  auto issued
    = c.request("POST", "/api/v1/agents/" + worker_id + "/tokens",
                bearer(admin_jwt), R"({"name":"laptop","expiresInDays":90})");
  BOOST_TEST_REQUIRE(issued.status == 201u, issued.body);
  auto worker_token = issued.json["token"].get<std::string>();

  // 5. The worker logs in with it ...
  auto worker_session
    = c.request("POST", "/api/v1/sessions", bearer(worker_token));
  BOOST_TEST_REQUIRE(worker_session.status == 200u, worker_session.body);
  auto worker_jwt = worker_session.json["token"].get<std::string>();
  BOOST_TEST(worker_session.json["agent"]["name"] == "worker-1");

  // 6. ... and GET /api/v1/agents/me says who it is.
  auto me = c.request("GET", "/api/v1/agents/me", bearer(worker_jwt));
  BOOST_TEST_REQUIRE(me.status == 200u, me.body);
  BOOST_TEST(me.json["id"] == worker_id);
  BOOST_TEST(me.json["name"] == "worker-1");
  BOOST_TEST(me.json["displayName"] == "Worker 1");
  BOOST_TEST(me.json["role"] == "agent");

  // Failure paths that tend to log what they reject.
  auto wrong = worker_token;
  wrong.back() = wrong.back() == 'A' ? 'B' : 'A';
  BOOST_TEST(c.request("POST", "/api/v1/sessions", bearer(wrong)).status
             == 401u);
  auto tampered = worker_jwt.substr(0, worker_jwt.size() - 2) + "xx";
  BOOST_TEST(c.request("GET", "/api/v1/agents/me", bearer(tampered)).status
             == 401u);
  BOOST_TEST(c.request("DELETE", "/api/v1/tokens/" + worker_token.substr(0, 12),
                       bearer(admin_jwt))
               .status
             == 200u);
  BOOST_TEST(c.request("POST", "/api/v1/sessions", bearer(worker_token)).status
             == 401u);
  BOOST_TEST(hub.stop() == 0);

  // Nothing secret in the hub's log (trace level) or the CLI's stderr.
  auto log = hub.log();
  BOOST_TEST(log.find("ready") != std::string::npos);
  for (const auto& [where, text] :
       {std::pair<std::string, std::string>{"hub log", log},
        {"bootstrap-admin stderr", boot.err}}) {
    expect_absent(where, text, "admin API token", admin_token);
    expect_absent(where, text, "admin token secret", admin_token.substr(13));
    expect_absent(where, text, "worker API token secret",
                  worker_token.substr(13));
    expect_absent(where, text, "wrong secret", wrong.substr(13));
    expect_absent(where, text, "admin JWT signature",
                  admin_jwt.substr(admin_jwt.rfind('.') + 1));
    expect_absent(where, text, "worker JWT signature",
                  worker_jwt.substr(worker_jwt.rfind('.') + 1));
    expect_absent(where, text, "JWT secret", jwt_secret);
    BOOST_TEST(text.find("eyJ") == std::string::npos,
               where << " contains something JWT-shaped");
    auto password = url_password(db.url());
    if (!password.empty())
      expect_absent(where, text, "database password", password);
  }
}

BOOST_AUTO_TEST_SUITE_END()
