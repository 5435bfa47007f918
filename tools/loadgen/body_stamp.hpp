// The timing stamp a loadgen message body starts with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agenthub::loadgen {

/// What a body stamp carries: `lg:<send_ns>:<sender_conn>:<n>|`. The send
/// time is the steady clock in ns; every connection lives in this process,
/// so a receiver subtracts it from its own steady clock.
struct body_stamp {
  std::int64_t send_ns = 0;
  std::uint64_t sender_conn = 0;
  std::uint64_t n = 0;
};

/// A body of `size` bytes: the stamp, then 'x' padding (never shorter than
/// the stamp itself).
std::string make_body(const body_stamp& s, std::size_t size);

/// A recorded body with the stamp in front (for --use-bodies).
std::string stamp_body(const body_stamp& s, std::string_view body);

/// Reads the stamp at the start of a body; nullopt if there is none.
std::optional<body_stamp> parse_stamp(std::string_view body);

} // namespace agenthub::loadgen
