// Payloads of the stats flow: what rooms, sessions and the writer report to
// the stats collector, and the views it answers admin reads with.
#pragma once

#include <caf/meta/type_name.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace agenthub {

/// A room's periodic report (every defaults::stats_report_interval).
struct room_report {
  std::string room_id;
  std::string slug;
  std::uint32_t members = 0;
  std::uint32_t online = 0;      ///< agents with a subscribed session
  std::uint32_t subscribers = 0; ///< subscribed sessions
  std::uint64_t last_seq = 0;
  std::uint32_t mailbox = 0;        ///< messages waiting in its mailbox
  std::uint32_t in_flight = 0;      ///< sends waiting for the writer
  std::uint64_t messages_in = 0;    ///< committed messages since start
  std::uint64_t deliveries_out = 0; ///< deliveries to subscribers since start
  std::uint64_t idle_ms = 0;        ///< since the last message, join or leave
  std::uint64_t age_ms = 0;         ///< since the room actor started
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, room_report& x) {
  return f(caf::meta::type_name("agenthub::room_report"), x.room_id, x.slug,
           x.members, x.online, x.subscribers, x.last_seq, x.mailbox,
           x.in_flight, x.messages_in, x.deliveries_out, x.idle_ms, x.age_ms);
}

/// A session's periodic report. Counters run since the session started.
struct session_report {
  std::string session_id;
  std::string agent_id;
  std::string agent_name;
  std::string framing; ///< "ws" | "socketio" | "mcp"
  std::string remote_address;
  std::string connected_at;        ///< ISO 8601 UTC
  std::vector<std::string> rooms;  ///< joined room ids
  std::vector<std::string> behind; ///< rooms with undelivered messages
  bool paused = false;             ///< the outbound queue overflowed
  std::uint64_t outbound_queue_bytes = 0;
  std::uint64_t events = 0;          ///< client events handled
  std::uint64_t rate_limit_hits = 0; ///< events refused by the rate limit
  std::vector<std::uint32_t> ack_us; ///< send-to-ack latencies since the
                                     ///< previous report (microseconds)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_report& x) {
  return f(caf::meta::type_name("agenthub::session_report"), x.session_id,
           x.agent_id, x.agent_name, x.framing, x.remote_address,
           x.connected_at, x.rooms, x.behind, x.paused, x.outbound_queue_bytes,
           x.events, x.rate_limit_hits, x.ack_us);
}

/// One committed batch of the persistence writer.
struct writer_report {
  std::uint32_t rows = 0;
  std::uint32_t commit_us = 0; ///< the batch's transaction, microseconds
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, writer_report& x) {
  return f(caf::meta::type_name("agenthub::writer_report"), x.rows,
           x.commit_us);
}

/// What an admin read asks the collector for.
struct stats_query {
  enum kind_t : std::uint8_t { system, rooms, room, sessions, session };
  std::uint8_t kind = system;
  std::string id;     ///< room (id or slug) or session id, for one item
  std::string cursor; ///< "" for the first page
  std::string sort;   ///< rooms: "" (by id), "rate" or "queue"
  std::uint32_t limit = 50;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stats_query& x) {
  return f(caf::meta::type_name("agenthub::stats_query"), x.kind, x.id,
           x.cursor, x.sort, x.limit);
}

/// Events per second over the last 10 s and the last minute.
struct rate_pair {
  double short_window = 0;
  double long_window = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, rate_pair& x) {
  return f(caf::meta::type_name("agenthub::rate_pair"), x.short_window,
           x.long_window);
}

/// Median and 99th percentile of a window of samples (0 when empty).
struct percentiles {
  double p50 = 0;
  double p99 = 0;
  std::uint32_t count = 0; ///< samples in the window
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, percentiles& x) {
  return f(caf::meta::type_name("agenthub::percentiles"), x.p50, x.p99,
           x.count);
}

/// A room as an admin sees it: its last report plus what the collector
/// derives from the history of reports.
struct room_view {
  room_report last;
  rate_pair messages_in;
  rate_pair deliveries_out;
  std::uint32_t slow_consumers = 0; ///< subscribed sessions that are behind
  std::uint64_t report_age_ms = 0;
  bool stale = false; ///< no report for defaults::stats_stale_after
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, room_view& x) {
  return f(caf::meta::type_name("agenthub::room_view"), x.last, x.messages_in,
           x.deliveries_out, x.slow_consumers, x.report_age_ms, x.stale);
}

/// A session as an admin sees it.
struct session_view {
  session_report last;       ///< `ack_us` is left empty
  double events_per_sec = 0; ///< over the last 10 s
  std::uint64_t report_age_ms = 0;
  bool stale = false;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_view& x) {
  return f(caf::meta::type_name("agenthub::session_view"), x.last,
           x.events_per_sec, x.report_age_ms, x.stale);
}

/// Hub-wide numbers of the actor system.
struct system_view {
  std::uint32_t sessions = 0;
  std::uint32_t rooms_active = 0;
  std::uint32_t rooms_stale = 0;
  std::uint32_t slow_consumers = 0; ///< sessions paused or behind
  rate_pair messages_in;
  rate_pair deliveries_out;
  percentiles ack_ms; ///< send-to-ack, last 10 s
  std::uint64_t writer_queue_depth = 0;
  std::uint32_t writer_batch_last = 0;
  percentiles writer_batch_size; ///< rows per batch, last minute
  percentiles writer_commit_ms;  ///< last minute
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, system_view& x) {
  return f(caf::meta::type_name("agenthub::system_view"), x.sessions,
           x.rooms_active, x.rooms_stale, x.slow_consumers, x.messages_in,
           x.deliveries_out, x.ack_ms, x.writer_queue_depth,
           x.writer_batch_last, x.writer_batch_size, x.writer_commit_ms);
}

/// The collector's answer to a stats_query: the part that was asked for.
/// For one room, `sessions` holds its subscribed sessions.
struct stats_view {
  bool found = true;   ///< false: no such room or session, or a bad cursor
  std::string problem; ///< why not found ("cursor" for a stale cursor)
  system_view system;
  std::vector<room_view> rooms;
  std::vector<session_view> sessions;
  std::string next_cursor; ///< "" on the last page
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stats_view& x) {
  return f(caf::meta::type_name("agenthub::stats_view"), x.found, x.problem,
           x.system, x.rooms, x.sessions, x.next_cursor);
}

} // namespace agenthub
