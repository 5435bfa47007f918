// Client-side framings: encode requests, decode what the server sends.
#include "tools/loadgen/client_codec.hpp"

namespace agenthub::loadgen {

namespace {

using json = nlohmann::json;
constexpr std::string_view nsp = "/agents";

inbound invalid() {
  inbound in;
  in.what = inbound::kind::invalid;
  return in;
}

// The error code of an error object {"code","message"}, or "unknown".
std::string code_of(const json& err) {
  if (err.is_object()) {
    auto c = err.find("code");
    if (c != err.end() && c->is_string())
      return c->get<std::string>();
  }
  if (err.is_string())
    return err.get<std::string>();
  return "unknown";
}

inbound event_of(const std::string& name, json data) {
  inbound in;
  in.event = name;
  if (name == "message:new")
    in.what = inbound::kind::message_new;
  else if (name == "connected")
    in.what = inbound::kind::connected;
  else if (name == "error")
    in.what = inbound::kind::error_event;
  else
    in.what = inbound::kind::event;
  if (in.what == inbound::kind::error_event) {
    auto& err
      = data.is_object() && data.contains("error") ? data["error"] : data;
    in.code = code_of(err);
  }
  in.data = std::move(data);
  return in;
}

inbound decode_ws(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return invalid();
  auto type = j.find("type");
  if (type == j.end() || !type->is_string())
    return invalid();
  auto name = type->get<std::string>();
  if (name == "reply") {
    inbound in;
    in.what = inbound::kind::reply;
    auto ref = j.find("ref");
    if (ref != j.end() && ref->is_string()) {
      auto s = ref->get<std::string>();
      try {
        std::size_t used = 0;
        in.id = std::stoull(s, &used);
        in.has_id = used == s.size();
      } catch (...) {
        in.has_id = false;
      }
    }
    auto ok = j.find("ok");
    in.ok = ok != j.end() && ok->is_boolean() && ok->get<bool>();
    if (in.ok) {
      if (auto d = j.find("data"); d != j.end())
        in.data = std::move(*d);
    } else {
      auto e = j.find("error");
      in.code = e == j.end() ? "unknown" : code_of(*e);
    }
    return in;
  }
  if (name == "error") {
    inbound in;
    in.what = inbound::kind::error_event;
    in.event = name;
    auto e = j.find("error");
    in.code = e == j.end() ? "unknown" : code_of(*e);
    return in;
  }
  auto d = j.find("data");
  return event_of(name, d == j.end() ? json{} : std::move(*d));
}

// A Socket.IO ACK argument: {"error":{…}}, {"ok":false,…}, {"ok":true,
// "data":{…}} or the result itself.
void read_ack(json args, inbound& in) {
  if (!args.is_array() || args.empty()) {
    in.ok = true;
    return;
  }
  auto& a = args[0];
  if (a.is_object()) {
    if (auto e = a.find("error"); e != a.end() && !e->is_null()) {
      in.code = code_of(*e);
      return;
    }
    if (auto ok = a.find("ok"); ok != a.end() && ok->is_boolean()) {
      in.ok = ok->get<bool>();
      if (!in.ok) {
        in.code = "unknown";
        return;
      }
      if (auto d = a.find("data"); d != a.end() && d->is_object()) {
        in.data = std::move(*d);
        return;
      }
    }
  }
  in.ok = true;
  in.data = std::move(a);
}

inbound decode_socketio(std::string_view s) {
  if (s.empty())
    return invalid();
  inbound in;
  int type = s[0] - '0';
  if (type < 0 || type > 6)
    return invalid();
  s.remove_prefix(1);
  // The namespace, up to the next ',' or the end.
  std::string_view pkt_nsp = "/";
  if (!s.empty() && s[0] == '/') {
    auto comma = s.find(',');
    pkt_nsp = s.substr(0, comma);
    s.remove_prefix(comma == std::string_view::npos ? s.size() : comma + 1);
  }
  if (type == 5 || type == 6 || pkt_nsp != nsp)
    return in; // binary packets and other namespaces: ignored
  std::size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9')
    ++digits;
  if (digits > 0 && digits <= 19) {
    in.has_id = true;
    in.id = std::stoull(std::string{s.substr(0, digits)});
  }
  s.remove_prefix(digits);
  json payload;
  if (!s.empty()) {
    payload = json::parse(s, nullptr, false);
    if (payload.is_discarded())
      return invalid();
  }
  switch (type) {
    case 0:
      in.what = inbound::kind::connect_ok;
      in.data = std::move(payload);
      return in;
    case 1:
      in.what = inbound::kind::disconnect;
      return in;
    case 2: {
      if (!payload.is_array() || payload.empty() || !payload[0].is_string())
        return invalid();
      auto name = payload[0].get<std::string>();
      auto out
        = event_of(name, payload.size() > 1 ? std::move(payload[1]) : json{});
      out.has_id = in.has_id;
      out.id = in.id;
      return out;
    }
    case 3:
      if (!in.has_id || !payload.is_array())
        return invalid();
      in.what = inbound::kind::reply;
      read_ack(std::move(payload), in);
      return in;
    case 4:
      in.what = inbound::kind::connect_error;
      if (payload.is_object() && payload.contains("data"))
        in.code = code_of(payload["data"]);
      if ((in.code.empty() || in.code == "unknown") && payload.is_object()
          && payload.contains("message"))
        in.code = code_of(payload["message"]);
      in.data = std::move(payload);
      return in;
    default:
      return invalid();
  }
}

} // namespace

const char* to_string(framing f) {
  return f == framing::ws ? "ws" : "socketio";
}

std::optional<framing> parse_framing(const std::string& text) {
  if (text == "ws")
    return framing::ws;
  if (text == "socketio")
    return framing::socketio;
  return std::nullopt;
}

std::string handshake_target(framing f) {
  return f == framing::ws ? "/ws" : "/socket.io/?EIO=4&transport=websocket";
}

std::string encode_request(framing f, std::string_view type, std::uint64_t id,
                           const nlohmann::json& data) {
  if (f == framing::ws) {
    json j = {{"type", type}, {"ref", std::to_string(id)}, {"data", data}};
    return j.dump();
  }
  std::string out = "42/agents,";
  out += std::to_string(id);
  out += json::array({type, data}).dump();
  return out;
}

namespace {

bool plain(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f)
      return false;
  return true;
}

} // namespace

std::string encode_send(framing f, std::uint64_t id, std::string_view room_id,
                        std::string_view body, std::string_view client_msg_id) {
  if (!plain(room_id) || !plain(body) || !plain(client_msg_id)) {
    json data = {{"roomId", room_id}, {"body", body}};
    if (!client_msg_id.empty())
      data["clientMsgId"] = client_msg_id;
    return encode_request(f, "message:send", id, data);
  }
  // The member order of nlohmann's dump (sorted keys), so both paths give
  // the same bytes.
  auto ids = std::to_string(id);
  std::string out;
  out.reserve(body.size() + room_id.size() + client_msg_id.size() + 96);
  if (f == framing::ws) {
    out += R"({"data":{"body":")";
  } else {
    out += "42/agents,";
    out += ids;
    out += R"(["message:send",{"body":")";
  }
  out += body;
  if (!client_msg_id.empty()) {
    out += R"(","clientMsgId":")";
    out += client_msg_id;
  }
  out += R"(","roomId":")";
  out += room_id;
  if (f == framing::ws) {
    out += R"("},"ref":")";
    out += ids;
    out += R"(","type":"message:send"})";
  } else {
    out += R"("}])";
  }
  return out;
}

std::string encode_connect(const std::string& token) {
  return "40/agents," + json{{"token", token}}.dump();
}

std::string eio_pong() {
  return "3";
}

inbound decode_inbound(framing f, std::string_view text) {
  if (f == framing::ws)
    return decode_ws(text);
  if (text.empty())
    return invalid();
  inbound in;
  switch (text[0]) {
    case '0':
      in.what = inbound::kind::eio_open;
      return in;
    case '1':
      in.what = inbound::kind::disconnect;
      return in;
    case '2':
      in.what = inbound::kind::eio_ping;
      return in;
    case '4':
      return decode_socketio(text.substr(1));
    case '3':
    case '5':
    case '6':
      return in;
    default:
      return invalid();
  }
}

} // namespace agenthub::loadgen
