// API tokens: issued by an admin and shown once, stored only as an Argon2id
// hash, listed without secrets.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

#include <ctime>
#include <regex>

using namespace agenthub::testing;

namespace {

struct tokens_hub : default_hub {};

const std::regex token_re{"agt_([a-z2-7]{8})_[A-Za-z0-9_-]{43}"};

std::string tokens_path(const std::string& agent_id) {
  return "/api/v1/agents/" + agent_id + "/tokens";
}

/// A year two years from now: always in the future, always within the
/// 3650-day limit.
std::string future_year() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return std::to_string(tm.tm_year + 1900 + 2);
}

/// The secret half of an API token (after "agt_<prefix>_").
std::string secret_of(const std::string& token) {
  return token.substr(13);
}

} // namespace

AGENTHUB_HUB_SUITE(tokens, tokens_hub)

BOOST_AUTO_TEST_CASE(issued_token_is_shown_once_and_audited) {
  auto agent = hub.create_agent(unique_name("holder"));
  auto id = agent["id"].get<std::string>();
  auto before = hub.counts();
  auto r = hub.post(tokens_path(id), hub.admin_jwt, {{"name", "ci runner"}});
  BOOST_TEST_REQUIRE(r.status == 201u, r.body);
  auto token = r.json["token"].get<std::string>();
  std::smatch m;
  BOOST_TEST_REQUIRE(std::regex_match(token, m, token_re));
  BOOST_TEST(r.json["prefix"] == "agt_" + m[1].str());
  BOOST_TEST(r.json["agentId"] == id);
  BOOST_TEST(r.json["name"] == "ci runner");
  BOOST_TEST(r.json["expiresAt"].is_null());
  BOOST_TEST(r.json["revokedAt"].is_null());
  BOOST_TEST(r.json["lastUsedAt"].is_null());
  BOOST_TEST(r.json["id"].is_string());
  auto after = hub.counts();
  BOOST_TEST(after.tokens == before.tokens + 1);
  BOOST_TEST(after.audit == before.audit + 1);
  auto audit = hub.db.exec("SELECT type, agent_id::text, payload->>'tokenId',"
                           " payload::text FROM audit_events"
                           " ORDER BY id DESC LIMIT 1");
  BOOST_TEST(audit[0][0].as<std::string>() == "token-issued");
  BOOST_TEST(audit[0][1].as<std::string>() == id);
  BOOST_TEST(audit[0][2].as<std::string>() == r.json["id"].get<std::string>());
  BOOST_TEST(audit[0][3].as<std::string>().find(secret_of(token))
             == std::string::npos);
  BOOST_TEST(hub.login(token).status == 200u);
}

BOOST_AUTO_TEST_CASE(stored_hash_is_argon2id_phc_and_never_the_secret) {
  auto agent = hub.create_agent(unique_name("hashed"));
  auto token = hub.issue_token(agent["id"].get<std::string>())["token"]
                 .get<std::string>();
  auto prefix = token.substr(4, 8);
  auto hash = hub.db.text("SELECT hash_argon2id FROM api_tokens"
                          " WHERE prefix = $1",
                          prefix);
  BOOST_TEST(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0u, hash);
  BOOST_TEST(std::regex_match(
    hash,
    std::regex{
      R"(\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+)"}));
  // No column of any table holds the secret.
  auto found = hub.db.scalar(
    "SELECT count(*) FROM api_tokens t WHERE t::text LIKE '%' || $1 || '%'",
    secret_of(token));
  BOOST_TEST(found == 0);
  BOOST_TEST(hub.db.scalar("SELECT count(*) FROM audit_events a"
                           " WHERE a::text LIKE '%' || $1 || '%'",
                           secret_of(token))
             == 0);
}

BOOST_AUTO_TEST_CASE(every_issued_token_is_distinct) {
  auto id = hub.create_agent(unique_name("many"))["id"].get<std::string>();
  auto a = hub.issue_token(id);
  auto b = hub.issue_token(id);
  BOOST_TEST(a["token"] != b["token"]);
  BOOST_TEST(a["prefix"] != b["prefix"]);
  BOOST_TEST(hub.login(a["token"].get<std::string>()).status == 200u);
  BOOST_TEST(hub.login(b["token"].get<std::string>()).status == 200u);
}

BOOST_AUTO_TEST_CASE(expires_in_days_sets_expiry) {
  auto id = hub.create_agent(unique_name("dated"))["id"].get<std::string>();
  auto r = hub.issue_token(id, {{"expiresInDays", 30}});
  BOOST_TEST(r["expiresAt"].is_string());
  auto seconds = hub.db.scalar(
    "SELECT round(extract(epoch FROM expires_at - created_at))::bigint"
    " FROM api_tokens WHERE id = $1::uuid",
    r["id"].get<std::string>());
  BOOST_TEST(seconds == 30 * 86400);
}

BOOST_AUTO_TEST_CASE(expires_at_rfc3339_is_stored) {
  auto id = hub.create_agent(unique_name("until"))["id"].get<std::string>();
  auto y = future_year();
  auto r = hub.issue_token(id, {{"expiresAt", y + "-01-31T12:00:00+01:00"}});
  BOOST_TEST(r["expiresAt"] == y + "-01-31T11:00:00.000Z");
  auto z = hub.issue_token(
    id, {{"expiresAt", y + "-02-01T00:00:00Z"}, {"name", nullptr}});
  BOOST_TEST(z["expiresAt"] == y + "-02-01T00:00:00.000Z");
  BOOST_TEST(z["name"].is_null());
}

BOOST_AUTO_TEST_CASE(bad_token_requests_are_422_and_issue_nothing) {
  auto id = hub.create_agent(unique_name("strict"))["id"].get<std::string>();
  auto y = future_year();
  for (const auto& body : std::vector<nlohmann::json>{
         {{"expiresInDays", 1}, {"expiresAt", y + "-01-01T00:00:00Z"}},
         {{"expiresInDays", 0}},
         {{"expiresInDays", -5}},
         {{"expiresInDays", 3651}},
         {{"expiresInDays", "7"}},
         {{"expiresInDays", 1.5}},
         {{"expiresAt", "tomorrow"}},
         {{"expiresAt", y + "-01-01"}},
         {{"expiresAt", y + "-01-01T00:00:00"}},
         {{"expiresAt", y + "-13-45T00:00:00Z"}},
         {{"expiresAt", "2001-01-01T00:00:00Z"}},
         {{"expiresAt", "2999-01-01T00:00:00Z"}},
         {{"expiresAt", 1893456000}},
         {{"name", ""}},
         {{"name", 5}},
         {{"name", std::string(129, 'n')}},
         {{"scopes", nlohmann::json::array()}}}) {
    BOOST_TEST_CONTEXT("body " << body.dump()) {
      auto before = hub.counts();
      auto r = hub.post(tokens_path(id), hub.admin_jwt, body);
      BOOST_TEST(r.status == 422u);
      BOOST_TEST(r.error_code() == "validation_failed");
      BOOST_TEST(!r.json.contains("token"));
      BOOST_TEST(hub.counts() == before);
    }
  }
}

BOOST_AUTO_TEST_CASE(token_body_errors_are_415_and_400) {
  auto id = hub.create_agent(unique_name("typed"))["id"].get<std::string>();
  auto before = hub.counts();
  auto r = hub.client().request("POST", tokens_path(id), bearer(hub.admin_jwt),
                                R"({"name":"x"})", "text/plain");
  BOOST_TEST(r.status == 415u);
  auto bad = hub.call("POST", tokens_path(id), hub.admin_jwt, "{oops");
  BOOST_TEST(bad.status == 400u);
  BOOST_TEST(bad.error_code() == "invalid_json");
  BOOST_TEST(hub.counts() == before);
  // No body at all is fine: a token without name or expiry.
  auto plain = hub.client().request("POST", tokens_path(id),
                                    bearer(hub.admin_jwt), "", "");
  BOOST_TEST(plain.status == 201u);
}

BOOST_AUTO_TEST_CASE(issuing_for_unknown_agent_is_404) {
  auto before = hub.counts();
  for (const char* id : {"00000000-0000-0000-0000-000000000000", "bogus"}) {
    BOOST_TEST_CONTEXT("agent " << id) {
      auto r
        = hub.post(tokens_path(id), hub.admin_jwt, nlohmann::json::object());
      BOOST_TEST(r.status == 404u);
      BOOST_TEST(r.error_code() == "not_found");
    }
  }
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(only_admins_issue_tokens) {
  auto agent = hub.new_agent(unique_name("wannabe"));
  auto before = hub.counts();
  auto r = hub.post(tokens_path(agent.id), agent.jwt, nlohmann::json::object());
  BOOST_TEST(r.status == 403u);
  BOOST_TEST(r.error_code() == "forbidden");
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(token_lists_never_show_secret_or_hash) {
  auto agent = hub.new_agent(unique_name("lister"));
  auto second = hub.issue_token(agent.id, {{"name", "second"}});
  auto hashes = hub.db.exec("SELECT hash_argon2id FROM api_tokens"
                            " WHERE agent_id = $1::uuid",
                            agent.id);
  for (const auto& jwt : {hub.admin_jwt, agent.jwt}) {
    auto r = hub.get(tokens_path(agent.id), jwt);
    BOOST_TEST_REQUIRE(r.status == 200u);
    BOOST_TEST(r.json["tokens"].size() == 2u);
    for (const auto& t : r.json["tokens"]) {
      BOOST_TEST(!t.contains("token"));
      BOOST_TEST(!t.contains("hash"));
      BOOST_TEST(!t.contains("hashArgon2id"));
      BOOST_TEST(t["prefix"].get<std::string>().rfind("agt_", 0) == 0u);
    }
    // Newest first.
    BOOST_TEST(r.json["tokens"][0]["id"] == second["id"]);
    BOOST_TEST(r.body.find("$argon2") == std::string::npos);
    BOOST_TEST(r.body.find(secret_of(agent.api_token)) == std::string::npos);
    BOOST_TEST(r.body.find(secret_of(second["token"].get<std::string>()))
               == std::string::npos);
    for (const auto& h : hashes)
      BOOST_TEST(r.body.find(h[0].as<std::string>()) == std::string::npos);
  }
  auto agents = hub.get("/api/v1/agents?limit=200", hub.admin_jwt);
  BOOST_TEST(agents.body.find("$argon2") == std::string::npos);
  BOOST_TEST(agents.body.find(secret_of(agent.api_token)) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(agents_cannot_list_other_agents_tokens) {
  auto agent = hub.new_agent(unique_name("nosy"));
  auto r = hub.get(tokens_path(hub.admin_id), agent.jwt);
  BOOST_TEST(r.status == 404u);
  BOOST_TEST(r.error_code() == "not_found");
  BOOST_TEST(!r.json.contains("tokens"));
}

BOOST_AUTO_TEST_SUITE_END()
