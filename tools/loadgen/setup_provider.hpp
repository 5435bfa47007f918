// Where the agents and rooms come from: the REST API, a reuse file, or
// nothing at all (a Socket.IO baseline server).
#pragma once

#include "tools/loadgen/fleet.hpp"
#include "tools/loadgen/options.hpp"

#include <memory>
#include <stdexcept>

namespace agenthub::loadgen {

/// A setup that could not be completed (the message says why).
struct setup_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Provides the fleet for a plan. Implementations: REST creation, REST
/// with a reuse file, and none.
class setup_provider {
public:
  virtual ~setup_provider() = default;
  /// Creates (or loads) every agent and room of `plan`; throws
  /// setup_failure. `run_seconds` is how long the JWTs must stay valid.
  virtual fleet provide(const fleet_plan& plan, double run_seconds) = 0;
};

/// The provider the options ask for.
std::unique_ptr<setup_provider> make_setup_provider(const options& opts);

/// A run-unique prefix for names and slugs: "lg" + 6 base32 characters.
std::string make_run_prefix();

} // namespace agenthub::loadgen
