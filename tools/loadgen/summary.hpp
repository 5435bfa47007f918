// The final report: JSON on stdout, a table on stderr, the exit code.
#pragma once

#include <nlohmann/json.hpp>

#include "tools/loadgen/accounting.hpp"
#include "tools/loadgen/driver.hpp"
#include "tools/loadgen/options.hpp"
#include "tools/loadgen/proc_watch.hpp"
#include "tools/loadgen/run_context.hpp"

#include <cstdio>
#include <string>

namespace agenthub::loadgen {

/// Phase timings and the reason a run could not complete.
struct run_phases {
  double setup_s = 0;
  double open_s = 0;
  double send_s = 0; ///< time zero to the end of sending
  double drain_s = 0;
  bool drained = false; ///< every answer and delivery came before the timeout
  std::string failure;  ///< setup or open failure ("" = completed)
  proc_watch hub;       ///< --hub-pid readings (pid 0: none)
};

/// The machine-readable summary: config, setup, counts, rates, latency
/// percentiles (µs), errors by code, invariants, `ok`.
nlohmann::json make_summary(const options& o, const fleet& f,
                            const run_context& ctx, const driver& d,
                            const run_results& r, const run_phases& p);

/// The same, as a table for humans.
void print_table(const nlohmann::json& summary, std::FILE* out);

/// The effective config as JSON (also used when setup fails).
nlohmann::json config_json(const options& o);

} // namespace agenthub::loadgen
