// The session's view of its connection: implemented by net/ per framing.
#pragma once

#include "actors/shared_message.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace agenthub {

/// Where a session's outbound traffic goes. net/ implements it for each
/// connection and framing, so actors never see sockets or wire formats.
/// Every member is thread-safe and never blocks.
class outbound_sink {
public:
  virtual ~outbound_sink() = default;

  /// Queues a `message:new`. Returns false when the connection's queue is
  /// over its byte bound: nothing was queued, and the sink sends
  /// `drained_atom` to the session once the queue has room again (G5).
  virtual bool deliver(const shared_message& m) = 0;

  /// Answers the client request `ref` with `data` (no-op for ref "").
  virtual void reply(const std::string& ref, const nlohmann::json& data) = 0;

  /// Answers the client request `ref` with an error (an `error` event when
  /// ref is "").
  virtual void reply_error(const std::string& ref, const std::string& code,
                           const std::string& message)
    = 0;

  /// Pushes a server event (`connected`, `presence:update`, ...).
  virtual void event(const std::string& name, const nlohmann::json& data) = 0;

  /// Closes the connection (close codes: net/close_codes.hpp).
  virtual void close(std::uint16_t code, const std::string& reason) = 0;

  /// Bytes queued on the connection and not yet written (admin views).
  virtual std::size_t queued_bytes() const {
    return 0;
  }
};

} // namespace agenthub
