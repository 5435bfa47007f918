// Typed extraction of event payload fields.
#include "net/command_fields.hpp"

#include <nlohmann/json.hpp>

namespace agenthub::net {

namespace {

bool read_string(const nlohmann::json& data, const char* key,
                 std::string& out) {
  auto i = data.find(key);
  if (i == data.end() || i->is_null())
    return true;
  if (!i->is_string())
    return false;
  out = i->get<std::string>();
  return true;
}

/// An optional non-negative integer; false if present and bad.
bool read_seq(const nlohmann::json& data, const char* key, std::int64_t& out) {
  auto i = data.find(key);
  if (i == data.end() || i->is_null())
    return true;
  if (!i->is_number_integer() || i->get<std::int64_t>() < 0)
    return false;
  out = i->get<std::int64_t>();
  return true;
}

bool fail(client_command& cmd, const char* message) {
  cmd.error_code = "invalid_request";
  cmd.error_message = message;
  return false;
}

} // namespace

bool read_command_fields(const nlohmann::json& data, client_command& cmd) {
  if (!read_string(data, "roomId", cmd.room))
    return fail(cmd, "roomId must be a string");
  if (cmd.room.empty() && !read_string(data, "slug", cmd.room))
    return fail(cmd, "slug must be a string");
  if (!read_string(data, "body", cmd.body))
    return fail(cmd, "body must be a string");
  if (!read_string(data, "clientMsgId", cmd.client_msg_id))
    return fail(cmd, "clientMsgId must be a string");
  if (!read_seq(data, "afterSeq", cmd.after_seq))
    return fail(cmd, "afterSeq must be a non-negative integer");
  if (!read_seq(data, "beforeSeq", cmd.before_seq))
    return fail(cmd, "beforeSeq must be a non-negative integer");
  if (!read_seq(data, "limit", cmd.limit) || cmd.limit == 0)
    return fail(cmd, "limit must be a positive integer");
  if (cmd.event == "message:send" && data.find("body") == data.end())
    return fail(cmd, "body is required");
  return true;
}

} // namespace agenthub::net
