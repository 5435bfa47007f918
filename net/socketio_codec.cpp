// Engine.IO/Socket.IO encoding and decoding.
#include "net/socketio_codec.hpp"

#include "net/command_fields.hpp"
#include "net/json_guard.hpp"

#include <algorithm>
#include <cctype>

namespace agenthub::net::sio {

std::string eio_open(const std::string& sid, long ping_interval_ms,
                     long ping_timeout_ms, std::size_t max_payload) {
  // Built by hand to keep the reference key order (nlohmann sorts keys).
  return "0{\"sid\":" + nlohmann::json(sid).dump()
         + ",\"upgrades\":[],\"pingInterval\":"
         + std::to_string(ping_interval_ms)
         + ",\"pingTimeout\":" + std::to_string(ping_timeout_ms)
         + ",\"maxPayload\":" + std::to_string(max_payload) + "}";
}

namespace {

bool reserved_event(const std::string& name) {
  static const char* names[]
    = {"connect",       "connect_error", "disconnect",
       "disconnecting", "newListener",   "removeListener"};
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

/// Checks the payload rules of socket.io-parser's isPayloadValid.
bool payload_valid(packet_type t, const std::optional<nlohmann::json>& d) {
  switch (t) {
    case packet_type::connect:
      return !d || d->is_object();
    case packet_type::disconnect:
      return !d;
    case packet_type::connect_error:
      return d && (d->is_object() || d->is_string());
    case packet_type::event:
    case packet_type::binary_event:
      return d && d->is_array() && !d->empty()
             && ((*d)[0].is_number()
                 || ((*d)[0].is_string()
                     && !reserved_event((*d)[0].get<std::string>())));
    case packet_type::ack:
    case packet_type::binary_ack:
      return d && d->is_array();
  }
  return false;
}

} // namespace

std::variant<packet, std::string> decode(std::string_view s) {
  packet p;
  if (s.empty() || s[0] < '0' || s[0] > '6')
    return std::string{"unknown packet type"};
  p.type = static_cast<packet_type>(s[0] - '0');
  std::size_t i = 1;
  if (p.type == packet_type::binary_event
      || p.type == packet_type::binary_ack) {
    auto start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      ++i;
    if (i == start || i >= s.size() || s[i] != '-' || i - start > 2)
      return std::string{"illegal attachments"};
    p.attachments = std::stoi(std::string{s.substr(start, i - start)});
    if (p.attachments > 10)
      return std::string{"too many attachments"};
    ++i;
  }
  if (i < s.size() && s[i] == '/') {
    auto comma = s.find(',', i);
    auto end = comma == std::string_view::npos ? s.size() : comma;
    p.nsp = std::string{s.substr(i, end - i)};
    i = comma == std::string_view::npos ? s.size() : comma + 1;
  }
  if (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    auto start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      ++i;
    if (i - start > 15)
      return std::string{"ack id too long"};
    p.ack_id = std::stoull(std::string{s.substr(start, i - start)});
  }
  if (i < s.size()) {
    if (json_text_problem(s.substr(i)))
      return std::string{"invalid payload"};
    auto j = nlohmann::json::parse(s.substr(i), nullptr, false);
    if (j.is_discarded())
      return std::string{"invalid payload"};
    p.data = std::move(j);
  }
  if (!payload_valid(p.type, p.data))
    return std::string{"invalid payload"};
  return p;
}

std::string encode(packet_type type, const std::string& nsp,
                   std::optional<std::uint64_t> ack_id,
                   const std::optional<nlohmann::json>& data) {
  std::string out = "4";
  out += static_cast<char>('0' + static_cast<int>(type));
  if (nsp != "/") {
    out += nsp;
    out += ',';
  }
  if (ack_id)
    out += std::to_string(*ack_id);
  if (data)
    out += data->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

std::string encode_event(const std::string& nsp, const std::string& name,
                         const nlohmann::json& data) {
  return encode(packet_type::event, nsp, std::nullopt,
                nlohmann::json::array({name, data}));
}

client_command to_command(const packet& p) {
  client_command c;
  if (p.ack_id)
    c.ref = std::to_string(*p.ack_id);
  const auto& args = *p.data;
  if (!args[0].is_string()) {
    c.error_code = "invalid_request";
    c.error_message = "the event name must be a string";
    return c;
  }
  c.event = args[0].get<std::string>();
  if (c.event.empty()) {
    c.error_code = "invalid_request";
    c.error_message = "the event name must not be empty";
    return c;
  }
  if (args.size() < 2 || args[1].is_null()) {
    // No payload: the same field checks as /ws (body is required, ...).
    read_command_fields(nlohmann::json::object(), c);
    return c;
  }
  if (!args[1].is_object()) {
    c.error_code = "invalid_request";
    c.error_message = "the event payload must be an object";
    return c;
  }
  read_command_fields(args[1], c);
  return c;
}

} // namespace agenthub::net::sio
