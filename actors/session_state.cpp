// Cursor rules and the per-connection event rate limit.
#include "actors/session_state.hpp"

#include <algorithm>

namespace agenthub {

event_rate_limit::event_rate_limit(unsigned per_second,
                                   unsigned violations_to_close)
  : rate_(per_second), tokens_(per_second), last_(clock::now()),
    violations_to_close_(violations_to_close), window_start_(clock::now()) {
}

bool event_rate_limit::allow(clock::time_point now) {
  // Stamps from the connection can trail the limiter's own start by a
  // little: time never runs backwards for the bucket.
  if (now < last_)
    now = last_;
  if (now - window_start_ > std::chrono::minutes(1)) {
    window_start_ = now;
    violations_ = 0;
  }
  std::chrono::duration<double> dt = now - last_;
  last_ = now;
  tokens_ = std::min(rate_, tokens_ + dt.count() * rate_);
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    return true;
  }
  ++violations_;
  return false;
}

room_cursor& delivery_cursors::join(const std::string& room_id, room_actor room,
                                    std::string slug, std::uint64_t delivered,
                                    std::uint64_t last_seq) {
  auto& c = rooms_[room_id];
  c.room = std::move(room);
  c.slug = std::move(slug);
  c.delivered = std::min(delivered, last_seq);
  c.known = std::max(c.known, last_seq);
  return c;
}

void delivery_cursors::leave(const std::string& room_id) {
  rooms_.erase(room_id);
}

room_cursor* delivery_cursors::find(const std::string& room_id) {
  auto i = rooms_.find(room_id);
  return i == rooms_.end() ? nullptr : &i->second;
}

room_cursor* delivery_cursors::find_by_slug(const std::string& slug) {
  for (auto& [id, c] : rooms_)
    if (c.slug == slug)
      return &c;
  return nullptr;
}

live_action delivery_cursors::on_live(const std::string& room_id,
                                      std::uint64_t seq, bool paused) {
  auto* c = find(room_id);
  if (c == nullptr || seq <= c->delivered)
    return live_action::drop;
  c->known = std::max(c->known, seq);
  if (paused || c->fetching)
    return live_action::wait;
  return seq == c->delivered + 1 ? live_action::deliver : live_action::catch_up;
}

void delivery_cursors::delivered(const std::string& room_id,
                                 std::uint64_t seq) {
  if (auto* c = find(room_id)) {
    c->delivered = std::max(c->delivered, seq);
    c->known = std::max(c->known, seq);
  }
}

std::vector<std::string> delivery_cursors::lagging() const {
  std::vector<std::string> out;
  for (const auto& [id, c] : rooms_)
    if (c.known > c.delivered && !c.fetching)
      out.push_back(id);
  return out;
}

} // namespace agenthub
