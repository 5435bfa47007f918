// Agents, rooms and WebSocket sessions for real-time tests: the setup every
// `/ws` test repeats, in the protocol's own words (connect, send, collect).
#pragma once

#include <nlohmann/json.hpp>

#include "tests/support/hub_fixture.hpp"
#include "tests/support/ws_client.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace agenthub::testing {

/// An agent with a session JWT.
struct chat_agent {
  std::string id;
  std::string name;
  std::string jwt;
};

/// A room.
struct chat_room {
  std::string id;
  std::string slug;
};

/// A session JWT for `agent_id` signed with the hub's secret, as the hub
/// issues them, expiring at `exp` (unix seconds).
std::string forge_session_jwt(const hub_fixture& hub,
                              const std::string& agent_id,
                              const std::string& name, std::int64_t exp);

/// Creates an agent through the REST API (as the admin) and forges its
/// 15-minute session JWT: no login, so no Argon2 cost and no login rate
/// limit however many agents a suite needs.
chat_agent make_chat_agent(hub_fixture& hub, const std::string& prefix);

/// Creates a private room as the admin (its owner) and adds `members`.
chat_room make_chat_room(hub_fixture& hub,
                         const std::vector<chat_agent>& members,
                         const std::string& prefix = "room");

/// Opens `/ws` as `agent` and waits for `connected` (after which every
/// automatic subscription is in place). The event is stored in
/// `*connected` when given.
std::unique_ptr<ws_client> connect_chat(hub_fixture& hub,
                                        const chat_agent& agent,
                                        nlohmann::json* connected = nullptr);

/// `message:send` data.
nlohmann::json send_data(const std::string& room_id, const std::string& body,
                         const std::string& client_msg_id = "");

/// Sends one message and returns the successful reply's `data`, retrying a
/// `rate_limited` refusal (same clientMsgId) after a pause. Throws on any
/// other error or a timeout.
nlohmann::json send_message(ws_client& c, const std::string& room_id,
                            const std::string& body,
                            const std::string& client_msg_id = "");

/// Sends `count` messages with clientMsgId "<prefix>-<i>" spread
/// round-robin over `senders`, all before reading any reply, then collects
/// the acks (retrying rate-limited ones). The body is the clientMsgId,
/// padded with 'x' to `body_bytes` if that is larger. Acks' `data` in send
/// order.
std::vector<nlohmann::json> send_many(const std::vector<ws_client*>& senders,
                                      const std::string& room_id,
                                      std::size_t count,
                                      const std::string& prefix,
                                      std::size_t body_bytes = 0);

/// The replies to a burst of sends (send_burst).
struct burst_replies {
  long long ok = 0;
  long long rate_limited = 0;
  std::vector<nlohmann::json> other; ///< any other reply, whole
};

/// Sends `count` messages to `room_id` all at once (clientMsgId
/// "<prefix>-<i>"), then reads every reply, retrying nothing.
burst_replies send_burst(ws_client& c, const std::string& room_id,
                         std::size_t count, const std::string& prefix);

/// Waits for `count` `message:new` events of `room_id` (other frames stay
/// buffered) and returns their `data` in arrival order. Throws on timeout.
std::vector<nlohmann::json>
collect_messages(ws_client& c, const std::string& room_id, std::size_t count,
                 std::chrono::milliseconds timeout = frame_timeout);

/// The `seq` of each message.
std::vector<std::uint64_t> seqs_of(const std::vector<nlohmann::json>& msgs);

/// first, first + 1, ..., last.
std::vector<std::uint64_t> seq_range(std::uint64_t first, std::uint64_t last);

/// Rows of `messages` in the room.
long long message_rows(hub_fixture& hub, const std::string& room_id);

/// True if `frame` is a `message:new` of `room_id`.
bool is_message_of(const nlohmann::json& frame, const std::string& room_id);

} // namespace agenthub::testing
