// Client-side framings: the /ws JSON envelope and Socket.IO over Engine.IO.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agenthub::loadgen {

/// The wire framing a connection speaks.
enum class framing {
  ws,       ///< /ws: one JSON object per text message (docs/protocol.md)
  socketio, ///< /socket.io/: Engine.IO 4 + Socket.IO 5, namespace /agents
};

/// "ws" or "socketio".
const char* to_string(framing f);

/// Parses "ws" or "socketio".
std::optional<framing> parse_framing(const std::string& text);

/// The upgrade request target for a framing.
std::string handshake_target(framing f);

/// What one inbound text message means to the load generator.
struct inbound {
  enum class kind {
    reply,         ///< answer to a request (ws `reply`, Socket.IO ACK)
    message_new,   ///< `message:new` event
    connected,     ///< `connected` event (subscriptions are in place)
    error_event,   ///< `error` event (an error with no request to answer)
    event,         ///< any other event (presence:update, room:removed, …)
    eio_open,      ///< Engine.IO open packet
    eio_ping,      ///< Engine.IO ping: answer with eio_pong()
    connect_ok,    ///< Socket.IO CONNECT accepted
    connect_error, ///< Socket.IO CONNECT_ERROR
    disconnect,    ///< Socket.IO DISCONNECT or Engine.IO close
    ignored,       ///< valid but of no interest (noop, binary, …)
    invalid,       ///< malformed
  };
  kind what = kind::ignored;
  bool has_id = false;
  std::uint64_t id = 0; ///< request id (ws ref, Socket.IO ack id)
  bool ok = false;      ///< replies: success
  std::string code;     ///< error code of a failed reply or error event
  std::string event;    ///< event name
  nlohmann::json data;  ///< reply data or event data
};

/// A request: ws `{"type","ref","data"}` or Socket.IO
/// `42/agents,<id>["type",data]`.
std::string encode_request(framing f, std::string_view type, std::uint64_t id,
                           const nlohmann::json& data);

/// A message:send request, written directly (no JSON tree) when no string
/// needs escaping, else through encode_request(). Equal to
/// encode_request(f, "message:send", id, {roomId, body[, clientMsgId]}).
std::string encode_send(framing f, std::uint64_t id, std::string_view room_id,
                        std::string_view body, std::string_view client_msg_id);

/// The Socket.IO namespace CONNECT: `40/agents,{"token":"…"}`.
std::string encode_connect(const std::string& token);

/// The Engine.IO pong, "3".
std::string eio_pong();

/// Decodes an inbound text message of the given framing.
inbound decode_inbound(framing f, std::string_view text);

} // namespace agenthub::loadgen
