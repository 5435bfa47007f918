// Metrics of the persistence layer (agenthub_db_*).
#pragma once

#include <chrono>

namespace prometheus {
class Registry;
} // namespace prometheus

namespace agenthub::db {

/// Registers the persistence metrics; before this, observations are no-ops
/// (unit tests and the CLI subcommands never call it).
void register_metrics(prometheus::Registry& registry);

/// Observes `agenthub_db_query_duration_seconds{operation}` when destroyed.
/// `operation` must be a string literal: it becomes a label value, so it must
/// come from a small fixed set.
class query_timer {
public:
  explicit query_timer(const char* operation);
  ~query_timer();
  query_timer(const query_timer&) = delete;
  query_timer& operator=(const query_timer&) = delete;

private:
  const char* operation_;
  std::chrono::steady_clock::time_point start_;
};

} // namespace agenthub::db
