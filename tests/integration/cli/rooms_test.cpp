// `agenthub rooms …` and `agenthub history` against a real hub.
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct admin_cli : shared_hub<default_hub> {
  admin_cli() {
    admin.login(hub, hub.admin_token);
  }
  cli_user admin;

  /// Sends `body` to `room` with the CLI; returns the committed seq.
  long long send(const std::string& room, const std::string& body) {
    auto j = admin.json({"send", room, body});
    return j["seq"].get<long long>();
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(cli_rooms, admin_cli,
                         *boost::unit_test::fixture<suite_hub<default_hub>>())

BOOST_AUTO_TEST_CASE(rooms_create_list_show) {
  auto slug = unique_name("lab");
  auto created = admin.run({"rooms", "create", slug, "--name", "The Lab"});
  BOOST_TEST_REQUIRE(created.exit_code == 0, describe(created));
  BOOST_TEST(created.out.rfind("Created room " + slug + " (id ", 0) == 0u,
             created.out);
  BOOST_TEST(created.out.find("private") != std::string::npos);

  auto pub = admin.json({"rooms", "create", unique_name("pub"), "--public"});
  BOOST_TEST(pub["isPublic"] == true);
  BOOST_TEST(pub["lastSeq"] == 0);

  auto list = admin.run({"rooms", "list"});
  BOOST_TEST_REQUIRE(list.exit_code == 0, describe(list));
  BOOST_TEST(list.out.find(slug + " ") != std::string::npos, list.out);
  BOOST_TEST(list.out.find("The Lab") != std::string::npos);
  auto j = admin.json({"rooms", "list"});
  bool found = false;
  for (const auto& r : j["rooms"])
    found = found || r["slug"] == slug;
  BOOST_TEST(found, j.dump());

  auto shown = admin.json({"rooms", "show", slug});
  BOOST_TEST(shown["name"] == "The Lab");
  auto by_id = admin.json({"rooms", "show", shown["id"].get<std::string>()});
  BOOST_TEST(by_id["slug"] == slug);

  auto dup = admin.run({"rooms", "create", slug});
  BOOST_TEST(dup.exit_code == 3, describe(dup));
  BOOST_TEST(dup.err.find("HTTP 409 slug_taken") != std::string::npos, dup.err);
}

BOOST_AUTO_TEST_CASE(an_unknown_room_is_exit_3_with_404_not_found) {
  for (const auto& args : std::vector<std::vector<std::string>>{
         {"rooms", "show", "no-such-room"},
         {"rooms", "members", "list", "no-such-room"},
         {"history", "no-such-room"}}) {
    BOOST_TEST_CONTEXT("agenthub " << args[0] << " " << args[1]) {
      auto r = admin.run(args);
      BOOST_TEST(r.exit_code == 3, describe(r));
      BOOST_TEST(r.err.find("HTTP 404 not_found") != std::string::npos, r.err);
      BOOST_TEST(r.out.empty());
    }
  }
  auto send = admin.run({"send", "no-such-room", "hello"});
  BOOST_TEST(send.exit_code == 3, describe(send));
  BOOST_TEST(send.err.find("room_not_found") != std::string::npos, send.err);
  auto tail = admin.run({"tail", "no-such-room", "--timeout", "20"});
  BOOST_TEST(tail.exit_code == 3, describe(tail));
  BOOST_TEST(tail.err.find("room_not_found") != std::string::npos, tail.err);
}

BOOST_AUTO_TEST_CASE(members_add_list_remove) {
  auto slug = unique_name("team");
  admin.json({"rooms", "create", slug});
  auto agent = hub.new_agent(unique_name("member"));
  auto added = admin.run({"rooms", "members", "add", slug, agent.name});
  BOOST_TEST_REQUIRE(added.exit_code == 0, describe(added));
  BOOST_TEST(added.out.find("Added " + agent.name) != std::string::npos);

  auto list = admin.run({"rooms", "members", "list", slug});
  BOOST_TEST_REQUIRE(list.exit_code == 0, describe(list));
  BOOST_TEST(list.out.find(agent.name) != std::string::npos, list.out);
  BOOST_TEST(list.out.find("owner") != std::string::npos, list.out);
  auto j = admin.json({"rooms", "members", "list", slug});
  BOOST_TEST(j["members"].size() == 2u, j.dump());

  // A plain member may not add others (exit 4), but may leave.
  cli_user member;
  member.login(hub, agent.api_token);
  auto other = hub.new_agent(unique_name("other"));
  auto refused = member.run({"rooms", "members", "add", slug, other.id});
  BOOST_TEST(refused.exit_code == 4, describe(refused));
  BOOST_TEST(refused.err.find("HTTP 403 forbidden") != std::string::npos);

  auto removed = admin.json({"rooms", "members", "remove", slug, agent.id});
  BOOST_TEST(removed["agentId"] == agent.id);
  auto gone = admin.json({"rooms", "members", "list", slug});
  BOOST_TEST(gone["members"].size() == 1u, gone.dump());
  auto again = admin.run({"rooms", "members", "remove", slug, agent.id});
  BOOST_TEST(again.exit_code == 3, describe(again));
}

BOOST_AUTO_TEST_CASE(join_and_archive) {
  auto slug = unique_name("open");
  admin.json({"rooms", "create", slug, "--public"});
  auto agent = hub.new_agent(unique_name("joiner"));
  cli_user user;
  user.login(hub, agent.api_token);
  auto before = user.run({"send", slug, "hi"});
  BOOST_TEST(before.exit_code == 3, describe(before));
  BOOST_TEST(before.err.find("not_member") != std::string::npos, before.err);
  BOOST_TEST(before.err.find("agenthub rooms join") != std::string::npos);
  auto joined = user.run({"rooms", "join", slug});
  BOOST_TEST(joined.exit_code == 0, describe(joined));
  BOOST_TEST(user.json({"send", slug, "hi"})["seq"] == 1);

  auto archived = admin.json({"rooms", "archive", slug});
  BOOST_TEST(archived["archived"] == true);
  auto late = user.run({"send", slug, "too late"});
  BOOST_TEST(late.exit_code == 3, describe(late));
  BOOST_TEST(late.err.find("room_archived") != std::string::npos, late.err);
}

BOOST_AUTO_TEST_CASE(history_pages_by_seq) {
  auto slug = unique_name("hist");
  admin.json({"rooms", "create", slug});
  for (int i = 1; i <= 5; ++i)
    BOOST_TEST_REQUIRE(send(slug, "m" + std::to_string(i)) == i);

  auto newest = admin.run({"history", slug, "--limit", "2"});
  BOOST_TEST_REQUIRE(newest.exit_code == 0, describe(newest));
  auto lines = lines_of(newest.out);
  BOOST_TEST_REQUIRE(lines.size() == 2u, newest.out);
  BOOST_TEST(lines[0].rfind("#4 ", 0) == 0u, lines[0]);
  BOOST_TEST(lines[0].find(" admin: m4") != std::string::npos, lines[0]);
  BOOST_TEST(lines[1].find(" admin: m5") != std::string::npos, lines[1]);
  BOOST_TEST(newest.err.find("more: --before-seq 4") != std::string::npos,
             newest.err);

  auto before = admin.json({"history", slug, "--before-seq", "4"});
  BOOST_TEST(before["messages"].size() == 3u);
  BOOST_TEST(before["messages"][0]["body"] == "m1");
  BOOST_TEST(before["nextCursor"].is_null());

  auto after = admin.json({"history", slug, "--after-seq", "3"});
  BOOST_TEST_REQUIRE(after["messages"].size() == 2u);
  BOOST_TEST(after["messages"][0]["seq"] == 4);
  BOOST_TEST(after["lastSeq"] == 5);

  auto empty_room = unique_name("empty");
  admin.json({"rooms", "create", empty_room});
  auto none = admin.run({"history", empty_room});
  BOOST_TEST(none.exit_code == 0, describe(none));
  BOOST_TEST(none.out == "No messages.\n");
}

BOOST_AUTO_TEST_CASE(control_characters_from_the_hub_are_escaped) {
  auto slug = unique_name("esc");
  admin.json({"rooms", "create", slug});
  send(slug, "red\x1b[31mtext\nsecond line\x07");
  auto r = admin.run({"history", slug});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(r.out.find('\x1b') == std::string::npos);
  BOOST_TEST(r.out.find('\x07') == std::string::npos);
  BOOST_TEST(r.out.find("red\\x1b[31mtext\\nsecond line\\x07")
               != std::string::npos,
             r.out);
  // --json keeps the body exact.
  auto j = admin.json({"history", slug});
  BOOST_TEST(j["messages"][0]["body"] == "red\x1b[31mtext\nsecond line\x07");
}

BOOST_AUTO_TEST_SUITE_END()
