// A bounded pool of detached actors for blocking work (PostgreSQL, Argon2).
#pragma once

#include <pqxx/connection>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace caf {
class actor_system;
} // namespace caf

namespace agenthub {

/// The database connection of one blocking worker: opened on first use,
/// dropped after a connection error and reopened by the next job.
class worker_db {
public:
  explicit worker_db(std::string conninfo);
  ~worker_db();

  /// The open connection, connecting first if needed. Throws
  /// db::unavailable when the server cannot be reached.
  pqxx::connection& get();

  /// Forgets the connection so the next `get()` reconnects.
  void reset();

private:
  std::string conninfo_;
  std::unique_ptr<pqxx::connection> conn_;
};

/// A unit of blocking work. It runs on a pool thread, may use that thread's
/// connection, and must report its own result (e.g. through a responder).
using blocking_job = std::function<void(worker_db&)>;

/// N detached actors, each with its own thread and its own connection. Jobs
/// go to the least-loaded worker; beyond `queue_limit` pending jobs,
/// `submit` refuses (callers answer 503) instead of queueing without bound.
class blocking_pool {
public:
  /// Spawns `workers` detached actors. `conninfo` may be empty for pools that
  /// never touch the database (Argon2).
  blocking_pool(caf::actor_system& sys, std::string name, unsigned workers,
                std::size_t queue_limit, std::string conninfo);
  ~blocking_pool();
  blocking_pool(const blocking_pool&) = delete;
  blocking_pool& operator=(const blocking_pool&) = delete;

  /// Queues `job`; false (and `job` is dropped unrun) when the pool is full
  /// or stopped.
  bool submit(blocking_job job);

  /// Jobs queued or running.
  std::size_t pending() const;

  /// Workers (one connection each), those with a job, and jobs in total.
  struct usage {
    std::size_t workers = 0;
    std::size_t busy = 0;
    std::size_t pending = 0;
  };
  usage current_usage() const;

  /// Stops accepting jobs and terminates the workers after their queues.
  void stop();

  struct state;

private:
  std::shared_ptr<state> state_;
};

} // namespace agenthub
