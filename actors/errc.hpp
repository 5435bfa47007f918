// Actor-level error codes: what a room, session or writer may answer.
#pragma once

#include <caf/atom.hpp>
#include <caf/error.hpp>

#include <cstdint>
#include <string>

namespace agenthub {

/// Errors between actors; each maps to a stable client-facing code.
enum class errc : std::uint8_t {
  none = 0,
  not_member,      ///< the agent is not a member of the room
  room_not_found,  ///< no such room
  room_archived,   ///< the room is archived (read-only)
  overloaded,      ///< a bounded queue is full; retry later
  db_unavailable,  ///< PostgreSQL is unreachable; retry later
  invalid_request, ///< malformed input
  client_msg_id_conflict, ///< clientMsgId already used in another room
  internal,        ///< a bug; see the hub's log
};

/// The error category atom of `errc`.
constexpr caf::atom_value errc_category = caf::atom("agenthub");

/// Wraps an errc into a caf::error.
caf::error make_error(errc x);

/// The stable snake_case code of an errc ("not_member", ...).
const char* to_code(errc x);

/// True for errors a client should retry (overloaded, db_unavailable).
bool is_retryable(errc x);

/// Client-facing code and message for any caf::error (ours or CAF's).
struct error_info {
  std::string code;
  std::string message;
};
error_info describe(const caf::error& e);

} // namespace agenthub
