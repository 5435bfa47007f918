// Engine.IO v4 (WebSocket transport) and Socket.IO v5 packet codecs, as in
// ../shared/protocols.md §A–C. Pure functions: unit tests and the fuzzer
// drive them directly.
#pragma once

#include "actors/records.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace agenthub::net::sio {

/// Engine.IO packet types (one per WebSocket message).
enum class eio_type : char {
  open = '0',
  close = '1',
  ping = '2',
  pong = '3',
  message = '4',
  upgrade = '5',
  noop = '6',
};

/// The Engine.IO open packet: `0{"sid":…,"upgrades":[],"pingInterval":…,
/// "pingTimeout":…,"maxPayload":…}` (key order as the reference server).
std::string eio_open(const std::string& sid, long ping_interval_ms,
                     long ping_timeout_ms, std::size_t max_payload);

/// Socket.IO packet types.
enum class packet_type : int {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,
  binary_ack = 6,
};

/// A decoded Socket.IO packet.
struct packet {
  packet_type type = packet_type::connect;
  int attachments = 0;
  std::string nsp = "/";
  std::optional<std::uint64_t> ack_id;
  std::optional<nlohmann::json> data;
};

/// Decodes a Socket.IO packet (the text after the Engine.IO `4`), mirroring
/// socket.io-parser's Decoder.decodeString: type, attachments, namespace,
/// ack id, JSON payload, and the per-type payload rules. Returns an error
/// text for malformed input (the reference closes the connection).
std::variant<packet, std::string> decode(std::string_view text);

/// Encodes a Socket.IO packet, prefixed with the Engine.IO message type `4`
/// (ready to send as one WebSocket text message). The hub never sends
/// binary packets: `type` must not be binary_event or binary_ack.
std::string encode(packet_type type, const std::string& nsp,
                   std::optional<std::uint64_t> ack_id,
                   const std::optional<nlohmann::json>& data);

/// `42<nsp>,["name",data]`.
std::string encode_event(const std::string& nsp, const std::string& name,
                         const nlohmann::json& data);

/// The AgentHub event carried by an EVENT packet, as a session command. The
/// ack id (if any) becomes the ref. Wrong shapes give a command with
/// `error_code` set.
client_command to_command(const packet& p);

/// The namespace AgentHub serves.
constexpr const char* agents_nsp = "/agents";

} // namespace agenthub::net::sio
