// Readiness and lifecycle: /readyz is 503 while starting without a database,
// when the database becomes unreachable (ALLOW_CONNECTIONS false plus
// pg_terminate_backend on the test's own database; the shared cluster keeps
// running) and while stopping; SIGTERM drains, SIGKILL loses nothing.
#include <boost/test/unit_test.hpp>

#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

#include <csignal>
#include <future>

using namespace agenthub::testing;

namespace {

/// The last /readyz answer seen while polling.
struct readiness_watch {
  http_client client;
  http_result last;

  /// Polls /readyz until `pred(last)` holds; true if it did in time.
  template <class Predicate>
  bool until(Predicate pred) {
    return wait_until(
      [&] {
        last = client.request("GET", "/readyz");
        return pred(last);
      },
      startup_timeout, std::chrono::milliseconds{100});
  }
};

bool is_ready(const http_result& r) {
  return r.status == 200;
}

} // namespace

BOOST_AUTO_TEST_SUITE(readiness)

BOOST_AUTO_TEST_CASE(readyz_is_503_with_step_until_database_accepts) {
  pg_database db;
  db.set_connections_allowed(false);
  hub_process hub{{{"DATABASE_URL", db.url()},
                   {"JWT_SECRET", random_secret()},
                   {"DB_STARTUP_TIMEOUT", "120"}}};
  log_on_failure guard{"hub log (tail)", [&] { return hub.log_tail(); }};
  hub.start(false);
  readiness_watch watch{hub.client(), {}};
  bool waiting = watch.until([](const http_result& r) {
    return r.json.is_object() && r.json.value("step", "") == "connect-database";
  });
  BOOST_TEST_REQUIRE(waiting, "last /readyz: " << watch.last.body);
  BOOST_TEST(watch.last.status == 503u);
  BOOST_TEST(watch.last.json["status"] == "starting");
  BOOST_TEST(
    watch.last.json["checks"]["db"].get<std::string>().rfind("error", 0) == 0u);
  // Liveness does not depend on the database.
  BOOST_TEST(hub.client().request("GET", "/healthz").status == 200u);
  // Requests that need the database are refused, not hung.
  auto login = hub.client().request(
    "POST", "/api/v1/sessions",
    bearer("agt_aaaaaaaa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
  BOOST_TEST(login.status == 503u);
  BOOST_TEST(login.error_code() == "db_unavailable");

  db.set_connections_allowed(true);
  BOOST_TEST(watch.until(is_ready), "last /readyz: " << watch.last.body);
  BOOST_TEST(watch.last.json["status"] == "ready");
  BOOST_TEST(watch.last.json["checks"]["db"] == "ok");
  BOOST_TEST(hub.stop() == 0);
}

BOOST_FIXTURE_TEST_CASE(readyz_turns_503_when_database_is_lost_and_recovers,
                        dedicated_hub<>) {
  auto agent = hub.new_agent("outage-watcher");
  readiness_watch watch{hub.client(), {}};
  BOOST_TEST_REQUIRE(watch.until(is_ready));

  hub.db.set_connections_allowed(false);
  hub.db.terminate_connections();
  bool unavailable = watch.until([](const http_result& r) {
    return r.status == 503 && r.json.value("status", "") == "unavailable";
  });
  BOOST_TEST_REQUIRE(unavailable, "last /readyz: " << watch.last.body);
  auto db_check = watch.last.json["checks"]["db"].get<std::string>();
  BOOST_TEST(db_check.rfind("error: ", 0) == 0u, "checks.db: " << db_check);
  BOOST_TEST(db_check.size() > 7u);
  BOOST_TEST(hub.client().request("GET", "/healthz").status == 200u);

  // A request that needs the database gets a clear 503, twice (the first
  // finds its connection broken, the second cannot reconnect).
  for (int i = 0; i < 2; ++i) {
    auto me = hub.get("/api/v1/agents/me", agent.jwt);
    BOOST_TEST(me.status == 503u);
    BOOST_TEST(me.error_code() == "db_unavailable");
  }

  hub.db.set_connections_allowed(true);
  BOOST_TEST(watch.until(is_ready), "last /readyz: " << watch.last.body);
  BOOST_TEST(watch.last.json["checks"]["db"] == "ok");
  bool served = wait_until(
    [&] { return hub.get("/api/v1/agents/me", agent.jwt).status == 200; },
    startup_timeout, std::chrono::milliseconds{100});
  BOOST_TEST(served);
  BOOST_TEST(hub.login(agent.api_token).status == 200u);
}

BOOST_FIXTURE_TEST_CASE(sigterm_reports_stopping_and_drains_in_flight_requests,
                        dedicated_hub<>) {
  auto agent = hub.new_agent("drained");
  // Keep-alive connections opened before SIGTERM, which closes the
  // listener; several, because each closes after its first answer once the
  // hub drains.
  std::vector<std::unique_ptr<http_connection>> kept;
  for (int i = 0; i < 4; ++i) {
    kept.push_back(std::make_unique<http_connection>(hub.process().port()));
    BOOST_TEST_REQUIRE(kept.back()->request("GET", "/healthz").status == 200u);
  }
  // Hold a lock so that a request stays in flight until we let it go.
  pqxx::connection locker{hub.db.url()};
  pqxx::work lock{locker};
  lock.exec("LOCK TABLE agents IN ACCESS EXCLUSIVE MODE");
  auto in_flight = std::async(std::launch::async, [&] {
    return hub.get("/api/v1/agents/me", agent.jwt);
  });
  bool blocked = wait_until(
    [&] {
      return hub.db.scalar("SELECT count(*) FROM pg_stat_activity"
                           " WHERE datname = current_database()"
                           " AND wait_event_type = 'Lock'")
             > 0;
    },
    startup_timeout);
  BOOST_TEST_REQUIRE(blocked);

  hub.process().send_signal(SIGTERM);
  http_result last;
  bool stopping = wait_until(
    [&] {
      for (auto& c : kept) {
        if (!c->is_open())
          continue;
        try {
          last = c->request("GET", "/readyz");
        } catch (const std::exception&) {
          continue; // closed while draining: try the next one
        }
        return last.status == 503
               && last.json.value("status", "") == "stopping";
      }
      return true; // no connection left: fail below
    },
    startup_timeout);
  BOOST_TEST_REQUIRE(stopping);
  BOOST_TEST(last.status == 503u, "last /readyz: " << last.body);
  BOOST_TEST(last.json["status"] == "stopping");

  // The request in flight still completes, then the hub exits cleanly.
  lock.abort();
  auto answer = in_flight.get();
  BOOST_TEST(answer.status == 200u, answer.body);
  auto code = hub.process().wait_exit(startup_timeout);
  BOOST_TEST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 0);
}

BOOST_FIXTURE_TEST_CASE(committed_writes_survive_sigkill, dedicated_hub<>) {
  // Crash-only: a 201 means committed, whatever happens to the process.
  auto created = hub.create_agent("survivor");
  auto token = hub.issue_token(created["id"].get<std::string>());
  hub.process().kill9();
  BOOST_TEST(!hub.process().running());
  hub_process again{hub.base_env()};
  again.start();
  auto login = again.client().request(
    "POST", "/api/v1/sessions", bearer(token["token"].get<std::string>()));
  BOOST_TEST(login.status == 200u, login.body);
  BOOST_TEST(login.json["agent"]["name"] == "survivor");
  BOOST_TEST(again.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
