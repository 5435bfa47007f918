// Every admin route wants an admin's session JWT: 401 without one or with a
// bad one, 403 for an agent, in the API's JSON error envelope.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

#include <utility>

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

struct auth_hub : default_hub {};

/// method, path of every admin API route.
const std::vector<std::pair<std::string, std::string>> routes = {
  {"GET", "/admin/system"},
  {"GET", "/admin/rooms"},
  {"GET", "/admin/rooms?sort=rate&limit=5"},
  {"GET", "/admin/rooms/00000000-0000-0000-0000-000000000000"},
  {"GET", "/admin/sessions"},
  {"GET", "/admin/sessions/01900000-0000-7000-8000-000000000000"},
  {"DELETE", "/admin/sessions/01900000-0000-7000-8000-000000000000"},
};

std::string name_of(std::size_t i) {
  return routes[i].first + " " + routes[i].second;
}

/// True if `r` is the API's JSON error with `status` and `code`.
bool is_error(const http_result& r, unsigned status, const std::string& code) {
  return r.status == status && r.error_code() == code
         && r.json["error"]["message"].is_string()
         && r.header("content-type") == "application/json";
}

} // namespace

AGENTHUB_HUB_SUITE(admin_auth, auth_hub)

BOOST_DATA_TEST_CASE(without_a_token_every_route_is_401,
                     bdata::xrange(routes.size()), i) {
  // Failed authentications count per client address: give this test its own.
  auto r = hub.client("127.0.0.21").request(routes[i].first, routes[i].second);
  BOOST_TEST(is_error(r, 401, "unauthorized"),
             name_of(i) << ": " << r.status << " " << r.body);
  BOOST_TEST(r.header("www-authenticate") == "Bearer realm=\"agenthub\"");
}

BOOST_DATA_TEST_CASE(with_a_bad_token_every_route_is_401,
                     bdata::xrange(routes.size()), i) {
  auto forged = forge_session_jwt(hub, hub.admin_id, "admin", 4102444800);
  // A valid shape signed with another key, and plain garbage.
  auto wrong_key = forged.substr(0, forged.rfind('.') + 1) + "AAAA";
  for (const auto& token : {wrong_key, std::string{"not-a-jwt"}}) {
    auto r = hub.client("127.0.0.22")
               .request(routes[i].first, routes[i].second, bearer(token));
    BOOST_TEST(is_error(r, 401, "invalid_token"),
               name_of(i) << ": " << r.status << " " << r.body);
  }
}

BOOST_DATA_TEST_CASE(an_agent_gets_403_on_every_route,
                     bdata::xrange(routes.size()), i) {
  auto agent = make_chat_agent(hub, "nosy");
  auto r = hub.call(routes[i].first, routes[i].second, agent.jwt);
  BOOST_TEST(is_error(r, 403, "forbidden"),
             name_of(i) << ": " << r.status << " " << r.body);
}

BOOST_DATA_TEST_CASE(the_admin_is_let_in_on_every_route,
                     bdata::xrange(routes.size()), i) {
  auto r = hub.call(routes[i].first, routes[i].second, hub.admin_jwt);
  // The unknown ids are 404s; everything else answers 200.
  bool item = routes[i].second.find("0000-") != std::string::npos;
  BOOST_TEST(r.status == (item ? 404u : 200u),
             name_of(i) << ": " << r.status << " " << r.body);
  if (item)
    BOOST_TEST(r.error_code() == "not_found");
}

BOOST_AUTO_TEST_CASE(an_admin_of_another_hub_is_refused) {
  // Signed with a different secret: the role claim alone opens nothing.
  auto r
    = hub.client("127.0.0.23")
        .request("GET", "/admin/system",
                 bearer("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                        "eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl"));
  BOOST_TEST(r.status == 401u);
}

BOOST_AUTO_TEST_SUITE_END()
