// The room registry: room id -> room actor, spawned on demand.
#pragma once

#include "actors/messages.hpp"
#include "actors/room.hpp"
#include "actors/writer_index.hpp"

#include <vector>

namespace agenthub {

/// Spawns the registry. Rooms it spawns share `deps`, except the writer:
/// each room writes through `writers[writer_index(id, n)]`, so a room always
/// uses the same writer (its sends stay in order) and writers never lock
/// each other's rooms. A stopped room is forgotten (its down message) and
/// respawned by the next request. `writers` must not be empty.
registry_actor spawn_room_registry(caf::actor_system& sys, room_deps deps,
                                   std::vector<writer_handle> writers);

} // namespace agenthub
