// A small synchronous WebSocket client for tests of `/ws`: connect (or be
// refused), send JSON or raw bytes, receive with deadlines, see the close.
#pragma once

#include <nlohmann/json.hpp>

#include "tests/support/wait.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace agenthub::testing {

/// How long a test waits for one expected frame. Generous: the hub may be
/// ASan-instrumented on a busy two-core box.
constexpr std::chrono::milliseconds frame_timeout{15000};

/// Where the session JWT goes in the upgrade request.
enum class ws_auth {
  header, ///< Authorization: Bearer <token>
  query,  ///< /ws?token=<token>
  none,   ///< no credentials at all
};

/// Connection settings of a test client.
struct ws_options {
  ws_auth auth = ws_auth::header;
  std::string path = "/ws";
  /// SO_RCVBUF set before connecting (0: the system default). A small
  /// buffer makes a client that stops reading back up the hub quickly.
  int receive_buffer_bytes = 0;
  /// Deadline of the TCP connect and the upgrade exchange.
  std::chrono::milliseconds timeout = request_timeout;
};

/// A refused upgrade: the plain HTTP answer.
struct ws_refusal {
  unsigned status = 0;
  std::map<std::string, std::string> headers; ///< by lower-case name
  std::string body;
  nlohmann::json json; ///< the parsed body, or null

  /// `json["error"]["code"]`, or "".
  std::string error_code() const;
};

/// How the connection ended.
struct ws_close {
  /// The close frame's code; 0 if the connection ended without one.
  std::uint16_t code = 0;
  /// The close reason, or the transport error when there was no frame.
  std::string reason;
};

/// One client connection. Frames are read only while the test waits for
/// something, so a client that is not asked to receive does not read its
/// socket at all (a slow consumer). Not thread-safe.
class ws_client {
public:
  using predicate = std::function<bool(const nlohmann::json&)>;
  using raw_handler = std::function<bool(const std::string& text)>;

  /// Connects to 127.0.0.1:`port` and upgrades. Throws std::runtime_error
  /// (with the status and body) if the hub refuses, or on a transport error.
  ws_client(std::uint16_t port, const std::string& token,
            const ws_options& opts = {});
  ~ws_client();
  ws_client(const ws_client&) = delete;
  ws_client& operator=(const ws_client&) = delete;

  /// Like the constructor, but a refused upgrade is returned, not thrown.
  static std::variant<std::unique_ptr<ws_client>, ws_refusal>
  try_connect(std::uint16_t port, const std::string& token,
              const ws_options& opts = {});

  /// Sends one text frame; false if the connection is gone.
  bool send_text(const std::string& text);

  /// Sends `frame.dump()` as a text frame.
  bool send_json(const nlohmann::json& frame);

  /// Writes `bytes` to the socket as they are (hand-made frames, see
  /// `client_frame`); false if the write failed.
  bool send_raw(const std::string& bytes);

  /// Sends `{"type","ref","data"}` with a fresh ref and returns the ref.
  std::string send_request(const std::string& type, const nlohmann::json& data);

  /// `send_request`, then the reply to it. Throws on timeout or close.
  nlohmann::json request(const std::string& type, const nlohmann::json& data,
                         std::chrono::milliseconds timeout = frame_timeout);

  /// The next frame (buffered first, else read); nullopt on timeout or
  /// once the connection has ended and nothing is buffered.
  std::optional<nlohmann::json> receive(std::chrono::milliseconds timeout
                                        = frame_timeout);

  /// The first frame, buffered or new, that `match` accepts; the frames
  /// before it stay buffered in order. nullopt on timeout or close.
  std::optional<nlohmann::json> wait_for(const predicate& match,
                                         std::chrono::milliseconds timeout
                                         = frame_timeout);

  /// The first event of `type` (e.g. "message:new"). Throws on timeout.
  nlohmann::json wait_event(const std::string& type,
                            std::chrono::milliseconds timeout = frame_timeout);

  /// The reply to `ref`. Throws on timeout.
  nlohmann::json wait_reply(const std::string& ref,
                            std::chrono::milliseconds timeout = frame_timeout);

  /// Reads (buffering every frame) until the hub closes the connection;
  /// how it ended, or nullopt if it is still open after `timeout`.
  std::optional<ws_close> wait_close(std::chrono::milliseconds timeout
                                     = frame_timeout);

  /// Reads new frames without parsing or buffering them (fast enough for
  /// floods), handing each one's text to `on_frame` until it returns false
  /// or the connection ends; false if `timeout` passed first.
  bool drain(const raw_handler& on_frame,
             std::chrono::milliseconds timeout = frame_timeout);

  /// Reads whatever arrives within `quiet` into the buffer.
  void poll(std::chrono::milliseconds quiet = std::chrono::milliseconds{0});

  /// Frames received and not yet consumed, oldest first.
  std::deque<nlohmann::json>& buffered();

  /// Removes and returns every buffered frame.
  std::deque<nlohmann::json> take_buffered();

  /// True until the connection has ended.
  bool is_open() const;

  /// How the connection ended, once it has.
  std::optional<ws_close> close_info() const;

  /// Sends a close frame with `code` and waits (bounded) for the echo.
  void close(std::uint16_t code = 1000);

  /// Drops the TCP connection without a close frame.
  void drop();

  /// "type ref code" of the last buffered frames, for failure messages.
  std::string describe_buffer(std::size_t last = 8) const;

private:
  struct impl;
  explicit ws_client(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

/// A masked client frame (RFC 6455 §5.2) with `opcode` (1 text, 2 binary,
/// 8 close, 9 ping) and `payload`, for `send_raw`.
std::string client_frame(std::uint8_t opcode, const std::string& payload,
                         bool fin = true);

/// A frame's `type`, or "" if it has none.
std::string frame_type(const nlohmann::json& frame);

/// `frame["error"]["code"]` of an error reply or event, or "".
std::string frame_error_code(const nlohmann::json& frame);

} // namespace agenthub::testing
