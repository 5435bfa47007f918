// The REST setup: agents, API tokens, logins, rooms and members.
#pragma once

#include "tools/loadgen/setup_provider.hpp"

namespace agenthub::loadgen {

/// Creates the fleet through the REST API with an admin API token, with
/// bounded concurrency and retries on 429 (Retry-After) and 503. With a
/// reuse file, loads it when it fits the plan (logging the agents in again
/// when their JWTs would expire during the run) and writes it otherwise.
std::unique_ptr<setup_provider> make_rest_setup(const options& opts);

} // namespace agenthub::loadgen
