// The synthetic scenario's agents and rooms.
#pragma once

#include "tools/loadgen/fleet.hpp"
#include "tools/loadgen/options.hpp"

namespace agenthub::loadgen {

/// Agents: ceil(connections / connections-per-agent). Room r's members are
/// agents (r*M + j) mod agents for j < M (distinct, since M <= agents).
fleet_plan synthetic_plan(const options& opts);

} // namespace agenthub::loadgen
