// A single-pass scanner for the hot inbound frames (no JSON tree).
#include "tools/loadgen/fast_scan.hpp"

#include <charconv>
#include <cstring>

namespace agenthub::loadgen {

namespace {

/// A forward-only JSON tokenizer over one frame. Every method returns false
/// on anything it does not understand; callers then give up.
class scanner {
public:
  explicit scanner(std::string_view s)
    : p_(s.data()), end_(s.data() + s.size()) {
  }

  void skip_ws() {
    while (p_ < end_
           && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
      ++p_;
  }

  bool eat(char c) {
    skip_ws();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  bool at_end() {
    skip_ws();
    return p_ == end_;
  }

  /// A string's raw content (between the quotes); `escaped` if it holds a
  /// backslash escape.
  bool string(std::string_view& raw, bool& escaped) {
    skip_ws();
    if (p_ >= end_ || *p_ != '"')
      return false;
    const char* start = ++p_;
    escaped = false;
    // memchr for the closing quote; byte by byte only past a backslash.
    for (;;) {
      auto* q = static_cast<const char*>(
        std::memchr(p_, '"', static_cast<std::size_t>(end_ - p_)));
      if (q == nullptr)
        return false;
      auto* bs = static_cast<const char*>(
        std::memchr(p_, '\\', static_cast<std::size_t>(q - p_)));
      if (bs == nullptr) {
        raw = std::string_view(start, static_cast<std::size_t>(q - start));
        p_ = q + 1;
        return true;
      }
      escaped = true;
      p_ = bs + 2; // skip the escaped character
      if (p_ > end_)
        return false;
    }
  }

  /// A non-negative integer (no fraction, no exponent).
  bool number(std::uint64_t& v) {
    skip_ws();
    auto [q, ec] = std::from_chars(p_, end_, v);
    if (ec != std::errc{} || q == p_)
      return false;
    if (q < end_ && (*q == '.' || *q == 'e' || *q == 'E'))
      return false;
    p_ = q;
    return true;
  }

  bool literal(std::string_view lit) {
    skip_ws();
    if (static_cast<std::size_t>(end_ - p_) < lit.size()
        || std::string_view(p_, lit.size()) != lit)
      return false;
    p_ += lit.size();
    return true;
  }

  /// Skips any value, nested objects and arrays included.
  bool skip_value() {
    skip_ws();
    if (p_ >= end_)
      return false;
    std::string_view ignored;
    bool esc = false;
    switch (*p_) {
      case '"':
        return string(ignored, esc);
      case '{':
      case '[':
        return skip_nested();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return skip_number();
    }
  }

private:
  bool skip_number() {
    const char* start = p_;
    while (p_ < end_
           && ((*p_ >= '0' && *p_ <= '9') || *p_ == '-' || *p_ == '+'
               || *p_ == '.' || *p_ == 'e' || *p_ == 'E'))
      ++p_;
    return p_ != start;
  }

  bool skip_nested() {
    int depth = 0;
    std::string_view ignored;
    bool esc = false;
    while (p_ < end_) {
      char c = *p_;
      if (c == '"') {
        if (!string(ignored, esc))
          return false;
        continue;
      }
      ++p_;
      if (c == '{' || c == '[')
        ++depth;
      else if ((c == '}' || c == ']') && --depth == 0)
        return true;
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

/// Calls fn(key, scanner) for each member of an object; fn consumes the
/// value. Escaped keys are passed as "" (never one of ours).
template <class Fn>
bool for_each_member(scanner& s, Fn&& fn) {
  if (!s.eat('{'))
    return false;
  if (s.eat('}'))
    return true;
  for (;;) {
    std::string_view key;
    bool esc = false;
    if (!s.string(key, esc) || !s.eat(':'))
      return false;
    if (!fn(esc ? std::string_view{} : key, s))
      return false;
    if (s.eat(','))
      continue;
    return s.eat('}');
  }
}

struct data_fields {
  std::string_view room_id, body;
  std::uint64_t seq = 0;
  bool has_room = false, has_seq = false, duplicate = false;
};

/// The data object of a delivery or a send reply. An `error`, `ok` or
/// `data` member (an error or a wrapped ack) sends the frame to the exact
/// decoder.
bool read_data(scanner& s, data_fields& d) {
  return for_each_member(s, [&d](std::string_view k, scanner& sc) {
    bool esc = false;
    if (k == "roomId") {
      d.has_room = sc.string(d.room_id, esc) && !esc;
      return d.has_room;
    }
    if (k == "seq")
      return d.has_seq = sc.number(d.seq);
    if (k == "body")
      return sc.string(d.body, esc);
    if (k == "duplicate") {
      if (sc.literal("true"))
        return d.duplicate = true;
      return sc.literal("false");
    }
    if (k == "error" || k == "ok" || k == "data" || k.empty())
      return false;
    return sc.skip_value();
  });
}

std::optional<hot_frame> delivery(const data_fields& d) {
  if (!d.has_room || !d.has_seq)
    return std::nullopt;
  hot_frame h;
  h.what = hot_frame::kind::message_new;
  h.room_id = d.room_id;
  h.seq = d.seq;
  h.body_raw = d.body;
  return h;
}

std::optional<hot_frame> ack(std::uint64_t id, const data_fields& d) {
  if (!d.has_seq)
    return std::nullopt;
  hot_frame h;
  h.what = hot_frame::kind::send_ack;
  h.id = id;
  h.seq = d.seq;
  h.duplicate = d.duplicate;
  return h;
}

// {"data":{…},"ok":true,"ref":"7","type":"reply"} or
// {"data":{…},"type":"message:new"}, members in any order.
std::optional<hot_frame> scan_ws(std::string_view text) {
  scanner s(text);
  data_fields d;
  std::string_view type;
  std::uint64_t ref = 0;
  bool has_data = false, has_ref = false, ok = false;
  bool parsed = for_each_member(s, [&](std::string_view k, scanner& sc) {
    bool esc = false;
    if (k == "type")
      return sc.string(type, esc) && !esc;
    if (k == "data")
      return has_data = read_data(sc, d);
    if (k == "ok")
      return ok = sc.literal("true");
    if (k == "ref") {
      std::string_view r;
      if (!sc.string(r, esc) || esc || r.empty())
        return false;
      auto [q, ec] = std::from_chars(r.data(), r.data() + r.size(), ref);
      return has_ref = ec == std::errc{} && q == r.data() + r.size();
    }
    if (k.empty() || k == "error")
      return false;
    return sc.skip_value();
  });
  if (!parsed || !s.at_end() || !has_data)
    return std::nullopt;
  if (type == "message:new")
    return delivery(d);
  if (type == "reply" && ok && has_ref)
    return ack(ref, d);
  return std::nullopt;
}

// 42/agents,["message:new",{…}] or 43/agents,<id>[{…}].
std::optional<hot_frame> scan_socketio(std::string_view text) {
  constexpr std::string_view event = "42/agents,";
  constexpr std::string_view reply = "43/agents,";
  bool is_event = text.substr(0, event.size()) == event;
  if (!is_event && text.substr(0, reply.size()) != reply)
    return std::nullopt;
  text.remove_prefix(event.size());
  std::uint64_t id = 0;
  auto [q, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  bool has_id = ec == std::errc{} && q != text.data();
  text.remove_prefix(static_cast<std::size_t>(q - text.data()));
  scanner s(text);
  data_fields d;
  if (is_event) {
    std::string_view name;
    bool esc = false;
    if (has_id || !s.eat('[') || !s.string(name, esc) || esc
        || name != "message:new" || !s.eat(','))
      return std::nullopt;
  } else if (!has_id || !s.eat('[')) {
    return std::nullopt;
  }
  if (!read_data(s, d) || !s.eat(']') || !s.at_end())
    return std::nullopt;
  return is_event ? delivery(d) : ack(id, d);
}

} // namespace

std::optional<hot_frame> scan_hot_frame(framing f, std::string_view text) {
  return f == framing::ws ? scan_ws(text) : scan_socketio(text);
}

} // namespace agenthub::loadgen
