// outbound_sink over a WebSocket connection, for any wire format.
#pragma once

#include "actors/outbound_sink.hpp"

#include <memory>
#include <string>

namespace agenthub::net {

class ws_connection;

/// How a framing renders replies and events as WebSocket text payloads.
struct wire_format {
  framing kind;
  std::string (*reply)(const std::string& ref, const nlohmann::json& data);
  std::string (*error)(const std::string& ref, const std::string& code,
                       const std::string& message);
  std::string (*event)(const std::string& name, const nlohmann::json& data);
};

/// The session's outbound side of one connection. Holds the connection
/// weakly: a session outliving its connection just talks to nobody.
class ws_sink : public outbound_sink {
public:
  ws_sink(std::weak_ptr<ws_connection> conn, const wire_format& format);

  bool deliver(const shared_message& m) override;
  void reply(const std::string& ref, const nlohmann::json& data) override;
  void reply_error(const std::string& ref, const std::string& code,
                   const std::string& message) override;
  void event(const std::string& name, const nlohmann::json& data) override;
  void close(std::uint16_t code, const std::string& reason) override;
  std::size_t queued_bytes() const override;

private:
  void send_text(const std::string& payload);

  std::weak_ptr<ws_connection> conn_;
  const wire_format& format_;
};

} // namespace agenthub::net
