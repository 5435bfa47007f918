// The log-linear latency histogram.
#include "tools/loadgen/histogram.hpp"

#include <cmath>

namespace agenthub::loadgen {

namespace {

constexpr std::uint64_t sub_count = 1u << histogram::sub_bits;

void store_min(std::atomic<std::uint64_t>& a, std::uint64_t v) {
  auto cur = a.load(std::memory_order_relaxed);
  while (v < cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed))
    ; // retry with the fresh value in cur
}

void store_max(std::atomic<std::uint64_t>& a, std::uint64_t v) {
  auto cur = a.load(std::memory_order_relaxed);
  while (v > cur && !a.compare_exchange_weak(cur, v, std::memory_order_relaxed))
    ; // retry with the fresh value in cur
}

int floor_log2(std::uint64_t v) {
  return 63 - __builtin_clzll(v);
}

} // namespace

histogram::histogram()
  : counts_(
    std::make_unique<std::array<std::atomic<std::uint64_t>, bucket_count>>()) {
  for (auto& c : *counts_)
    c.store(0, std::memory_order_relaxed);
}

std::size_t histogram::index_of(std::uint64_t v) {
  if (v < sub_count)
    return static_cast<std::size_t>(v);
  int e = floor_log2(v);
  int shift = e - static_cast<int>(sub_bits);
  auto sub = (v >> shift) - sub_count;
  return static_cast<std::size_t>(sub_count + shift * sub_count + sub);
}

std::uint64_t histogram::bucket_low(std::size_t i) {
  if (i < sub_count)
    return i;
  auto shift = (i - sub_count) / sub_count;
  auto sub = (i - sub_count) % sub_count;
  return (sub_count + sub) << shift;
}

std::uint64_t histogram::bucket_width(std::size_t i) {
  if (i < sub_count)
    return 1;
  return std::uint64_t{1} << ((i - sub_count) / sub_count);
}

void histogram::record(std::uint64_t v) {
  if (v < lowest || v > highest) {
    clamped_.fetch_add(1, std::memory_order_relaxed);
    v = v < lowest ? lowest : highest;
  }
  (*counts_)[index_of(v)].fetch_add(1, std::memory_order_relaxed);
  total_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  store_min(min_, v);
  store_max(max_, v);
}

void histogram::merge(const histogram& other) {
  for (std::size_t i = 0; i < bucket_count; ++i) {
    auto n = (*other.counts_)[i].load(std::memory_order_relaxed);
    if (n != 0)
      (*counts_)[i].fetch_add(n, std::memory_order_relaxed);
  }
  total_.fetch_add(other.count(), std::memory_order_relaxed);
  clamped_.fetch_add(other.clamped(), std::memory_order_relaxed);
  sum_.fetch_add(other.sum_.load(std::memory_order_relaxed),
                 std::memory_order_relaxed);
  if (other.count() != 0) {
    store_min(min_, other.min());
    store_max(max_, other.max());
  }
}

std::uint64_t histogram::count() const {
  return total_.load(std::memory_order_relaxed);
}

std::uint64_t histogram::clamped() const {
  return clamped_.load(std::memory_order_relaxed);
}

std::uint64_t histogram::min() const {
  return count() == 0 ? 0 : min_.load(std::memory_order_relaxed);
}

std::uint64_t histogram::max() const {
  return max_.load(std::memory_order_relaxed);
}

double histogram::mean() const {
  auto n = count();
  return n == 0 ? 0.0
                : static_cast<double>(sum_.load(std::memory_order_relaxed))
                    / static_cast<double>(n);
}

std::uint64_t histogram::percentile(double p) const {
  // Counts are read bucket by bucket while others may record: the total is
  // taken from the buckets themselves so the walk always ends.
  std::uint64_t total = 0;
  for (auto& c : *counts_)
    total += c.load(std::memory_order_relaxed);
  if (total == 0)
    return 0;
  p = p < 0 ? 0 : (p > 100 ? 100 : p);
  auto rank = static_cast<std::uint64_t>(
    std::ceil(p / 100.0 * static_cast<double>(total)));
  // The extremes are known exactly.
  if (rank <= 1)
    return min();
  if (rank >= total)
    return max();
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < bucket_count; ++i) {
    seen += (*counts_)[i].load(std::memory_order_relaxed);
    if (seen >= rank) {
      auto v = bucket_low(i) + (bucket_width(i) - 1) / 2;
      auto lo = min(), hi = max();
      return v < lo ? lo : (v > hi ? hi : v);
    }
  }
  return max();
}

} // namespace agenthub::loadgen
