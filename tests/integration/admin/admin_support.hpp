// Helpers of the admin tests: reading /admin/... as the admin, waiting for
// the collector's reports to show something, walking cursor pages, opening
// MCP sessions over raw Streamable HTTP.
#pragma once

#include <nlohmann/json.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/hub_fixture.hpp"

#include <functional>
#include <string>
#include <vector>

namespace agenthub::testing {

/// How long a report takes to show (reports come every second; generous
/// for an ASan hub on a busy two-core box).
constexpr std::chrono::milliseconds report_timeout{20000};

/// GET `path` as the admin; throws unless the answer is 200 JSON.
nlohmann::json admin_get(hub_fixture& hub, const std::string& path);

/// Polls GET `path` (as the admin) until `ok(body)`; the last body. Throws
/// with that body if `ok` never held within `report_timeout`.
nlohmann::json admin_wait(hub_fixture& hub, const std::string& path,
                          const std::function<bool(const nlohmann::json&)>& ok,
                          const std::string& what);

/// Follows `nextCursor` from `first_path` (which has no cursor yet; `key` is
/// "rooms" or "sessions") and returns every item of every page in order.
std::vector<nlohmann::json> admin_all_pages(hub_fixture& hub,
                                            const std::string& first_path,
                                            const std::string& key);

/// The admin's view of `agent`'s sessions (all pages).
std::vector<nlohmann::json> sessions_of(hub_fixture& hub,
                                        const std::string& agent_id);

/// `ids` of `items` (their "id" field), in order.
std::vector<std::string> ids_of(const std::vector<nlohmann::json>& items);

/// Opens an MCP session as the holder of `jwt` (a raw `initialize` POST to
/// /mcp); returns its Mcp-Session-Id. Throws unless the hub answers 200.
std::string mcp_initialize(hub_fixture& hub, const std::string& jwt);

/// Sends `method` (`DELETE` ends the session) or the JSON-RPC request
/// `{"method": rpc_method}` (`POST`) to /mcp in session `sid`.
http_result mcp_call(hub_fixture& hub, const std::string& http_method,
                     const std::string& jwt, const std::string& sid,
                     const std::string& rpc_method = "");

} // namespace agenthub::testing
