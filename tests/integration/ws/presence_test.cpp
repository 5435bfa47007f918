// Presence: an agent is online in a room while one of its connections
// follows it; other members see presence:update, and presence:list.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

#include <map>

using namespace agenthub::testing;

namespace {

struct presence_hub : default_hub {};

bool is_presence(const nlohmann::json& f, const std::string& room_id,
                 const std::string& agent_id, const std::string& status) {
  return frame_type(f) == "presence:update" && f["data"]["roomId"] == room_id
         && f["data"]["agentId"] == agent_id && f["data"]["status"] == status;
}

/// The presence:update of `agent_id` going `status`; throws on timeout.
nlohmann::json wait_presence(ws_client& c, const std::string& room_id,
                             const std::string& agent_id,
                             const std::string& status) {
  auto f = c.wait_for([&](const nlohmann::json& j) {
    return is_presence(j, room_id, agent_id, status);
  });
  if (!f)
    throw std::runtime_error("no presence:update " + status + " for " + agent_id
                             + "; buffered: " + c.describe_buffer());
  return (*f)["data"];
}

/// presence:list as a map agentId -> entry.
std::map<std::string, nlohmann::json> presence_list(ws_client& c,
                                                    const std::string& room) {
  auto reply = c.request("presence:list", {{"roomId", room}});
  BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
  BOOST_TEST(reply["data"]["roomId"] == room);
  std::map<std::string, nlohmann::json> out;
  for (const auto& e : reply["data"]["presence"])
    out[e["agentId"].get<std::string>()] = e;
  return out;
}

} // namespace

AGENTHUB_HUB_SUITE(presence, presence_hub)

BOOST_AUTO_TEST_CASE(members_see_each_other_go_online_and_offline) {
  auto alice = make_chat_agent(hub, "present");
  auto bob = make_chat_agent(hub, "visitor");
  auto room = make_chat_room(hub, {alice, bob});
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);
  auto online = wait_presence(*a, room.id, bob.id, "online");
  BOOST_TEST(online["lastSeen"].is_string());

  b->close();
  auto offline = wait_presence(*a, room.id, bob.id, "offline");
  BOOST_TEST(offline["lastSeen"].is_string());
  BOOST_TEST(offline["lastSeen"].get<std::string>()
             >= online["lastSeen"].get<std::string>());
}

BOOST_AUTO_TEST_CASE(presence_list_shows_every_member) {
  auto alice = make_chat_agent(hub, "lister");
  auto bob = make_chat_agent(hub, "listed");
  auto carol = make_chat_agent(hub, "absent");
  auto room = make_chat_room(hub, {alice, bob, carol});
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);
  wait_presence(*a, room.id, bob.id, "online");

  auto list = presence_list(*a, room.id);
  // Alice, Bob, Carol and the admin who created the room.
  BOOST_TEST(list.size() == 4u);
  BOOST_TEST(list[alice.id]["status"] == "online");
  BOOST_TEST(list[bob.id]["status"] == "online");
  BOOST_TEST(list[carol.id]["status"] == "offline");
  BOOST_TEST(list[carol.id]["lastSeen"].is_null());
  BOOST_TEST(list[hub.admin_id]["status"] == "offline");

  b->close();
  wait_presence(*a, room.id, bob.id, "offline");
  list = presence_list(*a, room.id);
  BOOST_TEST(list[bob.id]["status"] == "offline");
  BOOST_TEST(list[bob.id]["lastSeen"].is_string());
  // Not a member: refused.
  auto outsider = connect_chat(hub, make_chat_agent(hub, "peeker"));
  auto denied = outsider->request("presence:list", {{"roomId", room.id}});
  BOOST_TEST(frame_error_code(denied) == "not_member", denied.dump());
}

BOOST_AUTO_TEST_CASE(agent_goes_offline_only_when_its_last_connection_ends) {
  auto alice = make_chat_agent(hub, "observer");
  auto bob = make_chat_agent(hub, "twice");
  auto room = make_chat_room(hub, {alice, bob});
  auto a = connect_chat(hub, alice);
  auto b1 = connect_chat(hub, bob);
  wait_presence(*a, room.id, bob.id, "online");
  auto b2 = connect_chat(hub, bob);

  b1->close();
  // Bob still follows the room on b2: no offline. (The list below is
  // answered by the room after it processed b1's leave.)
  BOOST_TEST(presence_list(*a, room.id)[bob.id]["status"] == "online");
  a->poll(std::chrono::milliseconds{500});
  for (const auto& f : a->buffered())
    BOOST_TEST(!is_presence(f, room.id, bob.id, "offline"), f.dump());

  // room:leave on the last connection stops following: offline.
  auto left = b2->request("room:leave", {{"roomId", room.id}});
  BOOST_TEST(left["ok"] == true);
  wait_presence(*a, room.id, bob.id, "offline");
  BOOST_TEST(presence_list(*a, room.id)[bob.id]["status"] == "offline");
}

BOOST_AUTO_TEST_SUITE_END()
