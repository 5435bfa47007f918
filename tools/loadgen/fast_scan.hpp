// The hot inbound frames (message:new and send acks) read without building a
// JSON tree: at 400 000 deliveries/s a DOM parse per frame would make the
// load generator, not the hub, the bottleneck on a 2-core machine.
#pragma once

#include "tools/loadgen/client_codec.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace agenthub::loadgen {

/// The fields the load generator needs from a hot frame. Views point into
/// the scanned text.
struct hot_frame {
  enum class kind {
    message_new, ///< a `message:new` event with roomId and seq
    send_ack,    ///< a successful reply whose data has a seq
  };
  kind what = kind::message_new;
  std::string_view room_id; ///< message_new: data.roomId (raw, unescaped)
  std::uint64_t seq = 0;    ///< data.seq
  /// message_new: the raw (still escaped) body text; its leading timing
  /// stamp is plain ASCII, so parse_stamp() reads it as is.
  std::string_view body_raw;
  std::uint64_t id = 0;   ///< send_ack: the request id (ws ref, ack id)
  bool duplicate = false; ///< send_ack: data.duplicate
};

/// Reads a hot frame of the given framing. Returns nullopt for anything
/// else, or anything unusual (escaped ids, error replies, malformed JSON):
/// the caller then falls back to decode_inbound(), which is exact.
std::optional<hot_frame> scan_hot_frame(framing f, std::string_view text);

} // namespace agenthub::loadgen
