// `agenthub top --once`: one frame of GET /admin/system and the busiest
// rooms. On a hub without the admin API, a clear error instead.
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"
#include "tests/support/suite_hub.hpp"
#include "tests/support/wait.hpp"

using namespace agenthub::testing;
using std::chrono::milliseconds;

namespace {

struct admin_cli : shared_hub<default_hub> {
  admin_cli() {
    admin.login(hub, hub.admin_token);
  }
  cli_user admin;

  /// True if this hub serves GET /admin/system.
  bool has_admin_api() {
    return hub.get("/admin/system", hub.admin_jwt).status != 404u;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(cli_top, admin_cli,
                         *boost::unit_test::fixture<suite_hub<default_hub>>())

BOOST_AUTO_TEST_CASE(top_once_prints_one_frame_with_the_busiest_room) {
  auto room = unique_name("busy");
  admin.json({"rooms", "create", room});
  for (int i = 0; i < 5; ++i)
    admin.json({"send", room, "load " + std::to_string(i)});
  if (!has_admin_api()) {
    auto r = admin.run({"top", "--once"});
    BOOST_TEST(r.exit_code == 3, describe(r));
    BOOST_TEST(r.err.find("GET /admin/system: HTTP 404 not_found")
                 != std::string::npos,
               r.err);
    BOOST_TEST(r.err.find("no admin API") != std::string::npos, r.err);
    BOOST_TEST(r.out.empty());
    return;
  }
  // The room shows up once the stats have been reported.
  nlohmann::json frame;
  auto listed = [&] {
    auto r = admin.run({"top", "--once", "--json"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
    frame = nlohmann::json::parse(r.out, nullptr, false);
    BOOST_TEST_REQUIRE(frame.is_object(), r.out);
    for (const auto& r : frame["rooms"])
      if (r.value("slug", "") == room)
        return true;
    return false;
  };
  BOOST_TEST_REQUIRE(wait_until(listed, milliseconds{30000}, milliseconds{500}),
                     frame.dump());
  BOOST_TEST(frame["system"]["nodeId"].is_string());
  BOOST_TEST(frame["system"].contains("writer"));

  auto human = admin.run({"top", "--once"});
  BOOST_TEST_REQUIRE(human.exit_code == 0, describe(human));
  BOOST_TEST(human.out.rfind("agenthub top  " + url_of(hub), 0) == 0u,
             human.out);
  for (const char* part : {"node ", "connections ", "writer  queue ", "ROOM",
                           "IN/s(1m)", room.c_str()})
    BOOST_TEST(human.out.find(part) != std::string::npos, "no '" << part
                                                                 << "' in:\n"
                                                                 << human.out);
  // Not a terminal, --once: no screen-clearing escapes.
  BOOST_TEST(human.out.find('\x1b') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(top_needs_an_admin) {
  auto agent = hub.new_agent(unique_name("viewer"));
  cli_user user;
  user.login(hub, agent.api_token);
  auto r = user.run({"top", "--once"});
  if (!has_admin_api()) {
    BOOST_TEST(r.exit_code == 3, describe(r));
    return;
  }
  BOOST_TEST(r.exit_code == 4, describe(r));
  BOOST_TEST(r.err.find("HTTP 403 forbidden") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
