// MCP Streamable HTTP at /mcp (revision 2025-11-25; 2025-06-18 and
// 2025-03-26 accepted): JSON-RPC over POST, sessions, tools.
#include "config/config.hpp"
#include "net/json_guard.hpp"
#include "net/mcp_sessions.hpp"
#include "net/mcp_tools.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"

#include <algorithm>
#include <atomic>
#include <memory>

namespace agenthub::net {

namespace {

using json = nlohmann::json;

const char* latest_version = "2025-11-25";

bool supported_version(const std::string& v) {
  return v == "2025-11-25" || v == "2025-06-18" || v == "2025-03-26";
}

json rpc_error(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"error", {{"code", code}, {"message", message}}}};
}

json rpc_result(const json& id, json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

http_response rpc_response(unsigned status, const json& body) {
  http_response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.headers.emplace_back("Access-Control-Expose-Headers", "Mcp-Session-Id");
  return r;
}

/// An HTTP-level failure with a JSON-RPC error body (id null).
http_response transport_error(unsigned status, int code,
                              const std::string& message) {
  return rpc_response(status, rpc_error(nullptr, code, message));
}

bool accepts(const std::string& accept, const char* type) {
  return accept.find(type) != std::string::npos
         || accept.find("*/*") != std::string::npos;
}

bool known_method(const std::string& m) {
  return m == "initialize" || m == "ping" || m == "tools/list"
         || m == "tools/call" || m.rfind("notifications/", 0) == 0;
}

/// One POST: headers already validated; processes one JSON-RPC message and
/// calls `done` with its response (null for notifications and responses).
class mcp_server {
public:
  mcp_server(hub_context& ctx, mcp_sessions& sessions)
    : ctx_(ctx), sessions_(sessions) {
  }

  void handle_post(const request_context& rc, responder done);
  void handle_delete(const request_context& rc, responder done);

private:
  using reply_fn = std::function<void(std::optional<json>)>;

  /// Checks the session of a non-initialize request; an HTTP error or none.
  std::optional<http_response> check_session(const request_context& rc);

  void process(const request_context& rc, const json& msg, reply_fn reply,
               std::string& new_session);

  hub_context& ctx_;
  mcp_sessions& sessions_; ///< shared with /admin/sessions
};

std::optional<http_response>
mcp_server::check_session(const request_context& rc) {
  auto sid = rc.req->header("mcp-session-id");
  if (sid.empty())
    return transport_error(400, -32000,
                           "Bad Request: Mcp-Session-Id header is required");
  if (!sessions_.use(sid, rc.who->agent_id))
    return transport_error(404, -32001, "Session not found");
  auto version = rc.req->header("mcp-protocol-version");
  if (!version.empty() && !supported_version(version))
    return transport_error(
      400, -32000, "Bad Request: Unsupported protocol version " + version);
  return std::nullopt;
}

void mcp_server::process(const request_context& rc, const json& msg,
                         reply_fn reply, std::string& new_session) {
  if (!msg.is_object() || msg.value("jsonrpc", "") != "2.0")
    return reply(rpc_error(nullptr, -32600, "Invalid Request"));
  auto m = msg.find("method");
  if (m == msg.end()) // a response from the client: nothing to answer
    return reply(std::nullopt);
  if (!m->is_string())
    return reply(rpc_error(nullptr, -32600, "Invalid Request"));
  auto method = m->get<std::string>();
  auto id_it = msg.find("id");
  bool request = id_it != msg.end() && !id_it->is_null();
  json id = request ? *id_it : json(nullptr);
  if (request && !id.is_string() && !id.is_number_integer())
    return reply(rpc_error(nullptr, -32600, "Invalid Request: bad id"));
  if (!request)
    return reply(std::nullopt); // notifications: initialized, cancelled, ...
  const json params = msg.value("params", json::object());
  if (method == "initialize") {
    auto asked = params.value("protocolVersion", std::string{});
    auto version = supported_version(asked) ? asked : latest_version;
    new_session = sessions_.create(
      {rc.who->agent_id, rc.who->name, rc.req->remote_ip, version});
    return reply(rpc_result(
      id,
      {{"protocolVersion", version},
       {"capabilities", {{"tools", {{"listChanged", false}}}}},
       {"serverInfo",
        {{"name", "agenthub"}, {"title", "AgentHub"}, {"version", "0.1.0"}}},
       {"instructions",
        "Rooms of AI agents. list_rooms, join_room, then send_message; "
        "follow a room with wait_for_messages(afterSeq = lastSeq)."}}));
  }
  if (method == "ping")
    return reply(rpc_result(id, json::object()));
  if (method == "tools/list")
    return reply(rpc_result(id, {{"tools", mcp_tool_list()}}));
  if (method == "tools/call") {
    auto name = params.value("name", std::string{});
    auto args = params.value("arguments", json::object());
    bool known
      = call_mcp_tool(ctx_, *rc.who, name, args, [reply, id](json result) {
          reply(rpc_result(id, std::move(result)));
        });
    if (!known)
      reply(rpc_error(id, -32602, "Unknown tool: " + name));
    return;
  }
  reply(rpc_error(id, -32601, "Method not found"));
}

void mcp_server::handle_post(const request_context& rc, responder done) {
  const auto& req = *rc.req;
  auto accept = req.header("accept");
  if (!accepts(accept, "application/json")
      || !accepts(accept, "text/event-stream"))
    return done(transport_error(406, -32000,
                                "Not Acceptable: Client must accept both "
                                "application/json and text/event-stream"));
  auto ct = req.header("content-type");
  if (ct.rfind("application/json", 0) != 0)
    return done(transport_error(415, -32000,
                                "Unsupported Media Type: Content-Type must be "
                                "application/json"));
  if (json_text_problem(req.body))
    return done(transport_error(400, -32700, "Parse error"));
  auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded())
    return done(transport_error(400, -32700, "Parse error"));
  bool batch = body.is_array();
  std::vector<json> messages
    = batch ? body.get<std::vector<json>>() : std::vector<json>{body};
  if (messages.empty())
    return done(transport_error(400, -32600, "Invalid Request: empty batch"));
  bool initializing = false;
  bool needs_session = false;
  for (const auto& m : messages) {
    auto method = m.is_object() ? m.value("method", std::string{}) : "";
    initializing |= method == "initialize";
    // Unknown methods (server/discover probes) answer -32601 even without
    // a session, so probing clients fall back to initialize.
    needs_session |= method != "initialize" && known_method(method);
  }
  if (initializing && !req.header("mcp-session-id").empty())
    return done(transport_error(400, -32600,
                                "Invalid Request: Server already initialized"));
  if (needs_session && !initializing)
    if (auto err = check_session(rc))
      return done(*err);

  struct pending_batch {
    std::vector<std::optional<json>> replies;
    std::atomic<std::size_t> left{0};
    std::string session;
  };
  auto state = std::make_shared<pending_batch>();
  state->replies.resize(messages.size());
  state->left = messages.size();
  auto finish = [state, batch, done]() {
    json out = json::array();
    for (auto& r : state->replies)
      if (r)
        out.push_back(std::move(*r));
    http_response res;
    if (out.empty()) {
      res.status = 202;
      res.content_type.clear();
    } else {
      res = rpc_response(200, batch ? out : out[0]);
    }
    if (!state->session.empty())
      res.headers.emplace_back("Mcp-Session-Id", state->session);
    done(std::move(res));
  };
  // Replies may come synchronously (the session id is set before the
  // initialize reply) or later from a tool.
  for (std::size_t i = 0; i < messages.size(); ++i)
    process(
      rc, messages[i],
      [state, i, finish](std::optional<json> r) {
        state->replies[i] = std::move(r);
        if (--state->left == 0)
          finish();
      },
      state->session);
}

void mcp_server::handle_delete(const request_context& rc, responder done) {
  auto sid = rc.req->header("mcp-session-id");
  if (sid.empty())
    return done(transport_error(
      400, -32000, "Bad Request: Mcp-Session-Id header is required"));
  if (!sessions_.remove(sid, rc.who->agent_id))
    return done(transport_error(404, -32001, "Session not found"));
  http_response r;
  r.status = 200;
  r.content_type.clear();
  done(std::move(r));
}

} // namespace

void add_mcp_routes(router& r, hub_context& ctx, mcp_sessions& sessions) {
  auto server = std::make_shared<mcp_server>(ctx, sessions);
  // Disabling an agent ends its MCP sessions too (its WebSocket connections
  // are closed with 4003); its next request gets 404 like an expired one.
  ctx.agents.on_disabled([&sessions](const std::string& agent_id) {
    sessions.remove_agent(agent_id);
  });
  auto origin_ok = [&ctx](const request_context& rc) {
    auto origin = rc.req->header("origin");
    const auto& allowed = ctx.cfg.allowed_origins;
    return origin.empty()
           || std::find(allowed.begin(), allowed.end(), origin)
                != allowed.end();
  };
  r.add("POST", "/mcp", access::agent,
        [server, origin_ok](request_context rc, responder done) {
          if (!origin_ok(rc))
            return done(
              transport_error(403, -32000, "Forbidden: Origin not allowed"));
          server->handle_post(rc, std::move(done));
        });
  r.add("GET", "/mcp", access::agent, [](request_context, responder done) {
    // No server-initiated stream: wait_for_messages is the way to follow
    // a room (protocols.md §D.2: 405 is what SDK clients expect).
    auto res = transport_error(405, -32000, "Method Not Allowed");
    res.headers.emplace_back("Allow", "POST, DELETE");
    done(std::move(res));
  });
  r.add("DELETE", "/mcp", access::agent,
        [server, origin_ok](request_context rc, responder done) {
          if (!origin_ok(rc))
            return done(
              transport_error(403, -32000, "Forbidden: Origin not allowed"));
          server->handle_delete(rc, std::move(done));
        });
}

} // namespace agenthub::net
