// /api/v1/agents: creating (admin only, strict bodies), listing with a
// cursor, and reading one agent.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

#include <ostream>
#include <regex>

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

struct agents_hub : default_hub {};

/// A create-agent body the hub must refuse, and the code it must answer.
struct bad_body {
  std::string body;
  std::string content_type;
  unsigned status;
  std::string code;
};

std::ostream& operator<<(std::ostream& os, const bad_body& b) {
  return os << "[" << b.content_type << "] " << b.body;
}

const std::string json_ct = "application/json";

const std::vector<bad_body> bad_create_bodies = {
  {R"({"name":"Upper"})", json_ct, 422, "validation_failed"},
  {R"({"name":"has space"})", json_ct, 422, "validation_failed"},
  {R"({"name":"-leading-dash"})", json_ct, 422, "validation_failed"},
  {R"({"name":""})", json_ct, 422, "validation_failed"},
  {R"({"name":")" + std::string(65, 'a') + R"("})", json_ct, 422,
   "validation_failed"},
  {R"({"name":"dots.not.allowed"})", json_ct, 422, "validation_failed"},
  {R"({"name":5})", json_ct, 422, "validation_failed"},
  {R"({"name":null})", json_ct, 422, "validation_failed"},
  {R"({"name":["a"]})", json_ct, 422, "validation_failed"},
  {R"({"name":"ok-name","extra":1})", json_ct, 422, "validation_failed"},
  {R"({"displayName":"No Name"})", json_ct, 422, "validation_failed"},
  {R"({})", json_ct, 422, "validation_failed"},
  {R"({"name":"ok-name","role":"root"})", json_ct, 422, "validation_failed"},
  {R"({"name":"ok-name","role":1})", json_ct, 422, "validation_failed"},
  {R"({"name":"ok-name","displayName":""})", json_ct, 422, "validation_failed"},
  {R"({"name":"ok-name","displayName":"bell\u0007"})", json_ct, 422,
   "validation_failed"},
  {R"({"name":"ok-name","displayName":")" + std::string(129, 'd') + R"("})",
   json_ct, 422, "validation_failed"},
  {R"({"name":"ok-name"})", "", 415, "unsupported_media_type"},
  {R"({"name":"ok-name"})", "text/plain", 415, "unsupported_media_type"},
  {R"({"name":"ok-name"})", "application/x-www-form-urlencoded", 415,
   "unsupported_media_type"},
  {"", json_ct, 400, "invalid_json"},
  {"{", json_ct, 400, "invalid_json"},
  {R"({"name":"ok-name",})", json_ct, 400, "invalid_json"},
  {"[]", json_ct, 400, "invalid_json"},
  {"null", json_ct, 400, "invalid_json"},
  {R"("ok-name")", json_ct, 400, "invalid_json"},
};

const std::regex uuid_re{
  "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"};
const std::regex iso_re{R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"};

} // namespace

AGENTHUB_HUB_SUITE(agents, agents_hub)

BOOST_AUTO_TEST_CASE(admin_creates_agent_with_defaults_and_audit_row) {
  auto before = hub.counts();
  auto name = unique_name("worker");
  auto r = hub.post("/api/v1/agents", hub.admin_jwt, {{"name", name}});
  BOOST_TEST_REQUIRE(r.status == 201u, r.body);
  const auto& a = r.json;
  BOOST_TEST(std::regex_match(a["id"].get<std::string>(), uuid_re));
  BOOST_TEST(a["name"] == name);
  BOOST_TEST(a["displayName"] == name);
  BOOST_TEST(a["role"] == "agent");
  BOOST_TEST(a["disabled"] == false);
  BOOST_TEST(a["disabledAt"].is_null());
  BOOST_TEST(std::regex_match(a["createdAt"].get<std::string>(), iso_re));
  BOOST_TEST(std::regex_match(a["updatedAt"].get<std::string>(), iso_re));
  BOOST_TEST(a.size() == 8u);
  auto after = hub.counts();
  BOOST_TEST(after.agents == before.agents + 1);
  BOOST_TEST(after.audit == before.audit + 1);
  auto audit = hub.db.exec("SELECT type, agent_id::text, payload->>'by'"
                           " FROM audit_events ORDER BY id DESC LIMIT 1");
  BOOST_TEST(audit[0][0].as<std::string>() == "agent-created");
  BOOST_TEST(audit[0][1].as<std::string>() == a["id"].get<std::string>());
  BOOST_TEST(audit[0][2].as<std::string>() == hub.admin_id);
}

BOOST_AUTO_TEST_CASE(admin_creates_admin_with_display_name) {
  auto name = unique_name("second-admin");
  auto r = hub.post(
    "/api/v1/agents", hub.admin_jwt,
    {{"name", name}, {"displayName", "Zweiter Admin ✓"}, {"role", "admin"}});
  BOOST_TEST_REQUIRE(r.status == 201u, r.body);
  BOOST_TEST(r.json["displayName"] == "Zweiter Admin ✓");
  BOOST_TEST(r.json["role"] == "admin");
  // The new admin can use admin routes.
  auto token = hub.issue_token(r.json["id"].get<std::string>());
  auto jwt = hub.login(token["token"].get<std::string>()).json["token"];
  auto created = hub.post("/api/v1/agents", jwt.get<std::string>(),
                          {{"name", unique_name("made-by-second")}});
  BOOST_TEST(created.status == 201u);
}

BOOST_AUTO_TEST_CASE(duplicate_name_is_409_name_taken) {
  auto name = unique_name("twin");
  hub.create_agent(name);
  auto before = hub.counts();
  auto r = hub.post("/api/v1/agents", hub.admin_jwt,
                    {{"name", name}, {"role", "admin"}});
  BOOST_TEST(r.status == 409u);
  BOOST_TEST(r.error_code() == "name_taken");
  BOOST_TEST(hub.counts() == before);
}

BOOST_DATA_TEST_CASE(bad_create_body_is_refused_and_creates_nothing,
                     bdata::make(bad_create_bodies), c) {
  auto before = hub.counts();
  auto r = hub.client().request("POST", "/api/v1/agents", bearer(hub.admin_jwt),
                                c.body, c.content_type);
  BOOST_TEST(r.status == c.status);
  BOOST_TEST(r.error_code() == c.code);
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(content_type_with_charset_is_accepted) {
  auto r = hub.client().request(
    "POST", "/api/v1/agents", bearer(hub.admin_jwt),
    nlohmann::json{{"name", unique_name("charset")}}.dump(),
    "application/json; charset=utf-8");
  BOOST_TEST(r.status == 201u);
}

BOOST_AUTO_TEST_CASE(non_admin_cannot_create_agents) {
  auto jwt = hub.jwt_for(unique_name("plain"));
  auto before = hub.counts();
  auto r = hub.post("/api/v1/agents", jwt, {{"name", unique_name("nope")}});
  BOOST_TEST(r.status == 403u);
  BOOST_TEST(r.error_code() == "forbidden");
  BOOST_TEST(hub.counts() == before);
  auto anonymous = hub.post("/api/v1/agents", "", {{"name", "anon"}});
  BOOST_TEST(anonymous.status == 401u);
  BOOST_TEST(anonymous.error_code() == "unauthorized");
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(list_pages_through_all_agents_by_name) {
  for (int i = 0; i < 5; ++i)
    hub.create_agent(unique_name("paged"));
  std::vector<std::string> seen;
  std::string path = "/api/v1/agents?limit=2";
  for (int page = 0; page < 1000; ++page) {
    auto r = hub.get(path, hub.admin_jwt);
    BOOST_TEST_REQUIRE(r.status == 200u, r.body);
    BOOST_TEST(r.json["agents"].size() <= 2u);
    for (const auto& a : r.json["agents"])
      seen.push_back(a["name"].get<std::string>());
    if (r.json["nextCursor"].is_null())
      break;
    BOOST_TEST(r.json["nextCursor"] == seen.back());
    path = "/api/v1/agents?limit=2&after="
           + r.json["nextCursor"].get<std::string>();
  }
  std::vector<std::string> expected;
  for (const auto& row : hub.db.exec("SELECT name FROM agents ORDER BY name"))
    expected.push_back(row[0].as<std::string>());
  BOOST_TEST(seen == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(list_defaults_and_limit_bounds) {
  auto all = hub.get("/api/v1/agents?limit=200", hub.admin_jwt);
  BOOST_TEST(all.status == 200u);
  BOOST_TEST(all.json["agents"].size()
             == static_cast<std::size_t>(std::min(200LL, hub.counts().agents)));
  auto one = hub.get("/api/v1/agents?limit=1", hub.admin_jwt);
  BOOST_TEST(one.json["agents"].size() == 1u);
  BOOST_TEST(one.json["nextCursor"].is_string());
  for (const char* bad :
       {"0", "201", "-1", "abc", "1.5", "", "99999999999999999999"}) {
    BOOST_TEST_CONTEXT("limit=" << bad) {
      auto r
        = hub.get(std::string{"/api/v1/agents?limit="} + bad, hub.admin_jwt);
      BOOST_TEST(r.status == 422u);
      BOOST_TEST(r.error_code() == "validation_failed");
    }
  }
}

BOOST_AUTO_TEST_CASE(list_after_the_last_name_is_empty) {
  auto r = hub.get("/api/v1/agents?after=~~~~", hub.admin_jwt);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json["agents"].empty());
  BOOST_TEST(r.json["nextCursor"].is_null());
}

BOOST_AUTO_TEST_CASE(any_agent_may_list_and_read_agents) {
  auto jwt = hub.jwt_for(unique_name("reader"));
  BOOST_TEST(hub.get("/api/v1/agents", jwt).status == 200u);
  auto r = hub.get("/api/v1/agents/" + hub.admin_id, jwt);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json["name"] == "admin");
  BOOST_TEST(hub.get("/api/v1/agents", "").status == 401u);
}

BOOST_AUTO_TEST_CASE(me_returns_the_callers_own_agent) {
  auto agent = hub.new_agent(unique_name("self"));
  auto r = hub.get("/api/v1/agents/me", agent.jwt);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json["id"] == agent.id);
  BOOST_TEST(r.json["name"] == agent.name);
  BOOST_TEST(r.json["role"] == "agent");
}

BOOST_AUTO_TEST_CASE(get_by_id_returns_the_agent) {
  auto created = hub.create_agent(unique_name("fetched"));
  auto r = hub.get("/api/v1/agents/" + created["id"].get<std::string>(),
                   hub.admin_jwt);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json == created);
}

BOOST_AUTO_TEST_CASE(unknown_or_malformed_id_is_404) {
  for (const char* id : {"00000000-0000-0000-0000-000000000000", "not-a-uuid",
                         "123", "00000000-0000-0000-0000-00000000000g",
                         "%27%3B%20DROP%20TABLE%20agents%3B--"}) {
    BOOST_TEST_CONTEXT("id " << id) {
      auto r = hub.get(std::string{"/api/v1/agents/"} + id, hub.admin_jwt);
      BOOST_TEST(r.status == 404u);
      BOOST_TEST(r.error_code() == "not_found");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
