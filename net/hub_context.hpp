// What the REST handlers share: configuration, key ring, pools, status.
#pragma once

#include "net/agent_status.hpp"
#include "net/auth/jwt.hpp"
#include "net/readiness.hpp"

#include <memory>

namespace prometheus {
class Registry;
} // namespace prometheus

namespace agenthub {
struct config;
class blocking_pool;
class hub_runtime;
} // namespace agenthub

namespace agenthub::net {

/// Long-lived services handed to every route registration function. Owned
/// by the composition root (app/), which outlives the HTTP server.
struct hub_context {
  const config& cfg;
  const auth::jwt_keyring& keyring;
  blocking_pool& db;     ///< PostgreSQL reads and writes
  blocking_pool& argon2; ///< Argon2id hashing and verification (capped)
  agent_status& agents;
  readiness& ready;
  prometheus::Registry& metrics;
  hub_runtime& runtime; ///< rooms, sessions, the writer
};

} // namespace agenthub::net
