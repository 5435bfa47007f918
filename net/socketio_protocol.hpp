// The Socket.IO protocol at /socket.io/: Engine.IO v4 heartbeat, namespace
// /agents, CONNECT authentication, EVENT/ACK to session commands.
#pragma once

#include "net/ws_connection.hpp"

#include <memory>
#include <string>

namespace agenthub {
class hub_runtime;
} // namespace agenthub

namespace agenthub::net {

class dispatcher;
class ws_registry;

/// Heartbeat and connect timing of a Socket.IO connection.
struct socketio_timing {
  long ping_interval_ms;
  long ping_timeout_ms;
  long connect_timeout_ms;
};

/// A protocol for a fresh (not yet authenticated) Engine.IO connection.
/// `upgrade_token` is the JWT from the upgrade (?token= or Authorization),
/// used when the CONNECT packet carries no auth.token.
std::unique_ptr<ws_protocol> make_socketio_protocol(ws_registry& registry,
                                                    dispatcher& disp,
                                                    hub_runtime& runtime,
                                                    std::string upgrade_token,
                                                    socketio_timing timing);

/// Registers the Socket.IO `message:new` encoder (call once at startup).
void register_socketio_encoder();

} // namespace agenthub::net
