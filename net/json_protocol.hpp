// The plain `/ws` protocol: JSON frames in, session commands out.
#pragma once

#include "actors/session.hpp"
#include "net/ws_connection.hpp"

#include <memory>

namespace agenthub {
class hub_runtime;
} // namespace agenthub

namespace agenthub::net {

class ws_registry;

/// A protocol for a connection already authenticated at the upgrade (the
/// agent's slot in `registry` is taken and released by the protocol).
std::unique_ptr<ws_protocol> make_json_protocol(ws_registry& registry,
                                                hub_runtime& runtime,
                                                session_identity who);

} // namespace agenthub::net
