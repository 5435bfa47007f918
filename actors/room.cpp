// The room actor. Sends go to the writer in arrival order; only what the
// writer reports committed is broadcast, in seq order (G1, G3).
#include "actors/room.hpp"

#include "actors/errc.hpp"
#include "actors/probe.hpp"
#include "actors/room_state.hpp"
#include "actors/stats_reports.hpp"
#include "actors/time_format.hpp"
#include "actors/uuid.hpp"
#include "config/defaults.hpp"

#include <caf/all.hpp>

namespace agenthub {

namespace {

using room_pointer = room_actor::stateful_pointer<room_state>;

void broadcast(room_pointer self, const caf::message& msg) {
  for (auto& [addr, sub] : self->state.subscribers)
    caf::anon_send(caf::actor_cast<caf::actor>(sub.handle), msg);
}

void broadcast_presence(room_pointer self, const presence_entry& e) {
  broadcast(self, caf::make_message(presence_atom_v,
                                    presence_update{self->state.id, e}));
}

void add_subscriber(room_pointer self, const session_actor& s,
                    const std::string& agent) {
  if (auto change = self->state.subscribe(s, agent, now_iso8601()))
    broadcast_presence(self, *change);
  self->state.meter.touched();
  self->monitor(s);
}

void remove_subscriber(room_pointer self, const caf::actor_addr& addr) {
  if (auto change = self->state.unsubscribe(addr, now_iso8601()))
    broadcast_presence(self, *change);
  self->state.meter.touched();
}

void on_committed(room_pointer self, const persist_result& r) {
  if (r.duplicate || !self->state.commit(r.record))
    return;
  broadcast(self,
            caf::make_message(deliver_atom_v, make_shared_message(r.record)));
  self->state.meter.committed(self->state.subscribers.size());
}

/// Sends the room's numbers to the stats collector and re-arms the timer.
/// The timer queues behind the mailbox: a flooded room reports late, and
/// the collector shows it stale.
void report(room_pointer self) {
  auto& st = self->state;
  if (!st.stats)
    return;
  // queue().total_task_size(), not mailbox().size(): size() first moves
  // new arrivals into the queue, and in CAF 0.17.6 that path static_casts
  // an empty queue's sentinel node to mailbox_element (task_queue::back()),
  // which UBSan reports as a bad downcast and aborts the sanitizer build.
  // Messages that arrived during this round are not counted yet.
  self->send(st.stats, report_atom_v, room_actor{self},
             make_room_report(st, self->mailbox().queue().total_task_size()));
  self->delayed_send(self, defaults::stats_report_interval, report_atom_v);
}

/// Publishes `req` and answers through `rp` (made by the handler, so a send
/// stashed before loading is answered to its original sender).
void publish(room_pointer self, send_request& req,
             caf::typed_response_promise<send_result> rp) {
  auto& st = self->state;
  if (auto e = st.check_publish(req.sender_id); e != errc::none) {
    rp.deliver(make_error(e));
    return;
  }
  if (!st.writer_counters->try_reserve()) {
    rp.deliver(make_error(errc::overloaded));
    return;
  }
  persist_item item{make_uuid_v7(), st.id, req.sender_id, std::move(req.body),
                    std::move(req.client_msg_id)};
  ++st.in_flight;
  // Waits on the writer without a timeout: the writer always answers, with
  // db_unavailable once its retry window has passed.
  self->request(st.writer, caf::infinite, persist_atom_v, std::move(item))
    .then(
      [=](persist_result& r) mutable {
        --self->state.in_flight;
        on_committed(self, r);
        rp.deliver(send_result{r.record.id, r.record.seq, r.record.created_at,
                               r.duplicate});
      },
      [=](caf::error& err) mutable {
        --self->state.in_flight;
        rp.deliver(std::move(err));
      });
}

void on_loaded(room_pointer self, room_snapshot& snap) {
  auto& st = self->state;
  st.load(std::move(snap));
  auto stash = std::move(st.stash);
  for (auto& f : stash)
    f();
  if (!st.found) {
    self->quit();
    return;
  }
  self->delayed_send(self, defaults::room_tick, tick_atom_v);
  report(self);
}

void on_tick(room_pointer self) {
  auto& st = self->state;
  for (auto& change :
       st.prune_stale(std::chrono::steady_clock::now(),
                      defaults::presence_stale_after, now_iso8601()))
    broadcast_presence(self, change);
  if (st.idle_for(defaults::room_tick) >= defaults::room_idle_timeout) {
    self->quit();
    return;
  }
  self->delayed_send(self, defaults::room_tick, tick_atom_v);
}

/// Runs `f` now, or once the snapshot is loaded.
template <class T, class F>
caf::result<T> when_loaded(room_pointer self, F f) {
  if (self->state.loaded)
    return f();
  auto rp = self->make_response_promise<T>();
  self->state.stash.emplace_back([rp, f]() mutable {
    caf::result<T> r = f();
    if (r.flag == caf::rt_value)
      rp.deliver(std::move(r.value.template get_mutable_as<T>(0)));
    else if (r.flag == caf::rt_error)
      rp.deliver(std::move(r.err));
  });
  return rp;
}

room_actor::behavior_type room(room_pointer self, std::string id,
                               room_deps deps) {
  auto& st = self->state;
  st.id = id;
  st.writer = deps.writer;
  st.writer_counters = deps.writer_counters;
  st.stats = deps.stats;
  probe::room_started();
  self->attach_functor([] { probe::room_stopped(); });
  self->set_down_handler(
    [=](caf::down_msg& dm) { remove_subscriber(self, dm.source); });
  deps.load(id, self);
  return {
    [=](join_atom, session_actor s, std::string agent) {
      return when_loaded<join_result>(self, [=]() -> caf::result<join_result> {
        if (auto e = self->state.check_join(agent); e != errc::none)
          return make_error(e);
        add_subscriber(self, s, agent);
        return self->state.join_info();
      });
    },
    [=](leave_atom, session_actor s) {
      remove_subscriber(self, caf::actor_cast<caf::actor_addr>(s));
    },
    [=](publish_atom, send_request req) {
      auto rp = self->make_response_promise<send_result>();
      if (self->state.loaded)
        publish(self, req, rp);
      else
        self->state.stash.emplace_back(
          [=]() mutable { publish(self, req, rp); });
      return rp;
    },
    [=](fetch_atom, std::uint64_t after, std::uint32_t max) {
      return when_loaded<fetch_result>(self,
                                       [=]() -> caf::result<fetch_result> {
                                         return self->state.fetch(after, max);
                                       });
    },
    [=](presence_atom, std::string agent) {
      return when_loaded<std::vector<presence_entry>>(
        self, [=]() -> caf::result<std::vector<presence_entry>> {
          if (auto e = self->state.check_join(agent); e != errc::none)
            return make_error(e);
          return self->state.presence();
        });
    },
    [=](heartbeat_atom, session_actor s) {
      self->state.heartbeat(caf::actor_cast<caf::actor_addr>(s),
                            std::chrono::steady_clock::now());
    },
    [=](member_atom, std::string agent, bool added) {
      for (auto& s : self->state.set_member(agent, added)) {
        self->send(s, member_atom_v, self->state.id, false);
        remove_subscriber(self, caf::actor_cast<caf::actor_addr>(s));
      }
    },
    [=](archive_atom) { self->state.archived = true; },
    [=](loaded_atom, room_snapshot snap) { on_loaded(self, snap); },
    [=](tick_atom) { on_tick(self); },
    [=](report_atom) { report(self); },
  };
}

} // namespace

room_actor spawn_room(caf::actor_system& sys, std::string room_id,
                      room_deps deps) {
  return sys.spawn(room, std::move(room_id), std::move(deps));
}

} // namespace agenthub
