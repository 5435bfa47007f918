// Client commands of a session: join, leave, send, history, presence.
#include "actors/blocking_pool.hpp"
#include "actors/probe.hpp"
#include "actors/records_json.hpp"
#include "actors/session_impl.hpp"
#include "config/defaults.hpp"
#include "persistence/db.hpp"
#include "persistence/message_store.hpp"
#include "persistence/room_store.hpp"

#include <caf/all.hpp>

#include <pqxx/pqxx>

namespace agenthub::detail {

namespace {

using clock = std::chrono::steady_clock;

void invalid(session_pointer self, const std::string& ref,
             const std::string& message) {
  self->state.sink->reply_error(ref, "invalid_request", message);
}

/// Runs `f(room)` with the room actor of `room_id`: the joined one, or one
/// resolved through the registry. A failed lookup is replied to `ref` after
/// `on_error` ran (which releases what the caller reserved).
void with_room(session_pointer self, const std::string& room_id,
               const std::string& ref, std::function<void(room_actor)> f,
               std::function<void()> on_error = {}) {
  if (auto* c = self->state.cursors.find(room_id))
    return f(c->room);
  self
    ->request(self->state.deps.registry,
              caf::duration{defaults::session_publish_timeout}, get_room_atom_v,
              room_id)
    .then([=](room_actor room) { f(room); },
          [=](caf::error& err) {
            if (on_error)
              on_error();
            reply_error(self, ref, err);
          });
}

/// Turns a slug into a room id on the blocking pool, then re-issues the
/// command with the id (so every handler below deals with ids only).
void resolve_and_retry(session_pointer self, client_command cmd) {
  if (auto* c = self->state.cursors.find_by_slug(cmd.room)) {
    for (auto& [id, cur] : self->state.cursors.all())
      if (&cur == c)
        cmd.room = id;
    cmd.resolved = true;
    return handle_command(self, cmd);
  }
  session_actor me = self;
  auto sink = self->state.sink;
  bool queued = self->state.deps.pool->submit([me, sink, cmd](worker_db& db) {
    try {
      pqxx::read_transaction tx{db.get()};
      auto row = db::find_room(tx, cmd.room);
      if (!row)
        return sink->reply_error(cmd.ref, "room_not_found", "no such room");
      auto resolved = cmd;
      resolved.room = row->id;
      caf::anon_send(me, command_atom_v, std::move(resolved));
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      sink->reply_error(cmd.ref, "db_unavailable",
                        "the database is unavailable; retry shortly");
    }
  });
  if (!queued)
    sink->reply_error(cmd.ref, "overloaded",
                      "the hub is overloaded; retry shortly");
}

bool valid_body(const std::string& body) {
  return !body.empty() && body.size() <= defaults::message_body_max_bytes
         && body.find('\0') == std::string::npos;
}

bool valid_client_msg_id(const std::string& id) {
  if (id.size() > defaults::client_msg_id_max_chars)
    return false;
  for (unsigned char c : id)
    if (c < 0x20 || c == 0x7f)
      return false;
  return true;
}

void send_message(session_pointer self, client_command& cmd) {
  auto& st = self->state;
  if (!valid_body(cmd.body))
    return invalid(self, cmd.ref,
                   "body must be 1 to "
                     + std::to_string(defaults::message_body_max_bytes)
                     + " bytes of text without NUL characters");
  if (!valid_client_msg_id(cmd.client_msg_id))
    return invalid(self, cmd.ref,
                   "clientMsgId must be at most 128 printable characters");
  if (st.in_flight >= defaults::session_max_in_flight)
    return st.sink->reply_error(cmd.ref, "too_many_in_flight",
                                "too many unacknowledged sends; wait for "
                                "acks before sending more");
  ++st.in_flight;
  auto start = clock::now();
  auto ref = cmd.ref;
  auto room_id = cmd.room;
  send_request req{st.who.agent_id, std::move(cmd.body),
                   std::move(cmd.client_msg_id)};
  with_room(
    self, room_id, ref,
    [=](room_actor room) {
      // Waits for the commit (G1); on timeout the client retries with the
      // same clientMsgId and gets the original {id, seq}.
      self
        ->request(room, caf::duration{defaults::session_publish_timeout},
                  publish_atom_v, req)
        .then(
          [=](send_result& r) {
            --self->state.in_flight;
            std::chrono::duration<double> d = clock::now() - start;
            probe::message_ack(d.count());
            self->state.meter.ack(d.count(),
                                  defaults::stats_session_ack_samples);
            self->state.sink->reply(ref, {{"id", r.id},
                                          {"seq", r.seq},
                                          {"roomId", room_id},
                                          {"createdAt", r.created_at},
                                          {"duplicate", r.duplicate}});
          },
          [=](caf::error& err) {
            --self->state.in_flight;
            reply_error(self, ref, err);
          });
    },
    [=] { --self->state.in_flight; });
}

void history(session_pointer self, client_command& cmd) {
  if (cmd.after_seq >= 0 && cmd.before_seq >= 0)
    return invalid(self, cmd.ref, "give beforeSeq or afterSeq, not both");
  auto limit = cmd.limit < 0 ? defaults::history_default_limit : cmd.limit;
  if (limit < 1 || limit > defaults::history_max_limit)
    return invalid(self, cmd.ref, "limit must be from 1 to 200");
  auto sink = self->state.sink;
  auto agent = self->state.who.agent_id;
  bool queued
    = self->state.deps.pool->submit([sink, agent, cmd, limit](worker_db& db) {
        try {
          pqxx::read_transaction tx{db.get()};
          if (!db::member_role(tx, cmd.room, agent))
            return sink->reply_error(cmd.ref, "not_member",
                                     "you are not a member of this room");
          auto page = db::read_page(
            tx, cmd.room,
            cmd.before_seq >= 0 ? std::optional<std::uint64_t>(cmd.before_seq)
                                : std::nullopt,
            cmd.after_seq >= 0 ? std::optional<std::uint64_t>(cmd.after_seq)
                               : std::nullopt,
            static_cast<int>(limit));
          auto reply = to_json(page);
          reply["roomId"] = cmd.room;
          sink->reply(cmd.ref, reply);
        } catch (const std::exception& e) {
          if (db::is_connection_error(e))
            db.reset();
          sink->reply_error(cmd.ref, "db_unavailable",
                            "the database is unavailable; retry shortly");
        }
      });
  if (!queued)
    self->state.sink->reply_error(cmd.ref, "overloaded",
                                  "the hub is overloaded; retry shortly");
}

void presence_list(session_pointer self, client_command& cmd) {
  auto ref = cmd.ref;
  auto room_id = cmd.room;
  with_room(self, room_id, ref, [=](room_actor room) {
    self
      ->request(room, caf::duration{defaults::session_publish_timeout},
                presence_atom_v, self->state.who.agent_id)
      .then(
        [=](std::vector<presence_entry>& entries) {
          nlohmann::json list = nlohmann::json::array();
          for (const auto& e : entries)
            list.push_back(to_json(e));
          self->state.sink->reply(ref,
                                  {{"roomId", room_id}, {"presence", list}});
        },
        [=](caf::error& err) { reply_error(self, ref, err); });
  });
}

void leave(session_pointer self, client_command& cmd) {
  auto& st = self->state;
  if (auto* c = st.cursors.find(cmd.room)) {
    self->send(c->room, leave_atom_v, session_actor{self});
    st.cursors.leave(cmd.room);
  }
  st.sink->reply(cmd.ref, {{"roomId", cmd.room}});
}

} // namespace

void handle_command(session_pointer self, client_command& cmd) {
  auto& st = self->state;
  auto start = clock::now();
  // A re-issue after a slug lookup paid its token the first time.
  auto received
    = cmd.received_ns != 0
        ? clock::time_point{std::chrono::nanoseconds{cmd.received_ns}}
        : start;
  if (!cmd.resolved && !st.rate.allow(received)) {
    ++st.meter.rate_limit_hits;
    if (st.rate.abusive()) {
      st.sink->close(4008, "rate limit exceeded repeatedly");
      st.closing = true;
      return;
    }
    return st.sink->reply_error(cmd.ref, "rate_limited",
                                "more than "
                                  + std::to_string(st.deps.events_per_second)
                                  + " events per second; slow down");
  }
  // A re-issue after a slug lookup was counted the first time.
  if (!cmd.resolved)
    ++st.meter.events;
  if (!cmd.error_code.empty())
    return st.sink->reply_error(cmd.ref, cmd.error_code, cmd.error_message);
  const auto& ev = cmd.event;
  bool needs_room = ev == "room:join" || ev == "room:leave"
                    || ev == "message:send" || ev == "message:history"
                    || ev == "presence:list";
  if (!needs_room)
    return st.sink->reply_error(cmd.ref, "unknown_event",
                                "unknown event '" + ev + "'");
  if (cmd.room.empty())
    return invalid(self, cmd.ref, "roomId is required");
  if (!looks_like_uuid(cmd.room))
    return resolve_and_retry(self, cmd);
  // Room ids are compared as text: use PostgreSQL's lower-case form.
  for (auto& ch : cmd.room)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (ev == "room:join")
    join_room(self, cmd.room, cmd.after_seq, cmd.ref);
  else if (ev == "room:leave")
    leave(self, cmd);
  else if (ev == "message:send")
    send_message(self, cmd);
  else if (ev == "message:history")
    history(self, cmd);
  else
    presence_list(self, cmd);
  std::chrono::duration<double> d = clock::now() - start;
  probe::event_latency(ev, d.count());
}

} // namespace agenthub::detail
