// The synthetic scenario: rooms, members, senders, open or closed loop.
#pragma once

#include "tools/loadgen/driver.hpp"
#include "tools/loadgen/options.hpp"

namespace agenthub::loadgen {

/// Connection i belongs to agent i / connections-per-agent; room r's
/// members are agents (r*M + j) mod agents for j < M; the first --senders
/// members of each room send to it, each on its own connection
/// (r mod its agent's connection count).
std::unique_ptr<driver> make_synthetic_driver(const options& opts);

} // namespace agenthub::loadgen
