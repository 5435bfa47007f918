// State shared by every connection of a run: counters, histograms, rooms.
#pragma once

#include "tools/loadgen/fleet.hpp"
#include "tools/loadgen/histogram.hpp"
#include "tools/loadgen/options.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace agenthub::loadgen {

/// Steady clock in nanoseconds (the time base of body stamps).
std::int64_t now_ns();

/// Live counters, updated by the I/O threads and read by the progress line.
struct live_counters {
  std::atomic<std::uint64_t> sends{0};          ///< message:send written
  std::atomic<std::uint64_t> acks{0};           ///< ok replies to sends
  std::atomic<std::uint64_t> acks_duplicate{0}; ///< of which duplicate:true
  std::atomic<std::uint64_t> send_errors{0};    ///< error replies to sends
  std::atomic<std::uint64_t> deliveries{0};     ///< message:new received
  std::atomic<std::uint64_t> stamped{0};        ///< of which with our stamp
  std::atomic<std::uint64_t> expected{0};       ///< subscribers at each ack
  std::atomic<std::uint64_t> outstanding{0};    ///< sends awaiting an answer
  std::atomic<std::uint64_t> requests{0};       ///< other requests sent
  std::atomic<std::uint64_t> replies{0};        ///< answers to those
  std::atomic<std::uint64_t> backpressure{0};   ///< sends not made: queue full
  std::atomic<std::uint64_t> error_events{0};   ///< `error` events
  std::atomic<std::uint64_t> invalid_frames{0}; ///< undecodable frames
  std::atomic<std::uint64_t> opened{0};         ///< connections ready
  std::atomic<std::uint64_t> failed{0};         ///< connections never ready
  std::atomic<std::uint64_t> lost{0};           ///< closed by the peer
  std::atomic<std::uint64_t> pings{0};          ///< Engine.IO pings answered
};

/// Errors by code (replies, error events, connection failures).
class error_table {
public:
  void add(const std::string& code);
  std::map<std::string, std::uint64_t> snapshot() const;
  std::uint64_t total() const;

private:
  mutable std::mutex m_;
  std::map<std::string, std::uint64_t> counts_;
};

/// One room at run time.
struct room_runtime {
  std::string id;
  /// Connections subscribed now (messages acked now are expected there).
  std::atomic<int> subscribers{0};

  /// Records an ack: the highest acked seq and when that message was sent.
  void acked(std::uint64_t seq, std::int64_t sent_ns);
  /// The highest acked seq and its send time (steady ns).
  std::pair<std::uint64_t, std::int64_t> highest_acked() const;

private:
  mutable std::mutex m_;
  std::uint64_t max_seq_ = 0;
  std::int64_t max_seq_sent_ns_ = 0;
};

/// Everything the connections of a run share.
struct run_context {
  run_context(const options& o, const fleet& f);

  const options& opts;
  const fleet& fl;
  std::vector<room_runtime> rooms;
  /// Room id (and slug) to room index.
  std::unordered_map<std::string, int> room_index;
  histogram ack_latency;      ///< µs from send to its reply
  histogram delivery_latency; ///< µs from send to each message:new
  live_counters counters;
  error_table errors;
  /// Senders may send while this is set.
  std::atomic<bool> sending{false};
  std::atomic<std::uint64_t> tickets{0};

  /// Takes the right to send one message: false once sending stopped or
  /// --max-messages were handed out.
  bool claim_send();

  /// The room index of an id or slug, or -1.
  int room_of(const std::string& id_or_slug) const;
};

} // namespace agenthub::loadgen
