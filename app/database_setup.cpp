// Connecting with a deadline, checking durability, migrating.
#include "app/database_setup.hpp"

#include "config/config.hpp"
#include "config/defaults.hpp"
#include "persistence/db.hpp"
#include "persistence/migrate.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace agenthub {

std::unique_ptr<pqxx::connection>
connect_with_retry(const config& cfg, std::chrono::seconds wait,
                   const std::function<bool()>& should_stop) {
  std::string conninfo;
  try {
    conninfo = db::make_conninfo(cfg.database_url);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(cfg.database_source + ": invalid: " + e.what());
  }
  auto deadline = std::chrono::steady_clock::now() + wait;
  auto backoff = std::chrono::milliseconds{250};
  for (int attempt = 1;; ++attempt) {
    try {
      return db::open_connection(conninfo);
    } catch (const db::unavailable& e) {
      if (std::chrono::steady_clock::now() + backoff >= deadline
          || should_stop())
        throw std::runtime_error("cannot connect to PostgreSQL at "
                                 + db::describe_target(conninfo) + " (check "
                                 + cfg.database_source + "): " + e.what());
      if (attempt == 1)
        spdlog::warn("database at {} not reachable yet ({}); retrying for "
                     "up to {} s",
                     db::describe_target(conninfo), e.what(), wait.count());
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds{2000});
    }
  }
}

void require_synchronous_commit(pqxx::connection& c) {
  pqxx::nontransaction tx{c};
  auto v = tx.exec1("SHOW synchronous_commit")[0].as<std::string>();
  // Every value but "off" flushes the local WAL before COMMIT returns
  // ("local", "remote_write" and "remote_apply" add replica guarantees).
  if (v == "off")
    throw std::runtime_error(
      "the database runs with synchronous_commit=" + v
      + "; AgentHub acknowledges a message only after a durable COMMIT "
        "and needs synchronous_commit=on (ALTER SYSTEM SET "
        "synchronous_commit = on)");
}

void apply_migrations(pqxx::connection& c) {
  auto report = db::migrate(c);
  for (const auto& name : report.applied)
    spdlog::info("applied migration {}", name);
  spdlog::info("schema up to date ({} migrations, {} new)",
               report.already_applied + report.applied.size(),
               report.applied.size());
}

} // namespace agenthub
