// RFC 6455 framing, server side: a pure incremental parser and encoders.
// No I/O: unit tests and the fuzzer drive it directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agenthub::net {

/// Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2).
std::string websocket_accept_key(std::string_view client_key);

/// One complete event from the client.
struct ws_event {
  enum kind_t { text, binary, ping, pong, close, error } kind;
  std::string payload;    ///< message data, ping/pong data, close reason
  std::uint16_t code = 0; ///< close code received, or the code to close
                          ///< with on error
};

/// Incremental parser of client frames: reassembles fragmented messages,
/// unmasks, enforces masking, RSV bits, opcodes, control frame rules, the
/// message size limit (1009) and UTF-8 of text messages (1007). After an
/// `error` event it accepts no more input.
class ws_frame_parser {
public:
  explicit ws_frame_parser(std::size_t max_message_bytes);

  /// Consumes bytes; appends complete events to `out`. Returns the bytes
  /// consumed (all of them unless an error stopped parsing).
  std::size_t feed(const char* data, std::size_t size,
                   std::vector<ws_event>& out);

  bool failed() const {
    return failed_;
  }

private:
  bool parse_one(std::string_view& in, std::vector<ws_event>& out);
  void fail(std::vector<ws_event>& out, std::uint16_t code, const char* reason);

  std::size_t max_;
  std::string buffer_;      ///< bytes of an incomplete frame
  std::string message_;     ///< fragments of an incomplete message
  int message_opcode_ = -1; ///< opcode of the message being reassembled
  bool failed_ = false;
};

/// Opcodes the hub sends.
enum class ws_opcode : std::uint8_t {
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

/// A complete unmasked server frame (header + payload) with FIN set.
std::string ws_frame(ws_opcode op, std::string_view payload);

/// A close frame with a code and a reason (truncated to fit 125 bytes).
std::string ws_close_frame(std::uint16_t code, std::string_view reason);

/// True if `s` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool utf8_valid(std::string_view s);

} // namespace agenthub::net
