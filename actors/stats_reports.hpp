// Builds the reports rooms and sessions send to the stats collector.
#pragma once

#include "actors/room_state.hpp"
#include "actors/session_impl.hpp"
#include "actors/stats_records.hpp"

#include <cstddef>

namespace agenthub {

/// The report of a room whose mailbox holds `mailbox` messages.
room_report make_room_report(const room_state& st, std::size_t mailbox);

/// The report of a session; moves its collected ack latencies out.
session_report make_session_report(detail::session_state& st);

} // namespace agenthub
