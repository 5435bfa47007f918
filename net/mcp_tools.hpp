// The MCP tools of AgentHub: their JSON Schemas and their implementations.
#pragma once

#include "net/hub_context.hpp"
#include "net/router.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace agenthub::net {

/// The `tools/list` result: list_rooms, join_room, leave_room,
/// send_message, read_messages, wait_for_messages, each with an inputSchema
/// and an outputSchema.
const nlohmann::json& mcp_tool_list();

/// Receives a CallToolResult (`content`, `structuredContent`, `isError`).
using tool_done = std::function<void(nlohmann::json result)>;

/// Calls a tool as `who`. Returns false for an unknown tool name (the
/// caller answers JSON-RPC -32602); business and argument errors come back
/// through `done` as `isError: true` results.
bool call_mcp_tool(hub_context& ctx, const identity& who,
                   const std::string& name, const nlohmann::json& args,
                   tool_done done);

} // namespace agenthub::net
