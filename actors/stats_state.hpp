// The stats collector's state and rules, free of actor plumbing so tests can
// drive them with their own clock: latest reports, rates from counter
// history, latency windows, pages with cursors, staleness.
#pragma once

#include "actors/messages.hpp"
#include "config/defaults.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agenthub {

using stats_clock = std::chrono::steady_clock;

/// Timestamped samples of one quantity over a sliding window, bounded in
/// count (the oldest go first).
class sample_window {
public:
  sample_window(stats_clock::duration window, std::size_t max_samples);

  /// Adds a sample taken at `t`.
  void add(stats_clock::time_point t, double value);

  /// p50 and p99 (nearest rank) of the samples younger than the window.
  percentiles summary(stats_clock::time_point now);

private:
  void trim(stats_clock::time_point now);

  stats_clock::duration window_;
  std::size_t max_;
  std::deque<std::pair<stats_clock::time_point, double>> samples_;
};

/// Two monotonic counters sampled at report times; rates over windows.
class counter_history {
public:
  /// Records the counters' values at `t` (keeps a little over a minute).
  void add(stats_clock::time_point t, std::uint64_t a, std::uint64_t b);

  /// Per-second rate of counter `a` (first) or `b` over `window`, from the
  /// newest sample back to the one closest to `window` before it. With a
  /// single sample: value / `age` (the counters' lifetime), if known.
  double rate(bool first, stats_clock::duration window,
              stats_clock::duration age = {}) const;

private:
  struct point {
    stats_clock::time_point t;
    std::uint64_t a;
    std::uint64_t b;
  };
  std::deque<point> points_;
};

/// Everything the collector knows.
class stats_state {
public:
  /// Rooms and sessions whose last report is older than `stale_after` are
  /// shown stale.
  explicit stats_state(stats_clock::duration stale_after
                       = defaults::stats_stale_after);

  /// A room reported; true if the collector sees this room actor for the
  /// first time (the caller monitors it).
  bool on_room(const room_actor& handle, room_report r,
               stats_clock::time_point now);

  /// A session reported; true if it is new (monitor it). Reports of a
  /// kicked session are ignored.
  bool on_session(const session_actor& handle, session_report r,
                  stats_clock::time_point now);

  /// A writer batch committed.
  void on_writer(const writer_report& r, stats_clock::time_point now);

  /// A monitored room or session stopped: forget it.
  void on_down(const caf::actor_addr& who);

  /// Removes session `id`; its handle, to send the kick to (nullopt if
  /// there is no such session).
  std::optional<session_actor> kick(const std::string& id);

  /// Answers an admin read (the writer's queue depth is left to the
  /// caller, who reads it from the writer's shared counters).
  stats_view answer(const stats_query& q, stats_clock::time_point now);

  std::size_t room_count() const {
    return rooms_.size();
  }
  std::size_t session_count() const {
    return sessions_.size();
  }

private:
  struct room_entry {
    room_actor handle;
    room_report last;
    stats_clock::time_point at;
    counter_history history;
  };
  struct session_entry {
    session_actor handle;
    session_report last;
    stats_clock::time_point at;
    counter_history history;
  };
  /// A sorted order of room ids, frozen for the next pages' cursors.
  struct frozen_order {
    stats_clock::time_point created;
    std::vector<std::string> ids;
  };

  system_view system(stats_clock::time_point now);
  void rooms_page(const stats_query& q, stats_clock::time_point now,
                  stats_view& out);
  void sorted_rooms_page(const stats_query& q, stats_clock::time_point now,
                         stats_view& out);
  void sessions_page(const stats_query& q, stats_clock::time_point now,
                     stats_view& out);
  room_view view_of(const room_entry& e, stats_clock::time_point now,
                    std::uint32_t slow) const;
  session_view view_of(const session_entry& e,
                       stats_clock::time_point now) const;
  bool stale(stats_clock::time_point at, stats_clock::time_point now) const;
  /// Sessions behind per room id.
  std::map<std::string, std::uint32_t> slow_by_room() const;
  const room_entry* find_room(const std::string& id_or_slug) const;

  stats_clock::duration stale_after_;
  std::map<std::string, room_entry> rooms_;       ///< by room id
  std::map<std::string, session_entry> sessions_; ///< by session id
  std::map<caf::actor_addr, std::string> room_ids_;
  std::map<caf::actor_addr, std::string> session_ids_;
  std::set<std::string> kicked_; ///< until their down message
  sample_window acks_;
  sample_window batch_rows_;
  sample_window commit_ms_;
  std::uint32_t last_batch_ = 0;
  std::map<std::uint64_t, frozen_order> orders_;
  std::uint64_t next_order_ = 1;
};

} // namespace agenthub
