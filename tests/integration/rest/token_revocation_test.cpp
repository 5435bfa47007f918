// DELETE /api/v1/tokens/:idOrPrefix: by id, "agt_<prefix>" or bare prefix;
// admins revoke any token, agents only their own, others see 404.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct revocation_hub : default_hub {};

/// A fresh agent with one token; `token` is the issue response.
struct holder {
  agent_credentials agent;
  nlohmann::json token;
};

holder make_holder(hub_fixture& hub, const std::string& name) {
  holder h;
  h.agent = hub.new_agent(unique_name(name));
  h.token = hub.issue_token(h.agent.id, {{"name", "revocable"}});
  return h;
}

std::string revoked_at(hub_fixture& hub, const nlohmann::json& token) {
  return hub.db.text("SELECT revoked_at::text FROM api_tokens"
                     " WHERE id = $1::uuid",
                     token["id"].get<std::string>());
}

/// Revokes with `key` as `jwt` and checks the 200 answer, the login refusal
/// and the audit row.
void expect_revoked(hub_fixture& hub, const holder& h, const std::string& key,
                    const std::string& jwt) {
  auto audits = hub.audit_count("token-revoked");
  auto r = hub.del("/api/v1/tokens/" + key, jwt);
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(r.json["id"] == h.token["id"]);
  BOOST_TEST(r.json["revokedAt"].is_string());
  BOOST_TEST(!r.json.contains("token"));
  BOOST_TEST(hub.audit_count("token-revoked") == audits + 1);
  auto audit = hub.db.exec("SELECT agent_id::text, payload->>'tokenId',"
                           " payload->>'by' FROM audit_events"
                           " WHERE type = 'token-revoked'"
                           " ORDER BY id DESC LIMIT 1");
  BOOST_TEST(audit[0][0].as<std::string>() == h.agent.id);
  BOOST_TEST(audit[0][1].as<std::string>() == h.token["id"].get<std::string>());
  auto login = hub.login(h.token["token"].get<std::string>());
  BOOST_TEST(login.status == 401u);
  BOOST_TEST(login.error_code() == "token_revoked");
  // The agent's other token is untouched.
  BOOST_TEST(hub.login(h.agent.api_token).status == 200u);
}

} // namespace

AGENTHUB_HUB_SUITE(token_revocation, revocation_hub)

BOOST_AUTO_TEST_CASE(admin_revokes_by_id) {
  auto h = make_holder(hub, "by-id");
  expect_revoked(hub, h, h.token["id"].get<std::string>(), hub.admin_jwt);
}

BOOST_AUTO_TEST_CASE(admin_revokes_by_agt_prefix) {
  auto h = make_holder(hub, "by-agt-prefix");
  auto prefix = h.token["prefix"].get<std::string>();
  BOOST_TEST_REQUIRE(prefix.rfind("agt_", 0) == 0u);
  expect_revoked(hub, h, prefix, hub.admin_jwt);
}

BOOST_AUTO_TEST_CASE(admin_revokes_by_bare_prefix) {
  auto h = make_holder(hub, "by-bare-prefix");
  expect_revoked(hub, h, h.token["prefix"].get<std::string>().substr(4),
                 hub.admin_jwt);
}

BOOST_AUTO_TEST_CASE(owner_revokes_its_own_token) {
  auto h = make_holder(hub, "owner");
  expect_revoked(hub, h, h.token["id"].get<std::string>(), h.agent.jwt);
  auto by = hub.db.text("SELECT payload->>'by' FROM audit_events"
                        " WHERE type = 'token-revoked'"
                        " ORDER BY id DESC LIMIT 1");
  BOOST_TEST(by == h.agent.id);
}

BOOST_AUTO_TEST_CASE(other_agents_get_404_and_revoke_nothing) {
  auto h = make_holder(hub, "victim");
  auto intruder = hub.new_agent(unique_name("intruder"));
  auto before = hub.counts();
  for (const auto& key :
       {h.token["id"].get<std::string>(), h.token["prefix"].get<std::string>(),
        h.token["prefix"].get<std::string>().substr(4)}) {
    BOOST_TEST_CONTEXT("key " << key) {
      auto r = hub.del("/api/v1/tokens/" + key, intruder.jwt);
      BOOST_TEST(r.status == 404u);
      BOOST_TEST(r.error_code() == "not_found");
    }
  }
  // Same answer as for a token that does not exist: nothing to probe.
  auto missing = hub.del("/api/v1/tokens/agt_zzzzzzzz", intruder.jwt);
  BOOST_TEST(missing.status == 404u);
  BOOST_TEST(hub.counts() == before);
  BOOST_TEST(revoked_at(hub, h.token).empty());
  BOOST_TEST(hub.login(h.token["token"].get<std::string>()).status == 200u);
}

BOOST_AUTO_TEST_CASE(unknown_or_malformed_key_is_404) {
  auto before = hub.counts();
  for (const char* key :
       {"00000000-0000-0000-0000-000000000000", "agt_zzzzzzzz", "zzzzzzzz",
        "agt_ZZZZZZZZ", "agt_short", "agt_zzzzzzzz_secret", "x"}) {
    BOOST_TEST_CONTEXT("key " << key) {
      auto r = hub.del(std::string{"/api/v1/tokens/"} + key, hub.admin_jwt);
      BOOST_TEST(r.status == 404u);
      BOOST_TEST(r.error_code() == "not_found");
    }
  }
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(revoking_twice_keeps_the_first_time) {
  auto h = make_holder(hub, "twice");
  auto path = "/api/v1/tokens/" + h.token["id"].get<std::string>();
  auto first = hub.del(path, hub.admin_jwt);
  BOOST_TEST_REQUIRE(first.status == 200u);
  auto second = hub.del(path, hub.admin_jwt);
  BOOST_TEST(second.status == 200u);
  BOOST_TEST(second.json["revokedAt"] == first.json["revokedAt"]);
}

BOOST_AUTO_TEST_CASE(revocation_needs_authentication) {
  auto h = make_holder(hub, "anonymous-target");
  auto r = hub.del("/api/v1/tokens/" + h.token["id"].get<std::string>(), "");
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "unauthorized");
  BOOST_TEST(revoked_at(hub, h.token).empty());
}

BOOST_AUTO_TEST_CASE(revoked_token_shows_in_the_list_with_revoked_at) {
  auto h = make_holder(hub, "listed");
  hub.del("/api/v1/tokens/" + h.token["id"].get<std::string>(), hub.admin_jwt);
  auto list = hub.get("/api/v1/agents/" + h.agent.id + "/tokens", h.agent.jwt);
  BOOST_TEST_REQUIRE(list.status == 200u);
  bool found = false;
  for (const auto& t : list.json["tokens"])
    if (t["id"] == h.token["id"]) {
      found = true;
      BOOST_TEST(t["revokedAt"].is_string());
    }
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_SUITE_END()
