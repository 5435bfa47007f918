// Metrics of the actor layer (seed names; no per-room or per-agent labels).
#pragma once

#include <cstddef>
#include <string>

namespace prometheus {
class Registry;
} // namespace prometheus

namespace agenthub::probe {

/// Registers the actor metrics; before this, observations are no-ops.
void register_metrics(prometheus::Registry& registry);

/// A session started / ended (agenthub_agents_connected).
void session_opened();
void session_closed();

/// A room actor started / stopped (agenthub_rooms_active).
void room_started();
void room_stopped();

/// A batch committed: its size (agenthub_writer_batch_size), its duration,
/// and the new messages it stored (agenthub_messages_total; duplicates are
/// not counted).
void writer_batch(std::size_t rows, std::size_t stored, double seconds);

/// Send -> committed ack, seen by the session (agenthub_message_ack_seconds).
void message_ack(double seconds);

/// Time to handle one client event (agenthub_websocket_latency_seconds).
/// `event` must be one of the fixed event names.
void event_latency(const std::string& event, double seconds);

/// A connection overflowed its outbound queue (agenthub_slow_consumer_total).
void slow_consumer();

} // namespace agenthub::probe
