// The stats collector: a thin actor around stats_state.
#include "actors/stats_collector.hpp"

#include "actors/stats_state.hpp"

#include <caf/all.hpp>

namespace agenthub {

namespace {

struct collector_state {
  stats_state stats;
  static inline const char* name = "stats_collector";
};

using collector_pointer = stats_actor::stateful_pointer<collector_state>;

stats_actor::behavior_type collector(collector_pointer self,
                                     caf::timespan stale_after) {
  self->state.stats = stats_state{stale_after};
  self->set_down_handler(
    [=](caf::down_msg& dm) { self->state.stats.on_down(dm.source); });
  return {
    [=](report_atom, const room_actor& room, room_report& r) {
      if (self->state.stats.on_room(room, std::move(r), stats_clock::now()))
        self->monitor(room);
    },
    [=](report_atom, const session_actor& s, session_report& r) {
      if (self->state.stats.on_session(s, std::move(r), stats_clock::now()))
        self->monitor(s);
    },
    [=](report_atom, const writer_report& r) {
      self->state.stats.on_writer(r, stats_clock::now());
    },
    [=](stats_atom, const stats_query& q) {
      return self->state.stats.answer(q, stats_clock::now());
    },
    [=](kick_atom, const std::string& id) {
      auto handle = self->state.stats.kick(id);
      if (!handle)
        return false;
      // High priority: the kick overtakes a session's queued deliveries.
      if (*handle)
        self->send<caf::message_priority::high>(*handle, kick_atom_v);
      return true;
    },
  };
}

} // namespace

stats_actor spawn_stats_collector(caf::actor_system& sys,
                                  caf::timespan stale_after) {
  // (An argument is also what CAF 0.17 needs: spawning a function actor
  // without one dereferences a null argument tuple, which UBSan reports.)
  return sys.spawn(collector, stale_after);
}

} // namespace agenthub
