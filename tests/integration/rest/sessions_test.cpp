// POST /api/v1/sessions: API token in, 15-minute session JWT out; every
// refusal has its own code, and every attempt is audited.
#include "net/auth/jwt.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

#include <regex>
#include <set>

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

struct sessions_hub : default_hub {};

/// A well-formed API token whose prefix no hub ever issued.
const std::string unknown_token
  = "agt_zzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// `token` with the last character of its secret changed.
std::string wrong_secret(std::string token) {
  token.back() = token.back() == 'A' ? 'B' : 'A';
  return token;
}

/// Authorization header values that are not `Bearer <API token>`.
const std::vector<std::string> malformed_authorizations = {
  "",
  "Bearer",
  "Bearer ",
  "Basic YWdlbnQ6c2VjcmV0",
  "Bearer garbage",
  "Bearer agt_short_secret",
  "Bearer agt_ABCDEFGH_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  "Bearer agt_zzzzzzzz_AAAA",
  "Bearer agt_zzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
  "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
};

} // namespace

AGENTHUB_HUB_SUITE(sessions, sessions_hub)

BOOST_AUTO_TEST_CASE(login_returns_a_15_minute_hs256_session_jwt) {
  auto before = unix_now();
  auto r = hub.login(hub.admin_token);
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(r.json["tokenType"] == "Bearer");
  BOOST_TEST(r.json["expiresIn"] == 900);
  BOOST_TEST(r.json["agent"]["id"] == hub.admin_id);
  BOOST_TEST(r.json["agent"]["name"] == "admin");
  BOOST_TEST(r.json["agent"]["role"] == "admin");
  BOOST_TEST(r.json["agent"].size() == 3u);
  auto jwt = r.json["token"].get<std::string>();
  auto header = jwt_part(jwt, 0);
  BOOST_TEST(header["alg"] == "HS256");
  BOOST_TEST(header["typ"] == "JWT");
  BOOST_TEST(header["kid"] == agenthub::auth::jwt_key_id(hub.jwt_secret));
  auto claims = jwt_part(jwt, 1);
  BOOST_TEST(claims["sub"] == hub.admin_id);
  BOOST_TEST(claims["role"] == "admin");
  BOOST_TEST(claims["name"] == "admin");
  BOOST_TEST(claims["jti"].is_string());
  auto iat = claims["iat"].get<std::int64_t>();
  auto exp = claims["exp"].get<std::int64_t>();
  BOOST_TEST(exp - iat == 900);
  BOOST_TEST(iat >= before - 1);
  BOOST_TEST(iat <= unix_now() + 1);
  std::regex iso{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z)"};
  BOOST_TEST(std::regex_match(r.json["expiresAt"].get<std::string>(), iso));
  // The JWT works on an authenticated route.
  auto me = hub.get("/api/v1/agents/me", jwt);
  BOOST_TEST(me.status == 200u);
  BOOST_TEST(me.json["id"] == hub.admin_id);
}

BOOST_AUTO_TEST_CASE(every_login_gets_a_distinct_jti) {
  auto a = hub.login(hub.admin_token).json["token"].get<std::string>();
  auto b = hub.login(hub.admin_token).json["token"].get<std::string>();
  BOOST_TEST(jwt_part(a, 1)["jti"] != jwt_part(b, 1)["jti"]);
}

BOOST_AUTO_TEST_CASE(login_is_audited_and_marks_the_token_used) {
  auto agent = hub.create_agent(unique_name("auditee"));
  auto id = agent["id"].get<std::string>();
  auto issued = hub.issue_token(id);
  BOOST_TEST(issued["lastUsedAt"].is_null());
  auto logins = hub.audit_count("login");
  auto r = hub.login(issued["token"].get<std::string>());
  BOOST_TEST_REQUIRE(r.status == 200u);
  BOOST_TEST(hub.audit_count("login") == logins + 1);
  auto row = hub.db.exec("SELECT agent_id::text, payload->>'tokenId',"
                         " payload->>'jti' FROM audit_events"
                         " WHERE type = 'login' ORDER BY id DESC LIMIT 1");
  BOOST_TEST(row[0][0].as<std::string>() == id);
  BOOST_TEST(row[0][1].as<std::string>() == issued["id"].get<std::string>());
  BOOST_TEST(row[0][2].as<std::string>()
             == jwt_part(r.json["token"].get<std::string>(), 1)["jti"]);
  auto list = hub.get("/api/v1/agents/" + id + "/tokens", hub.admin_jwt);
  BOOST_TEST(list.json["tokens"][0]["lastUsedAt"].is_string());
}

BOOST_DATA_TEST_CASE(malformed_api_token_is_401_invalid_credentials,
                     bdata::make(malformed_authorizations), authorization) {
  auto before = hub.counts();
  header_list headers;
  if (!authorization.empty())
    headers.emplace_back("Authorization", authorization);
  auto r = hub.client().request("POST", "/api/v1/sessions", headers);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "invalid_credentials");
  BOOST_TEST(r.header("www-authenticate").rfind("Bearer", 0) == 0u);
  BOOST_TEST(!r.json.contains("token"));
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(unknown_prefix_and_wrong_secret_get_the_same_answer) {
  auto agent = hub.new_agent(unique_name("guessed"));
  auto failed = hub.audit_count("login-failed");
  auto logins = hub.audit_count("login");
  auto unknown = hub.login(unknown_token);
  auto wrong = hub.login(wrong_secret(agent.api_token));
  BOOST_TEST(unknown.status == 401u);
  BOOST_TEST(wrong.status == 401u);
  BOOST_TEST(unknown.error_code() == "invalid_credentials");
  BOOST_TEST(unknown.body == wrong.body);
  // Both attempts are audited (after the answer), neither logs anyone in.
  BOOST_TEST(hub.wait_audit_count("login-failed", failed + 2));
  BOOST_TEST(hub.audit_count("login") == logins);
  auto rows = hub.db.exec("SELECT payload->>'reason', agent_id::text"
                          " FROM audit_events WHERE type = 'login-failed'"
                          " ORDER BY id DESC LIMIT 2");
  std::set<std::string> reasons{rows[0][0].as<std::string>(),
                                rows[1][0].as<std::string>()};
  BOOST_TEST(
    (reasons == std::set<std::string>{"unknown_prefix", "bad_secret"}));
}

BOOST_AUTO_TEST_CASE(revoked_token_is_401_token_revoked) {
  auto agent = hub.new_agent(unique_name("revokee"));
  auto prefix = agent.api_token.substr(0, 12);
  BOOST_TEST_REQUIRE(hub.del("/api/v1/tokens/" + prefix, hub.admin_jwt).status
                     == 200u);
  auto failed = hub.audit_count("login-failed");
  auto before = hub.counts();
  auto r = hub.login(agent.api_token);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "token_revoked");
  BOOST_TEST(hub.wait_audit_count("login-failed", failed + 1));
  auto after = hub.counts();
  BOOST_TEST(after.agents == before.agents);
  BOOST_TEST(after.tokens == before.tokens);
  BOOST_TEST(hub.db.text("SELECT payload->>'reason' FROM audit_events"
                         " ORDER BY id DESC LIMIT 1")
             == "revoked");
}

BOOST_AUTO_TEST_CASE(expired_token_is_401_token_expired) {
  auto agent = hub.new_agent(unique_name("expiree"));
  auto prefix = agent.api_token.substr(4, 8);
  hub.db.exec("UPDATE api_tokens SET expires_at = now() - interval '1 second'"
              " WHERE prefix = $1",
              prefix);
  auto failed = hub.audit_count("login-failed");
  auto r = hub.login(agent.api_token);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "token_expired");
  BOOST_TEST(hub.wait_audit_count("login-failed", failed + 1));
  BOOST_TEST(hub.db.text("SELECT payload->>'reason' FROM audit_events"
                         " ORDER BY id DESC LIMIT 1")
             == "expired");
  // Session JWTs issued before the token expired stay valid until their
  // own expiry: API token expiry only stops new logins.
  BOOST_TEST(hub.get("/api/v1/agents/me", agent.jwt).status == 200u);
}

BOOST_AUTO_TEST_CASE(token_expiring_in_the_future_still_logs_in) {
  auto agent = hub.create_agent(unique_name("soon"));
  auto token = hub
                 .issue_token(agent["id"].get<std::string>(),
                              {{"expiresInDays", 1}})["token"]
                 .get<std::string>();
  BOOST_TEST(hub.login(token).status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
