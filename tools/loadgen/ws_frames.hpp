// RFC 6455 framing for the client side of the load generator: masked frames
// out, unmasked server frames in. Pure functions (unit-tested), so the
// connection reads large chunks and parses every frame in place instead of
// paying a library's per-message machinery (issue #5, S1 profile).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace agenthub::loadgen {

/// WebSocket opcodes the load generator uses.
enum class ws_op : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

/// Appends one complete, masked client frame (FIN set) to `out`.
void append_client_frame(std::string& out, ws_op op, std::string_view payload,
                         std::uint32_t mask);

/// A close frame's payload: the status code, big-endian.
std::string close_payload(std::uint16_t code);

/// One server frame found in a byte stream.
struct server_frame {
  bool fin = true;
  ws_op op = ws_op::text;
  std::string_view payload; ///< points into the scanned bytes
};

/// What parse_server_frame() found.
enum class frame_status {
  complete,   ///< a frame; `used` bytes were consumed
  incomplete, ///< more bytes needed
  invalid,    ///< masked, reserved bits, bad opcode, or over the limit
};

/// Parses the frame at the start of `in`. Server frames are never masked
/// (RFC 6455 §5.1). Payloads above `max_payload` bytes are invalid.
frame_status parse_server_frame(std::string_view in, std::size_t max_payload,
                                server_frame& out, std::size_t& used);

/// A cheap mask generator (xorshift); masks only need to vary.
class mask_source {
public:
  explicit mask_source(std::uint64_t seed) : s_(seed | 1) {
  }
  std::uint32_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 7;
    s_ ^= s_ << 17;
    return static_cast<std::uint32_t>(s_ >> 16);
  }

private:
  std::uint64_t s_;
};

} // namespace agenthub::loadgen
