// A real room actor wired to a scripted writer, a prepared snapshot and
// recording subscribers, with Phoenix-style helpers (join, publish, fetch).
#pragma once

#include "actors/room.hpp"

#include <boost/test/unit_test.hpp>

#include "deterministic_fixture.hpp"
#include "room_doubles.hpp"

#include <memory>
#include <optional>
#include <string>

namespace agenthub::test {

struct room_fixture : deterministic_fixture {
  const std::string room_id = "room-1";
  std::shared_ptr<writer_shared> counters = std::make_shared<writer_shared>();
  std::shared_ptr<writer_script> writer_s = std::make_shared<writer_script>();
  writer_actor writer;
  /// What the loader hands the room (edit before `start_room`).
  room_snapshot snapshot;
  /// False: the loader keeps the room waiting until `finish_load()`.
  bool load_at_once = true;
  std::shared_ptr<std::optional<room_actor>> waiting_for_load
    = std::make_shared<std::optional<room_actor>>();
  room_actor room;

  room_fixture() {
    counters->max_pending = 100;
    writer_s->counters = counters;
    writer = track(sys.spawn(scripted_writer, writer_s));
    snapshot.found = true;
    snapshot.room_id = room_id;
    snapshot.slug = "research";
    snapshot.members = {"alice", "bob", "carol"};
  }

  /// Spawns the room; it loads `snapshot` (now, or on `finish_load()`).
  room_actor start_room() {
    room_deps deps;
    deps.writer = writer;
    deps.writer_counters = counters;
    auto snap = snapshot;
    auto at_once = load_at_once;
    auto waiting = waiting_for_load;
    deps.load = [snap, at_once, waiting](const std::string&, room_actor r) {
      if (at_once)
        caf::anon_send(r, loaded_atom_v, snap);
      else
        *waiting = r;
    };
    room = track(spawn_room(sys, room_id, deps));
    sched.run();
    return room;
  }

  /// Delivers the snapshot to a room started with `load_at_once = false`.
  void finish_load() {
    BOOST_REQUIRE(waiting_for_load->has_value());
    caf::anon_send(**waiting_for_load, loaded_atom_v, snapshot);
    sched.run();
  }

  auto join(const subscriber& s, const std::string& agent) {
    return request<join_result>(room, join_atom_v, s.handle, agent);
  }

  /// A new subscriber of `agent`, joined (asserts the join succeeded).
  subscriber joined(const std::string& agent) {
    auto s = spawn_subscriber(*this);
    auto r = join(s, agent);
    sched.run();
    BOOST_REQUIRE_MESSAGE(r->value.has_value(), agent << " could not join");
    return s;
  }

  auto publish(const std::string& sender, const std::string& body,
               const std::string& client_msg_id = {}) {
    return request<send_result>(room, publish_atom_v,
                                send_request{sender, body, client_msg_id});
  }

  auto fetch(std::uint64_t after, std::uint32_t max) {
    return request<fetch_result>(room, fetch_atom_v, after, max);
  }

  auto presence(const std::string& agent) {
    return request<std::vector<presence_entry>>(room, presence_atom_v, agent);
  }

  void leave(const subscriber& s) {
    caf::anon_send(room, leave_atom_v, s.handle);
    sched.run();
  }
};

} // namespace agenthub::test
