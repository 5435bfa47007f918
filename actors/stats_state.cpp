// The stats collector's rules: windows, rates, staleness, pages.
#include "actors/stats_state.hpp"

#include "config/defaults.hpp"

#include <caf/actor_addr.hpp>
#include <caf/actor_cast.hpp>

#include <algorithm>
#include <cmath>

namespace agenthub {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

std::uint64_t ms_between(stats_clock::time_point from,
                         stats_clock::time_point to) {
  if (to <= from)
    return 0;
  return static_cast<std::uint64_t>(
    duration_cast<milliseconds>(to - from).count());
}

/// Nearest-rank percentile of `v` (reordered in place).
double nearest_rank(std::vector<double>& v, double p) {
  auto rank = static_cast<std::size_t>(std::ceil(p * v.size()));
  auto i = rank == 0 ? 0 : rank - 1;
  std::nth_element(v.begin(), v.begin() + i, v.end());
  return v[i];
}

std::uint32_t clamp_limit(std::uint32_t limit) {
  if (limit == 0)
    return defaults::admin_page_default;
  return std::min(limit, defaults::admin_page_max);
}

} // namespace

// --- sample_window ----------------------------------------------------------

sample_window::sample_window(stats_clock::duration window,
                             std::size_t max_samples)
  : window_(window), max_(max_samples) {
}

void sample_window::add(stats_clock::time_point t, double value) {
  samples_.emplace_back(t, value);
  while (samples_.size() > max_)
    samples_.pop_front();
  trim(t);
}

void sample_window::trim(stats_clock::time_point now) {
  while (!samples_.empty() && now - samples_.front().first > window_)
    samples_.pop_front();
}

percentiles sample_window::summary(stats_clock::time_point now) {
  trim(now);
  percentiles out;
  if (samples_.empty())
    return out;
  std::vector<double> v;
  v.reserve(samples_.size());
  for (const auto& s : samples_)
    v.push_back(s.second);
  out.count = static_cast<std::uint32_t>(v.size());
  out.p50 = nearest_rank(v, 0.50);
  out.p99 = nearest_rank(v, 0.99);
  return out;
}

// --- counter_history --------------------------------------------------------

void counter_history::add(stats_clock::time_point t, std::uint64_t a,
                          std::uint64_t b) {
  points_.push_back({t, a, b});
  // Keep one point older than the long window as the base of its rate.
  while (points_.size() > 2 && t - points_[1].t >= defaults::stats_long_window)
    points_.pop_front();
}

double counter_history::rate(bool first, stats_clock::duration window,
                             stats_clock::duration age) const {
  if (points_.empty())
    return 0;
  const auto& last = points_.back();
  auto value = [first](const point& p) { return first ? p.a : p.b; };
  if (points_.size() == 1) {
    std::chrono::duration<double> s = age;
    return s.count() > 0 ? static_cast<double>(value(last)) / s.count() : 0;
  }
  // The newest point at least `window` older than the last, else the oldest.
  const point* base = &points_.front();
  for (auto i = points_.rbegin() + 1; i != points_.rend(); ++i)
    if (last.t - i->t >= window) {
      base = &*i;
      break;
    }
  std::chrono::duration<double> dt = last.t - base->t;
  if (dt.count() <= 0 || value(last) < value(*base))
    return 0;
  return static_cast<double>(value(last) - value(*base)) / dt.count();
}

// --- stats_state: reports ---------------------------------------------------

stats_state::stats_state(stats_clock::duration stale_after)
  : stale_after_(stale_after),
    acks_(defaults::stats_short_window, defaults::stats_max_samples),
    batch_rows_(defaults::stats_long_window, defaults::stats_max_samples),
    commit_ms_(defaults::stats_long_window, defaults::stats_max_samples) {
}

bool stats_state::on_room(const room_actor& handle, room_report r,
                          stats_clock::time_point now) {
  auto& e = rooms_[r.room_id];
  bool fresh = e.handle != handle || e.last.room_id.empty();
  if (fresh) {
    // A new actor for the room (or the first report): new counters.
    e = room_entry{};
    e.handle = handle;
    if (handle)
      room_ids_[caf::actor_cast<caf::actor_addr>(handle)] = r.room_id;
  }
  e.history.add(now, r.messages_in, r.deliveries_out);
  e.last = std::move(r);
  e.at = now;
  return fresh;
}

bool stats_state::on_session(const session_actor& handle, session_report r,
                             stats_clock::time_point now) {
  if (kicked_.count(r.session_id) > 0)
    return false;
  auto& e = sessions_[r.session_id];
  bool fresh = e.last.session_id.empty();
  if (fresh) {
    e.handle = handle;
    if (handle)
      session_ids_[caf::actor_cast<caf::actor_addr>(handle)] = r.session_id;
  }
  for (auto us : r.ack_us)
    acks_.add(now, us / 1000.0);
  r.ack_us.clear();
  e.history.add(now, r.events, r.rate_limit_hits);
  e.last = std::move(r);
  e.at = now;
  return fresh;
}

void stats_state::on_writer(const writer_report& r,
                            stats_clock::time_point now) {
  last_batch_ = r.rows;
  batch_rows_.add(now, r.rows);
  commit_ms_.add(now, r.commit_us / 1000.0);
}

void stats_state::on_down(const caf::actor_addr& who) {
  if (auto i = room_ids_.find(who); i != room_ids_.end()) {
    auto r = rooms_.find(i->second);
    if (r != rooms_.end()
        && caf::actor_cast<caf::actor_addr>(r->second.handle) == who)
      rooms_.erase(r);
    room_ids_.erase(i);
  }
  if (auto i = session_ids_.find(who); i != session_ids_.end()) {
    sessions_.erase(i->second);
    kicked_.erase(i->second);
    session_ids_.erase(i);
  }
}

std::optional<session_actor> stats_state::kick(const std::string& id) {
  auto i = sessions_.find(id);
  if (i == sessions_.end())
    return std::nullopt;
  auto handle = i->second.handle;
  // Gone from every list at once; reports already on their way are dropped
  // until the session's down message arrives.
  sessions_.erase(i);
  if (handle)
    kicked_.insert(id);
  return handle;
}

// --- stats_state: views -----------------------------------------------------

bool stats_state::stale(stats_clock::time_point at,
                        stats_clock::time_point now) const {
  return now - at > stale_after_;
}

room_view stats_state::view_of(const room_entry& e, stats_clock::time_point now,
                               std::uint32_t slow) const {
  room_view v;
  v.last = e.last;
  auto age = milliseconds{e.last.age_ms};
  v.messages_in = {e.history.rate(true, defaults::stats_short_window, age),
                   e.history.rate(true, defaults::stats_long_window, age)};
  v.deliveries_out = {e.history.rate(false, defaults::stats_short_window, age),
                      e.history.rate(false, defaults::stats_long_window, age)};
  v.slow_consumers = slow;
  v.report_age_ms = ms_between(e.at, now);
  v.stale = stale(e.at, now);
  return v;
}

session_view stats_state::view_of(const session_entry& e,
                                  stats_clock::time_point now) const {
  session_view v;
  v.last = e.last;
  v.events_per_sec = e.history.rate(true, defaults::stats_short_window);
  v.report_age_ms = ms_between(e.at, now);
  v.stale = stale(e.at, now);
  return v;
}

std::map<std::string, std::uint32_t> stats_state::slow_by_room() const {
  std::map<std::string, std::uint32_t> out;
  for (const auto& [id, s] : sessions_)
    for (const auto& room : s.last.behind)
      ++out[room];
  return out;
}

const stats_state::room_entry*
stats_state::find_room(const std::string& id_or_slug) const {
  if (auto i = rooms_.find(id_or_slug); i != rooms_.end())
    return &i->second;
  for (const auto& [id, e] : rooms_)
    if (e.last.slug == id_or_slug)
      return &e;
  return nullptr;
}

system_view stats_state::system(stats_clock::time_point now) {
  system_view s;
  s.sessions = static_cast<std::uint32_t>(sessions_.size());
  s.rooms_active = static_cast<std::uint32_t>(rooms_.size());
  for (const auto& [id, e] : rooms_) {
    auto v = view_of(e, now, 0);
    s.rooms_stale += v.stale ? 1 : 0;
    s.messages_in.short_window += v.messages_in.short_window;
    s.messages_in.long_window += v.messages_in.long_window;
    s.deliveries_out.short_window += v.deliveries_out.short_window;
    s.deliveries_out.long_window += v.deliveries_out.long_window;
  }
  for (const auto& [id, e] : sessions_)
    if (e.last.paused || !e.last.behind.empty())
      ++s.slow_consumers;
  s.ack_ms = acks_.summary(now);
  s.writer_batch_last = last_batch_;
  s.writer_batch_size = batch_rows_.summary(now);
  s.writer_commit_ms = commit_ms_.summary(now);
  return s;
}

void stats_state::rooms_page(const stats_query& q, stats_clock::time_point now,
                             stats_view& out) {
  if (!q.sort.empty() || q.cursor.rfind('o', 0) == 0)
    return sorted_rooms_page(q, now, out);
  auto limit = clamp_limit(q.limit);
  auto slow = slow_by_room();
  auto i = q.cursor.empty() ? rooms_.begin() : rooms_.upper_bound(q.cursor);
  for (; i != rooms_.end() && out.rooms.size() < limit; ++i) {
    auto s = slow.find(i->first);
    out.rooms.push_back(
      view_of(i->second, now, s == slow.end() ? 0 : s->second));
  }
  if (i != rooms_.end() && !out.rooms.empty())
    out.next_cursor = out.rooms.back().last.room_id;
}

void stats_state::sorted_rooms_page(const stats_query& q,
                                    stats_clock::time_point now,
                                    stats_view& out) {
  // Expired orders go first; the bound drops the oldest.
  for (auto i = orders_.begin(); i != orders_.end();)
    i = now - i->second.created > defaults::stats_cursor_ttl ? orders_.erase(i)
                                                             : std::next(i);
  std::uint64_t order_id = 0;
  std::size_t offset = 0;
  if (q.cursor.empty()) {
    std::vector<std::pair<double, std::string>> keyed;
    for (const auto& [id, e] : rooms_) {
      double key = 0;
      if (q.sort == "queue")
        key = static_cast<double>(e.last.mailbox) + e.last.in_flight;
      else // "rate": messages in over the last 10 s
        key = view_of(e, now, 0).messages_in.short_window;
      keyed.emplace_back(key, id);
    }
    std::stable_sort(
      keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      });
    frozen_order order{now, {}};
    for (auto& k : keyed)
      order.ids.push_back(std::move(k.second));
    order_id = next_order_++;
    orders_.emplace(order_id, std::move(order));
    while (orders_.size() > defaults::stats_max_cursors)
      orders_.erase(orders_.begin());
  } else {
    auto dot = q.cursor.find('.');
    try {
      order_id = std::stoull(q.cursor.substr(1, dot - 1));
      offset
        = dot == std::string::npos ? 0 : std::stoull(q.cursor.substr(dot + 1));
    } catch (const std::exception&) {
      order_id = 0;
    }
    if (orders_.count(order_id) == 0) {
      out.found = false;
      out.problem = "cursor";
      return;
    }
  }
  const auto& ids = orders_.at(order_id).ids;
  auto limit = clamp_limit(q.limit);
  auto slow = slow_by_room();
  // Rooms that stopped since the order was frozen are skipped.
  for (; offset < ids.size() && out.rooms.size() < limit; ++offset)
    if (auto e = rooms_.find(ids[offset]); e != rooms_.end()) {
      auto s = slow.find(e->first);
      out.rooms.push_back(
        view_of(e->second, now, s == slow.end() ? 0 : s->second));
    }
  if (offset < ids.size())
    out.next_cursor
      = "o" + std::to_string(order_id) + "." + std::to_string(offset);
}

void stats_state::sessions_page(const stats_query& q,
                                stats_clock::time_point now, stats_view& out) {
  auto limit = clamp_limit(q.limit);
  auto i
    = q.cursor.empty() ? sessions_.begin() : sessions_.upper_bound(q.cursor);
  for (; i != sessions_.end() && out.sessions.size() < limit; ++i)
    out.sessions.push_back(view_of(i->second, now));
  if (i != sessions_.end() && !out.sessions.empty())
    out.next_cursor = out.sessions.back().last.session_id;
}

stats_view stats_state::answer(const stats_query& q,
                               stats_clock::time_point now) {
  stats_view out;
  switch (q.kind) {
    case stats_query::system:
      out.system = system(now);
      break;
    case stats_query::rooms:
      rooms_page(q, now, out);
      break;
    case stats_query::room: {
      auto* e = find_room(q.id);
      if (e == nullptr) {
        out.found = false;
        break;
      }
      auto slow = slow_by_room();
      auto s = slow.find(e->last.room_id);
      out.rooms.push_back(view_of(*e, now, s == slow.end() ? 0 : s->second));
      for (const auto& [id, sess] : sessions_) {
        const auto& r = sess.last.rooms;
        if (std::find(r.begin(), r.end(), e->last.room_id) != r.end())
          out.sessions.push_back(view_of(sess, now));
      }
      break;
    }
    case stats_query::sessions:
      sessions_page(q, now, out);
      break;
    case stats_query::session:
      if (auto i = sessions_.find(q.id); i != sessions_.end())
        out.sessions.push_back(view_of(i->second, now));
      else
        out.found = false;
      break;
    default:
      out.found = false;
  }
  return out;
}

} // namespace agenthub
