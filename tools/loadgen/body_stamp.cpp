// The timing stamp of loadgen message bodies.
#include "tools/loadgen/body_stamp.hpp"

#include <charconv>

namespace agenthub::loadgen {

namespace {

std::string prefix(const body_stamp& s) {
  std::string out = "lg:";
  out += std::to_string(s.send_ns);
  out += ':';
  out += std::to_string(s.sender_conn);
  out += ':';
  out += std::to_string(s.n);
  out += '|';
  return out;
}

template <class T>
bool read_number(std::string_view& in, char stop, T& out) {
  auto end = in.data() + in.size();
  auto [p, ec] = std::from_chars(in.data(), end, out);
  if (ec != std::errc{} || p == in.data() || p == end || *p != stop)
    return false;
  in.remove_prefix(static_cast<std::size_t>(p - in.data()) + 1);
  return true;
}

} // namespace

std::string make_body(const body_stamp& s, std::size_t size) {
  auto out = prefix(s);
  if (out.size() < size)
    out.append(size - out.size(), 'x');
  return out;
}

std::string stamp_body(const body_stamp& s, std::string_view body) {
  auto out = prefix(s);
  out.append(body);
  return out;
}

std::optional<body_stamp> parse_stamp(std::string_view body) {
  if (body.substr(0, 3) != "lg:")
    return std::nullopt;
  body.remove_prefix(3);
  body_stamp s;
  if (!read_number(body, ':', s.send_ns)
      || !read_number(body, ':', s.sender_conn) || !read_number(body, '|', s.n))
    return std::nullopt;
  return s;
}

} // namespace agenthub::loadgen
