// Registration functions of the REST API, one per resource file.
#pragma once

namespace agenthub::net {

class router;
struct hub_context;
struct admin_sources;
class mcp_sessions;

/// GET /healthz, /readyz, /metrics.
void add_health_routes(router& r, hub_context& ctx);
/// /api/v1/agents...
void add_agent_routes(router& r, hub_context& ctx);
/// /api/v1/agents/:id/tokens, /api/v1/tokens/:idOrPrefix.
void add_token_routes(router& r, hub_context& ctx);
/// /api/v1/rooms, members, self-join.
void add_room_routes(router& r, hub_context& ctx);
/// GET /api/v1/rooms/:id/messages (keyset pages by seq).
void add_message_routes(router& r, hub_context& ctx);
/// POST|GET|DELETE /mcp (MCP Streamable HTTP, JSON-RPC tools). `sessions`
/// must outlive the router; /admin/sessions lists it too.
void add_mcp_routes(router& r, hub_context& ctx, mcp_sessions& sessions);
/// POST /api/v1/sessions (API token -> session JWT).
void add_session_routes(router& r, hub_context& ctx);
/// GET /admin/system, /admin/rooms[/:id], /admin/sessions[/:id] and
/// DELETE /admin/sessions/:id (admin only). `src` must outlive the router.
void add_admin_routes(router& r, hub_context& ctx, const admin_sources& src);
/// GET /admin/ and its files: the admin page (open; it logs in by itself).
void add_admin_page_routes(router& r);

} // namespace agenthub::net
