// Admin test helpers.
#include "admin_support.hpp"

#include "tests/support/wait.hpp"

#include <stdexcept>

namespace agenthub::testing {

nlohmann::json admin_get(hub_fixture& hub, const std::string& path) {
  auto r = hub.get(path, hub.admin_jwt);
  if (r.status != 200 || !r.json.is_object())
    throw std::runtime_error("GET " + path + ": HTTP "
                             + std::to_string(r.status) + " " + r.body);
  return r.json;
}

nlohmann::json admin_wait(hub_fixture& hub, const std::string& path,
                          const std::function<bool(const nlohmann::json&)>& ok,
                          const std::string& what) {
  nlohmann::json last;
  bool done = wait_until(
    [&] {
      last = admin_get(hub, path);
      return ok(last);
    },
    report_timeout, std::chrono::milliseconds{200});
  if (!done)
    throw std::runtime_error("GET " + path + " never showed " + what
                             + "; last answer: " + last.dump());
  return last;
}

std::vector<nlohmann::json> admin_all_pages(hub_fixture& hub,
                                            const std::string& first_path,
                                            const std::string& key) {
  std::vector<nlohmann::json> items;
  auto sep = first_path.find('?') == std::string::npos ? "?" : "&";
  auto page = admin_get(hub, first_path);
  for (int pages = 1;; ++pages) {
    for (auto& item : page[key])
      items.push_back(item);
    if (page["nextCursor"].is_null())
      return items;
    if (pages > 1000)
      throw std::runtime_error("more than 1000 pages of " + first_path);
    page = admin_get(hub, first_path + sep + "cursor="
                            + page["nextCursor"].get<std::string>());
  }
}

std::vector<nlohmann::json> sessions_of(hub_fixture& hub,
                                        const std::string& agent_id) {
  std::vector<nlohmann::json> out;
  for (auto& s : admin_all_pages(hub, "/admin/sessions?limit=200", "sessions"))
    if (s["agentId"] == agent_id)
      out.push_back(s);
  return out;
}

std::vector<std::string> ids_of(const std::vector<nlohmann::json>& items) {
  std::vector<std::string> out;
  for (const auto& i : items)
    out.push_back(i["id"].get<std::string>());
  return out;
}

namespace {

header_list mcp_headers(const std::string& jwt, const std::string& sid) {
  auto h = bearer(jwt);
  h.emplace_back("Accept", "application/json, text/event-stream");
  if (!sid.empty()) {
    h.emplace_back("Mcp-Session-Id", sid);
    h.emplace_back("MCP-Protocol-Version", "2025-11-25");
  }
  return h;
}

} // namespace

std::string mcp_initialize(hub_fixture& hub, const std::string& jwt) {
  nlohmann::json init
    = {{"jsonrpc", "2.0"},
       {"id", 0},
       {"method", "initialize"},
       {"params",
        {{"protocolVersion", "2025-11-25"},
         {"capabilities", nlohmann::json::object()},
         {"clientInfo", {{"name", "admin-test"}, {"version", "1"}}}}}};
  auto r
    = hub.client().request("POST", "/mcp", mcp_headers(jwt, ""), init.dump());
  auto sid = r.header("mcp-session-id");
  if (r.status != 200 || sid.empty())
    throw std::runtime_error("MCP initialize: HTTP " + std::to_string(r.status)
                             + " " + r.body);
  return sid;
}

http_result mcp_call(hub_fixture& hub, const std::string& http_method,
                     const std::string& jwt, const std::string& sid,
                     const std::string& rpc_method) {
  std::string body;
  if (!rpc_method.empty())
    body = nlohmann::json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", rpc_method}}
             .dump();
  return hub.client().request(http_method, "/mcp", mcp_headers(jwt, sid), body);
}

} // namespace agenthub::testing
