// Resume: after a disconnect, room:join with afterSeq replays what was
// missed, then continues live, each seq exactly once and in order.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct resume_hub : default_hub {};

/// Reads frames in arrival order up to the reply to `ref` and returns it.
/// `message:new` events of the room before the reply are dropped (the
/// resume guarantee starts at the reply); they must be live ones, beyond
/// `live_from`.
nlohmann::json until_reply(ws_client& c, const std::string& ref,
                           const std::string& room_id,
                           std::uint64_t live_from) {
  for (;;) {
    auto f = c.receive();
    BOOST_TEST_REQUIRE(f.has_value(), "no reply to " << ref << "; buffered: "
                                                     << c.describe_buffer());
    if (frame_type(*f) == "reply" && (*f)["ref"] == ref)
      return *f;
    if (is_message_of(*f, room_id))
      BOOST_TEST((*f)["data"]["seq"].get<std::uint64_t>() > live_from,
                 f->dump());
  }
}

/// room:join with afterSeq; the reply (see `until_reply`).
nlohmann::json join_after(ws_client& c, const std::string& room_id,
                          std::uint64_t after_seq, std::uint64_t live_from) {
  auto ref = c.send_request("room:join",
                            {{"roomId", room_id}, {"afterSeq", after_seq}});
  return until_reply(c, ref, room_id, live_from);
}

} // namespace

AGENTHUB_HUB_SUITE(resume, resume_hub)

BOOST_AUTO_TEST_CASE(join_after_seq_replays_the_missed_messages_then_live) {
  auto reader = make_chat_agent(hub, "resumer");
  auto writer = make_chat_agent(hub, "talker");
  auto room = make_chat_room(hub, {reader, writer});
  auto w = connect_chat(hub, writer);
  auto r = connect_chat(hub, reader);

  send_many({w.get()}, room.id, 5, "before");
  auto seen = collect_messages(*r, room.id, 5);
  BOOST_TEST_REQUIRE(seqs_of(seen) == seq_range(1, 5));
  r->close();

  // Ten messages while the reader is away.
  send_many({w.get()}, room.id, 10, "away");

  nlohmann::json hello;
  auto r2 = connect_chat(hub, reader, &hello);
  BOOST_TEST(hello["data"]["rooms"][0]["lastSeq"] == 15);
  // The join and more live traffic race: the hub must still deliver every
  // seq after 5 exactly once, in order.
  auto ref
    = r2->send_request("room:join", {{"roomId", room.id}, {"afterSeq", 5}});
  auto live = send_many({w.get()}, room.id, 5, "live");
  BOOST_TEST(live.back()["seq"] == 20);
  auto reply = until_reply(*r2, ref, room.id, 15);
  BOOST_TEST(reply["ok"] == true, reply.dump());
  BOOST_TEST(reply["data"]["roomId"] == room.id);
  BOOST_TEST(reply["data"]["slug"] == room.slug);
  BOOST_TEST(reply["data"]["lastSeq"].get<std::uint64_t>() >= 15u);

  auto replayed = collect_messages(*r2, room.id, 15);
  BOOST_TEST(seqs_of(replayed) == seq_range(6, 20));
  BOOST_TEST(replayed.front()["body"] == "away-0");
  BOOST_TEST(replayed.back()["body"] == "live-4");
  r2->poll(std::chrono::milliseconds{300});
  for (const auto& f : r2->buffered())
    BOOST_TEST(!is_message_of(f, room.id), "duplicate " << f.dump());
}

BOOST_AUTO_TEST_CASE(resume_older_than_the_room_memory_reads_the_log) {
  // 100 messages of 30 KiB exceed the room's 2 MiB ring, so a resume from
  // seq 0 must read the oldest ones from PostgreSQL.
  constexpr std::size_t count = 100;
  auto reader = make_chat_agent(hub, "archivist");
  auto writer = make_chat_agent(hub, "bulk");
  auto room = make_chat_room(hub, {reader, writer});
  std::vector<std::unique_ptr<ws_client>> writers;
  std::vector<ws_client*> senders;
  for (int i = 0; i < 4; ++i) {
    writers.push_back(connect_chat(hub, writer));
    senders.push_back(writers.back().get());
    // No copies of the bulk for the writers (sending needs no join).
    writers.back()->request("room:leave", {{"roomId", room.id}});
  }
  send_many(senders, room.id, count, "bulk", 30 * 1024);

  auto r = connect_chat(hub, reader);
  auto reply = join_after(*r, room.id, 0, count);
  BOOST_TEST(reply["ok"] == true, reply.dump());
  auto replayed = collect_messages(*r, room.id, count);
  BOOST_TEST(seqs_of(replayed) == seq_range(1, count));
  BOOST_TEST(replayed.front()["clientMsgId"] == "bulk-0");
  BOOST_TEST(replayed.front()["body"].get<std::string>().size() == 30 * 1024u);
}

BOOST_AUTO_TEST_CASE(join_after_seq_beyond_the_end_counts_as_the_end) {
  auto reader = make_chat_agent(hub, "ahead");
  auto room = make_chat_room(hub, {reader});
  auto r = connect_chat(hub, reader);
  send_many({r.get()}, room.id, 3, "ahead");
  collect_messages(*r, room.id, 3);
  auto reply = join_after(*r, room.id, 1000, 3);
  BOOST_TEST(reply["data"]["lastSeq"] == 3);
  // Nothing is replayed; the next message is seq 4 and is delivered.
  send_message(*r, room.id, "next", "ahead-next");
  auto next = collect_messages(*r, room.id, 1);
  BOOST_TEST(next[0]["seq"] == 4);
}

BOOST_AUTO_TEST_SUITE_END()
