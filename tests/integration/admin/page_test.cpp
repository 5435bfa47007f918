// The admin page's files: served by the hub itself (no CDN), under a strict
// CSP that allows our own files only, with no inline script or style.
#include <boost/test/unit_test.hpp>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

#include <regex>

using namespace agenthub::testing;

namespace {

struct page_hub : default_hub {};

const std::string page_csp = "default-src 'self'; base-uri 'none'; "
                             "form-action 'none'; frame-ancestors 'none'";

/// Every `src="…"` and `href="…"` of `html`.
std::vector<std::string> references(const std::string& html) {
  std::vector<std::string> out;
  std::regex re{R"re((?:src|href)="([^"]+)")re"};
  for (std::sregex_iterator i{html.begin(), html.end(), re}, end; i != end; ++i)
    out.push_back((*i)[1]);
  return out;
}

} // namespace

AGENTHUB_HUB_SUITE(admin_page, page_hub)

BOOST_AUTO_TEST_CASE(the_page_is_served_at_admin_with_a_strict_csp) {
  for (const auto* path : {"/admin/", "/admin", "/admin/index.html"}) {
    auto r = hub.client().request("GET", path);
    BOOST_TEST_REQUIRE(r.status == 200u, path << ": " << r.status);
    BOOST_TEST(r.header("content-type") == "text/html; charset=utf-8");
    // Exactly one policy: the page's replaces the API default.
    BOOST_TEST(r.header("content-security-policy") == page_csp);
    BOOST_TEST(r.header("x-frame-options") == "DENY");
    BOOST_TEST(r.body.find("<title>AgentHub admin</title>")
               != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_page_has_no_inline_code_and_no_foreign_files) {
  auto html = hub.client().request("GET", "/admin/").body;
  BOOST_TEST(!std::regex_search(html, std::regex{R"(<script(?![^>]*\bsrc=))"}));
  BOOST_TEST(html.find("<style") == std::string::npos);
  BOOST_TEST(html.find(" style=") == std::string::npos);
  BOOST_TEST(!std::regex_search(html, std::regex{R"(\son[a-z]+=)"}));
  auto refs = references(html);
  BOOST_TEST(refs.size() >= 3u);
  for (const auto& ref : refs) {
    // Same origin only, and each file is really there.
    BOOST_TEST_REQUIRE(ref.rfind("/admin/", 0) == 0u, ref);
    auto r = hub.client().request("GET", ref);
    BOOST_TEST(r.status == 200u, ref << ": " << r.status);
    BOOST_TEST(r.header("content-security-policy") == page_csp);
  }
}

BOOST_AUTO_TEST_CASE(scripts_and_styles_have_their_types) {
  auto js = hub.client().request("GET", "/admin/admin.js");
  BOOST_TEST(js.header("content-type") == "text/javascript; charset=utf-8");
  BOOST_TEST(js.body.find("/admin/system") != std::string::npos);
  BOOST_TEST(js.body.find("eval(") == std::string::npos);
  BOOST_TEST(js.body.find("innerHTML") == std::string::npos);
  auto css = hub.client().request("GET", "/admin/admin.css");
  BOOST_TEST(css.header("content-type") == "text/css; charset=utf-8");
}

BOOST_AUTO_TEST_CASE(api_responses_keep_the_api_policy) {
  auto r = hub.get("/admin/system", hub.admin_jwt);
  BOOST_TEST(r.header("content-security-policy")
             == "default-src 'none'; frame-ancestors 'none'");
  auto missing = hub.client().request("GET", "/admin/nope.js");
  BOOST_TEST(missing.status == 404u);
  BOOST_TEST(missing.error_code() == "not_found");
}

BOOST_AUTO_TEST_SUITE_END()
