// `agenthub send` and `agenthub tail`: what send sent, tail prints, in
// order; a retried send is stored once.
#include <boost/test/unit_test.hpp>

#include "tests/integration/cli/cli_user.hpp"
#include "tests/support/suite_hub.hpp"
#include "tests/support/wait.hpp"

#include <csignal>

using namespace agenthub::testing;
using std::chrono::milliseconds;

namespace {

struct admin_cli : shared_hub<default_hub> {
  admin_cli() {
    admin.login(hub, hub.admin_token);
  }
  cli_user admin;

  std::string new_room() {
    auto slug = unique_name("chat");
    admin.json({"rooms", "create", slug});
    return slug;
  }
};

/// Waits until `tail` has joined (its "following … after seq N" line).
void wait_following(const started_command& tail, int times = 1) {
  auto ok = wait_until(
    [&] {
      auto err = tail.err();
      int n = 0;
      for (auto pos = err.find("following "); pos != std::string::npos;
           pos = err.find("following ", pos + 1))
        ++n;
      return n >= times || !tail.process->running();
    },
    milliseconds{60000});
  BOOST_TEST_REQUIRE(ok, "tail did not join; stderr:\n" << tail.err());
  BOOST_TEST_REQUIRE(tail.process->running(), "tail exited; stderr:\n"
                                                << tail.err());
}

/// Waits for `tail` to exit; its exit code.
int wait_exit(started_command& tail) {
  auto code = tail.process->wait_for(milliseconds{120000});
  BOOST_TEST_REQUIRE(code.has_value(), "tail did not exit; stderr:\n"
                                         << tail.err());
  return *code;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(cli_messaging, admin_cli,
                         *boost::unit_test::fixture<suite_hub<default_hub>>())

BOOST_AUTO_TEST_CASE(send_prints_the_committed_seq) {
  auto room = new_room();
  auto r = admin.run({"send", room, "hello"});
  BOOST_TEST_REQUIRE(r.exit_code == 0, describe(r));
  BOOST_TEST(r.out.rfind("Sent: seq 1 in " + room + " (id ", 0) == 0u, r.out);
  auto j = admin.json({"send", room, "again"});
  BOOST_TEST(j["seq"] == 2);
  BOOST_TEST(j["duplicate"] == false);
  BOOST_TEST(j["clientMsgId"].get<std::string>().rfind("cli-", 0) == 0u);
  BOOST_TEST(j["id"].is_string());
}

BOOST_AUTO_TEST_CASE(a_send_retried_with_its_client_msg_id_is_stored_once) {
  auto room = new_room();
  auto first = admin.json({"send", room, "once", "--client-msg-id", "c-77"});
  BOOST_TEST(first["duplicate"] == false);
  auto again = admin.run({"send", room, "once", "--client-msg-id", "c-77"});
  BOOST_TEST_REQUIRE(again.exit_code == 0, describe(again));
  BOOST_TEST(again.out.rfind("Already sent earlier: seq 1", 0) == 0u,
             again.out);
  auto j = admin.json({"send", room, "once", "--client-msg-id", "c-77"});
  BOOST_TEST(j["duplicate"] == true);
  BOOST_TEST(j["id"] == first["id"]);
  BOOST_TEST(admin.json({"rooms", "show", room})["lastSeq"] == 1);
}

BOOST_AUTO_TEST_CASE(tail_prints_in_order_what_send_sent) {
  auto room = new_room();
  auto tail
    = admin.start({"tail", room, "--json", "--count", "5", "--timeout", "120"});
  wait_following(tail);
  for (int i = 1; i <= 5; ++i)
    admin.json({"send", room, "msg " + std::to_string(i)});
  BOOST_TEST_REQUIRE(wait_exit(tail) == 0, tail.err());
  auto got = json_lines(tail.out());
  BOOST_TEST_REQUIRE(got.size() == 5u, tail.out());
  for (int i = 0; i < 5; ++i) {
    BOOST_TEST(got[i]["seq"] == i + 1);
    BOOST_TEST(got[i]["body"] == "msg " + std::to_string(i + 1));
    BOOST_TEST(got[i]["senderId"] == hub.admin_id);
  }
}

BOOST_AUTO_TEST_CASE(tail_after_seq_replays_earlier_messages_first) {
  auto room = new_room();
  for (int i = 1; i <= 3; ++i)
    admin.json({"send", room, "old " + std::to_string(i)});
  auto tail = admin.start(
    {"tail", room, "--after-seq", "1", "--count", "4", "--timeout", "120"});
  wait_following(tail);
  BOOST_TEST(tail.err().find("after seq 1") != std::string::npos);
  admin.json({"send", room, "new 4"});
  admin.json({"send", room, "new 5"});
  BOOST_TEST_REQUIRE(wait_exit(tail) == 0, tail.err());
  auto lines = lines_of(tail.out());
  BOOST_TEST_REQUIRE(lines.size() == 4u, tail.out());
  const char* bodies[] = {"old 2", "old 3", "new 4", "new 5"};
  for (int i = 0; i < 4; ++i) {
    BOOST_TEST(lines[i].rfind("#" + std::to_string(i + 2) + " ", 0) == 0u,
               lines[i]);
    BOOST_TEST(lines[i].find(std::string{" admin: "} + bodies[i])
                 != std::string::npos,
               lines[i]);
  }
}

BOOST_AUTO_TEST_CASE(tail_shows_other_senders_by_name) {
  auto room = new_room();
  auto agent = hub.new_agent(unique_name("talker"));
  admin.json({"rooms", "members", "add", room, agent.name});
  cli_user talker;
  talker.login(hub, agent.api_token);
  auto tail = admin.start({"tail", room, "--count", "2", "--timeout", "120"});
  wait_following(tail);
  talker.json({"send", room, "from the talker"});
  admin.json({"send", room, "from the admin"});
  BOOST_TEST_REQUIRE(wait_exit(tail) == 0, tail.err());
  auto lines = lines_of(tail.out());
  BOOST_TEST_REQUIRE(lines.size() == 2u, tail.out());
  BOOST_TEST(lines[0].find(" " + agent.name + ": from the talker")
               != std::string::npos,
             lines[0]);
  BOOST_TEST(lines[1].find(" admin: from the admin") != std::string::npos,
             lines[1]);
}

BOOST_AUTO_TEST_CASE(tail_timeout_before_count_is_exit_6) {
  auto room = new_room();
  admin.json({"send", room, "only one"});
  auto r = admin.run(
    {"tail", room, "--after-seq", "0", "--count", "3", "--timeout", "2"});
  BOOST_TEST(r.exit_code == 6, describe(r));
  BOOST_TEST(lines_of(r.out).size() == 1u, r.out);
  BOOST_TEST(r.err.find("1 of 3 messages") != std::string::npos, r.err);
  auto plain = admin.run({"tail", room, "--timeout", "1"});
  BOOST_TEST(plain.exit_code == 0, describe(plain));
}

BOOST_AUTO_TEST_CASE(tail_stops_cleanly_on_sigint) {
  auto room = new_room();
  auto tail = admin.start({"tail", room});
  wait_following(tail);
  admin.json({"send", room, "before ctrl-c"});
  BOOST_TEST_REQUIRE(
    wait_until([&] { return !tail.out().empty(); }, milliseconds{30000}),
    tail.err());
  tail.process->signal(SIGINT);
  BOOST_TEST(wait_exit(tail) == 0, tail.err());
  BOOST_TEST(tail.out().find("before ctrl-c") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tail_of_a_room_you_are_not_in_is_exit_3) {
  auto room = new_room();
  auto agent = hub.new_agent(unique_name("outsider"));
  cli_user user;
  user.login(hub, agent.api_token);
  auto r = user.run({"tail", room, "--timeout", "20"});
  BOOST_TEST(r.exit_code == 3, describe(r));
  // The room is private: to an outsider it does not exist.
  BOOST_TEST((r.err.find("room_not_found") != std::string::npos
              || r.err.find("not_member") != std::string::npos),
             r.err);
}

BOOST_AUTO_TEST_CASE(a_disabled_agent_gets_exit_4) {
  auto agent = hub.new_agent(unique_name("gone"));
  cli_user user;
  user.login(hub, agent.api_token);
  BOOST_TEST_REQUIRE(
    hub.patch("/api/v1/agents/" + agent.id, hub.admin_jwt, {{"disabled", true}})
      .status
    == 200u);
  auto r = user.run({"send", "any-room", "hi"});
  BOOST_TEST(r.exit_code == 4, describe(r));
  BOOST_TEST(r.err.find("agent_disabled") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_SUITE_END()
