// Session JWT verification over HTTP: only HS256 signed by one of the hub's
// keys, within its lifetime (60 s leeway), and key rotation with
// JWT_SECRET_OLD.
#include "net/auth/base64.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

struct jwt_hub : default_hub {};

/// GET /api/v1/agents/me with `Authorization: <authorization>`.
http_result me_with(hub_fixture& hub, const std::string& authorization) {
  return hub.client().request("GET", "/api/v1/agents/me",
                              {{"Authorization", authorization}});
}

const std::vector<std::string> garbage_tokens = {
  "garbage",
  "a.b.c",
  "a.b",
  "...",
  "eyJhbGciOiJIUzI1NiJ9..",
  "agt_zzzzzzzz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  std::string(5000, 'a'),
};

} // namespace

AGENTHUB_HUB_SUITE(session_jwt, jwt_hub)

BOOST_AUTO_TEST_CASE(missing_authorization_is_401_unauthorized) {
  for (const char* value : {"", "Bearer ", "Basic YWRtaW46YWRtaW4="}) {
    BOOST_TEST_CONTEXT("Authorization: '" << value << "'") {
      header_list headers;
      if (*value != '\0')
        headers.emplace_back("Authorization", value);
      auto r = hub.client().request("GET", "/api/v1/agents/me", headers);
      BOOST_TEST(r.status == 401u);
      BOOST_TEST(r.error_code() == "unauthorized");
      BOOST_TEST(r.header("www-authenticate") == "Bearer realm=\"agenthub\"");
    }
  }
}

BOOST_DATA_TEST_CASE(garbage_bearer_is_401_invalid_token,
                     bdata::make(garbage_tokens), token) {
  auto r = me_with(hub, "Bearer " + token);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "invalid_token");
  BOOST_TEST(r.has_header("www-authenticate"));
}

BOOST_AUTO_TEST_CASE(bearer_scheme_is_case_insensitive) {
  BOOST_TEST(me_with(hub, "bearer " + hub.admin_jwt).status == 200u);
  BOOST_TEST(me_with(hub, "BEARER " + hub.admin_jwt).status == 200u);
}

BOOST_AUTO_TEST_CASE(forged_token_with_the_hub_key_is_accepted) {
  // Proves the forging helpers are right, so the refusals below mean
  // something.
  auto now = unix_now();
  auto token
    = sign_hs256(hs256_header(hub.jwt_secret),
                 session_claims(hub.admin_id, "admin", "admin", now, now + 300),
                 hub.jwt_secret);
  auto r = me_with(hub, "Bearer " + token);
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.json["id"] == hub.admin_id);
}

BOOST_AUTO_TEST_CASE(alg_none_is_rejected) {
  auto now = unix_now();
  auto claims = session_claims(hub.admin_id, "admin", "admin", now, now + 300);
  auto kid = hs256_header(hub.jwt_secret)["kid"];
  for (const auto& alg : {"none", "None", "NONE"}) {
    BOOST_TEST_CONTEXT("alg " << alg) {
      nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}, {"kid", kid}};
      auto r = me_with(hub, "Bearer " + unsigned_jwt(header, claims));
      BOOST_TEST(r.status == 401u);
      BOOST_TEST(r.error_code() == "invalid_token");
      // Also with a signature made with the hub's own key.
      auto signed_none = sign_hs256(header, claims, hub.jwt_secret);
      BOOST_TEST(me_with(hub, "Bearer " + signed_none).status == 401u);
    }
  }
}

BOOST_AUTO_TEST_CASE(other_algorithms_are_rejected) {
  auto now = unix_now();
  auto claims = session_claims(hub.admin_id, "admin", "admin", now, now + 300);
  for (const auto& alg : {"HS384", "HS512", "RS256", "hs256"}) {
    BOOST_TEST_CONTEXT("alg " << alg) {
      auto header = hs256_header(hub.jwt_secret);
      header["alg"] = alg;
      auto r
        = me_with(hub, "Bearer " + sign_hs256(header, claims, hub.jwt_secret));
      BOOST_TEST(r.status == 401u);
      BOOST_TEST(r.error_code() == "invalid_token");
    }
  }
}

BOOST_AUTO_TEST_CASE(tampered_payload_is_rejected) {
  auto agent = hub.new_agent(unique_name("climber"));
  BOOST_TEST_REQUIRE(hub.get("/api/v1/agents/me", agent.jwt).status == 200u);
  auto claims = jwt_part(agent.jwt, 1);
  claims["role"] = "admin";
  auto escalated = replace_payload(agent.jwt, claims);
  auto before = hub.counts();
  auto r = hub.post("/api/v1/agents", escalated, {{"name", "by-escalation"}});
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "invalid_token");
  BOOST_TEST(hub.counts() == before);
  claims = jwt_part(agent.jwt, 1);
  claims["exp"] = claims["exp"].get<std::int64_t>() + 86400;
  BOOST_TEST(me_with(hub, "Bearer " + replace_payload(agent.jwt, claims)).status
             == 401u);
  auto flipped = agent.jwt;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  BOOST_TEST(me_with(hub, "Bearer " + flipped).status == 401u);
}

BOOST_AUTO_TEST_CASE(wrong_kid_or_wrong_key_is_rejected) {
  auto now = unix_now();
  auto claims = session_claims(hub.admin_id, "admin", "admin", now, now + 300);
  auto other_secret = random_secret();
  auto header = hs256_header(hub.jwt_secret);
  header["kid"] = "0000000000000000";
  struct row {
    const char* what;
    std::string token;
  };
  auto no_kid = hs256_header(hub.jwt_secret);
  no_kid.erase("kid");
  for (const auto& c :
       {row{"unknown kid, hub key", sign_hs256(header, claims, hub.jwt_secret)},
        row{"no kid, hub key", sign_hs256(no_kid, claims, hub.jwt_secret)},
        row{"hub kid, other key",
            sign_hs256(hs256_header(hub.jwt_secret), claims, other_secret)},
        row{"other kid, other key",
            sign_hs256(hs256_header(other_secret), claims, other_secret)}}) {
    BOOST_TEST_CONTEXT(c.what) {
      auto r = me_with(hub, "Bearer " + c.token);
      BOOST_TEST(r.status == 401u);
      BOOST_TEST(r.error_code() == "invalid_token");
    }
  }
}

BOOST_AUTO_TEST_CASE(expired_beyond_leeway_is_401_token_expired) {
  auto now = unix_now();
  auto token = sign_hs256(
    hs256_header(hub.jwt_secret),
    session_claims(hub.admin_id, "admin", "admin", now - 1000, now - 120),
    hub.jwt_secret);
  auto r = me_with(hub, "Bearer " + token);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "token_expired");
  BOOST_TEST(r.has_header("www-authenticate"));
}

BOOST_AUTO_TEST_CASE(expired_within_60_s_leeway_is_accepted) {
  auto now = unix_now();
  auto token = sign_hs256(
    hs256_header(hub.jwt_secret),
    session_claims(hub.admin_id, "admin", "admin", now - 900, now - 20),
    hub.jwt_secret);
  BOOST_TEST(me_with(hub, "Bearer " + token).status == 200u);
}

BOOST_AUTO_TEST_CASE(issued_in_the_future_is_rejected) {
  auto now = unix_now();
  auto token = sign_hs256(
    hs256_header(hub.jwt_secret),
    session_claims(hub.admin_id, "admin", "admin", now + 600, now + 1500),
    hub.jwt_secret);
  auto r = me_with(hub, "Bearer " + token);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "invalid_token");
}

BOOST_AUTO_TEST_CASE(signed_token_with_bad_claims_is_rejected) {
  auto now = unix_now();
  auto good = session_claims(hub.admin_id, "admin", "admin", now, now + 300);
  std::vector<nlohmann::json> bad(5, good);
  bad[0]["role"] = "root";
  bad[1].erase("sub");
  bad[2]["exp"] = "tomorrow";
  bad[3].erase("jti");
  bad[4] = nlohmann::json::array();
  for (std::size_t i = 0; i < bad.size(); ++i) {
    BOOST_TEST_CONTEXT("claims " << bad[i].dump()) {
      auto token
        = sign_hs256(hs256_header(hub.jwt_secret), bad[i], hub.jwt_secret);
      auto r = me_with(hub, "Bearer " + token);
      BOOST_TEST(r.status == 401u);
      BOOST_TEST(r.error_code() == "invalid_token");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jwt_rotation)

BOOST_FIXTURE_TEST_CASE(old_secret_verifies_until_it_is_removed,
                        dedicated_hub<>) {
  auto old_secret = hub.jwt_secret;
  auto new_secret = random_secret();
  auto old_jwt = hub.admin_jwt;
  BOOST_TEST(jwt_part(old_jwt, 0)["kid"] == hs256_header(old_secret)["kid"]);

  // Rotation: new key signs, old key still verifies.
  hub.restart({{"JWT_SECRET", new_secret}, {"JWT_SECRET_OLD", old_secret}});
  BOOST_TEST(hub.get("/api/v1/agents/me", old_jwt).status == 200u);
  auto new_jwt = hub.admin_jwt; // signed by the restarted hub
  BOOST_TEST(jwt_part(new_jwt, 0)["kid"] == hs256_header(new_secret)["kid"]);
  BOOST_TEST(hub.get("/api/v1/agents/me", new_jwt).status == 200u);

  // Old key retired: its tokens stop working, new ones keep working.
  hub.restart({{"JWT_SECRET", new_secret}});
  auto r = hub.get("/api/v1/agents/me", old_jwt);
  BOOST_TEST(r.status == 401u);
  BOOST_TEST(r.error_code() == "invalid_token");
  BOOST_TEST(hub.get("/api/v1/agents/me", new_jwt).status == 200u);
}

BOOST_AUTO_TEST_SUITE_END()
