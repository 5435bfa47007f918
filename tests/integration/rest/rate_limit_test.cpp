// Rate limits: 100 requests/min per client address for unauthenticated
// routes and failed authentication, 600/min per agent; probes exempt. Each
// test uses its own loopback source address (127.0.0.x), so buckets are
// fresh and the suite's own logins from 127.0.0.1 are never throttled.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

#include <cmath>

using namespace agenthub::testing;

namespace {

struct rate_limit_hub : default_hub {};

/// A syntactically invalid API token: refused without any database work.
const std::string bad_api_token = "agt_bad";

/// Sends `send()` until it returns 429; the first `burst` must not be 429.
/// Tokens refill while we send, so after the burst a 429 must come within
/// the refill over the elapsed time (plus one). Returns the 429 response.
template <class Send>
http_result exhaust(unsigned burst, double per_second, Send send) {
  auto start = std::chrono::steady_clock::now();
  for (unsigned i = 0; i < burst; ++i) {
    auto r = send();
    if (r.status == 429)
      BOOST_FAIL("429 after only " << i << " of " << burst << " requests");
  }
  for (unsigned extra = 0;; ++extra) {
    auto r = send();
    if (r.status == 429)
      return r;
    std::chrono::duration<double> elapsed
      = std::chrono::steady_clock::now() - start;
    auto allowance = std::ceil(elapsed.count() * per_second) + 1;
    if (extra > allowance)
      BOOST_FAIL("no 429 after " << burst + extra + 1 << " requests in "
                                 << elapsed.count() << " s");
  }
}

void expect_rate_limited(const http_result& r) {
  BOOST_TEST(r.status == 429u);
  BOOST_TEST(r.error_code() == "rate_limited");
  auto retry = r.header("retry-after");
  BOOST_TEST_REQUIRE(!retry.empty());
  BOOST_TEST(std::stoi(retry) >= 1);
  BOOST_TEST(std::stoi(retry) <= 60);
}

} // namespace

AGENTHUB_HUB_SUITE(rate_limit, rate_limit_hub)

// After a bucket is exhausted, follow-up requests also go through
// `exhaust(0, ...)`: a token may refill between two requests, and then one
// more request is (rightly) let through before the next 429.

BOOST_AUTO_TEST_CASE(anonymous_address_gets_429_after_100_requests) {
  const double rate = 100.0 / 60;
  auto client = hub.client("127.0.0.2");
  auto limited = exhaust(100, rate, [&] {
    return client.request("POST", "/api/v1/sessions", bearer(bad_api_token));
  });
  expect_rate_limited(limited);

  // A correct login from the throttled address is refused too, and changes
  // nothing (no audit row, token not marked used).
  auto prefix = hub.admin_token.substr(4, 8);
  row_counts before;
  std::string used;
  auto login = exhaust(0, rate, [&] {
    before = hub.counts();
    used = hub.db.text("SELECT last_used_at::text FROM api_tokens"
                       " WHERE prefix = $1",
                       prefix);
    return hub.login(hub.admin_token, "127.0.0.2");
  });
  expect_rate_limited(login);
  BOOST_TEST(!login.json.contains("token"));
  BOOST_TEST(hub.counts() == before);
  BOOST_TEST(hub.db.text("SELECT last_used_at::text FROM api_tokens"
                         " WHERE prefix = $1",
                         prefix)
             == used);

  // The limit is per address: another one logs in fine.
  BOOST_TEST(hub.login(hub.admin_token, "127.0.0.3").status == 200u);
}

BOOST_AUTO_TEST_CASE(probes_are_never_rate_limited) {
  auto client = hub.client("127.0.0.4");
  exhaust(100, 100.0 / 60, [&] {
    return client.request("POST", "/api/v1/sessions", bearer(bad_api_token));
  });
  for (int i = 0; i < 150; ++i) {
    for (const char* path : {"/healthz", "/readyz", "/metrics"}) {
      auto r = client.request("GET", path);
      if (r.status != 200u)
        BOOST_FAIL(path << " answered " << r.status << " on round " << i);
    }
  }
}

BOOST_AUTO_TEST_CASE(failed_authentication_counts_against_the_address) {
  const double rate = 100.0 / 60;
  auto client = hub.client("127.0.0.5");
  auto limited = exhaust(100, rate, [&] {
    return client.request("GET", "/api/v1/agents/me", bearer("not-a-jwt"));
  });
  expect_rate_limited(limited);
  // Anonymous routes from that address share the bucket ...
  expect_rate_limited(exhaust(0, rate, [&] {
    return client.request("POST", "/api/v1/sessions", bearer(bad_api_token));
  }));
  // ... but a valid session counts against its agent, not the address.
  auto ok = client.request("GET", "/api/v1/agents/me", bearer(hub.admin_jwt));
  BOOST_TEST(ok.status == 200u);
}

BOOST_AUTO_TEST_CASE(agent_gets_429_after_600_requests_on_any_route) {
  auto agent = hub.new_agent(unique_name("busy"));
  auto client = hub.client("127.0.0.6");
  // Alternating routes: neither gets 600 requests alone, so the 429 proves
  // one bucket per agent.
  unsigned n = 0;
  auto limited = exhaust(600, 600.0 / 60, [&] {
    return client.request(
      "GET", ++n % 2 ? "/api/v1/agents/me" : "/api/v1/agents?limit=1",
      bearer(agent.jwt));
  });
  expect_rate_limited(limited);
  // Other agents, even from the same address, are unaffected.
  auto other = hub.new_agent(unique_name("idle"));
  BOOST_TEST(
    client.request("GET", "/api/v1/agents/me", bearer(other.jwt)).status
    == 200u);
}

BOOST_AUTO_TEST_CASE(limited_agent_write_changes_nothing) {
  const double rate = 600.0 / 60;
  auto admin = hub.new_agent(unique_name("eager-admin"), "admin");
  auto client = hub.client("127.0.0.7");
  exhaust(600, rate, [&] {
    return client.request("GET", "/api/v1/agents/me", bearer(admin.jwt));
  });
  row_counts before;
  auto r = exhaust(0, rate, [&] {
    before = hub.counts();
    return client.request("POST", "/api/v1/agents", bearer(admin.jwt),
                          nlohmann::json{{"name", unique_name("late")}}.dump());
  });
  expect_rate_limited(r);
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_SUITE_END()
