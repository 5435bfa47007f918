// Client-side WebSocket framing.
#include "tools/loadgen/ws_frames.hpp"

#include <cstring>

namespace agenthub::loadgen {

void append_client_frame(std::string& out, ws_op op, std::string_view payload,
                         std::uint32_t mask) {
  auto n = payload.size();
  out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(op)));
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(
        static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
  }
  unsigned char key[4]
    = {static_cast<unsigned char>(mask >> 24),
       static_cast<unsigned char>(mask >> 16),
       static_cast<unsigned char>(mask >> 8), static_cast<unsigned char>(mask)};
  out.append(reinterpret_cast<const char*>(key), 4);
  auto at = out.size();
  out.append(payload.data(), n);
  auto* p = reinterpret_cast<unsigned char*>(&out[at]);
  // Eight bytes at a time, then the tail.
  std::uint64_t key8 = 0;
  for (int i = 0; i < 8; ++i)
    key8 |= static_cast<std::uint64_t>(key[i % 4]) << (8 * i);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t v;
    std::memcpy(&v, p + i, 8);
    v ^= key8; // little-endian: byte j gets key[j % 4]
    std::memcpy(p + i, &v, 8);
  }
  for (; i < n; ++i)
    p[i] ^= key[i % 4];
}

std::string close_payload(std::uint16_t code) {
  return std::string{static_cast<char>(code >> 8),
                     static_cast<char>(code & 0xFF)};
}

frame_status parse_server_frame(std::string_view in, std::size_t max_payload,
                                server_frame& out, std::size_t& used) {
  if (in.size() < 2)
    return frame_status::incomplete;
  auto b0 = static_cast<std::uint8_t>(in[0]);
  auto b1 = static_cast<std::uint8_t>(in[1]);
  if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0)
    return frame_status::invalid; // reserved bits, or a masked server frame
  auto op = b0 & 0x0F;
  bool control = (op & 0x08) != 0;
  if ((op > 0x2 && op < 0x8) || op > 0xA)
    return frame_status::invalid;
  std::size_t header = 2;
  std::uint64_t len = b1 & 0x7F;
  if (len == 126) {
    if (in.size() < 4)
      return frame_status::incomplete;
    len = (static_cast<std::uint64_t>(static_cast<std::uint8_t>(in[2])) << 8)
          | static_cast<std::uint8_t>(in[3]);
    header = 4;
  } else if (len == 127) {
    if (in.size() < 10)
      return frame_status::incomplete;
    len = 0;
    for (int i = 2; i < 10; ++i)
      len = (len << 8)
            | static_cast<std::uint8_t>(in[static_cast<std::size_t>(i)]);
    header = 10;
  }
  if (len > max_payload || (control && (len > 125 || (b0 & 0x80) == 0)))
    return frame_status::invalid;
  if (in.size() - header < len)
    return frame_status::incomplete;
  out.fin = (b0 & 0x80) != 0;
  out.op = static_cast<ws_op>(op);
  out.payload = in.substr(header, static_cast<std::size_t>(len));
  used = header + static_cast<std::size_t>(len);
  return frame_status::complete;
}

} // namespace agenthub::loadgen
