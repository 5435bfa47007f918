// GET /admin/rooms (pages, sorts) and GET /admin/rooms/:id (members and
// subscribers), from the rooms' periodic reports.
#include <boost/test/unit_test.hpp>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

#include <algorithm>
#include <set>

using namespace agenthub::testing;
using json = nlohmann::json;

namespace {

struct rooms_hub : default_hub {};

/// Position of room `id` in `items`, or -1.
long index_of(const std::vector<json>& items, const std::string& id) {
  auto ids = ids_of(items);
  auto i = std::find(ids.begin(), ids.end(), id);
  return i == ids.end() ? -1 : static_cast<long>(i - ids.begin());
}

/// Rooms that are live in the collector: one agent, connected, in `n` rooms.
struct live_rooms {
  chat_agent agent;
  std::vector<chat_room> rooms;
  std::unique_ptr<ws_client> conn;
};

live_rooms make_live_rooms(hub_fixture& hub, int n) {
  live_rooms out;
  out.agent = make_chat_agent(hub, "pager");
  for (int i = 0; i < n; ++i)
    out.rooms.push_back(make_chat_room(hub, {out.agent}, "paged"));
  out.conn = connect_chat(hub, out.agent); // auto-joins: room actors start
  for (const auto& r : out.rooms)
    admin_wait(
      hub, "/admin/rooms/" + r.id,
      [](const json& j) { return j["active"] == true; }, "the room active");
  return out;
}

} // namespace

AGENTHUB_HUB_SUITE(admin_rooms, rooms_hub)

BOOST_AUTO_TEST_CASE(a_room_shows_members_subscribers_and_traffic) {
  auto alice = make_chat_agent(hub, "alice");
  auto bob = make_chat_agent(hub, "bob");
  auto carol = make_chat_agent(hub, "carol"); // a member, not connected
  auto room = make_chat_room(hub, {alice, bob, carol});
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);
  send_many({a.get()}, room.id, 25, "detail");

  // The room and each session report on their own timers, so the room's
  // numbers may be ahead of a session's report that lists the room: wait
  // for both.
  auto r = admin_wait(
    hub, "/admin/rooms/" + room.id,
    [](const json& j) {
      return j["lastSeq"] == 25 && j["messagesIn"] == 25
             && j["messagesInPerSec"]["10s"].get<double>() > 0
             && j["subscriberList"].size() == 2u;
    },
    "25 messages in and both subscribers listed");
  BOOST_TEST(r["id"] == room.id);
  BOOST_TEST(r["slug"] == room.slug);
  BOOST_TEST(r["active"] == true);
  BOOST_TEST(r["stale"] == false);
  BOOST_TEST(r["members"] == 4); // the admin (owner) and three agents
  BOOST_TEST(r["online"] == 2);
  BOOST_TEST(r["subscribers"] == 2);
  BOOST_TEST(r["deliveriesOut"] == 50); // 25 messages x 2 subscribers
  BOOST_TEST(r["deliveriesOutPerSec"]["10s"].get<double>() > 0);
  BOOST_TEST(r["messagesInPerSec"]["1m"].get<double>() > 0);
  BOOST_TEST(r["queueDepth"].is_number());
  BOOST_TEST(r["slowConsumers"].is_number());
  BOOST_TEST(r["idleSeconds"].get<double>() >= 0);
  BOOST_TEST_REQUIRE(r["memberList"].size() == 4u);
  std::set<std::string> online;
  for (const auto& m : r["memberList"])
    if (m["online"] == true)
      online.insert(m["agentId"].get<std::string>());
  BOOST_TEST((online == std::set<std::string>{alice.id, bob.id}));
  BOOST_TEST_REQUIRE(r["subscriberList"].size() == 2u);
  for (const auto& s : r["subscriberList"]) {
    BOOST_TEST(s["framing"] == "ws");
    BOOST_TEST(s["rooms"].size() == 1u);
  }
  // The slug works as well as the id.
  BOOST_TEST(admin_get(hub, "/admin/rooms/" + room.slug)["id"] == room.id);
}

BOOST_AUTO_TEST_CASE(a_room_without_an_actor_is_shown_inactive) {
  auto dave = make_chat_agent(hub, "dave");
  auto room = make_chat_room(hub, {dave});
  auto r = admin_get(hub, "/admin/rooms/" + room.id);
  BOOST_TEST(r["active"] == false);
  BOOST_TEST(r["members"] == 2);
  BOOST_TEST(r["memberList"].size() == 2u);
  BOOST_TEST(r["subscriberList"].empty());
  BOOST_TEST(r["idleSeconds"].is_null());
  auto all = admin_all_pages(hub, "/admin/rooms?limit=200", "rooms");
  BOOST_TEST(index_of(all, room.id) == -1); // lists show active rooms only
  auto missing = hub.get("/admin/rooms/no-such-room", hub.admin_jwt);
  BOOST_TEST(missing.status == 404u);
  BOOST_TEST(missing.error_code() == "not_found");
}

BOOST_AUTO_TEST_CASE(pages_cover_every_room_once_in_every_order) {
  auto live = make_live_rooms(hub, 7);
  for (const auto* order : {"", "&sort=rate", "&sort=queue"}) {
    auto path = std::string{"/admin/rooms?limit=2"} + order;
    auto all = admin_all_pages(hub, path, "rooms");
    auto ids = ids_of(all);
    std::set<std::string> unique(ids.begin(), ids.end());
    BOOST_TEST(unique.size() == ids.size(), path << ": a room came twice");
    for (const auto& r : live.rooms)
      BOOST_TEST(unique.count(r.id) == 1u, path << ": missing " << r.slug);
    if (*order == '\0')
      BOOST_TEST(std::is_sorted(ids.begin(), ids.end()), "by id");
  }
  auto first = admin_get(hub, "/admin/rooms?limit=3");
  BOOST_TEST(first["rooms"].size() == 3u);
  BOOST_TEST(first["nextCursor"].is_string());
}

BOOST_AUTO_TEST_CASE(sort_by_rate_puts_the_busy_room_first) {
  auto live = make_live_rooms(hub, 3);
  const auto& busy = live.rooms[1];
  send_many({live.conn.get()}, busy.id, 30, "busy");
  admin_wait(
    hub, "/admin/rooms/" + busy.id,
    [](const json& j) {
      return j["messagesIn"] == 30
             && j["messagesInPerSec"]["10s"].get<double>() > 0;
    },
    "the busy room's rate");
  auto page = admin_get(hub, "/admin/rooms?sort=rate&limit=200");
  std::vector<json> rooms(page["rooms"].begin(), page["rooms"].end());
  auto at = index_of(rooms, busy.id);
  BOOST_TEST_REQUIRE(at >= 0);
  for (long i = 0; i + 1 < static_cast<long>(rooms.size()); ++i)
    BOOST_TEST(rooms[i]["messagesInPerSec"]["10s"].get<double>()
                 >= rooms[i + 1]["messagesInPerSec"]["10s"].get<double>(),
               "rate order at " << i);
  for (const auto& quiet : {live.rooms[0], live.rooms[2]})
    BOOST_TEST(index_of(rooms, quiet.id) > at);
}

BOOST_AUTO_TEST_CASE(bad_list_parameters_are_422) {
  for (const auto* q : {"?sort=name", "?limit=0", "?limit=201", "?limit=x",
                        "?sort=rate&cursor=o999999.2", "?cursor=oops"}) {
    auto r = hub.get(std::string{"/admin/rooms"} + q, hub.admin_jwt);
    BOOST_TEST(r.status == 422u, q << ": " << r.status << " " << r.body);
    BOOST_TEST(r.error_code() == "validation_failed", q);
  }
  auto r = hub.get("/admin/sessions?sort=rate", hub.admin_jwt);
  BOOST_TEST(r.status == 422u);
}

BOOST_AUTO_TEST_SUITE_END()
