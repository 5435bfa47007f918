// Reports of rooms and sessions, from their state and meters.
#include "actors/stats_reports.hpp"

#include <chrono>

namespace agenthub {

namespace {

std::uint64_t ms_since(room_meter::clock::time_point t) {
  auto d = room_meter::clock::now() - t;
  return static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

} // namespace

room_report make_room_report(const room_state& st, std::size_t mailbox) {
  room_report r;
  r.room_id = st.id;
  r.slug = st.slug;
  r.members = static_cast<std::uint32_t>(st.members.size());
  r.online = static_cast<std::uint32_t>(st.online.size());
  r.subscribers = static_cast<std::uint32_t>(st.subscribers.size());
  r.last_seq = st.last_seq;
  r.mailbox = static_cast<std::uint32_t>(mailbox);
  r.in_flight = static_cast<std::uint32_t>(st.in_flight);
  r.messages_in = st.meter.messages_in;
  r.deliveries_out = st.meter.deliveries_out;
  r.idle_ms = ms_since(st.meter.last_active);
  r.age_ms = ms_since(st.meter.started);
  return r;
}

session_report make_session_report(detail::session_state& st) {
  session_report r;
  r.session_id = st.who.session_id;
  r.agent_id = st.who.agent_id;
  r.agent_name = st.who.name;
  r.framing = st.who.framing;
  r.remote_address = st.who.remote_address;
  r.connected_at = st.meter.connected_at;
  for (const auto& [id, c] : st.cursors.all()) {
    r.rooms.push_back(id);
    if (c.known > c.delivered)
      r.behind.push_back(id);
  }
  r.paused = st.paused;
  r.outbound_queue_bytes = st.sink ? st.sink->queued_bytes() : 0;
  r.events = st.meter.events;
  r.rate_limit_hits = st.meter.rate_limit_hits;
  r.ack_us = std::move(st.meter.ack_us);
  st.meter.ack_us.clear();
  return r;
}

} // namespace agenthub
