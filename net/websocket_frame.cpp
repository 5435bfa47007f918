// RFC 6455 frame parsing and encoding (server side).
#include "net/websocket_frame.hpp"

#include <openssl/sha.h>

namespace agenthub::net {

std::string websocket_accept_key(std::string_view client_key) {
  std::string s{client_key};
  s += "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), digest);
  // Standard base64 with padding (not base64url).
  static const char* tbl
    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (int i = 0; i < SHA_DIGEST_LENGTH; i += 3) {
    unsigned v = digest[i] << 16;
    if (i + 1 < SHA_DIGEST_LENGTH)
      v |= digest[i + 1] << 8;
    if (i + 2 < SHA_DIGEST_LENGTH)
      v |= digest[i + 2];
    out += tbl[(v >> 18) & 63];
    out += tbl[(v >> 12) & 63];
    out += i + 1 < SHA_DIGEST_LENGTH ? tbl[(v >> 6) & 63] : '=';
    out += i + 2 < SHA_DIGEST_LENGTH ? tbl[v & 63] : '=';
  }
  return out;
}

bool utf8_valid(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    char32_t cp;
    if ((b & 0xE0) == 0xC0) {
      len = 2;
      cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
      cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size())
      return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800)
        || (len == 4 && cp < 0x10000) || cp > 0x10FFFF
        || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

ws_frame_parser::ws_frame_parser(std::size_t max_message_bytes)
  : max_(max_message_bytes) {
}

void ws_frame_parser::fail(std::vector<ws_event>& out, std::uint16_t code,
                           const char* reason) {
  failed_ = true;
  out.push_back({ws_event::error, reason, code});
}

std::size_t ws_frame_parser::feed(const char* data, std::size_t size,
                                  std::vector<ws_event>& out) {
  if (failed_)
    return 0;
  auto before = buffer_.size();
  buffer_.append(data, size);
  std::string_view in{buffer_};
  while (!failed_ && parse_one(in, out)) {
    // nop: parse_one consumed one frame
  }
  if (failed_) {
    // Bytes of this call up to the frame that failed (which stays in `in`).
    auto parsed = buffer_.size() - in.size();
    return parsed > before ? parsed - before : 0;
  }
  buffer_.erase(0, buffer_.size() - in.size());
  return size;
}

namespace {

bool valid_close_code(std::uint16_t c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011)
         || (c >= 3000 && c <= 4999);
}

} // namespace

bool ws_frame_parser::parse_one(std::string_view& in,
                                std::vector<ws_event>& out) {
  if (in.size() < 2)
    return false;
  auto b0 = static_cast<unsigned char>(in[0]);
  auto b1 = static_cast<unsigned char>(in[1]);
  bool fin = b0 & 0x80;
  int opcode = b0 & 0x0F;
  if (b0 & 0x70) {
    fail(out, 1002, "reserved bits set (no extension was negotiated)");
    return false;
  }
  if (!(b1 & 0x80)) {
    fail(out, 1002, "client frames must be masked");
    return false;
  }
  std::uint64_t len = b1 & 0x7F;
  std::size_t header = 2;
  if (len == 126) {
    if (in.size() < 4)
      return false;
    len = (static_cast<unsigned char>(in[2]) << 8)
          | static_cast<unsigned char>(in[3]);
    header = 4;
  } else if (len == 127) {
    if (in.size() < 10)
      return false;
    len = 0;
    for (int i = 2; i < 10; ++i)
      len = (len << 8) | static_cast<unsigned char>(in[i]);
    header = 10;
    if (len >> 63) {
      fail(out, 1002, "invalid frame length");
      return false;
    }
  }
  bool control = opcode >= 0x8;
  if (control) {
    if (opcode > 0xA) {
      fail(out, 1002, "unknown opcode");
      return false;
    }
    if (!fin || len > 125) {
      fail(out, 1002, "invalid control frame");
      return false;
    }
  } else {
    if (opcode > 0x2) {
      fail(out, 1002, "unknown opcode");
      return false;
    }
    if (opcode == 0 && message_opcode_ < 0) {
      fail(out, 1002, "continuation without a message");
      return false;
    }
    if (opcode != 0 && message_opcode_ >= 0) {
      fail(out, 1002, "new message inside a fragmented one");
      return false;
    }
    // Reject oversized messages from the header alone: never buffer them.
    if (len > max_ || message_.size() + len > max_) {
      fail(out, 1009, "message too big");
      return false;
    }
  }
  if (in.size() < header + 4 + len)
    return false;
  const char* mask = in.data() + header;
  std::string payload{in.substr(header + 4, len)};
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
  in.remove_prefix(header + 4 + len);

  switch (opcode) {
    case 0x8: {
      if (payload.size() == 1) {
        fail(out, 1002, "invalid close payload");
        return false;
      }
      std::uint16_t code = 1005; // no status received
      if (payload.size() >= 2) {
        code = static_cast<std::uint16_t>(
          (static_cast<unsigned char>(payload[0]) << 8)
          | static_cast<unsigned char>(payload[1]));
        if (!valid_close_code(code)) {
          fail(out, 1002, "invalid close code");
          return false;
        }
        payload.erase(0, 2);
        if (!utf8_valid(payload)) {
          fail(out, 1007, "close reason is not UTF-8");
          return false;
        }
      }
      out.push_back({ws_event::close, std::move(payload), code});
      return true;
    }
    case 0x9:
      out.push_back({ws_event::ping, std::move(payload), 0});
      return true;
    case 0xA:
      out.push_back({ws_event::pong, std::move(payload), 0});
      return true;
    default:
      break;
  }
  if (opcode != 0)
    message_opcode_ = opcode;
  message_ += payload;
  if (!fin)
    return true;
  auto kind = message_opcode_ == 0x1 ? ws_event::text : ws_event::binary;
  message_opcode_ = -1;
  if (kind == ws_event::text && !utf8_valid(message_)) {
    fail(out, 1007, "text message is not valid UTF-8");
    return false;
  }
  out.push_back({kind, std::move(message_), 0});
  message_.clear();
  return true;
}

std::string ws_frame(ws_opcode op, std::string_view payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  out += static_cast<char>(0x80 | static_cast<std::uint8_t>(op));
  auto n = payload.size();
  if (n < 126) {
    out += static_cast<char>(n);
  } else if (n <= 0xFFFF) {
    out += static_cast<char>(126);
    out += static_cast<char>((n >> 8) & 0xFF);
    out += static_cast<char>(n & 0xFF);
  } else {
    out += static_cast<char>(127);
    for (int i = 7; i >= 0; --i)
      out
        += static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xFF);
  }
  out.append(payload.data(), payload.size());
  return out;
}

std::string ws_close_frame(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload += static_cast<char>(code >> 8);
  payload += static_cast<char>(code & 0xFF);
  // Control frames carry at most 125 bytes; cut on a UTF-8 boundary.
  auto r = reason.substr(0, 123);
  while (!r.empty() && !utf8_valid(r))
    r.remove_suffix(1);
  payload.append(r.data(), r.size());
  return ws_frame(ws_opcode::close, payload);
}

} // namespace agenthub::net
