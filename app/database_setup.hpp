// Startup steps shared by serve, migrate and bootstrap-admin.
#pragma once

#include <pqxx/connection>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace agenthub {

struct config;

/// Connects to the database, retrying until `wait` has passed (0 = one
/// attempt). `should_stop` aborts the wait (a signal arrived). Throws
/// std::runtime_error naming the variables that configure the database.
std::unique_ptr<pqxx::connection>
connect_with_retry(const config& cfg, std::chrono::seconds wait,
                   const std::function<bool()>& should_stop);

/// Fails unless `synchronous_commit` is on: ack => committed (G1) needs it.
void require_synchronous_commit(pqxx::connection& c);

/// Applies migrations and logs what was applied.
void apply_migrations(pqxx::connection& c);

} // namespace agenthub
