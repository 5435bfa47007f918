// Token-bucket rate limits per key (client IP or agent), bounded in size.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace agenthub::net {

/// Allows `per_minute` requests per key, refilled continuously (a burst of
/// `per_minute` is possible after a quiet minute). Thread-safe.
class rate_limiter {
public:
  using clock = std::chrono::steady_clock;

  rate_limiter(unsigned per_minute, std::size_t capacity);

  /// 0 if the request may proceed, else the seconds to wait (Retry-After).
  /// When the table is full of active keys, new keys are refused: the
  /// bound on memory wins over serving an address spray.
  unsigned acquire(const std::string& key, clock::time_point now);
  unsigned acquire(const std::string& key) {
    return acquire(key, clock::now());
  }

  std::size_t size() const;

private:
  struct bucket {
    double tokens;
    clock::time_point last;
  };

  void prune(clock::time_point now);

  double per_second_;
  double burst_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, bucket> buckets_;
  clock::time_point last_prune_{};
};

} // namespace agenthub::net
