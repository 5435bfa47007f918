// The progress line on a terminal (stderr), about once a second.
#pragma once

#include "tools/loadgen/run_context.hpp"

#include <cstdint>

namespace agenthub::loadgen {

/// Prints `elapsed, sends/s, deliveries/s, p99 ack, errors, ETA` on one
/// line, rewritten in place. Silent unless enabled and stderr is a TTY.
class progress_line {
public:
  progress_line(const run_context& ctx, double planned_s, bool enabled);
  /// Updates the line if a second passed since the last update.
  void tick(double elapsed_s, const char* phase);
  /// Ends the line (newline) if anything was printed.
  void finish();

private:
  const run_context& ctx_;
  double planned_s_;
  bool enabled_;
  bool printed_ = false;
  double last_t_ = -1;
  std::uint64_t last_sends_ = 0, last_deliveries_ = 0;
};

} // namespace agenthub::loadgen
