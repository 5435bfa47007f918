// Test doubles around a room: a scripted persistence writer (commits with
// increasing seqs, holds until flushed, answers duplicates or errors) and
// recording subscribers that implement the session protocol.
#pragma once

#include "actors/errc.hpp"
#include "actors/messages.hpp"
#include "actors/persistence_writer.hpp"

#include <caf/all.hpp>

#include "deterministic_fixture.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace agenthub::test {

/// What the scripted writer does with each persist request.
struct writer_script {
  enum mode_t {
    commit,    ///< answer at once with the next seq
    hold,      ///< answer (commit) only on flush_atom
    duplicate, ///< answer with `original`, marked duplicate
    fail,      ///< answer with `failure`
  };
  mode_t mode = commit;
  std::uint64_t next_seq = 1;
  message_record original;
  caf::error failure = make_error(errc::db_unavailable);
  std::shared_ptr<writer_shared> counters; ///< lowered on every answer
  std::vector<persist_item> received;
  std::vector<
    std::pair<persist_item, caf::typed_response_promise<persist_result>>>
    held;

  message_record committed(const persist_item& item) {
    return {item.id,
            item.room_id,
            next_seq++,
            item.sender_id,
            item.body,
            item.client_msg_id,
            "2026-11-22T05:13:39.860Z"};
  }

  void answered() {
    if (counters)
      --counters->pending;
  }
};

inline writer_actor::behavior_type
scripted_writer(writer_actor::pointer self, std::shared_ptr<writer_script> s) {
  return {
    [=](persist_atom, persist_item& item) -> caf::result<persist_result> {
      s->received.push_back(item);
      switch (s->mode) {
        case writer_script::hold: {
          auto rp = self->make_response_promise<persist_result>();
          s->held.emplace_back(item, rp);
          return rp;
        }
        case writer_script::fail:
          s->answered();
          return s->failure;
        case writer_script::duplicate:
          s->answered();
          return persist_result{s->original, true};
        case writer_script::commit:
          break;
      }
      s->answered();
      return persist_result{s->committed(item), false};
    },
    [=](flush_atom) {
      auto held = std::move(s->held);
      s->held.clear();
      for (auto& [item, rp] : held) {
        s->answered();
        rp.deliver(persist_result{s->committed(item), false});
      }
    },
  };
}

/// What a recording subscriber received from rooms.
struct session_log {
  std::vector<message_record> delivered;
  std::vector<presence_update> presence;
  std::vector<std::pair<std::string, bool>> member;

  std::vector<std::uint64_t> seqs() const {
    return seqs_of(delivered);
  }

  /// The presence changes of `agent`, as "online"/"offline" in order.
  std::vector<std::string> statuses_of(const std::string& agent) const {
    std::vector<std::string> out;
    for (const auto& u : presence)
      if (u.entry.agent_id == agent)
        out.push_back(u.entry.status);
    return out;
  }
};

inline session_actor::behavior_type
recording_session(session_actor::pointer, std::shared_ptr<session_log> log) {
  return {
    [=](deliver_atom, const shared_message& m) {
      log->delivered.push_back(m.record());
    },
    [=](presence_atom, const presence_update& u) {
      log->presence.push_back(u);
    },
    [=](command_atom, const client_command&) {
      // nop
    },
    [=](drained_atom) {
      // nop
    },
    [=](closed_atom) {
      // nop
    },
    [=](member_atom, const std::string& room, bool added) {
      log->member.emplace_back(room, added);
    },
    [=](rooms_atom, const std::vector<std::string>&) {
      // nop
    },
    [=](fetched_atom, const std::string&, std::uint64_t,
        const std::vector<message_record>&) {
      // nop
    },
    [=](tick_atom) {
      // nop
    },
    [=](report_atom) {
      // nop
    },
    [=](kick_atom) {
      // nop
    },
  };
}

/// A recording subscriber: its handle and what it received.
struct subscriber {
  session_actor handle;
  std::shared_ptr<session_log> log;
};

/// Spawns a recording subscriber in `fix`'s system.
inline subscriber spawn_subscriber(deterministic_fixture& fix) {
  auto log = std::make_shared<session_log>();
  return {fix.track(fix.sys.spawn(recording_session, log)), log};
}

} // namespace agenthub::test
