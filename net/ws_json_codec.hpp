// The plain `/ws` framing: one JSON object per WebSocket text message.
// Pure functions (no I/O): unit tests and the fuzzer drive them.
//
//   client -> hub  {"type":"message:send","ref":"7","data":{"roomId":"…",
//                   "body":"hi","clientMsgId":"c-42"}}
//   hub -> client  {"type":"reply","ref":"7","ok":true,"data":{…}}
//                  {"type":"reply","ref":"7","ok":false,
//                   "error":{"code":"not_member","message":"…"}}
//                  {"type":"message:new","data":{…}}
#pragma once

#include "actors/records.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace agenthub::net {

/// Decodes one client message. Never throws: malformed input yields a
/// command with `error_code` set ("invalid_json", "invalid_frame",
/// "invalid_request") and, when readable, the `ref` to answer.
client_command decode_ws_json(std::string_view text);

/// `{"type":"reply","ref":…,"ok":true,"data":…}`.
std::string encode_ws_reply(const std::string& ref, const nlohmann::json& data);

/// `{"type":"reply","ref":…,"ok":false,"error":{…}}`, or for an empty ref
/// `{"type":"error","error":{…}}`.
std::string encode_ws_error(const std::string& ref, const std::string& code,
                            const std::string& message);

/// `{"type":<name>,"data":…}`.
std::string encode_ws_event(const std::string& name,
                            const nlohmann::json& data);

/// The complete WebSocket frame of a `message:new` (registered as the
/// json_ws framing encoder: computed once per message, shared by all).
std::string encode_ws_message_frame(const message_record& m);

} // namespace agenthub::net
