// Runs a REST handler's database work on the blocking pool.
#pragma once

#include "actors/blocking_pool.hpp"
#include "net/api_error.hpp"
#include "net/hub_context.hpp"
#include "persistence/db.hpp"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <functional>
#include <type_traits>

namespace agenthub::net {

/// Logs a database failure without its DETAIL lines, which may quote row
/// values (a token hash in a constraint violation, say).
void log_db_failure(const char* what, const std::exception& e);

/// The error a client sees for an unexpected database failure.
api_error db_failure_error(const std::exception& e);

/// A response plus an action to run only once the transaction committed
/// (updating an in-memory cache, say).
struct committed_action {
  http_response response;
  std::function<void()> after_commit;
};

/// Runs `work(transaction)` on the database pool. A response with status
/// < 400 commits the transaction before it is sent (so "200" means
/// committed); an error response rolls back. A full pool answers 503.
template <class Work>
void with_db(hub_context& ctx, responder done, Work work) {
  bool queued = ctx.db.submit([done, work](worker_db& db) mutable {
    try {
      pqxx::work tx{db.get()};
      auto result = work(tx);
      if constexpr (std::is_same_v<decltype(result), committed_action>) {
        if (result.response.status < 400) {
          tx.commit();
          if (result.after_commit)
            result.after_commit();
        }
        done(std::move(result.response));
      } else {
        if (result.status < 400)
          tx.commit();
        done(std::move(result));
      }
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("request", e);
      done(error_response(db_failure_error(e)));
    }
  });
  if (!queued)
    done(error_response(
      errors::unavailable("the hub is overloaded; retry shortly")));
}

} // namespace agenthub::net
