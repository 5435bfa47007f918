// A committed message shared by every recipient, encoded at most once per
// wire framing.
#pragma once

#include "actors/records.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>

namespace agenthub {

/// The client-facing framings; each has one encoder registered by net/.
enum class framing : std::uint8_t { json_ws = 0, socketio = 1 };
constexpr std::size_t framing_count = 2;

/// Renders the complete wire bytes of a `message:new` for one framing.
using framing_encoder = std::string (*)(const message_record&);

/// Installs the encoder of a framing (at startup, before any delivery).
void register_framing_encoder(framing f, framing_encoder enc);

/// An immutable committed message plus lazily computed wire bytes: the
/// room renders nothing, the first connection of each framing encodes, every
/// other recipient shares those bytes (no per-recipient serialization).
class encoded_message {
public:
  explicit encoded_message(message_record r) : record_(std::move(r)) {
  }

  const message_record& record() const {
    return record_;
  }

  /// The bytes of `f`, encoded on first use (thread-safe).
  const std::shared_ptr<const std::string>& bytes(framing f) const;

private:
  message_record record_;
  mutable std::array<std::once_flag, framing_count> once_;
  mutable std::array<std::shared_ptr<const std::string>, framing_count> bytes_;
};

/// The handle actors pass around. Serializes as its record, so it can cross
/// nodes; a receiving node builds a fresh cache.
struct shared_message {
  std::shared_ptr<const encoded_message> ptr;

  const message_record& record() const {
    return ptr->record();
  }
};

/// Wraps a record for sharing.
inline shared_message make_shared_message(message_record r) {
  return {std::make_shared<const encoded_message>(std::move(r))};
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shared_message& x) {
  if constexpr (Inspector::reads_state) {
    message_record copy = x.ptr ? x.ptr->record() : message_record{};
    return f(caf::meta::type_name("agenthub::shared_message"), copy);
  } else {
    message_record loaded;
    if constexpr (std::is_same<typename Inspector::result_type, void>::value) {
      f(caf::meta::type_name("agenthub::shared_message"), loaded);
      x = make_shared_message(std::move(loaded));
    } else {
      auto result = f(caf::meta::type_name("agenthub::shared_message"), loaded);
      x = make_shared_message(std::move(loaded));
      return result;
    }
  }
}

} // namespace agenthub
