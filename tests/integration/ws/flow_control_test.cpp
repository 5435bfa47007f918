// Flow control on /ws: the per-connection event rate limit, and slow
// consumers, which must neither hold up the others nor lose messages.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

#include <sstream>
#include <thread>

using namespace agenthub::testing;

namespace {

struct flow_hub : default_hub {};

/// The flood: 240 messages of 32 000 bytes (7.7 MB) from eight writer
/// connections (30 each, the rate limit's burst). More than the hub's
/// socket send buffer (up to 4 MiB here) plus the 1 MiB outbound queue, so
/// a client that reads nothing is certain to overflow its queue. (No knob
/// shrinks the queue bounds: they are constants in config/defaults.hpp.)
constexpr std::size_t flood_body = 32000;
constexpr std::size_t flood_count = 240;
constexpr int flood_writers = 8;

/// The value of an unlabelled metric on /metrics (-1 if absent).
double metric(hub_fixture& hub, const std::string& name) {
  auto r = hub.client().request("GET", "/metrics");
  std::istringstream lines{r.body};
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(name + " ", 0) == 0)
      return std::stod(line.substr(name.size() + 1));
  return -1;
}

/// True once agenthub_slow_consumer_total has gone above `before`.
bool slow_consumer_seen(hub_fixture& hub, double before) {
  return wait_until(
    [&] { return metric(hub, "agenthub_slow_consumer_total") > before; },
    std::chrono::seconds{10}, std::chrono::milliseconds{100});
}

/// A room with a client that stops reading (`slow`),
/// a steady reader and writer connections that do not follow the room.
struct flood_setup {
  chat_room room;
  chat_agent slow_agent;
  std::unique_ptr<ws_client> slow;
  std::unique_ptr<ws_client> steady;
  std::vector<std::unique_ptr<ws_client>> writers;

  std::vector<ws_client*> senders() const {
    std::vector<ws_client*> out;
    for (const auto& w : writers)
      out.push_back(w.get());
    return out;
  }
};

flood_setup make_flood(hub_fixture& hub) {
  flood_setup f;
  f.slow_agent = make_chat_agent(hub, "sluggish");
  auto steady = make_chat_agent(hub, "steady");
  auto writer = make_chat_agent(hub, "flooder");
  f.room = make_chat_room(hub, {f.slow_agent, steady, writer});
  // The default receive buffer: the kernel grows it only while the
  // application reads, so a client that stops reading buffers ~128 KiB.
  f.slow = connect_chat(hub, f.slow_agent);
  f.steady = connect_chat(hub, steady);
  for (int i = 0; i < flood_writers; ++i) {
    f.writers.push_back(connect_chat(hub, writer));
    // Writers need no copy of the flood: membership suffices to send.
    auto left
      = f.writers.back()->request("room:leave", {{"roomId", f.room.id}});
    BOOST_TEST_REQUIRE(left["ok"] == true, left.dump());
  }
  return f;
}

/// The seq of `text` if it is a `message:new` of `room_id`, else 0. The
/// hub writes keys in alphabetical order, so "seq" is the last key of the
/// message: found from the end, without parsing 32 KB of JSON per frame
/// (the full parse is the fallback).
std::uint64_t raw_seq(const std::string& text, const std::string& room_id) {
  static const std::string tail = R"(},"type":"message:new"})";
  if (text.size() < tail.size()
      || text.compare(text.size() - tail.size(), tail.size(), tail) != 0)
    return 0;
  auto seq_at = text.rfind("\"seq\":");
  auto room_at = text.rfind("\"roomId\":\"");
  if (seq_at != std::string::npos && room_at != std::string::npos
      && text.compare(room_at + 10, room_id.size(), room_id) == 0)
    return std::stoull(text.substr(seq_at + 6, 20));
  auto j = nlohmann::json::parse(text);
  return j["data"]["roomId"] == room_id ? j["data"]["seq"].get<std::uint64_t>()
                                        : 0;
}

/// True if `text` is the reply to `ref` (keys are alphabetical, so "ref"
/// and "type" end the frame).
bool is_raw_reply(const std::string& text, const std::string& ref) {
  static const std::string tail = R"("type":"reply"})";
  return text.size() > tail.size()
         && text.compare(text.size() - tail.size(), tail.size(), tail) == 0
         && text.rfind("\"ref\":\"" + ref + "\"") != std::string::npos;
}

/// How far a reader got.
struct progress {
  std::uint64_t last = 0; ///< the last seq received in order
  std::string error;      ///< a gap or duplicate, if one was seen
};

/// Reads `c` (unparsed, see `raw_seq`) until seq `last` of the room has
/// arrived or the connection ends; the seqs must be exactly from+1,
/// from+2, ... (Boost.Test-free: it also runs in a thread.)
progress read_seqs(ws_client& c, const std::string& room_id, std::uint64_t from,
                   std::uint64_t last) {
  progress p{from, {}};
  if (from >= last)
    return p;
  c.drain(
    [&](const std::string& text) {
      if (auto seq = raw_seq(text, room_id)) {
        if (seq != p.last + 1) {
          p.error = "got seq " + std::to_string(seq) + " after "
                    + std::to_string(p.last);
          return false;
        }
        p.last = seq;
      }
      return p.last < last;
    },
    std::chrono::seconds{60});
  return p;
}

/// Reads a room's messages on `c` in a thread of its own, so the client
/// keeps reading while the test floods.
class background_reader {
public:
  background_reader(ws_client& c, const std::string& room_id,
                    std::uint64_t last)
    : thread_(
      [this, &c, room_id, last] { result_ = read_seqs(c, room_id, 0, last); }) {
  }
  ~background_reader() {
    if (thread_.joinable())
      thread_.join();
  }
  background_reader(const background_reader&) = delete;
  background_reader& operator=(const background_reader&) = delete;

  /// Waits for the thread and returns how far it got.
  progress result() {
    thread_.join();
    return result_;
  }

private:
  progress result_;
  std::thread thread_; // last: starts once result_ exists
};

} // namespace

AGENTHUB_HUB_SUITE(flow_control, flow_hub)

BOOST_AUTO_TEST_CASE(over_30_events_per_second_get_rate_limited) {
  auto a = make_chat_agent(hub, "hasty");
  auto room = make_chat_room(hub, {a});
  auto c = connect_chat(hub, a);
  // 60 at once: even a hub slowed down enough to refill half the bucket
  // while it works through them must refuse some.
  auto burst = send_burst(*c, room.id, 60, "burst");
  for (const auto& reply : burst.other)
    BOOST_ERROR("unexpected reply " << reply.dump());
  auto ok = burst.ok;
  auto limited = burst.rate_limited;
  BOOST_TEST(ok >= 30); // the burst allowance
  BOOST_TEST(limited >= 1);
  BOOST_TEST(ok + limited == 60);
  // Refused sends stored nothing; the connection stays open and, once the
  // bucket refills, works again.
  BOOST_TEST(message_rows(hub, room.id) == ok);
  BOOST_TEST(c->is_open());
  bool recovered = wait_until(
    [&] {
      return c->request("presence:list", {{"roomId", room.id}})["ok"] == true;
    },
    std::chrono::seconds{5}, std::chrono::milliseconds{200});
  BOOST_TEST(recovered);
}

BOOST_AUTO_TEST_CASE(slow_consumer_does_not_hold_up_others_and_catches_up) {
  auto f = make_flood(hub);
  auto slow_before = metric(hub, "agenthub_slow_consumer_total");
  BOOST_TEST_REQUIRE(slow_before >= 0);

  background_reader steady{*f.steady, f.room.id, flood_count};
  auto acks
    = send_many(f.senders(), f.room.id, flood_count, "flood", flood_body);
  BOOST_TEST(acks.size() == flood_count);
  // The steady reader gets everything in order while `slow` reads nothing.
  auto s = steady.result();
  BOOST_TEST(s.error.empty(), s.error);
  BOOST_TEST(s.last == flood_count);
  // The slow client's queue did overflow (so this test tests something).
  BOOST_TEST_REQUIRE(slow_consumer_seen(hub, slow_before));

  // Now it reads: it catches up with no gap and no duplicate, or it was
  // closed as a slow consumer (4009) and resumes with afterSeq.
  auto got = read_seqs(*f.slow, f.room.id, 0, flood_count);
  BOOST_TEST_REQUIRE(got.error.empty(), got.error);
  if (got.last < flood_count) {
    auto closed = f.slow->close_info();
    BOOST_TEST_REQUIRE(closed.has_value(), "stalled at seq " << got.last);
    BOOST_TEST_REQUIRE(closed->code == 4009, closed->reason);
    auto again = connect_chat(hub, f.slow_agent);
    auto reply = again->request(
      "room:join", {{"roomId", f.room.id}, {"afterSeq", got.last}});
    BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
    got = read_seqs(*again, f.room.id, got.last, flood_count);
    BOOST_TEST(got.error.empty(), got.error);
  }
  BOOST_TEST(got.last == flood_count);
}

BOOST_AUTO_TEST_CASE(client_reading_nothing_is_closed_4009_and_resumes) {
  auto f = make_flood(hub);
  auto slow_before = metric(hub, "agenthub_slow_consumer_total");
  background_reader steady{*f.steady, f.room.id, flood_count};
  send_many(f.senders(), f.room.id, flood_count, "stall", flood_body);
  auto s = steady.result();
  BOOST_TEST(s.last == flood_count, s.error);
  BOOST_TEST_REQUIRE(slow_consumer_seen(hub, slow_before));
  // Live delivery to `slow` is paused now; replies are still queued. Two
  // history pages of ~3 MB each push its queue past 4 MiB.
  for (int i = 0; i < 2; ++i)
    f.slow->send_request("message:history",
                         {{"roomId", f.room.id}, {"limit", 100}});
  // Let the hub answer them while `slow` still reads nothing: the same page
  // asked for afterwards by the steady reader, twice in a row, comes back
  // once the database pool has run them (the first ran alongside them).
  // Then `slow` reads at once (unparsed, fast), within the 5 s the hub
  // waits for a close handshake, and so sees the close.
  for (int i = 0; i < 2; ++i) {
    auto probe = f.steady->send_request(
      "message:history", {{"roomId", f.room.id}, {"limit", 100}});
    BOOST_TEST_REQUIRE(f.steady->drain(
      [&](const std::string& text) { return !is_raw_reply(text, probe); }));
  }
  BOOST_TEST_REQUIRE(f.steady->is_open());
  auto got = read_seqs(*f.slow, f.room.id, 0, flood_count);
  BOOST_TEST_REQUIRE(got.error.empty(), got.error);
  auto closed = f.slow->wait_close();
  BOOST_TEST_REQUIRE(closed.has_value(), "not closed after seq " << got.last);
  BOOST_TEST(closed->code == 4009, closed->reason);
  BOOST_TEST(got.last < flood_count);

  auto again = connect_chat(hub, f.slow_agent);
  auto reply = again->request("room:join",
                              {{"roomId", f.room.id}, {"afterSeq", got.last}});
  BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
  auto rest = read_seqs(*again, f.room.id, got.last, flood_count);
  BOOST_TEST(rest.error.empty(), rest.error);
  BOOST_TEST(rest.last == flood_count);
}

BOOST_AUTO_TEST_SUITE_END()
