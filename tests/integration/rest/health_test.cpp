// Liveness, readiness, routing errors and response headers of a healthy hub.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct health_hub : default_hub {};

} // namespace

AGENTHUB_HUB_SUITE(health, health_hub)

BOOST_AUTO_TEST_CASE(healthz_reports_ok_and_uptime) {
  auto r = hub.client().request("GET", "/healthz");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.header("content-type").rfind("application/json", 0) == 0u);
  BOOST_TEST(r.json["status"] == "ok");
  BOOST_TEST_REQUIRE(r.json["uptime"].is_number());
  BOOST_TEST(r.json["uptime"].get<double>() >= 0.0);
}

BOOST_AUTO_TEST_CASE(uptime_grows_between_two_health_checks) {
  auto first = hub.client().request("GET", "/healthz").json["uptime"];
  bool grew = wait_until(
    [&] {
      auto now = hub.client().request("GET", "/healthz").json["uptime"];
      return now.get<double>() > first.get<double>();
    },
    request_timeout);
  BOOST_TEST(grew);
}

BOOST_AUTO_TEST_CASE(readyz_is_200_with_database_ok_once_started) {
  auto r = hub.client().request("GET", "/readyz");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json["status"] == "ready");
  BOOST_TEST(r.json["checks"]["db"] == "ok");
}

BOOST_AUTO_TEST_CASE(unknown_route_is_404_not_found_even_without_auth) {
  for (const char* path : {"/", "/api/v1/nope", "/api/v2/agents",
                           "/api/v1/agents/x/y/z", "/healthz/extra"}) {
    BOOST_TEST_CONTEXT("path " << path) {
      auto r = hub.client().request("GET", path);
      BOOST_TEST(r.status == 404u);
      BOOST_TEST(r.error_code() == "not_found");
      BOOST_TEST(r.json["error"]["message"].is_string());
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_allow_header) {
  struct row {
    const char* method;
    const char* path;
    const char* allow;
  };
  for (const auto& c :
       {row{"DELETE", "/healthz", "GET"}, row{"POST", "/readyz", "GET"},
        row{"PUT", "/api/v1/agents", "POST, GET"},
        row{"GET", "/api/v1/sessions", "POST"},
        row{"DELETE", "/api/v1/agents/x", "GET, PATCH"},
        row{"GET", "/api/v1/tokens/x", "DELETE"}}) {
    BOOST_TEST_CONTEXT(c.method << " " << c.path) {
      auto r = hub.client().request(c.method, c.path);
      BOOST_TEST(r.status == 405u);
      BOOST_TEST(r.error_code() == "method_not_allowed");
      BOOST_TEST(r.header("allow") == c.allow);
    }
  }
}

BOOST_AUTO_TEST_CASE(responses_carry_security_headers) {
  for (const char* path : {"/healthz", "/api/v1/agents/me", "/nope"}) {
    BOOST_TEST_CONTEXT("path " << path) {
      auto r = hub.client().request("GET", path);
      BOOST_TEST(r.header("cache-control") == "no-store");
      BOOST_TEST(r.header("x-content-type-options") == "nosniff");
      BOOST_TEST(r.header("x-frame-options") == "DENY");
    }
  }
}

BOOST_AUTO_TEST_CASE(json_errors_have_code_and_message_only) {
  auto r = hub.client().request("GET", "/api/v1/agents/me");
  BOOST_TEST(r.status == 401u);
  BOOST_TEST_REQUIRE(r.json.is_object());
  BOOST_TEST(r.json.size() == 1u);
  BOOST_TEST(r.json["error"].size() == 2u);
  BOOST_TEST(r.json["error"]["code"] == "unauthorized");
  BOOST_TEST(r.json["error"]["message"].is_string());
}

BOOST_AUTO_TEST_CASE(no_origin_is_allowed_without_allowed_origins) {
  auto r = hub.client().request("GET", "/healthz",
                                {{"Origin", "http://localhost:3000"}});
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(!r.has_header("access-control-allow-origin"));
}

BOOST_AUTO_TEST_SUITE_END()
