// An admin read never waits on a busy room: while a flood of sends into one
// room cannot be committed, admin reads keep answering (and show the
// backlog) before the flood's first ack. Asserted by order of arrival, never
// by wall-clock thresholds.
#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include "admin_support.hpp"
#include "tests/support/suite_hub.hpp"

#include <set>

using namespace agenthub::testing;
using json = nlohmann::json;

namespace {

struct flood_hub : default_hub {};

/// Senders: 2 agents x 16 connections.
constexpr int agents = 2;
constexpr int connections_per_agent = 16;
/// Sends per connection: within the session rate limit's burst (30 events,
/// one of them spent on room:leave), so no send of the flood is refused.
constexpr int sends_per_connection = 25;

/// Acks of `refs` buffered on `c` so far (read without waiting).
std::size_t acks_received(ws_client& c, const std::set<std::string>& refs) {
  c.poll();
  std::size_t n = 0;
  for (const auto& f : c.buffered())
    if (frame_type(f) == "reply" && refs.count(f.value("ref", "")) > 0)
      ++n;
  return n;
}

std::size_t acks_received(std::vector<std::unique_ptr<ws_client>>& conns,
                          const std::vector<std::set<std::string>>& refs) {
  std::size_t n = 0;
  for (std::size_t c = 0; c < conns.size(); ++c)
    n += acks_received(*conns[c], refs[c]);
  return n;
}

} // namespace

AGENTHUB_HUB_SUITE(admin_flood, flood_hub)

BOOST_AUTO_TEST_CASE(admin_reads_answer_while_a_flood_is_held_up) {
  // 32 connections send into one room at once. They leave the room first
  // (members may send without being subscribed), so the flood is sends,
  // not fan-out.
  std::vector<chat_agent> senders;
  for (int i = 0; i < agents; ++i)
    senders.push_back(make_chat_agent(hub, "flood"));
  auto room = make_chat_room(hub, senders);
  std::vector<std::unique_ptr<ws_client>> conns;
  for (const auto& agent : senders)
    for (int i = 0; i < connections_per_agent; ++i) {
      conns.push_back(connect_chat(hub, agent));
      conns.back()->request("room:leave", {{"roomId", room.id}});
    }

  // The test holds the room's row lock: the writer's batch waits for it,
  // so not one send of the flood can commit (and be acked) until the test
  // lets go. Whatever the admin gets before that came before every ack.
  pqxx::connection lock_conn{hub.db.url()};
  pqxx::work lock{lock_conn};
  lock.exec_params("SELECT 1 FROM rooms WHERE id = $1::uuid FOR UPDATE",
                   room.id);

  std::vector<std::set<std::string>> refs(conns.size());
  for (int k = 0; k < sends_per_connection; ++k)
    for (std::size_t c = 0; c < conns.size(); ++c)
      refs[c].insert(conns[c]->send_request(
        "message:send",
        send_data(room.id, "flood " + std::to_string(k),
                  "f-" + std::to_string(c) + "-" + std::to_string(k))));
  const std::size_t total = conns.size() * sends_per_connection;

  // The admin watches the backlog build up: every send accepted by the
  // room and waiting for the writer.
  auto r = admin_wait(
    hub, "/admin/rooms/" + room.id,
    [&](const json& j) { return j["inFlight"] == total; },
    "the whole flood waiting at the writer");
  BOOST_TEST(r["queueDepth"].get<std::size_t>() >= total);
  BOOST_TEST(r["lastSeq"] == 0);
  auto system = admin_get(hub, "/admin/system");
  BOOST_TEST(system["writer"]["queueDepth"] == total);
  auto busiest = admin_get(hub, "/admin/rooms?sort=queue&limit=1");
  BOOST_TEST_REQUIRE(busiest["rooms"].size() == 1u);
  BOOST_TEST(busiest["rooms"][0]["id"] == room.id);
  BOOST_TEST(admin_get(hub, "/admin/sessions?limit=200")["sessions"].size()
             >= conns.size());
  // Every one of those answers came before the flood's first ack.
  BOOST_TEST(acks_received(conns, refs) == 0u);

  // Let go: the whole flood commits and is acked.
  lock.abort();
  for (std::size_t c = 0; c < conns.size(); ++c)
    for (const auto& ref : refs[c]) {
      auto reply = conns[c]->wait_reply(ref);
      BOOST_TEST(reply["ok"] == true, reply.dump());
    }
  auto after = admin_wait(
    hub, "/admin/rooms/" + room.id,
    [&](const json& j) { return j["messagesIn"] == total; },
    "every message of the flood counted");
  BOOST_TEST(after["lastSeq"] == total);
  BOOST_TEST(after["inFlight"] == 0);
  BOOST_TEST(after["subscribers"] == 0);
  BOOST_TEST(after["messagesInPerSec"]["1m"].get<double>() > 0);
}

BOOST_AUTO_TEST_SUITE_END()
