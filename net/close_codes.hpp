// Every WebSocket close code the hub sends, and whether the client should
// reconnect (centrifuge's disconnect table, in one place).
#pragma once

#include <cstdint>

namespace agenthub::net::close_code {

// RFC 6455 codes.
constexpr std::uint16_t normal = 1000;         ///< done; may reconnect
constexpr std::uint16_t going_away = 1001;     ///< hub shutting down; reconnect
constexpr std::uint16_t protocol_error = 1002; ///< bad framing; fix client
constexpr std::uint16_t unsupported = 1003;    ///< binary on a text protocol
constexpr std::uint16_t invalid_payload = 1007; ///< text not UTF-8
constexpr std::uint16_t policy = 1008;  ///< auth/policy; fix credentials
constexpr std::uint16_t too_big = 1009; ///< frame > 64 KiB; fix client

/// The session JWT expired while connected (a policy close, reason
/// "session token expired"): get a new JWT, reconnect, resume.
constexpr std::uint16_t token_expired = policy;

// AgentHub codes (4000-4999 are for applications).
/// An operator kicked the session (DELETE /admin/sessions/:id, reason
/// "kicked by operator"): may reconnect; disable the agent to keep it out.
constexpr std::uint16_t kicked = 4001;
/// The agent was disabled by an admin: do not reconnect.
constexpr std::uint16_t agent_disabled = 4003;
/// Rate limit exceeded repeatedly: back off, then reconnect.
constexpr std::uint16_t rate_limited = 4008;
/// The client did not read its messages (outbound queue over its hard
/// bound): reconnect and resume with room:join afterSeq.
constexpr std::uint16_t slow_consumer = 4009;
/// No pong or frame within the idle timeout: reconnect.
constexpr std::uint16_t idle_timeout = 4408;

} // namespace agenthub::net::close_code
