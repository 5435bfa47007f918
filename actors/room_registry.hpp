// The room registry: room id -> room actor, spawned on demand.
#pragma once

#include "actors/messages.hpp"
#include "actors/room.hpp"

namespace agenthub {

/// Spawns the registry. Rooms it spawns share `deps`; a stopped room is
/// forgotten (its down message) and respawned by the next request.
registry_actor spawn_room_registry(caf::actor_system& sys, room_deps deps);

} // namespace agenthub
