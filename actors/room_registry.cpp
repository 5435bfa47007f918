// Room lookup and lifetime: spawn on demand, forget on stop.
#include "actors/room_registry.hpp"

#include <caf/all.hpp>

#include <stdexcept>
#include <unordered_map>

namespace agenthub {

namespace {

struct registry_state {
  room_deps deps;
  std::vector<writer_handle> writers;
  std::unordered_map<std::string, room_actor> rooms;
  static inline const char* name = "room_registry";
};

using registry_pointer = registry_actor::stateful_pointer<registry_state>;

room_actor room_for(registry_pointer self, const std::string& id) {
  auto& rooms = self->state.rooms;
  if (auto i = rooms.find(id); i != rooms.end())
    return i->second;
  auto deps = self->state.deps;
  const auto& w
    = self->state.writers[writer_index(id, self->state.writers.size())];
  deps.writer = w.actor;
  deps.writer_counters = w.shared;
  auto r = spawn_room(self->system(), id, std::move(deps));
  self->monitor(r);
  // Linked: the registry's shutdown stops every room (a room's own normal
  // exit does not affect the registry).
  self->link_to(r);
  rooms.emplace(id, r);
  return r;
}

registry_actor::behavior_type registry(registry_pointer self, room_deps deps,
                                       std::vector<writer_handle> writers) {
  self->state.deps = std::move(deps);
  self->state.writers = std::move(writers);
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& rooms = self->state.rooms;
    for (auto i = rooms.begin(); i != rooms.end(); ++i)
      if (caf::actor_cast<caf::actor_addr>(i->second) == dm.source) {
        rooms.erase(i);
        return;
      }
  });
  return {
    [=](get_room_atom, const std::string& id) -> room_actor {
      return room_for(self, id);
    },
    [=](member_atom, const std::string& room, const std::string& agent,
        bool added) {
      if (auto i = self->state.rooms.find(room); i != self->state.rooms.end())
        self->send(i->second, member_atom_v, agent, added);
    },
    [=](archive_atom, const std::string& room) {
      if (auto i = self->state.rooms.find(room); i != self->state.rooms.end())
        self->send(i->second, archive_atom_v);
    },
  };
}

} // namespace

registry_actor spawn_room_registry(caf::actor_system& sys, room_deps deps,
                                   std::vector<writer_handle> writers) {
  if (writers.empty())
    throw std::invalid_argument("spawn_room_registry: no writer");
  return sys.spawn(registry, std::move(deps), std::move(writers));
}

} // namespace agenthub
