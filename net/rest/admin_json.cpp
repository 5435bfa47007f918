// Admin views -> JSON. Field names are a contract (the CLI's `top` and the
// admin page read them): add fields, never rename.
#include "net/rest/admin_json.hpp"

#include <cmath>

namespace agenthub::net {

double admin_round(double x) {
  return std::round(x * 1000.0) / 1000.0;
}

nlohmann::json admin_rate_json(const rate_pair& r) {
  return {{"10s", admin_round(r.short_window)},
          {"1m", admin_round(r.long_window)}};
}

nlohmann::json admin_percentiles_json(const percentiles& p) {
  return {{"p50", admin_round(p.p50)}, {"p99", admin_round(p.p99)}};
}

nlohmann::json admin_room_json(const room_view& v) {
  const auto& r = v.last;
  return {{"id", r.room_id},
          {"slug", r.slug},
          {"members", r.members},
          {"online", r.online},
          {"subscribers", r.subscribers},
          {"lastSeq", r.last_seq},
          {"queueDepth", std::uint64_t{r.mailbox} + r.in_flight},
          {"mailbox", r.mailbox},
          {"inFlight", r.in_flight},
          {"messagesInPerSec", admin_rate_json(v.messages_in)},
          {"deliveriesOutPerSec", admin_rate_json(v.deliveries_out)},
          {"messagesIn", r.messages_in},
          {"deliveriesOut", r.deliveries_out},
          {"slowConsumers", v.slow_consumers},
          {"idleSeconds", admin_round((r.idle_ms + v.report_age_ms) / 1000.0)},
          {"stale", v.stale},
          {"reportAgeMs", v.report_age_ms}};
}

nlohmann::json admin_session_json(const session_view& v) {
  const auto& s = v.last;
  return {{"id", s.session_id},
          {"agentId", s.agent_id},
          {"agentName", s.agent_name},
          {"framing", s.framing},
          {"remoteAddress", s.remote_address},
          {"connectedAt", s.connected_at},
          {"rooms", s.rooms},
          {"behindRooms", s.behind},
          {"paused", s.paused},
          {"outboundQueueBytes", s.outbound_queue_bytes},
          {"events", s.events},
          {"eventsPerSec", admin_round(v.events_per_sec)},
          {"rateLimitHits", s.rate_limit_hits},
          {"stale", v.stale},
          {"reportAgeMs", v.report_age_ms}};
}

nlohmann::json admin_mcp_session_json(const mcp_session_info& m) {
  // Read from the MCP table itself, so never stale; an MCP session holds no
  // room subscription and no outbound queue, and the agent's request limit
  // is not per session (docs/api.md).
  session_view v;
  auto& s = v.last;
  s.session_id = m.admin_id;
  s.agent_id = m.agent_id;
  s.agent_name = m.agent_name;
  s.framing = "mcp";
  s.remote_address = m.remote_address;
  s.connected_at = m.connected_at;
  s.events = m.requests;
  v.events_per_sec = m.requests_per_sec;
  auto j = admin_session_json(v);
  j["lastUsedAt"] = m.last_used_at;
  return j;
}

} // namespace agenthub::net
