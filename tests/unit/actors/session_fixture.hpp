// A real session actor wired to a recording outbound sink, a scripted
// registry and scripted rooms, under the deterministic scheduler.
//
// The session submits a "load my rooms" job to its blocking pool when it
// starts. Pool workers are detached actors (real threads), which the test
// coordinator does not schedule, and a pool that refuses the job makes the
// session send itself an empty room list, which would race with the list the
// test provides. So the pool's only worker is parked on a gate before the
// session starts: the session's job waits behind it and never runs while the
// test does. The test sends `rooms_atom` itself. At teardown every actor is
// killed first, then the gate opens, the job fails to connect (the conninfo
// points at a directory without a PostgreSQL socket) and its `rooms_atom`
// goes to a dead session.
#pragma once

#include "actors/blocking_pool.hpp"
#include "actors/outbound_sink.hpp"
#include "actors/session.hpp"

#include <caf/all.hpp>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "deterministic_fixture.hpp"

#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace agenthub::test {

/// An outbound_sink that records everything; can refuse deliveries like a
/// connection whose queue is full.
class recording_sink : public outbound_sink {
public:
  struct error_rec {
    std::string ref, code, message;
  };
  struct event_rec {
    std::string name;
    nlohmann::json data;
  };

  std::vector<message_record> delivered;
  std::map<std::string, nlohmann::json> replies; ///< by ref
  std::vector<error_rec> errors;
  std::vector<event_rec> events;
  std::vector<std::pair<std::uint16_t, std::string>> closes;
  std::vector<std::string> timeline; ///< "deliver:<seq>", "reply:<ref>", ...
  bool refusing = false;             ///< the connection's queue is full
  std::uint64_t refuse_at_seq = 0;   ///< start refusing at this seq (0: never)

  bool deliver(const shared_message& m) override {
    if (refuse_at_seq != 0 && m.record().seq == refuse_at_seq)
      refusing = true;
    if (refusing)
      return false;
    delivered.push_back(m.record());
    timeline.push_back("deliver:" + std::to_string(m.record().seq));
    return true;
  }

  void reply(const std::string& ref, const nlohmann::json& data) override {
    replies[ref] = data;
    timeline.push_back("reply:" + ref);
  }

  void reply_error(const std::string& ref, const std::string& code,
                   const std::string& message) override {
    errors.push_back({ref, code, message});
    timeline.push_back("error:" + ref);
  }

  void event(const std::string& name, const nlohmann::json& data) override {
    events.push_back({name, data});
    timeline.push_back("event:" + name);
  }

  void close(std::uint16_t code, const std::string& reason) override {
    closes.emplace_back(code, reason);
  }

  std::vector<std::uint64_t> seqs() const {
    return seqs_of(delivered);
  }

  std::size_t count_errors(const std::string& code) const {
    std::size_t n = 0;
    for (const auto& e : errors)
      n += e.code == code ? 1 : 0;
    return n;
  }

  std::vector<event_rec> events_named(const std::string& name) const {
    std::vector<event_rec> out;
    for (const auto& e : events)
      if (e.name == name)
        out.push_back(e);
    return out;
  }
};

/// What a scripted room answers and what it was asked.
struct room_script {
  enum publish_mode { ack, fail, never };
  std::string id, slug;
  std::uint64_t last_seq = 0;
  std::optional<caf::error> join_error;
  std::vector<message_record> log; ///< committed messages, served by fetch
  publish_mode on_publish = ack;
  caf::error publish_error = make_error(errc::not_member);
  std::uint64_t next_seq = 1;
  // Recorded.
  std::vector<std::string> joined_agents;
  std::vector<send_request> published;
  std::vector<std::uint64_t> fetched_after;
  int leaves = 0;
  std::vector<caf::typed_response_promise<send_result>> unanswered;

  /// Appends seq `last_seq + 1` to the log and returns it.
  message_record commit() {
    log.push_back(make_record(id, ++last_seq));
    return log.back();
  }
};

room_actor::behavior_type scripted_room(room_actor::pointer self,
                                        std::shared_ptr<room_script> s);

/// Room id -> scripted room; unknown ids are answered room_not_found.
struct registry_script {
  std::map<std::string, room_actor> rooms;
  std::vector<std::string> asked;
};

registry_actor::behavior_type
scripted_registry(registry_actor::pointer self,
                  std::shared_ptr<registry_script> s);

/// A session under test plus its scripted surroundings.
struct session_fixture : deterministic_fixture {
  std::promise<void> gate;
  std::unique_ptr<blocking_pool> pool;
  std::shared_ptr<recording_sink> sink = std::make_shared<recording_sink>();
  std::shared_ptr<registry_script> registry_s
    = std::make_shared<registry_script>();
  registry_actor registry;
  session_actor session;
  const std::string agent = "aaaaaaaa-0000-4000-8000-00000000000a";

  session_fixture();
  ~session_fixture();

  /// A scripted room known to the registry.
  std::shared_ptr<room_script> add_room(const std::string& id,
                                        const std::string& slug,
                                        std::uint64_t last_seq = 0);

  /// Spawns the session and hands it `room_ids` as the agent's rooms.
  void connect(std::vector<std::string> room_ids);

  /// Sends a decoded client command and runs.
  void command(client_command cmd);

  /// Sends a `message:send` command.
  void send(const std::string& ref, const std::string& room,
            const std::string& body, const std::string& client_msg_id = {});

  /// Delivers a committed message live, as the room would.
  void live(const message_record& m);
};

/// Room ids that look like the UUIDs PostgreSQL hands out.
inline std::string room_uuid(int n) {
  auto digits = std::to_string(n);
  return "11111111-1111-4111-8111-" + std::string(12 - digits.size(), '0')
         + digits;
}

} // namespace agenthub::test
