// Encoding session output and queueing it on the connection.
#include "net/ws_sink.hpp"

#include "net/websocket_frame.hpp"
#include "net/ws_connection.hpp"

namespace agenthub::net {

ws_sink::ws_sink(std::weak_ptr<ws_connection> conn, const wire_format& format)
  : conn_(std::move(conn)), format_(format) {
}

bool ws_sink::deliver(const shared_message& m) {
  auto c = conn_.lock();
  if (!c)
    return true; // gone: nothing to pause for
  // The frame bytes are computed once per framing and shared (G5 budget
  // counts them per connection, memory holds them once).
  return c->send_bounded(m.ptr->bytes(format_.kind));
}

void ws_sink::send_text(const std::string& payload) {
  if (auto c = conn_.lock())
    c->send(ws_frame(ws_opcode::text, payload));
}

void ws_sink::reply(const std::string& ref, const nlohmann::json& data) {
  if (!ref.empty())
    send_text(format_.reply(ref, data));
}

void ws_sink::reply_error(const std::string& ref, const std::string& code,
                          const std::string& message) {
  send_text(format_.error(ref, code, message));
}

void ws_sink::event(const std::string& name, const nlohmann::json& data) {
  send_text(format_.event(name, data));
}

void ws_sink::close(std::uint16_t code, const std::string& reason) {
  if (auto c = conn_.lock())
    c->close(code, reason);
}

std::size_t ws_sink::queued_bytes() const {
  auto c = conn_.lock();
  return c ? c->queued_bytes() : 0;
}

} // namespace agenthub::net
