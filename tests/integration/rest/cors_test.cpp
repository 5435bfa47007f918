// CORS: only origins listed in ALLOWED_ORIGINS (exact match) get
// Access-Control-Allow-Origin; OPTIONS preflights answer 204.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

const std::string allowed = "https://console.example.com";
const std::string allowed_dev = "http://localhost:5173";

struct cors_hub : default_hub {
  static env_map env() {
    // A trailing slash and spaces are tolerated in the configuration.
    return {{"ALLOWED_ORIGINS", " " + allowed + "/ , " + allowed_dev}};
  }
};

http_result get_with_origin(hub_fixture& hub, const std::string& path,
                            const std::string& origin,
                            const std::string& jwt = "") {
  header_list headers{{"Origin", origin}};
  if (!jwt.empty())
    headers.emplace_back("Authorization", "Bearer " + jwt);
  return hub.client().request("GET", path, headers);
}

} // namespace

AGENTHUB_HUB_SUITE(cors, cors_hub)

BOOST_AUTO_TEST_CASE(allowed_origin_is_echoed_with_vary) {
  for (const auto& origin : {allowed, allowed_dev}) {
    BOOST_TEST_CONTEXT("origin " << origin) {
      auto r = get_with_origin(hub, "/api/v1/agents/me", origin, hub.admin_jwt);
      BOOST_TEST(r.status == 200u);
      BOOST_TEST(r.header("access-control-allow-origin") == origin);
      BOOST_TEST(r.header("vary").find("Origin") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(error_responses_carry_cors_headers_for_allowed_origin) {
  auto r = get_with_origin(hub, "/api/v1/agents/me", allowed);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.header("access-control-allow-origin") == allowed);
}

BOOST_AUTO_TEST_CASE(other_origins_get_no_cors_headers) {
  for (const char* origin :
       {"https://evil.example.com", "https://console.example.com.evil.com",
        "https://evil.com/https://console.example.com",
        "http://console.example.com", "https://CONSOLE.example.com",
        "https://console.example.com:8443", "null", "*",
        "https://console.example.co"}) {
    BOOST_TEST_CONTEXT("origin " << origin) {
      auto r = get_with_origin(hub, "/healthz", origin);
      BOOST_TEST(r.status == 200u);
      BOOST_TEST(!r.has_header("access-control-allow-origin"));
    }
  }
  auto none = hub.client().request("GET", "/healthz");
  BOOST_TEST(!none.has_header("access-control-allow-origin"));
}

BOOST_AUTO_TEST_CASE(preflight_from_allowed_origin_is_204_with_cors_headers) {
  auto r = hub.client().request(
    "OPTIONS", "/api/v1/agents",
    {{"Origin", allowed},
     {"Access-Control-Request-Method", "POST"},
     {"Access-Control-Request-Headers", "authorization, content-type"}});
  BOOST_TEST(r.status == 204u);
  BOOST_TEST(r.body.empty());
  BOOST_TEST(r.header("access-control-allow-origin") == allowed);
  auto methods = r.header("access-control-allow-methods");
  for (const char* m : {"GET", "POST", "PATCH", "DELETE"})
    BOOST_TEST(methods.find(m) != std::string::npos, "methods: " << methods);
  auto headers = r.header("access-control-allow-headers");
  BOOST_TEST(headers.find("Authorization") != std::string::npos);
  BOOST_TEST(headers.find("Content-Type") != std::string::npos);
  BOOST_TEST(r.has_header("access-control-max-age"));
}

BOOST_AUTO_TEST_CASE(preflight_needs_no_authentication_and_changes_nothing) {
  auto before = hub.counts();
  auto r = hub.client().request(
    "OPTIONS", "/api/v1/agents/me",
    {{"Origin", allowed_dev}, {"Access-Control-Request-Method", "GET"}});
  BOOST_TEST(r.status == 204u);
  BOOST_TEST(r.header("access-control-allow-origin") == allowed_dev);
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(preflight_from_other_origin_has_no_cors_headers) {
  auto r = hub.client().request("OPTIONS", "/api/v1/agents",
                                {{"Origin", "https://evil.example.com"},
                                 {"Access-Control-Request-Method", "POST"}});
  BOOST_TEST(r.status == 204u);
  BOOST_TEST(!r.has_header("access-control-allow-origin"));
  BOOST_TEST(!r.has_header("access-control-allow-methods"));
}

BOOST_AUTO_TEST_SUITE_END()
