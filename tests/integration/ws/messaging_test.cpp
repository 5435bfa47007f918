// message:send over /ws: ack after commit, live delivery to the other
// members, one total order per room, idempotent retries.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

#include <map>
#include <regex>

using namespace agenthub::testing;

namespace {

struct messaging_hub : default_hub {};

bool is_uuid(const nlohmann::json& v) {
  static const std::regex re{
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"};
  return v.is_string() && std::regex_match(v.get<std::string>(), re);
}

} // namespace

AGENTHUB_HUB_SUITE(messaging, messaging_hub)

BOOST_AUTO_TEST_CASE(two_agents_in_a_room_exchange_messages) {
  auto alice = make_chat_agent(hub, "alice");
  auto bob = make_chat_agent(hub, "bob");
  auto room = make_chat_room(hub, {alice, bob});
  nlohmann::json hello;
  auto a = connect_chat(hub, alice, &hello);
  auto b = connect_chat(hub, bob);
  BOOST_TEST(hello["data"]["agentId"] == alice.id);
  BOOST_TEST(hello["data"]["name"] == alice.name);
  BOOST_TEST(hello["data"]["rooms"]
             == nlohmann::json::array(
               {{{"roomId", room.id}, {"slug", room.slug}, {"lastSeq", 0}}}));

  auto ack = send_message(*a, room.id, "hello bob", "c-1");
  BOOST_TEST(is_uuid(ack["id"]), ack.dump());
  BOOST_TEST(ack["seq"] == 1);
  BOOST_TEST(ack["roomId"] == room.id);
  BOOST_TEST(ack["duplicate"] == false);
  // Ack means committed: the row is visible the moment the ack arrived.
  auto row = hub.db.exec("SELECT seq, body, sender_id::text, client_msg_id"
                         " FROM messages WHERE id = $1::uuid",
                         ack["id"].get<std::string>());
  BOOST_TEST_REQUIRE(row.size() == 1u);
  BOOST_TEST(row[0][0].as<long long>() == 1);
  BOOST_TEST(row[0][1].as<std::string>() == "hello bob");
  BOOST_TEST(row[0][2].as<std::string>() == alice.id);
  BOOST_TEST(row[0][3].as<std::string>() == "c-1");

  auto got = collect_messages(*b, room.id, 1).at(0);
  BOOST_TEST(got["id"] == ack["id"]);
  BOOST_TEST(got["seq"] == 1);
  BOOST_TEST(got["roomId"] == room.id);
  BOOST_TEST(got["senderId"] == alice.id);
  BOOST_TEST(got["body"] == "hello bob");
  BOOST_TEST(got["clientMsgId"] == "c-1");
  BOOST_TEST(got["createdAt"] == ack["createdAt"]);

  // And back: without a clientMsgId, which arrives as null.
  auto back = send_message(*b, room.id, "hi alice");
  BOOST_TEST(back["seq"] == 2);
  auto at_alice = collect_messages(*a, room.id, 2);
  BOOST_TEST(seqs_of(at_alice) == seq_range(1, 2));
  BOOST_TEST(at_alice[1]["senderId"] == bob.id);
  BOOST_TEST(at_alice[1]["body"] == "hi alice");
  BOOST_TEST(at_alice[1]["clientMsgId"].is_null());
  BOOST_TEST(message_rows(hub, room.id) == 2);
}

BOOST_AUTO_TEST_CASE(every_receiver_sees_the_same_contiguous_order) {
  constexpr std::size_t per_sender = 12;
  std::vector<chat_agent> agents;
  for (int i = 0; i < 5; ++i)
    agents.push_back(make_chat_agent(hub, "order"));
  auto room = make_chat_room(hub, agents);
  std::vector<std::unique_ptr<ws_client>> clients;
  for (const auto& a : agents)
    clients.push_back(connect_chat(hub, a));

  // Three senders fire everything before reading any answer.
  auto acks = send_many({clients[0].get(), clients[1].get(), clients[2].get()},
                        room.id, 3 * per_sender, "order");
  std::map<std::uint64_t, std::string> acked; // seq -> id
  for (const auto& ack : acks)
    acked[ack["seq"].get<std::uint64_t>()] = ack["id"].get<std::string>();
  BOOST_TEST_REQUIRE(acked.size() == 3 * per_sender);
  BOOST_TEST(acked.begin()->first == 1u);
  BOOST_TEST(acked.rbegin()->first == 3 * per_sender);

  // Every member (senders included) receives 1..N, each seq once, and the
  // same message at each seq.
  for (auto& c : clients) {
    auto got = collect_messages(*c, room.id, 3 * per_sender);
    BOOST_TEST(seqs_of(got) == seq_range(1, 3 * per_sender));
    for (const auto& m : got)
      BOOST_TEST(acked[m["seq"].get<std::uint64_t>()] == m["id"], m.dump());
  }
  BOOST_TEST(hub.db.scalar("SELECT count(DISTINCT seq) FROM messages"
                           " WHERE room_id = $1::uuid AND seq BETWEEN 1 AND $2",
                           room.id, 3 * per_sender)
             == static_cast<long long>(3 * per_sender));
  BOOST_TEST(message_rows(hub, room.id)
             == static_cast<long long>(3 * per_sender));
}

BOOST_AUTO_TEST_CASE(retried_client_msg_id_returns_the_original_once) {
  auto alice = make_chat_agent(hub, "retrier");
  auto bob = make_chat_agent(hub, "watcher");
  auto room = make_chat_room(hub, {alice, bob});
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);

  auto first = send_message(*a, room.id, "exactly once", "retry-1");
  BOOST_TEST(first["duplicate"] == false);
  auto again = send_message(*a, room.id, "exactly once", "retry-1");
  BOOST_TEST(again["duplicate"] == true);
  BOOST_TEST(again["id"] == first["id"]);
  BOOST_TEST(again["seq"] == first["seq"]);
  BOOST_TEST(again["createdAt"] == first["createdAt"]);

  // A retry after a lost connection gets the same answer.
  a->drop();
  auto a2 = connect_chat(hub, alice);
  auto later = send_message(*a2, room.id, "exactly once", "retry-1");
  BOOST_TEST(later["duplicate"] == true);
  BOOST_TEST(later["id"] == first["id"]);
  BOOST_TEST(later["seq"] == first["seq"]);

  BOOST_TEST(hub.db.scalar("SELECT count(*) FROM messages WHERE sender_id ="
                           " $1::uuid AND client_msg_id = 'retry-1'",
                           alice.id)
             == 1);
  BOOST_TEST(message_rows(hub, room.id) == 1);
  // The retries broadcast nothing: the next message is seq 2, right after.
  auto next = send_message(*a2, room.id, "marker", "retry-2");
  BOOST_TEST(next["seq"] == 2);
  BOOST_TEST(seqs_of(collect_messages(*b, room.id, 2)) == seq_range(1, 2));
  b->poll(std::chrono::milliseconds{200});
  for (const auto& f : b->buffered())
    BOOST_TEST(!is_message_of(f, room.id), "unexpected " << f.dump());
}

BOOST_AUTO_TEST_CASE(client_msg_id_reused_in_another_room_is_a_conflict) {
  auto alice = make_chat_agent(hub, "reuser");
  auto first_room = make_chat_room(hub, {alice});
  auto second_room = make_chat_room(hub, {alice});
  auto a = connect_chat(hub, alice);
  send_message(*a, first_room.id, "first", "same-id");
  auto reply = a->request("message:send",
                          send_data(second_room.id, "second", "same-id"));
  BOOST_TEST(reply["ok"] == false);
  BOOST_TEST(frame_error_code(reply) == "client_msg_id_conflict");
  BOOST_TEST(message_rows(hub, second_room.id) == 0);
  BOOST_TEST(message_rows(hub, first_room.id) == 1);
  // The connection goes on working.
  BOOST_TEST(send_message(*a, second_room.id, "second", "other-id")["seq"]
             == 1);
}

BOOST_AUTO_TEST_SUITE_END()
