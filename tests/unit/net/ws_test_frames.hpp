// Test helpers for RFC 6455 frames: a builder of client frames (masked or
// not, any header form) and a decoder of the hub's unmasked server frames.
#pragma once

#include "net/websocket_frame.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace agenthub::test {

/// How a client frame is laid out on the wire.
struct frame_spec {
  std::uint8_t opcode = 0x1;
  std::string payload;
  bool fin = true;
  std::uint8_t rsv = 0; ///< the three RSV bits, 0..7
  bool masked = true;
  /// Length form: 0 = minimal, 126 = 16-bit extended, 127 = 64-bit extended.
  int length_form = 0;
  /// Overrides the length written in the header (for header-only tests).
  std::optional<std::uint64_t> declared_length;
  std::array<std::uint8_t, 4> mask{{0x37, 0xFA, 0x21, 0x3D}};
};

/// The bytes of a client frame as described by `s`.
inline std::string client_frame(const frame_spec& s) {
  std::string out;
  out += static_cast<char>((s.fin ? 0x80 : 0) | ((s.rsv & 7) << 4)
                           | (s.opcode & 0x0F));
  std::uint64_t n = s.declared_length.value_or(s.payload.size());
  int form = s.length_form;
  if (form == 0)
    form = n < 126 ? 0 : (n <= 0xFFFF ? 126 : 127);
  auto mask_bit = static_cast<std::uint8_t>(s.masked ? 0x80 : 0);
  if (form == 0) {
    out += static_cast<char>(mask_bit | n);
  } else if (form == 126) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>((n >> 8) & 0xFF);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int i = 7; i >= 0; --i)
      out += static_cast<char>((n >> (8 * i)) & 0xFF);
  }
  if (s.masked)
    for (auto b : s.mask)
      out += static_cast<char>(b);
  for (std::size_t i = 0; i < s.payload.size(); ++i) {
    auto c = static_cast<std::uint8_t>(s.payload[i]);
    out += static_cast<char>(s.masked ? c ^ s.mask[i % 4] : c);
  }
  return out;
}

/// A masked, final client frame.
inline std::string masked(std::uint8_t opcode, std::string payload,
                          bool fin = true) {
  frame_spec s;
  s.opcode = opcode;
  s.payload = std::move(payload);
  s.fin = fin;
  return client_frame(s);
}

/// A close payload: the code in network order, then the reason.
inline std::string close_payload(std::uint16_t code, std::string reason) {
  std::string p;
  p += static_cast<char>(code >> 8);
  p += static_cast<char>(code & 0xFF);
  return p + reason;
}

/// One server frame as read back by `decode_server_frame`.
struct server_frame {
  bool fin = false;
  std::uint8_t rsv = 0;
  std::uint8_t opcode = 0;
  bool masked = false;
  std::size_t header_bytes = 0;
  std::string payload;
};

/// Decodes exactly one complete server frame; nullopt if `bytes` is not
/// exactly one frame.
inline std::optional<server_frame> decode_server_frame(std::string_view b) {
  if (b.size() < 2)
    return std::nullopt;
  server_frame f;
  auto b0 = static_cast<std::uint8_t>(b[0]);
  auto b1 = static_cast<std::uint8_t>(b[1]);
  f.fin = (b0 & 0x80) != 0;
  f.rsv = static_cast<std::uint8_t>((b0 >> 4) & 7);
  f.opcode = b0 & 0x0F;
  f.masked = (b1 & 0x80) != 0;
  std::uint64_t n = b1 & 0x7F;
  std::size_t header = 2;
  if (n == 126) {
    if (b.size() < 4)
      return std::nullopt;
    n = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(b[2])) << 8)
        | static_cast<std::uint8_t>(b[3]);
    header = 4;
  } else if (n == 127) {
    if (b.size() < 10)
      return std::nullopt;
    n = 0;
    for (int i = 2; i < 10; ++i)
      n = (n << 8) | static_cast<std::uint8_t>(b[i]);
    header = 10;
  }
  if (f.masked || b.size() != header + n)
    return std::nullopt;
  f.header_bytes = header;
  f.payload = std::string{b.substr(header)};
  return f;
}

/// Feeds `bytes` in one call and returns the events.
inline std::vector<net::ws_event> parse_all(net::ws_frame_parser& p,
                                            const std::string& bytes) {
  std::vector<net::ws_event> out;
  p.feed(bytes.data(), bytes.size(), out);
  return out;
}

} // namespace agenthub::test

namespace agenthub::net {

/// Readable event kinds in Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, ws_event::kind_t k) {
  static const char* names[]
    = {"text", "binary", "ping", "pong", "close", "error"};
  return os << names[static_cast<int>(k)];
}

/// Readable opcodes in Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, ws_opcode op) {
  return os << "opcode " << static_cast<int>(op);
}

} // namespace agenthub::net
