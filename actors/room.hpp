// The room actor: membership, subscribers, presence, per-room order and
// fan-out. One per active room; it never blocks.
#pragma once

#include "actors/messages.hpp"
#include "actors/persistence_writer.hpp"

#include <functional>
#include <memory>
#include <string>

namespace agenthub {

class blocking_pool;

/// Starts loading a room's snapshot; must end by sending `loaded_atom` with
/// the snapshot to the room (from any thread).
using room_loader
  = std::function<void(const std::string& room_id, room_actor room)>;

/// What a room needs from the rest of the hub.
struct room_deps {
  writer_actor writer;
  std::shared_ptr<writer_shared> writer_counters;
  room_loader load;
  stats_actor stats{}; ///< where the room reports; null: it does not
};

/// Spawns the room actor of `room_id`. It stashes requests until its
/// snapshot is loaded, answers `room_not_found` (and stops) if the room
/// does not exist, and stops by itself when idle.
room_actor spawn_room(caf::actor_system& sys, std::string room_id,
                      room_deps deps);

/// The production loader: reads the room, its members and its newest
/// messages on the blocking pool.
room_loader pool_room_loader(blocking_pool& pool);

} // namespace agenthub
