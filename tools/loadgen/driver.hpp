// A scenario: what it needs (the plan), its connections, and its sending.
#pragma once

#include <nlohmann/json.hpp>

#include "tools/loadgen/connection.hpp"
#include "tools/loadgen/fleet.hpp"
#include "tools/loadgen/worker_pool.hpp"

#include <memory>
#include <string>
#include <vector>

namespace agenthub::loadgen {

/// A scenario driver: synthetic or replay.
class driver {
public:
  virtual ~driver() = default;
  /// The agents and rooms the scenario needs.
  virtual fleet_plan plan() const = 0;
  /// Seconds of sending (for JWT lifetimes and the ETA).
  virtual double planned_seconds() const = 0;
  /// Creates the connections and opens those needed before time zero
  /// (synthetic: all of them). False, with `why`, when they did not all
  /// open within --connect-timeout.
  virtual bool open(run_context& ctx, worker_pool& pool, std::string& why) = 0;
  /// Time zero: starts sending (run_context::sending is already set).
  virtual void start() = 0;
  /// Whether the scenario has nothing left to do (replay: all events).
  virtual bool done() const = 0;
  /// Closes every connection.
  virtual void close_all() = 0;
  /// Every connection (read them only after the pool stopped).
  virtual const std::vector<std::shared_ptr<connection>>&
  connections() const = 0;
  /// Scenario-specific fields for the summary.
  virtual nlohmann::json describe() const = 0;
};

/// Opens `conns` (already created) on their contexts with at most
/// `per_context` handshakes in flight per context, and waits until every
/// one is ready or failed, or `timeout_s` passed. Returns the number ready.
std::size_t open_all(const std::vector<std::shared_ptr<connection>>& conns,
                     worker_pool& pool, double timeout_s);

} // namespace agenthub::loadgen
