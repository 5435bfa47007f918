// `kill -9` of the hub while clients stream messages with clientMsgIds.
// After a restart on the same database and a retry of every clientMsgId:
// each message is stored exactly once, what was acked before the crash is
// answered again with the same {id, seq}, and every room's seqs run 1..N.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

#include <map>
#include <optional>
#include <tuple>

using namespace agenthub::testing;

namespace {

constexpr std::size_t agent_count = 3;
constexpr std::size_t connections_per_agent = 2;
constexpr std::size_t room_count = 2;

/// One message a client tried to send before the crash.
struct attempt {
  std::size_t agent = 0;
  std::string room_id;
  std::string client_msg_id;
  std::string body;
  std::optional<nlohmann::json> ack; ///< reply data, if acked in time
};

/// A streaming connection and its requests awaiting an answer.
struct stream_conn {
  std::size_t agent = 0;
  std::unique_ptr<ws_client> ws;
  std::map<std::string, std::size_t> pending; ///< ref -> attempt
};

struct crash_world {
  std::vector<chat_agent> agents;
  std::vector<chat_room> rooms;
  std::vector<stream_conn> conns;
  std::vector<attempt> attempts;
};

crash_world make_world(hub_fixture& hub) {
  crash_world w;
  for (std::size_t i = 0; i < agent_count; ++i)
    w.agents.push_back(make_chat_agent(hub, "crasher"));
  for (std::size_t i = 0; i < room_count; ++i)
    w.rooms.push_back(make_chat_room(hub, w.agents, "crash"));
  for (std::size_t a = 0; a < agent_count; ++a)
    for (std::size_t k = 0; k < connections_per_agent; ++k) {
      stream_conn c;
      c.agent = a;
      c.ws = connect_chat(hub, w.agents[a]);
      // Only the acks matter here: stop the room deliveries.
      for (const auto& r : w.rooms)
        c.ws->request("room:leave", {{"roomId", r.id}});
      w.conns.push_back(std::move(c));
    }
  return w;
}

/// Sends the next message of `c` (alternating rooms).
void send_next(crash_world& w, stream_conn& c) {
  attempt a;
  a.agent = c.agent;
  a.room_id = w.rooms[w.attempts.size() % room_count].id;
  a.client_msg_id = "crash-" + std::to_string(w.attempts.size());
  a.body = "streamed " + a.client_msg_id;
  auto ref = c.ws->send_request("message:send",
                                send_data(a.room_id, a.body, a.client_msg_id));
  c.pending[ref] = w.attempts.size();
  w.attempts.push_back(std::move(a));
}

/// Moves the replies buffered on `c` into their attempts.
void collect_acks(crash_world& w, stream_conn& c) {
  for (auto& f : c.ws->take_buffered()) {
    if (frame_type(f) != "reply" || !f["ref"].is_string())
      continue;
    auto i = c.pending.find(f["ref"].get<std::string>());
    if (i == c.pending.end())
      continue;
    if (f["ok"] == true)
      w.attempts[i->second].ack = f["data"];
    else // refused before the crash (e.g. rate_limited): retried below
      BOOST_TEST_MESSAGE("refused before the crash: " << f.dump());
    c.pending.erase(i);
  }
}

/// After the kill: reads what each connection still received (acks sent
/// just before the crash count as acked).
void drain_after_kill(crash_world& w) {
  for (auto& c : w.conns) {
    auto closed = c.ws->wait_close(std::chrono::seconds{10});
    BOOST_TEST(closed.has_value(), "a connection outlived the hub");
    collect_acks(w, c);
  }
}

/// Paced stream (~25 messages/s per connection, under the rate limit):
/// the hub is killed right after the messages of round `kill_round` went
/// out, so those (at least) are in flight.
void paced_stream_then_kill(hub_fixture& hub, crash_world& w, int kill_round) {
  for (int round = 0;; ++round) {
    for (auto& c : w.conns)
      send_next(w, c);
    if (round == kill_round)
      break;
    for (auto& c : w.conns) {
      c.ws->poll(std::chrono::milliseconds{40} / w.conns.size());
      collect_acks(w, c);
    }
  }
  hub.process().kill9();
  drain_after_kill(w);
}

/// Burst: every connection sends 25 at once (group commits of many rows);
/// the hub is killed as soon as the first ack is seen.
void burst_then_kill(hub_fixture& hub, crash_world& w) {
  for (int i = 0; i < 25; ++i)
    for (auto& c : w.conns)
      send_next(w, c);
  auto first = w.conns[0].ws->wait_for(
    [](const nlohmann::json& f) { return frame_type(f) == "reply"; });
  BOOST_TEST_REQUIRE(first.has_value(), "no ack before the kill");
  hub.process().kill9();
  w.conns[0].ws->buffered().push_front(*first);
  drain_after_kill(w);
}

/// Restarts the hub, retries every clientMsgId (acked or not) and checks
/// the answers and the database.
void restart_retry_and_verify(hub_fixture& hub, crash_world& w) {
  std::size_t acked = 0;
  for (const auto& a : w.attempts)
    acked += a.ack ? 1 : 0;
  auto unacked = w.attempts.size() - acked;
  BOOST_TEST_MESSAGE(w.attempts.size()
                     << " sent, " << acked << " acked before the kill");
  BOOST_TEST_REQUIRE(acked > 0u, "nothing was acked before the kill");
  BOOST_WARN_MESSAGE(unacked > 0u, "the kill found nothing in flight");
  w.conns.clear();

  hub.crash_and_restart();

  // Retry everything, pipelined over four connections per agent.
  std::vector<std::vector<std::unique_ptr<ws_client>>> retry(agent_count);
  for (std::size_t a = 0; a < agent_count; ++a)
    for (int k = 0; k < 4; ++k)
      retry[a].push_back(connect_chat(hub, w.agents[a]));
  std::vector<std::pair<ws_client*, std::string>> refs;
  for (std::size_t i = 0; i < w.attempts.size(); ++i) {
    const auto& a = w.attempts[i];
    auto* c = retry[a.agent][i % 4].get();
    refs.emplace_back(
      c, c->send_request("message:send",
                         send_data(a.room_id, a.body, a.client_msg_id)));
  }
  std::size_t committed_unacked = 0;
  std::vector<nlohmann::json> answers;
  for (std::size_t i = 0; i < w.attempts.size(); ++i) {
    const auto& a = w.attempts[i];
    auto reply = refs[i].first->wait_reply(refs[i].second);
    auto data = reply["ok"] == true
                  ? reply["data"]
                  : send_message(*refs[i].first, a.room_id, a.body,
                                 a.client_msg_id); // rate-limited: again
    if (a.ack) {
      BOOST_TEST(data["duplicate"] == true, a.client_msg_id);
      BOOST_TEST(data["id"] == (*a.ack)["id"], a.client_msg_id);
      BOOST_TEST(data["seq"] == (*a.ack)["seq"], a.client_msg_id);
      BOOST_TEST(data["roomId"] == (*a.ack)["roomId"], a.client_msg_id);
    } else if (data["duplicate"] == true) {
      ++committed_unacked; // committed, but the ack died with the hub
    }
    answers.push_back(data);
  }
  BOOST_TEST_MESSAGE(committed_unacked << " of " << unacked
                                       << " unacked were committed");

  // Every attempt is stored exactly once, as its answers say.
  std::map<std::pair<std::string, std::string>,
           std::tuple<std::string, long long, std::string, long long>>
    rows; // (sender, clientMsgId) -> (id, seq, room, copies)
  for (const auto& r : hub.db.exec(
         "SELECT sender_id::text, client_msg_id, min(id::text), min(seq),"
         " min(room_id::text), count(*) FROM messages"
         " GROUP BY sender_id, client_msg_id"))
    rows[{r[0].as<std::string>(), r[1].c_str()}]
      = {r[2].as<std::string>(), r[3].as<long long>(), r[4].as<std::string>(),
         r[5].as<long long>()};
  BOOST_TEST(rows.size() == w.attempts.size());
  BOOST_TEST(hub.db.scalar("SELECT count(*) FROM messages")
             == static_cast<long long>(w.attempts.size()));
  for (std::size_t i = 0; i < w.attempts.size(); ++i) {
    const auto& a = w.attempts[i];
    auto row = rows.find({w.agents[a.agent].id, a.client_msg_id});
    BOOST_TEST_REQUIRE((row != rows.end()), a.client_msg_id << " not stored");
    auto [id, seq, room, copies] = row->second;
    BOOST_TEST(copies == 1, a.client_msg_id);
    BOOST_TEST(answers[i]["id"] == id, a.client_msg_id);
    BOOST_TEST(answers[i]["seq"] == seq, a.client_msg_id);
    BOOST_TEST(room == a.room_id, a.client_msg_id);
  }

  // Each room: seqs 1..N, no gap, and the room continues at N + 1.
  for (const auto& room : w.rooms) {
    std::vector<std::uint64_t> seqs;
    for (const auto& r : hub.db.exec("SELECT seq FROM messages WHERE room_id"
                                     " = $1::uuid ORDER BY seq",
                                     room.id))
      seqs.push_back(r[0].as<std::uint64_t>());
    BOOST_TEST_REQUIRE(!seqs.empty());
    BOOST_TEST(seqs == seq_range(1, seqs.size()), room.slug);
    auto last = hub.db.scalar("SELECT last_seq FROM rooms WHERE id = $1::uuid",
                              room.id);
    BOOST_TEST(last == static_cast<long long>(seqs.size()), room.slug);
    auto next = send_message(*retry[0][0], room.id, "after the crash");
    BOOST_TEST(next["seq"] == seqs.size() + 1, room.slug);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(crash_recovery)

BOOST_FIXTURE_TEST_CASE(kill_9_during_a_paced_stream_loses_nothing_acked,
                        dedicated_hub<>) {
  auto w = make_world(hub);
  paced_stream_then_kill(hub, w, 20);
  restart_retry_and_verify(hub, w);
}

BOOST_FIXTURE_TEST_CASE(kill_9_during_a_burst_loses_nothing_acked,
                        dedicated_hub<>) {
  auto w = make_world(hub);
  burst_then_kill(hub, w);
  restart_retry_and_verify(hub, w);
}

BOOST_AUTO_TEST_SUITE_END()
