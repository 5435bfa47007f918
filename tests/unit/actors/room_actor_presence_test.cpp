// The room actor's subscribers: presence on first join and last leave, dead
// subscribers, and members removed through the REST API.
#include "actors/room.hpp"

#include <boost/test/unit_test.hpp>

#include "room_fixture.hpp"

#include <map>

using namespace agenthub;
using namespace agenthub::test;

namespace {

using statuses = std::vector<std::string>;

} // namespace

BOOST_FIXTURE_TEST_SUITE(room_actor_presence, room_fixture)

BOOST_AUTO_TEST_CASE(presence_update_on_first_join_and_last_leave) {
  start_room();
  auto bob = joined("bob");
  auto alice1 = joined("alice");
  BOOST_TEST(bob.log->statuses_of("alice") == statuses{"online"});
  BOOST_TEST(alice1.log->statuses_of("alice") == statuses{"online"});
  BOOST_TEST(bob.log->presence.back().room_id == room_id);
  auto alice2 = joined("alice"); // a second connection: no change
  leave(alice1);                 // one connection left: no change
  BOOST_TEST(bob.log->statuses_of("alice") == statuses{"online"});
  leave(alice2);
  BOOST_TEST(bob.log->statuses_of("alice") == (statuses{"online", "offline"}));
  BOOST_TEST(alice2.log->statuses_of("alice").empty()); // nothing changed
}

BOOST_AUTO_TEST_CASE(presence_lists_members_online_and_offline) {
  start_room();
  auto alice = joined("alice");
  auto r = presence("bob");
  sched.run();
  BOOST_TEST_REQUIRE(r->value.has_value());
  std::map<std::string, std::string> status;
  for (auto& e : *r->value)
    status[e.agent_id] = e.status;
  BOOST_TEST(status.size() == 3u);
  BOOST_TEST(status["alice"] == "online");
  BOOST_TEST(status["bob"] == "offline");
  BOOST_TEST(status["carol"] == "offline");
}

BOOST_AUTO_TEST_CASE(dead_subscriber_is_removed_and_goes_offline) {
  start_room();
  auto bob = joined("bob");
  auto alice = joined("alice");
  caf::anon_send_exit(alice.handle, caf::exit_reason::kill);
  sched.run();
  BOOST_TEST(bob.log->statuses_of("alice") == (statuses{"online", "offline"}));
  auto r = presence("bob");
  sched.run();
  BOOST_TEST_REQUIRE(r->value.has_value());
  for (auto& e : *r->value)
    if (e.agent_id == "alice")
      BOOST_TEST(e.status == "offline");
  publish("bob", "after");
  sched.run();
  BOOST_TEST(bob.log->seqs() == std::vector<std::uint64_t>{1});
  BOOST_TEST(alice.log->delivered.empty());
}

BOOST_AUTO_TEST_CASE(removed_member_is_dropped_and_notified) {
  start_room();
  auto bob = joined("bob");
  auto alice = joined("alice");
  caf::anon_send(room, member_atom_v, std::string{"alice"}, false);
  sched.run();
  BOOST_TEST_REQUIRE(alice.log->member.size() == 1u);
  BOOST_TEST(alice.log->member[0].first == room_id);
  BOOST_TEST(!alice.log->member[0].second);
  BOOST_TEST(bob.log->statuses_of("alice") == (statuses{"online", "offline"}));
  auto refused = publish("alice", "still here?");
  auto sent = publish("bob", "bye alice");
  sched.run();
  BOOST_TEST(refused->failed_with(errc::not_member));
  BOOST_TEST_REQUIRE(sent->value.has_value());
  BOOST_TEST(alice.log->delivered.empty()); // no longer subscribed
  BOOST_TEST(bob.log->seqs() == std::vector<std::uint64_t>{1});
  auto rejoin = join(alice, "alice");
  sched.run();
  BOOST_TEST(rejoin->failed_with(errc::not_member));
}

BOOST_AUTO_TEST_CASE(added_member_may_join) {
  start_room();
  auto dave = spawn_subscriber(*this);
  auto before = join(dave, "dave");
  sched.run();
  BOOST_TEST(before->failed_with(errc::not_member));
  caf::anon_send(room, member_atom_v, std::string{"dave"}, true);
  auto after = join(dave, "dave");
  sched.run();
  BOOST_TEST(after->value.has_value());
}

BOOST_AUTO_TEST_CASE(archived_room_refuses_join_and_publish) {
  start_room();
  auto bob = joined("bob");
  caf::anon_send(room, archive_atom_v);
  auto sent = publish("bob", "read-only now");
  auto again = join(spawn_subscriber(*this), "alice");
  sched.run();
  BOOST_TEST(sent->failed_with(errc::room_archived));
  BOOST_TEST(again->failed_with(errc::room_archived));
  BOOST_TEST(writer_s->received.empty());
}

BOOST_AUTO_TEST_SUITE_END()
