// The /ws upgrade: a session JWT in the header or the query is accepted;
// missing, expired, forged and disabled-agent credentials are refused with
// a plain HTTP 401 and the documented code.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct handshake_hub : default_hub {};

/// The refusal of an upgrade with `token`; fails the test if accepted.
ws_refusal refused(hub_fixture& hub, const std::string& token,
                   ws_auth auth = ws_auth::header) {
  ws_options opts;
  opts.auth = auth;
  auto r = ws_client::try_connect(hub.process().port(), token, opts);
  if (auto* ok = std::get_if<0>(&r)) {
    BOOST_ERROR("the upgrade was accepted");
    (*ok)->drop();
    return {};
  }
  return std::get<ws_refusal>(r);
}

void expect_401(const ws_refusal& r, const std::string& code) {
  BOOST_TEST(r.status == 401u, r.body);
  BOOST_TEST(r.error_code() == code, r.body);
  BOOST_TEST(r.headers.count("www-authenticate") == 1u);
  BOOST_TEST(r.headers.count("upgrade") == 0u);
}

} // namespace

AGENTHUB_HUB_SUITE(handshake, handshake_hub)

BOOST_AUTO_TEST_CASE(jwt_in_header_or_query_is_accepted) {
  auto a = make_chat_agent(hub, "knock");
  for (auto auth : {ws_auth::header, ws_auth::query}) {
    ws_options opts;
    opts.auth = auth;
    ws_client c{hub.process().port(), a.jwt, opts};
    auto hello = c.wait_event("connected");
    BOOST_TEST(hello["data"]["agentId"] == a.id);
    BOOST_TEST(hello["data"]["role"] == "agent");
    BOOST_TEST(hello["data"]["rooms"] == nlohmann::json::array());
  }
}

BOOST_AUTO_TEST_CASE(missing_jwt_is_refused_unauthorized) {
  expect_401(refused(hub, "", ws_auth::none), "unauthorized");
}

BOOST_AUTO_TEST_CASE(expired_jwt_is_refused_token_expired) {
  auto a = make_chat_agent(hub, "late");
  // Long expired, and expired a moment ago (within the JWT leeway, which
  // is for requests: a connection would die at once, so it is refused).
  for (std::int64_t ago : {3600, 5}) {
    auto token = forge_session_jwt(hub, a.id, a.name, unix_now() - ago);
    expect_401(refused(hub, token), "token_expired");
    expect_401(refused(hub, token, ws_auth::query), "token_expired");
  }
}

BOOST_AUTO_TEST_CASE(jwt_with_a_bad_signature_is_refused_invalid_token) {
  auto a = make_chat_agent(hub, "forger");
  auto claims
    = session_claims(a.id, a.name, "agent", unix_now(), unix_now() + 600);
  // Signed with another secret under the hub's key id.
  auto wrong_key
    = sign_hs256(hs256_header(hub.jwt_secret), claims, random_secret(48));
  expect_401(refused(hub, wrong_key), "invalid_token");
  // A genuine token whose payload was changed afterwards (role escalation).
  auto claims_admin = jwt_part(a.jwt, 1);
  claims_admin["role"] = "admin";
  expect_401(refused(hub, replace_payload(a.jwt, claims_admin)),
             "invalid_token");
  // alg "none".
  auto none = unsigned_jwt({{"alg", "none"}, {"typ", "JWT"}}, claims);
  expect_401(refused(hub, none), "invalid_token");
}

BOOST_AUTO_TEST_CASE(disabled_agent_is_refused_agent_disabled) {
  auto a = make_chat_agent(hub, "banned");
  auto r
    = hub.patch("/api/v1/agents/" + a.id, hub.admin_jwt, {{"disabled", true}});
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  expect_401(refused(hub, a.jwt), "agent_disabled");
}

BOOST_AUTO_TEST_CASE(disabling_an_agent_closes_its_connections_with_4003) {
  auto a = make_chat_agent(hub, "cutoff");
  auto first = connect_chat(hub, a);
  auto second = connect_chat(hub, a);
  auto r
    = hub.patch("/api/v1/agents/" + a.id, hub.admin_jwt, {{"disabled", true}});
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  for (auto* c : {first.get(), second.get()}) {
    auto closed = c->wait_close();
    BOOST_TEST_REQUIRE(closed.has_value());
    BOOST_TEST(closed->code == 4003);
    BOOST_TEST(closed->reason == "agent disabled");
  }
}

BOOST_AUTO_TEST_CASE(upgrade_without_version_13_is_refused_426) {
  // Beast always sends version 13, so this one is hand-made.
  auto a = make_chat_agent(hub, "oldclient");
  auto raw = hub.client().raw("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Version: 8\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                              "Authorization: Bearer "
                              + a.jwt + "\r\n\r\n");
  BOOST_TEST(raw.received.rfind("HTTP/1.1 426", 0) == 0u, raw.received);
  BOOST_TEST(raw.received.find("unsupported_version") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
