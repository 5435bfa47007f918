// JSON shapes of the admin API (docs/api.md, "Admin"): rooms, sessions and
// the system view as the collector reports them.
#pragma once

#include "actors/stats_records.hpp"
#include "net/mcp_sessions.hpp"

#include <nlohmann/json.hpp>

namespace agenthub::net {

/// A room of GET /admin/rooms.
nlohmann::json admin_room_json(const room_view& v);

/// A session of GET /admin/sessions.
nlohmann::json admin_session_json(const session_view& v);

/// An MCP session of GET /admin/sessions: the same object with framing
/// "mcp", its admin id as `id`, and `lastUsedAt`.
nlohmann::json admin_mcp_session_json(const mcp_session_info& m);

/// `{"10s": …, "1m": …}`.
nlohmann::json admin_rate_json(const rate_pair& r);

/// `{"p50": …, "p99": …}` (milliseconds or rows, rounded).
nlohmann::json admin_percentiles_json(const percentiles& p);

/// `x` rounded to 3 decimals (rates and latencies stay readable).
double admin_round(double x);

} // namespace agenthub::net
