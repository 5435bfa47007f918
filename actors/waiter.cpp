// The waiter: a session_actor that lives for one long-poll.
#include "actors/waiter.hpp"

#include "actors/errc.hpp"

#include <caf/all.hpp>

namespace agenthub {

namespace {

struct waiter_state {
  room_actor room;
  std::string agent;
  std::uint64_t after = 0;
  std::uint32_t limit = 0;
  std::function<void(wait_outcome)> done;
  bool finished = false;
  static inline const char* name = "waiter";
};

using waiter_pointer = session_actor::stateful_pointer<waiter_state>;

void finish(waiter_pointer self, wait_outcome out) {
  auto& st = self->state;
  if (st.finished)
    return;
  st.finished = true;
  self->send(st.room, leave_atom_v, session_actor{self});
  st.done(std::move(out));
  self->quit();
}

void fail(waiter_pointer self, const caf::error& err) {
  auto info = describe(err);
  wait_outcome out;
  out.error_code = info.code;
  out.error_message = info.message;
  finish(self, std::move(out));
}

void fetch_now(waiter_pointer self, std::uint64_t last_seq) {
  auto& st = self->state;
  // Called right after joining: recent messages are in the room's ring.
  self->request(st.room, caf::infinite, fetch_atom_v, st.after, st.limit)
    .then(
      [=](fetch_result& r) {
        wait_outcome out;
        out.messages = std::move(r.messages);
        out.last_seq = last_seq;
        if (!r.complete && out.messages.empty()) {
          out.error_code = "retry";
          out.error_message = "messages after afterSeq are no longer in "
                              "memory; read them with read_messages";
        }
        finish(self, std::move(out));
      },
      [=](caf::error& err) { fail(self, err); });
}

session_actor::behavior_type waiter(waiter_pointer self, room_actor room,
                                    std::string agent, std::uint64_t after,
                                    std::uint32_t limit,
                                    std::chrono::milliseconds timeout,
                                    std::function<void(wait_outcome)> done) {
  auto& st = self->state;
  st.room = room;
  st.agent = agent;
  st.after = after;
  st.limit = limit;
  st.done = std::move(done);
  self->request(room, caf::infinite, join_atom_v, session_actor{self}, agent)
    .then(
      [=](join_result& jr) {
        if (jr.last_seq > self->state.after)
          fetch_now(self, jr.last_seq);
      },
      [=](caf::error& err) { fail(self, err); });
  self->delayed_send(self, timeout, tick_atom_v);
  return {
    [=](deliver_atom, const shared_message& m) {
      if (m.record().seq <= self->state.after)
        return;
      wait_outcome out;
      out.messages.push_back(m.record());
      out.last_seq = m.record().seq;
      finish(self, std::move(out));
    },
    [=](tick_atom) {
      wait_outcome out;
      out.timed_out = true;
      out.last_seq = self->state.after;
      finish(self, std::move(out));
    },
    [=](member_atom, const std::string&, bool) {
      fail(self, make_error(errc::not_member));
    },
    // The rest of the session interface does not concern a waiter.
    [=](presence_atom, const presence_update&) {},
    [=](command_atom, const client_command&) {},
    [=](drained_atom) {},
    [=](closed_atom) { self->quit(); },
    [=](rooms_atom, const std::vector<std::string>&) {},
    [=](fetched_atom, const std::string&, std::uint64_t,
        const std::vector<message_record>&) {},
    [=](report_atom) {},
    [=](kick_atom) {},
  };
}

} // namespace

void spawn_waiter(caf::actor_system& sys, room_actor room, std::string agent,
                  std::uint64_t after_seq, std::uint32_t limit,
                  std::chrono::milliseconds timeout,
                  std::function<void(wait_outcome)> done) {
  sys.spawn(waiter, std::move(room), std::move(agent), after_seq, limit,
            timeout, std::move(done));
}

} // namespace agenthub
