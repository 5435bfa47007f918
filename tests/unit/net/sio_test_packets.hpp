// Test helpers for the Socket.IO codec: readable packet fields in Boost.Test
// messages and a decode that must succeed.
#pragma once

#include "net/socketio_codec.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace agenthub::test {

/// The ack id as text, "none" when absent.
inline std::string ack_text(const std::optional<std::uint64_t>& id) {
  return id ? std::to_string(*id) : "none";
}

/// The payload as compact JSON, "none" when absent.
inline std::string data_text(const std::optional<nlohmann::json>& data) {
  return data ? data->dump() : "none";
}

/// Decodes `text`, failing the test (with the decoder's reason) if rejected.
inline net::sio::packet decode_ok(std::string_view text) {
  auto r = net::sio::decode(text);
  if (auto* err = std::get_if<std::string>(&r))
    BOOST_FAIL("decode(" << text << ") was rejected: " << *err);
  // Moved, not copied: nlohmann copies nested values recursively.
  return std::get<net::sio::packet>(std::move(r));
}

/// True if the decoder rejects `text` (and does not throw).
inline bool rejected(std::string_view text) {
  return std::holds_alternative<std::string>(net::sio::decode(text));
}

} // namespace agenthub::test

namespace agenthub::net::sio {

/// Readable packet types in Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, packet_type t) {
  static const char* names[]
    = {"connect",       "disconnect",   "event",     "ack",
       "connect_error", "binary_event", "binary_ack"};
  auto i = static_cast<int>(t);
  if (i < 0 || i > 6)
    return os << "packet_type(" << i << ")";
  return os << names[i];
}

} // namespace agenthub::net::sio
