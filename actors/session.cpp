// The session actor: lifecycle, auto-join, live delivery and catch-up.
#include "actors/session.hpp"

#include "actors/blocking_pool.hpp"
#include "actors/probe.hpp"
#include "actors/records_json.hpp"
#include "actors/session_impl.hpp"
#include "actors/stats_reports.hpp"
#include "actors/time_format.hpp"
#include "config/defaults.hpp"
#include "persistence/db.hpp"
#include "persistence/message_store.hpp"
#include "persistence/room_store.hpp"

#include <caf/all.hpp>

#include <pqxx/pqxx>

namespace agenthub::detail {

void reply_error(session_pointer self, const std::string& ref,
                 const caf::error& err) {
  auto info = describe(err);
  self->state.sink->reply_error(ref, info.code, info.message);
}

bool looks_like_uuid(const std::string& s) {
  if (s.size() != 36)
    return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-'))
      return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(s[i])))
      return false;
  }
  return true;
}

namespace {

nlohmann::json join_reply(const join_result& jr) {
  nlohmann::json presence = nlohmann::json::array();
  for (const auto& p : jr.presence)
    presence.push_back(to_json(p));
  return {{"roomId", jr.room_id},
          {"slug", jr.slug},
          {"lastSeq", jr.last_seq},
          {"presence", presence}};
}

void subscribed(session_pointer self, const room_actor& room,
                const join_result& jr, std::int64_t after_seq,
                const std::string& ref) {
  auto& st = self->state;
  bool rejoin = st.cursors.find(jr.room_id) != nullptr;
  auto start
    = after_seq >= 0 ? static_cast<std::uint64_t>(after_seq) : jr.last_seq;
  if (rejoin && after_seq < 0)
    start = st.cursors.find(jr.room_id)->delivered;
  st.cursors.join(jr.room_id, room, jr.slug, start, jr.last_seq);
  self->monitor(room);
  if (!ref.empty())
    st.sink->reply(ref, join_reply(jr));
  catch_up(self, jr.room_id);
}

} // namespace

void join_room(session_pointer self, const std::string& room_id,
               std::int64_t after_seq, const std::string& ref,
               std::function<void(bool)> done) {
  auto timeout = caf::duration{defaults::session_publish_timeout};
  // Waits on the registry (never blocks) and then on the room.
  self->request(self->state.deps.registry, timeout, get_room_atom_v, room_id)
    .then(
      [=](room_actor room) {
        self
          ->request(room, timeout, join_atom_v, session_actor{self},
                    self->state.who.agent_id)
          .then(
            [=](join_result& jr) {
              subscribed(self, room, jr, after_seq, ref);
              if (done)
                done(true);
            },
            [=](caf::error& err) {
              reply_error(self, ref, err);
              if (done)
                done(false);
            });
      },
      [=](caf::error& err) {
        reply_error(self, ref, err);
        if (done)
          done(false);
      });
}

void apply_fetched(session_pointer self, const std::string& room_id,
                   std::vector<message_record>& messages) {
  auto& st = self->state;
  auto* c = st.cursors.find(room_id);
  if (c == nullptr)
    return;
  c->fetching = false;
  bool progress = false;
  for (auto& m : messages) {
    if (m.seq != c->delivered + 1)
      continue;
    if (!st.sink->deliver(make_shared_message(std::move(m)))) {
      st.paused = true;
      probe::slow_consumer();
      return;
    }
    st.cursors.delivered(room_id, c->delivered + 1);
    progress = true;
  }
  // Continue with the next page while there is more and the connection
  // keeps up; stop when a read made no progress (nothing more to read yet).
  if (progress && !st.paused && c->known > c->delivered)
    catch_up(self, room_id);
}

namespace {

void fetch_from_log(session_pointer self, const std::string& room_id,
                    std::uint64_t after) {
  auto* pool = self->state.deps.pool;
  session_actor me = self;
  bool queued = pool->submit([me, room_id, after](worker_db& db) {
    std::vector<message_record> out;
    try {
      pqxx::read_transaction tx{db.get()};
      for (auto& m : db::read_after(tx, room_id, after,
                                    static_cast<int>(defaults::catch_up_page)))
        out.push_back({m.id, m.room_id, m.seq, m.sender_id, std::move(m.body),
                       m.client_msg_id, m.created_at});
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
    }
    caf::anon_send(me, fetched_atom_v, room_id, after, std::move(out));
  });
  if (!queued)
    if (auto* c = self->state.cursors.find(room_id))
      c->fetching = false; // retried on the next message or tick
}

} // namespace

void catch_up(session_pointer self, const std::string& room_id) {
  auto& st = self->state;
  auto* c = st.cursors.find(room_id);
  if (c == nullptr || c->fetching || st.paused || c->known <= c->delivered)
    return;
  c->fetching = true;
  auto after = c->delivered;
  // Memory first: the room's ring usually holds what a resume needs.
  self
    ->request(c->room, caf::duration{defaults::session_publish_timeout},
              fetch_atom_v, after, defaults::catch_up_page)
    .then(
      [=](fetch_result& r) {
        if (r.complete)
          apply_fetched(self, room_id, r.messages);
        else
          fetch_from_log(self, room_id, after);
      },
      [=](caf::error&) { fetch_from_log(self, room_id, after); });
}

namespace {

void on_live(session_pointer self, const shared_message& m) {
  auto& st = self->state;
  const auto& rec = m.record();
  switch (st.cursors.on_live(rec.room_id, rec.seq, st.paused)) {
    case live_action::drop:
    case live_action::wait:
      return;
    case live_action::catch_up:
      return catch_up(self, rec.room_id);
    case live_action::deliver:
      if (st.sink->deliver(m)) {
        st.cursors.delivered(rec.room_id, rec.seq);
      } else {
        st.paused = true;
        probe::slow_consumer();
      }
  }
}

void send_connected(session_pointer self) {
  auto& st = self->state;
  if (st.connected_sent)
    return;
  st.connected_sent = true;
  nlohmann::json rooms = nlohmann::json::array();
  for (const auto& [id, c] : st.cursors.all())
    rooms.push_back({{"roomId", id}, {"slug", c.slug}, {"lastSeq", c.known}});
  st.sink->event("connected", {{"agentId", st.who.agent_id},
                               {"name", st.who.name},
                               {"role", st.who.role},
                               {"rooms", rooms}});
}

void auto_join(session_pointer self, std::vector<std::string>& ids) {
  auto& st = self->state;
  if (ids.size() > static_cast<std::size_t>(defaults::max_rooms_per_agent))
    ids.resize(defaults::max_rooms_per_agent);
  st.pending_auto_joins = static_cast<int>(ids.size());
  if (ids.empty())
    return send_connected(self);
  for (const auto& id : ids)
    join_room(self, id, -1, "", [=](bool) {
      if (--self->state.pending_auto_joins == 0)
        send_connected(self);
    });
}

void load_rooms(session_pointer self) {
  session_actor me = self;
  auto agent = self->state.who.agent_id;
  bool queued = self->state.deps.pool->submit([me, agent](worker_db& db) {
    std::vector<std::string> ids;
    try {
      pqxx::read_transaction tx{db.get()};
      ids = db::agent_room_ids(tx, agent);
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
    }
    caf::anon_send(me, rooms_atom_v, std::move(ids));
  });
  if (!queued)
    self->send(self, rooms_atom_v, std::vector<std::string>{});
}

void on_tick(session_pointer self) {
  auto& st = self->state;
  auto now = std::chrono::system_clock::now();
  auto exp = std::chrono::system_clock::time_point{
    std::chrono::seconds{st.who.expires_at}};
  if (now >= exp) {
    // 1008 (policy): see net/close_codes.hpp, token_expired.
    st.sink->close(1008, "session token expired");
    self->quit();
    return;
  }
  for (auto& [id, c] : st.cursors.all())
    self->send(c.room, heartbeat_atom_v, session_actor{self});
  for (const auto& id : st.cursors.lagging())
    catch_up(self, id);
  auto next = std::min<std::chrono::steady_clock::duration>(
    defaults::session_heartbeat, exp - now + std::chrono::milliseconds{10});
  self->delayed_send(self, next, tick_atom_v);
}

void on_closed(session_pointer self) {
  auto& st = self->state;
  st.closing = true;
  for (auto& [id, c] : st.cursors.all())
    self->send(c.room, leave_atom_v, session_actor{self});
  self->quit();
}

/// Sends the session's numbers to the stats collector; re-arms the timer.
void report(session_pointer self) {
  auto& st = self->state;
  if (!st.deps.stats || st.closing)
    return;
  self->send(st.deps.stats, report_atom_v, session_actor{self},
             make_session_report(st));
  self->delayed_send(self, defaults::stats_report_interval, report_atom_v);
}

/// An operator kicked the session (DELETE /admin/sessions/:id).
void on_kick(session_pointer self) {
  // 4001: see net/close_codes.hpp, kicked.
  self->state.sink->close(4001, "kicked by operator");
  on_closed(self);
}

void on_room_down(session_pointer self, const caf::down_msg& dm) {
  // A room stopped under us: rejoin where delivery stood (G4).
  std::vector<std::pair<std::string, std::uint64_t>> rejoin;
  for (auto& [id, c] : self->state.cursors.all())
    if (caf::actor_cast<caf::actor_addr>(c.room) == dm.source)
      rejoin.emplace_back(id, c.delivered);
  for (auto& [id, delivered] : rejoin) {
    self->state.cursors.find(id)->fetching = false;
    join_room(self, id, static_cast<std::int64_t>(delivered), "");
  }
}

session_actor::behavior_type session(session_pointer self, session_identity who,
                                     std::shared_ptr<outbound_sink> sink,
                                     session_deps deps) {
  auto& st = self->state;
  st.who = std::move(who);
  st.sink = std::move(sink);
  st.deps = deps;
  st.rate = event_rate_limit{deps.events_per_second,
                             defaults::session_rate_violations_to_close};
  st.meter.connected_at = now_iso8601();
  probe::session_opened();
  self->attach_functor([] { probe::session_closed(); });
  self->set_down_handler([=](caf::down_msg& dm) {
    if (!self->state.closing)
      on_room_down(self, dm);
  });
  load_rooms(self);
  self->send(self, tick_atom_v);
  // The first report at once, so the session is listed from the start.
  if (st.deps.stats)
    self->send(self, report_atom_v);
  return {
    [=](deliver_atom, const shared_message& m) { on_live(self, m); },
    [=](presence_atom, const presence_update& u) {
      auto data = to_json(u.entry);
      data["roomId"] = u.room_id;
      self->state.sink->event("presence:update", data);
    },
    [=](command_atom, client_command& cmd) { handle_command(self, cmd); },
    [=](drained_atom) {
      self->state.paused = false;
      for (const auto& id : self->state.cursors.lagging())
        catch_up(self, id);
    },
    [=](closed_atom) { on_closed(self); },
    [=](member_atom, const std::string& room_id, bool) {
      self->state.cursors.leave(room_id);
      self->state.sink->event("room:removed", {{"roomId", room_id}});
    },
    [=](rooms_atom, std::vector<std::string>& ids) { auto_join(self, ids); },
    [=](fetched_atom, const std::string& room_id, std::uint64_t after,
        std::vector<message_record>& messages) {
      auto* c = self->state.cursors.find(room_id);
      if (c == nullptr)
        return;
      if (c->delivered != after) {
        c->fetching = false;
        return catch_up(self, room_id);
      }
      apply_fetched(self, room_id, messages);
    },
    [=](tick_atom) { on_tick(self); },
    [=](report_atom) { report(self); },
    [=](kick_atom) { on_kick(self); },
  };
}

} // namespace

} // namespace agenthub::detail

namespace agenthub {

session_actor spawn_session(caf::actor_system& sys, session_identity who,
                            std::shared_ptr<outbound_sink> sink,
                            session_deps deps) {
  return sys.spawn(detail::session, std::move(who), std::move(sink), deps);
}

} // namespace agenthub
