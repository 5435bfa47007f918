// The subcommands of the `agenthub` executable.
#pragma once

#include <string>

namespace agenthub {

/// Options of `agenthub serve`.
struct serve_options {
  std::string port_file;   ///< write the bound port here once listening
  std::string record_file; ///< --record FILE (overrides AGENTHUB_RECORD_FILE)
  bool record_bodies = false; ///< --record-bodies
};

/// Runs the hub until SIGTERM/SIGINT. Returns the process exit code.
int run_serve(const serve_options& opts);

/// Applies pending migrations and exits.
int run_migrate();

/// Creates the first admin agent and prints its API token once (stdout).
int run_bootstrap_admin(const std::string& name,
                        const std::string& display_name);

} // namespace agenthub
