// The actor message vocabulary: every atom and typed interface between
// actors. Payload structs live in records.hpp; errors in errc.hpp.
//
// Who may request from whom (never the reverse, so no request cycle can
// deadlock): session -> registry, session -> room, room -> writer,
// admin reads -> stats collector. Reports to the collector are one-way.
// Everything else is asynchronous (`send`/`anon_send`).
#pragma once

#include "actors/blocking_pool.hpp"
#include "actors/records.hpp"
#include "actors/shared_message.hpp"
#include "actors/stats_records.hpp"

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/fwd.hpp>
#include <caf/replies_to.hpp>
#include <caf/type_id.hpp>
#include <caf/typed_actor.hpp>

#include <cstdint>
#include <string>
#include <vector>

// Local-only payloads: they hold callbacks and never cross nodes.
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(agenthub::blocking_job)

CAF_BEGIN_TYPE_ID_BLOCK(agenthub, caf::first_custom_type_id)
  CAF_ADD_TYPE_ID(agenthub, (agenthub::message_record))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::persist_item))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::persist_result))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::send_result))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::send_request))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::presence_entry))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::presence_update))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::join_result))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::fetch_result))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::room_snapshot))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::client_command))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::shared_message))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::room_report))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::session_report))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::writer_report))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::stats_query))
  CAF_ADD_TYPE_ID(agenthub, (agenthub::stats_view))
  CAF_ADD_TYPE_ID(agenthub, (std::vector<agenthub::message_record>) )
  CAF_ADD_TYPE_ID(agenthub, (std::vector<agenthub::presence_entry>) )
  CAF_ADD_TYPE_ID(agenthub, (std::vector<std::string>) )

  CAF_ADD_ATOM(agenthub, agenthub, run_atom, "run")
  CAF_ADD_ATOM(agenthub, agenthub, deliver_atom, "deliver")
  CAF_ADD_ATOM(agenthub, agenthub, presence_atom, "presence")
  CAF_ADD_ATOM(agenthub, agenthub, command_atom, "command")
  CAF_ADD_ATOM(agenthub, agenthub, drained_atom, "drained")
  CAF_ADD_ATOM(agenthub, agenthub, closed_atom, "closed")
  CAF_ADD_ATOM(agenthub, agenthub, join_atom, "join")
  CAF_ADD_ATOM(agenthub, agenthub, leave_atom, "leave")
  CAF_ADD_ATOM(agenthub, agenthub, publish_atom, "publish")
  CAF_ADD_ATOM(agenthub, agenthub, fetch_atom, "fetch")
  CAF_ADD_ATOM(agenthub, agenthub, fetched_atom, "fetched")
  CAF_ADD_ATOM(agenthub, agenthub, heartbeat_atom, "heartbeat")
  CAF_ADD_ATOM(agenthub, agenthub, tick_atom, "tick")
  CAF_ADD_ATOM(agenthub, agenthub, persist_atom, "persist")
  CAF_ADD_ATOM(agenthub, agenthub, flush_atom, "flush")
  CAF_ADD_ATOM(agenthub, agenthub, get_room_atom, "get_room")
  CAF_ADD_ATOM(agenthub, agenthub, member_atom, "member")
  CAF_ADD_ATOM(agenthub, agenthub, archive_atom, "archive")
  CAF_ADD_ATOM(agenthub, agenthub, loaded_atom, "loaded")
  CAF_ADD_ATOM(agenthub, agenthub, rooms_atom, "rooms")
  CAF_ADD_ATOM(agenthub, agenthub, expire_atom, "expire")
  CAF_ADD_ATOM(agenthub, agenthub, report_atom, "report")
  CAF_ADD_ATOM(agenthub, agenthub, stats_atom, "stats")
  CAF_ADD_ATOM(agenthub, agenthub, kick_atom, "kick")
CAF_END_TYPE_ID_BLOCK(agenthub)

namespace agenthub {

/// One per connection: identity, joined rooms, delivery cursors.
using session_actor = caf::typed_actor<
  // A committed message of a joined room (from the room).
  caf::reacts_to<deliver_atom, shared_message>,
  // A presence change in a joined room (from the room).
  caf::reacts_to<presence_atom, presence_update>,
  // A decoded client event (from the connection).
  caf::reacts_to<command_atom, client_command>,
  // The connection's queue has room again after an overflow.
  caf::reacts_to<drained_atom>,
  // The connection is gone.
  caf::reacts_to<closed_atom>,
  // The agent was removed from a room (from the room).
  caf::reacts_to<member_atom, std::string, bool>,
  // The agent's rooms, loaded at connect (from a blocking job).
  caf::reacts_to<rooms_atom, std::vector<std::string>>,
  // Messages read from PostgreSQL for a catch-up (from a blocking job):
  // room id, the seq they follow, the messages.
  caf::reacts_to<fetched_atom, std::string, std::uint64_t,
                 std::vector<message_record>>,
  // Periodic: presence heartbeats and token expiry.
  caf::reacts_to<tick_atom>,
  // Periodic: report to the stats collector (sent to itself).
  caf::reacts_to<report_atom>,
  // An operator kicked the session (admin API): close with 4001, stop.
  caf::reacts_to<kick_atom>>;

/// One per active room: members, subscribers, presence, order, fan-out.
using room_actor = caf::typed_actor<
  // Subscribe a session of this agent; answers where the log ends.
  caf::replies_to<join_atom, session_actor, std::string>::with<join_result>,
  // Unsubscribe a session.
  caf::reacts_to<leave_atom, session_actor>,
  // Store and broadcast a message; answers after COMMIT (G1).
  caf::replies_to<publish_atom, send_request>::with<send_result>,
  // Committed messages after a seq, from memory (at most N).
  caf::replies_to<fetch_atom, std::uint64_t, std::uint32_t>::with<fetch_result>,
  // Who is here (asked by a member: agent id).
  caf::replies_to<presence_atom,
                  std::string>::with<std::vector<presence_entry>>,
  // A subscribed session is alive.
  caf::reacts_to<heartbeat_atom, session_actor>,
  // Membership changed through the REST API: agent id, added?
  caf::reacts_to<member_atom, std::string, bool>,
  // The room was archived through the REST API.
  caf::reacts_to<archive_atom>,
  // The room's state, loaded from PostgreSQL at start.
  caf::reacts_to<loaded_atom, room_snapshot>,
  // Periodic: presence pruning, idle shutdown.
  caf::reacts_to<tick_atom>,
  // Periodic: report to the stats collector (sent to itself).
  caf::reacts_to<report_atom>>;

/// The persistence writer: group commit, replies only after COMMIT.
using writer_actor = caf::typed_actor<
  caf::replies_to<persist_atom, persist_item>::with<persist_result>,
  // Write what is buffered (sent to itself behind queued items).
  caf::reacts_to<flush_atom>>;

/// Room id -> room actor; spawns rooms on demand, forgets stopped ones.
using registry_actor = caf::typed_actor<
  caf::replies_to<get_room_atom, std::string>::with<room_actor>,
  // Forward a membership change to the room if it is running.
  caf::reacts_to<member_atom, std::string, std::string, bool>,
  // Forward an archive notice to the room if it is running.
  caf::reacts_to<archive_atom, std::string>>;

/// The stats collector: keeps the latest report of every room, session and
/// writer batch, and answers admin reads from them (high priority), so a
/// read never waits on a busy room's mailbox.
using stats_actor = caf::typed_actor<
  // A room's periodic report.
  caf::reacts_to<report_atom, room_actor, room_report>,
  // A session's periodic report.
  caf::reacts_to<report_atom, session_actor, session_report>,
  // A committed writer batch.
  caf::reacts_to<report_atom, writer_report>,
  // An admin read: the system, a page of rooms or sessions, or one item.
  caf::replies_to<stats_atom, stats_query>::with<stats_view>,
  // Kick a session by id; false if there is no such session.
  caf::replies_to<kick_atom, std::string>::with<bool>>;

/// Registers every type of this header with the actor system; call on every
/// node before the system is created.
void register_message_types(caf::actor_system_config& cfg);

} // namespace agenthub
