// DB_WRITERS=2: rooms are spread over two persistence writers, each with its
// own PostgreSQL connection. Every room keeps one contiguous order and
// nothing acknowledged is lost, with both writers committing at once.
#include "actors/writer_index.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

#include <map>
#include <set>

using namespace agenthub::testing;

namespace {

struct two_writers_hub {
  static env_map env() {
    // Lifted so 60 sends per connection go out at once (the in-flight bound,
    // 64, still applies).
    return {{"DB_WRITERS", "2"}, {"SESSION_EVENTS_PER_SECOND", "100000"}};
  }
};

} // namespace

AGENTHUB_HUB_SUITE(two_writers, two_writers_hub)

BOOST_AUTO_TEST_CASE(rooms_on_two_writers_keep_their_order_and_lose_nothing) {
  constexpr std::size_t per_sender = 5;
  auto alice = make_chat_agent(hub, "alice");
  auto bob = make_chat_agent(hub, "bob");
  // 12 rooms, and more until both writers have some (the spread is by id).
  std::vector<chat_room> rooms;
  std::set<std::size_t> writers;
  while (rooms.size() < 12 || writers.size() < 2) {
    rooms.push_back(make_chat_room(hub, {alice, bob}, "sharded"));
    writers.insert(agenthub::writer_index(rooms.back().id, 2));
  }
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);

  // Everything goes out before any reply is read, so both writers have
  // batches in flight together.
  std::vector<std::pair<ws_client*, std::string>> refs;
  std::map<std::string, std::string> room_of; // ref -> room
  for (std::size_t i = 0; i < per_sender; ++i)
    for (const auto& room : rooms)
      for (auto* c : {a.get(), b.get()}) {
        auto ref = c->send_request("message:send",
                                   send_data(room.id, "m" + std::to_string(i)));
        refs.emplace_back(c, ref);
        room_of[ref] = room.id;
      }
  std::map<std::string, std::set<std::uint64_t>> acked; // room -> seqs
  for (const auto& [c, ref] : refs) {
    auto reply = c->wait_reply(ref);
    BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
    acked[room_of[ref]].insert(reply["data"]["seq"].get<std::uint64_t>());
  }

  const auto n = 2 * per_sender;
  for (const auto& room : rooms) {
    const auto& seqs = acked[room.id];
    BOOST_TEST(seqs.size() == n, room.slug);
    BOOST_TEST(
      (std::vector<std::uint64_t>(seqs.begin(), seqs.end()) == seq_range(1, n)),
      room.slug);
    // Both members receive the room's messages in seq order.
    for (auto* c : {a.get(), b.get()})
      BOOST_TEST(seqs_of(collect_messages(*c, room.id, n)) == seq_range(1, n),
                 room.slug);
    BOOST_TEST(message_rows(hub, room.id) == static_cast<long long>(n));
  }

  // Two connections ran the batch statement: one per writer.
  auto writer_connections = hub.db.scalar(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND application_name = 'agenthub'"
    " AND query LIKE 'WITH v AS (SELECT * FROM unnest($1::uuid[]%'");
  BOOST_TEST(writer_connections == 2);
}

BOOST_AUTO_TEST_SUITE_END()
