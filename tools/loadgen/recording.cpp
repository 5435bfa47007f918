// The recording parser: JSON lines, a header first, then client events.
#include "tools/loadgen/recording.hpp"

#include <nlohmann/json.hpp>

namespace agenthub::loadgen {

namespace {

using json = nlohmann::json;

bool needs_room(recorded_kind k) {
  return k != recorded_kind::connect && k != recorded_kind::disconnect
         && k != recorded_kind::unknown;
}

std::optional<std::string> parse_header(const std::string& text,
                                        recording& rec) {
  json h = json::parse(text, nullptr, false);
  if (h.is_discarded() || !h.is_object())
    return "the first line is not a JSON object (expected the header)";
  auto v = h.find("agenthub_recording");
  if (v == h.end() || !v->is_number_integer())
    return "the header has no integer \"agenthub_recording\"";
  rec.version = v->get<int>();
  if (rec.version != 1)
    return "unsupported recording version " + std::to_string(rec.version);
  if (auto s = h.find("started"); s != h.end() && s->is_string())
    rec.started = s->get<std::string>();
  if (auto b = h.find("bodies"); b != h.end() && b->is_boolean())
    rec.bodies = b->get<bool>();
  rec.header_ok = true;
  return std::nullopt;
}

} // namespace

recorded_kind kind_of(const std::string& e) {
  if (e == "connect")
    return recorded_kind::connect;
  if (e == "disconnect")
    return recorded_kind::disconnect;
  if (e == "room:join")
    return recorded_kind::room_join;
  if (e == "room:leave")
    return recorded_kind::room_leave;
  if (e == "message:send")
    return recorded_kind::message_send;
  if (e == "message:history")
    return recorded_kind::message_history;
  if (e == "presence:list")
    return recorded_kind::presence_list;
  return recorded_kind::unknown;
}

std::uint64_t recording::unknown_count() const {
  std::uint64_t n = 0;
  for (auto& [name, count] : unknown_events)
    n += count;
  return n;
}

std::optional<std::string> parse_event_line(const std::string& text,
                                            recorded_event& out) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    return "not valid JSON";
  if (!j.is_object())
    return "not a JSON object";
  auto t = j.find("t");
  if (t == j.end() || !t->is_number() || t->get<double>() < 0)
    return "missing or invalid \"t\" (seconds >= 0)";
  auto conn = j.find("conn");
  if (conn == j.end() || !conn->is_number_integer())
    return "missing or invalid \"conn\" (integer)";
  auto ev = j.find("event");
  if (ev == j.end() || !ev->is_string())
    return "missing or invalid \"event\" (string)";
  out.t = t->get<double>();
  out.conn = conn->get<std::int64_t>();
  out.event = ev->get<std::string>();
  out.kind = kind_of(out.event);
  auto str = [&](const char* key, std::string& dst) -> bool {
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
      return true;
    if (!it->is_string())
      return false;
    dst = it->get<std::string>();
    return true;
  };
  if (!str("agent", out.agent))
    return "\"agent\" is not a string";
  if (!str("framing", out.framing))
    return "\"framing\" is not a string";
  if (!out.framing.empty() && out.framing != "ws" && out.framing != "socketio")
    return "\"framing\" is neither \"ws\" nor \"socketio\"";
  if (!str("room", out.room))
    return "\"room\" is not a string";
  if (out.kind == recorded_kind::connect && out.agent.empty())
    return "a connect event needs \"agent\"";
  if (needs_room(out.kind) && j.find("room") == j.end())
    return "a " + out.event + " event needs \"room\"";
  if (auto s = j.find("size"); s != j.end() && !s->is_null()) {
    if (!s->is_number_unsigned() && !s->is_number_integer())
      return "\"size\" is not an integer";
    if (s->get<std::int64_t>() < 0)
      return "\"size\" is negative";
    out.size = s->get<std::uint64_t>();
  }
  if (auto c = j.find("clientMsgId"); c != j.end() && !c->is_null()) {
    if (!c->is_boolean())
      return "\"clientMsgId\" is not a boolean";
    out.client_msg_id = c->get<bool>();
  }
  if (auto b = j.find("body"); b != j.end() && !b->is_null()) {
    if (!b->is_string())
      return "\"body\" is not a string";
    out.body = b->get<std::string>();
  }
  return std::nullopt;
}

recording parse_recording(std::istream& in) {
  recording rec;
  std::string text;
  std::size_t line = 0;
  bool header_seen = false;
  while (std::getline(in, text)) {
    ++line;
    if (!text.empty() && text.back() == '\r')
      text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos)
      continue;
    if (!header_seen) {
      header_seen = true;
      if (auto err = parse_header(text, rec)) {
        rec.issues.push_back({line, *err});
        return rec; // nothing after a bad header can be trusted
      }
      continue;
    }
    recorded_event e;
    e.line = line;
    if (auto err = parse_event_line(text, e)) {
      rec.issues.push_back({line, *err});
      continue;
    }
    if (e.kind == recorded_kind::unknown) {
      ++rec.unknown_events[e.event];
      continue;
    }
    rec.events.push_back(std::move(e));
  }
  if (!header_seen)
    rec.issues.push_back({1, "empty recording: no header line"});
  return rec;
}

} // namespace agenthub::loadgen
