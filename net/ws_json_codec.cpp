// Decoding and encoding of the `/ws` JSON envelope.
#include "net/ws_json_codec.hpp"

#include "actors/records_json.hpp"
#include "net/command_fields.hpp"
#include "net/json_guard.hpp"
#include "net/websocket_frame.hpp"

#include <nlohmann/json.hpp>

namespace agenthub::net {

namespace {

client_command fail(client_command cmd, const char* code, std::string msg) {
  cmd.error_code = code;
  cmd.error_message = std::move(msg);
  return cmd;
}

} // namespace

client_command decode_ws_json(std::string_view text) {
  client_command cmd;
  if (auto problem = json_text_problem(text))
    return fail(cmd, "invalid_json", *problem);
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded())
    return fail(cmd, "invalid_json", "the frame is not valid JSON");
  if (!doc.is_object())
    return fail(cmd, "invalid_frame", "the frame must be a JSON object");
  if (auto r = doc.find("ref"); r != doc.end()) {
    if (r->is_string() && r->get_ref<const std::string&>().size() <= 128)
      cmd.ref = r->get<std::string>();
    else if (r->is_number_unsigned())
      cmd.ref = std::to_string(r->get<std::uint64_t>());
    else if (r->is_number_integer())
      cmd.ref = std::to_string(r->get<std::int64_t>());
    else if (!r->is_null())
      return fail(cmd, "invalid_frame",
                  "ref must be a string of at most 128 characters or an "
                  "integer");
  }
  auto t = doc.find("type");
  if (t == doc.end() || !t->is_string())
    return fail(cmd, "invalid_frame", "the frame needs a string \"type\"");
  cmd.event = t->get<std::string>();
  if (cmd.event.empty() || cmd.event.size() > 64)
    return fail(cmd, "invalid_frame", "type must be 1 to 64 characters");
  static const nlohmann::json empty = nlohmann::json::object();
  const nlohmann::json* data = &empty;
  if (auto d = doc.find("data"); d != doc.end() && !d->is_null()) {
    if (!d->is_object())
      return fail(cmd, "invalid_request", "data must be an object");
    data = &*d;
  }
  read_command_fields(*data, cmd);
  return cmd;
}

std::string encode_ws_reply(const std::string& ref,
                            const nlohmann::json& data) {
  nlohmann::json j
    = {{"type", "reply"}, {"ref", ref}, {"ok", true}, {"data", data}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string encode_ws_error(const std::string& ref, const std::string& code,
                            const std::string& message) {
  nlohmann::json err = {{"code", code}, {"message", message}};
  nlohmann::json j
    = ref.empty()
        ? nlohmann::json{{"type", "error"}, {"error", err}}
        : nlohmann::json{
          {"type", "reply"}, {"ref", ref}, {"ok", false}, {"error", err}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string encode_ws_event(const std::string& name,
                            const nlohmann::json& data) {
  nlohmann::json j = {{"type", name}, {"data", data}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string encode_ws_message_frame(const message_record& m) {
  return ws_frame(ws_opcode::text, encode_ws_event("message:new", to_json(m)));
}

} // namespace agenthub::net
