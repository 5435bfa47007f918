// Plain data exchanged between actors: messages, results, presence, commands.
#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace agenthub {

/// A committed message as stored in PostgreSQL.
struct message_record {
  std::string id;      ///< UUID assigned by the room on receipt
  std::string room_id; ///< UUID
  std::uint64_t seq = 0;
  std::string sender_id;
  std::string body;
  std::string client_msg_id; ///< "" when the sender gave none
  std::string created_at;    ///< ISO 8601 UTC with milliseconds
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, message_record& x) {
  return f(caf::meta::type_name("agenthub::message_record"), x.id, x.room_id,
           x.seq, x.sender_id, x.body, x.client_msg_id, x.created_at);
}

/// A send accepted by a room, handed to the persistence writer.
struct persist_item {
  std::string id;
  std::string room_id;
  std::string sender_id;
  std::string body;
  std::string client_msg_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, persist_item& x) {
  return f(caf::meta::type_name("agenthub::persist_item"), x.id, x.room_id,
           x.sender_id, x.body, x.client_msg_id);
}

/// The writer's answer for one item: the stored record; `duplicate` when a
/// previous send with the same id or (sender, clientMsgId) was found.
struct persist_result {
  message_record record;
  bool duplicate = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, persist_result& x) {
  return f(caf::meta::type_name("agenthub::persist_result"), x.record,
           x.duplicate);
}

/// What a sender gets back: `{id, seq}` plus the commit time.
struct send_result {
  std::string id;
  std::uint64_t seq = 0;
  std::string created_at;
  bool duplicate = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, send_result& x) {
  return f(caf::meta::type_name("agenthub::send_result"), x.id, x.seq,
           x.created_at, x.duplicate);
}

/// A send as the session hands it to a room.
struct send_request {
  std::string sender_id;
  std::string body;
  std::string client_msg_id;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, send_request& x) {
  return f(caf::meta::type_name("agenthub::send_request"), x.sender_id, x.body,
           x.client_msg_id);
}

/// One agent's presence in one room.
struct presence_entry {
  std::string agent_id;
  std::string status;    ///< "online" | "offline"
  std::string last_seen; ///< ISO 8601 UTC
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, presence_entry& x) {
  return f(caf::meta::type_name("agenthub::presence_entry"), x.agent_id,
           x.status, x.last_seen);
}

/// A presence change pushed to a room's subscribers.
struct presence_update {
  std::string room_id;
  presence_entry entry;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, presence_update& x) {
  return f(caf::meta::type_name("agenthub::presence_update"), x.room_id,
           x.entry);
}

/// The room's answer to a join: where its log ends and who is present.
struct join_result {
  std::string room_id;
  std::string slug;
  std::uint64_t last_seq = 0;
  std::vector<presence_entry> presence;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, join_result& x) {
  return f(caf::meta::type_name("agenthub::join_result"), x.room_id, x.slug,
           x.last_seq, x.presence);
}

/// Messages after a seq, from the room's memory. `complete` is false when
/// the memory no longer reaches back that far (read PostgreSQL instead).
struct fetch_result {
  std::vector<message_record> messages;
  bool complete = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, fetch_result& x) {
  return f(caf::meta::type_name("agenthub::fetch_result"), x.messages,
           x.complete);
}

/// What a room loads from PostgreSQL when it starts.
struct room_snapshot {
  bool found = false;
  std::string room_id;
  std::string slug;
  bool is_public = false;
  bool archived = false;
  std::uint64_t last_seq = 0;
  std::vector<std::string> members;   ///< agent ids
  std::vector<message_record> recent; ///< the newest messages, by seq
  std::string error; ///< set when loading failed (database unavailable)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, room_snapshot& x) {
  return f(caf::meta::type_name("agenthub::room_snapshot"), x.found, x.room_id,
           x.slug, x.is_public, x.archived, x.last_seq, x.members, x.recent,
           x.error);
}

/// A client event decoded by a framing codec (net/), or a decoding error.
struct client_command {
  std::string event; ///< "room:join", "message:send", ...; "" if invalid
  std::string ref;   ///< request id to answer with ("" = no reply wanted)
  std::string room;  ///< room id or slug
  std::string body;
  std::string client_msg_id;
  std::int64_t after_seq = -1;  ///< -1: absent
  std::int64_t before_seq = -1; ///< -1: absent
  std::int64_t limit = -1;      ///< -1: absent
  std::string error_code;       ///< set when the frame could not be decoded
  std::string error_message;
  bool resolved = false; ///< re-issued after a slug lookup (already counted)
  /// When the connection handed the frame over (steady clock, ns since its
  /// epoch; 0: unknown). The rate limit judges the client's pace by it, not
  /// by when a busy hub got round to the command.
  std::int64_t received_ns = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, client_command& x) {
  return f(caf::meta::type_name("agenthub::client_command"), x.event, x.ref,
           x.room, x.body, x.client_msg_id, x.after_seq, x.before_seq, x.limit,
           x.error_code, x.error_message, x.resolved, x.received_ns);
}

} // namespace agenthub
