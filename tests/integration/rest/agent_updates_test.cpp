// PATCH /api/v1/agents/:id: display name and disabling, which takes effect
// at once for the agent's existing session JWTs and blocks its logins.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct updates_hub : default_hub {};

std::string agent_path(const std::string& id) {
  return "/api/v1/agents/" + id;
}

} // namespace

AGENTHUB_HUB_SUITE(agent_updates, updates_hub)

BOOST_AUTO_TEST_CASE(admin_renames_agent_and_update_is_audited) {
  auto agent = hub.create_agent(unique_name("renamed"));
  auto id = agent["id"].get<std::string>();
  auto updates = hub.audit_count("agent-updated");
  bool later = wait_until(
    [&] {
      return hub.db.scalar("SELECT (now() > updated_at + interval '2 ms')::int"
                           " FROM agents"
                           " WHERE id = $1::uuid",
                           id)
             == 1;
    },
    request_timeout);
  BOOST_TEST_REQUIRE(later);
  auto r = hub.patch(agent_path(id), hub.admin_jwt,
                     {{"displayName", "Renamed Agent"}});
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(r.json["displayName"] == "Renamed Agent");
  BOOST_TEST(r.json["name"] == agent["name"]);
  BOOST_TEST(r.json["disabled"] == false);
  BOOST_TEST(r.json["createdAt"] == agent["createdAt"]);
  BOOST_TEST(r.json["updatedAt"] != agent["updatedAt"]);
  BOOST_TEST(hub.audit_count("agent-updated") == updates + 1);
  BOOST_TEST(hub.get(agent_path(id), hub.admin_jwt).json == r.json);
}

BOOST_AUTO_TEST_CASE(bad_patches_are_refused_and_change_nothing) {
  auto agent = hub.create_agent(unique_name("untouched"));
  auto id = agent["id"].get<std::string>();
  struct row {
    std::string body;
    std::string content_type;
    unsigned status;
    const char* code;
  };
  const std::string ct = "application/json";
  for (const auto& c :
       {row{"{}", ct, 422, "validation_failed"},
        row{R"({"name":"new-name"})", ct, 422, "validation_failed"},
        row{R"({"role":"admin"})", ct, 422, "validation_failed"},
        row{R"({"disabled":"yes"})", ct, 422, "validation_failed"},
        row{R"({"disabled":1})", ct, 422, "validation_failed"},
        row{R"({"displayName":""})", ct, 422, "validation_failed"},
        row{R"({"displayName":null})", ct, 422, "validation_failed"},
        row{R"({"displayName":"x"})", "text/plain", 415,
            "unsupported_media_type"},
        row{R"({"displayName":"x")", ct, 400, "invalid_json"},
        row{R"(["displayName"])", ct, 400, "invalid_json"}}) {
    BOOST_TEST_CONTEXT("body " << c.body << " [" << c.content_type << "]") {
      auto before = hub.counts();
      auto r = hub.client().request(
        "PATCH", agent_path(id), bearer(hub.admin_jwt), c.body, c.content_type);
      BOOST_TEST(r.status == c.status);
      BOOST_TEST(r.error_code() == c.code);
      BOOST_TEST(hub.counts() == before);
      BOOST_TEST(hub.get(agent_path(id), hub.admin_jwt).json == agent);
    }
  }
}

BOOST_AUTO_TEST_CASE(patch_of_unknown_or_malformed_id_is_404) {
  auto before = hub.counts();
  for (const char* id : {"00000000-0000-0000-0000-000000000000", "nope"}) {
    BOOST_TEST_CONTEXT("id " << id) {
      auto r = hub.patch(agent_path(id), hub.admin_jwt, {{"disabled", true}});
      BOOST_TEST(r.status == 404u);
      BOOST_TEST(r.error_code() == "not_found");
    }
  }
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(non_admin_cannot_patch_agents_not_even_itself) {
  auto agent = hub.new_agent(unique_name("self-promoter"));
  auto before = hub.counts();
  auto r = hub.patch(agent_path(agent.id), agent.jwt,
                     {{"displayName", "I am admin now"}});
  BOOST_TEST(r.status == 403u);
  BOOST_TEST(r.error_code() == "forbidden");
  auto other
    = hub.patch(agent_path(hub.admin_id), agent.jwt, {{"disabled", true}});
  BOOST_TEST(other.status == 403u);
  BOOST_TEST(hub.counts() == before);
  BOOST_TEST(hub.get(agent_path(agent.id), hub.admin_jwt).json["displayName"]
             == agent.name);
}

BOOST_AUTO_TEST_CASE(admin_cannot_disable_itself) {
  auto before = hub.counts();
  auto admin = hub.get(agent_path(hub.admin_id), hub.admin_jwt).json;
  auto r
    = hub.patch(agent_path(hub.admin_id), hub.admin_jwt, {{"disabled", true}});
  BOOST_TEST(r.status == 409u);
  BOOST_TEST(r.error_code() == "cannot_disable_self");
  BOOST_TEST(hub.counts() == before);
  BOOST_TEST(hub.get(agent_path(hub.admin_id), hub.admin_jwt).json == admin);
  BOOST_TEST(hub.get("/api/v1/agents/me", hub.admin_jwt).status == 200u);
}

BOOST_AUTO_TEST_CASE(disabling_rejects_existing_jwts_and_logins_at_once) {
  auto agent = hub.new_agent(unique_name("to-disable"));
  BOOST_TEST_REQUIRE(hub.get("/api/v1/agents/me", agent.jwt).status == 200u);

  auto r = hub.patch(agent_path(agent.id), hub.admin_jwt, {{"disabled", true}});
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  BOOST_TEST(r.json["disabled"] == true);
  BOOST_TEST(r.json["disabledAt"].is_string());

  // The very next request with the old JWT is refused: no cache delay.
  auto me = hub.get("/api/v1/agents/me", agent.jwt);
  BOOST_TEST(me.status == 401u);
  BOOST_TEST(me.error_code() == "agent_disabled");
  BOOST_TEST(hub.get("/api/v1/agents", agent.jwt).status == 401u);

  auto failed = hub.audit_count("login-failed");
  auto logins = hub.audit_count("login");
  auto login = hub.login(agent.api_token);
  BOOST_TEST(login.status == 403u);
  BOOST_TEST(login.error_code() == "agent_disabled");
  BOOST_TEST(!login.json.contains("token"));
  BOOST_TEST(hub.wait_audit_count("login-failed", failed + 1));
  BOOST_TEST(hub.audit_count("login") == logins);

  // Disabling twice keeps the first disabledAt.
  auto again
    = hub.patch(agent_path(agent.id), hub.admin_jwt, {{"disabled", true}});
  BOOST_TEST(again.json["disabledAt"] == r.json["disabledAt"]);

  auto enabled
    = hub.patch(agent_path(agent.id), hub.admin_jwt, {{"disabled", false}});
  BOOST_TEST_REQUIRE(enabled.status == 200u);
  BOOST_TEST(enabled.json["disabled"] == false);
  BOOST_TEST(enabled.json["disabledAt"].is_null());
  auto relogin = hub.login(agent.api_token);
  BOOST_TEST(relogin.status == 200u);
  BOOST_TEST(
    hub.get("/api/v1/agents/me", relogin.json["token"].get<std::string>())
      .status
    == 200u);
}

BOOST_AUTO_TEST_CASE(disabled_admin_loses_admin_routes) {
  auto other = hub.new_agent(unique_name("other-admin"), "admin");
  BOOST_TEST_REQUIRE(
    hub.patch(agent_path(other.id), hub.admin_jwt, {{"disabled", true}}).status
    == 200u);
  auto before = hub.counts();
  auto r = hub.post("/api/v1/agents", other.jwt,
                    {{"name", unique_name("by-disabled")}});
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "agent_disabled");
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(disabled_state_survives_a_hub_restart) {
  // The disabled set is loaded from the database at startup.
  auto agent = hub.new_agent(unique_name("stays-disabled"));
  BOOST_TEST_REQUIRE(
    hub.patch(agent_path(agent.id), hub.admin_jwt, {{"disabled", true}}).status
    == 200u);
  hub.restart({});
  auto me = hub.get("/api/v1/agents/me", agent.jwt);
  BOOST_TEST(me.status == 401u);
  BOOST_TEST(me.error_code() == "agent_disabled");
}

BOOST_AUTO_TEST_SUITE_END()
