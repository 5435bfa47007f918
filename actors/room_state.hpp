// The room's state and rules, free of actor plumbing so tests can drive it
// directly: membership, subscribers, presence, the ring of recent messages.
#pragma once

#include "actors/errc.hpp"
#include "actors/messages.hpp"
#include "actors/persistence_writer.hpp"
#include "actors/stats_meter.hpp"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace agenthub {

/// A subscribed session of a room.
struct room_subscriber {
  session_actor handle;
  std::string agent_id;
  std::chrono::steady_clock::time_point last_heartbeat;
};

/// Everything a room actor knows.
struct room_state {
  // Identity and dependencies.
  std::string id;
  writer_actor writer;
  std::shared_ptr<writer_shared> writer_counters;
  stats_actor stats; ///< null: no reports (unit tests)
  room_meter meter;

  // Loaded from PostgreSQL.
  bool loaded = false;
  bool found = false;
  bool archived = false;
  bool is_public = false;
  std::string slug;
  std::string load_error;
  std::uint64_t last_seq = 0; ///< last committed seq seen by this room
  std::unordered_set<std::string> members;

  // Live state.
  std::map<caf::actor_addr, room_subscriber> subscribers;
  std::unordered_map<std::string, int> online;            ///< agent -> sessions
  std::unordered_map<std::string, std::string> last_seen; ///< agent -> ISO
  std::deque<message_record> ring; ///< contiguous seqs, oldest first
  std::size_t ring_bytes = 0;
  std::size_t in_flight = 0;                ///< sends at the writer
  std::vector<std::function<void()>> stash; ///< requests before loading
  std::chrono::steady_clock::duration idle{};

  static inline const char* name = "room";

  /// Applies a loaded snapshot.
  void load(room_snapshot&& snap);

  /// Why `agent` may not join or publish (errc::none if it may).
  errc check_join(const std::string& agent) const;
  errc check_publish(const std::string& agent) const;

  /// Adds a subscriber; the presence change if the agent came online.
  std::optional<presence_entry> subscribe(const session_actor& s,
                                          const std::string& agent,
                                          const std::string& now_iso);

  /// Removes a subscriber; the presence change if the agent went offline.
  std::optional<presence_entry> unsubscribe(const caf::actor_addr& addr,
                                            const std::string& now_iso);

  /// Where the log ends and who is present, for a join reply.
  join_result join_info() const;

  /// Records a committed message. True if it is new and must be broadcast
  /// (seq > last_seq); a gap (seq > last_seq + 1, e.g. written by another
  /// node) restarts the ring so it stays contiguous.
  bool commit(const message_record& m);

  /// Up to `max` messages after `after` from memory; `complete` tells
  /// whether memory reaches back far enough.
  fetch_result fetch(std::uint64_t after, std::uint32_t max) const;

  /// Presence of every member (online with a session, else offline).
  std::vector<presence_entry> presence() const;

  /// Records a heartbeat of a subscriber.
  void heartbeat(const caf::actor_addr& addr,
                 std::chrono::steady_clock::time_point now);

  /// Applies a membership change; returns the sessions to drop (the agent's
  /// subscribers when removed).
  std::vector<session_actor> set_member(const std::string& agent, bool added);

  /// Drops subscribers without a heartbeat for `stale_after`; returns the
  /// resulting presence changes.
  std::vector<presence_entry>
  prune_stale(std::chrono::steady_clock::time_point now,
              std::chrono::steady_clock::duration stale_after,
              const std::string& now_iso);

  /// Adds `tick` to the idle time when nothing is subscribed or pending (and
  /// resets it otherwise); returns the idle time.
  std::chrono::steady_clock::duration
  idle_for(std::chrono::steady_clock::duration tick);
};

} // namespace agenthub
