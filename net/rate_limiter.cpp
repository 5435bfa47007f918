// Token buckets keyed by client; full buckets are dropped to bound memory.
#include "net/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace agenthub::net {

rate_limiter::rate_limiter(unsigned per_minute, std::size_t capacity)
  : per_second_(per_minute / 60.0), burst_(per_minute), capacity_(capacity) {
}

unsigned rate_limiter::acquire(const std::string& key, clock::time_point now) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto i = buckets_.find(key);
  if (i == buckets_.end()) {
    // Pruning is O(n): at most once a second, so a flood of new keys
    // cannot turn it into a CPU sink.
    if (buckets_.size() >= capacity_
        && now - last_prune_ >= std::chrono::seconds(1)) {
      last_prune_ = now;
      prune(now);
    }
    if (buckets_.size() >= capacity_)
      return 60;
    i = buckets_.emplace(key, bucket{burst_, now}).first;
  }
  auto& b = i->second;
  std::chrono::duration<double> dt = now - b.last;
  b.tokens = std::min(burst_, b.tokens + dt.count() * per_second_);
  b.last = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  double wait = (1.0 - b.tokens) / per_second_;
  return static_cast<unsigned>(std::max(1.0, std::ceil(wait)));
}

void rate_limiter::prune(clock::time_point now) {
  // A bucket that has refilled completely is indistinguishable from a new
  // one, so dropping it forgets nothing.
  for (auto i = buckets_.begin(); i != buckets_.end();) {
    std::chrono::duration<double> dt = now - i->second.last;
    if (i->second.tokens + dt.count() * per_second_ >= burst_)
      i = buckets_.erase(i);
    else
      ++i;
  }
}

std::size_t rate_limiter::size() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return buckets_.size();
}

} // namespace agenthub::net
