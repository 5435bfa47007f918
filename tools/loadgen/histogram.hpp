// A log-linear latency histogram (HdrHistogram-style), thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

namespace agenthub::loadgen {

/// Records values in microseconds, 1 µs .. 1 h, with 128 linear sub-buckets
/// per power of two: every recorded value is reported within 1/128 (0.8 %)
/// of itself. Recording is lock-free (relaxed atomics), so any thread may
/// record while another reads percentiles for a progress line.
class histogram {
public:
  /// Smallest trackable value (µs); smaller values are clamped up to it.
  static constexpr std::uint64_t lowest = 1;
  /// Largest trackable value (µs): one hour; larger values are clamped.
  static constexpr std::uint64_t highest = 3'600'000'000ULL;
  /// Linear sub-buckets per power of two (2^7): the precision.
  static constexpr unsigned sub_bits = 7;
  /// Number of buckets covering [0, 2^32).
  static constexpr std::size_t bucket_count
    = (1u << sub_bits) + (32 - sub_bits) * (1u << sub_bits);

  histogram();

  /// Records one value; values outside [lowest, highest] are clamped and
  /// counted in clamped().
  void record(std::uint64_t value_us);

  /// Adds every count of `other` into this histogram.
  void merge(const histogram& other);

  /// Number of recorded values.
  std::uint64_t count() const;
  /// Number of values that were outside [lowest, highest].
  std::uint64_t clamped() const;
  /// Exact smallest recorded value after clamping (0 when empty).
  std::uint64_t min() const;
  /// Exact largest recorded value after clamping (0 when empty).
  std::uint64_t max() const;
  /// Mean of the recorded values (exact sum / count; 0 when empty).
  double mean() const;
  /// The value at percentile `p` (0..100): the middle of the bucket holding
  /// the value of rank ceil(p/100 * count), kept within [min, max]; the
  /// first and last ranks give min and max exactly. 0 when empty.
  std::uint64_t percentile(double p) const;

  /// The bucket index of a value in [0, 2^32).
  static std::size_t index_of(std::uint64_t v);
  /// The smallest value in bucket `i`.
  static std::uint64_t bucket_low(std::size_t i);
  /// The width of bucket `i` (1 below 256, then doubling per power of two).
  static std::uint64_t bucket_width(std::size_t i);

private:
  std::unique_ptr<std::array<std::atomic<std::uint64_t>, bucket_count>> counts_;
  std::atomic<std::uint64_t> total_{0};
  std::atomic<std::uint64_t> clamped_{0};
  std::atomic<std::uint64_t> sum_{0};
  std::atomic<std::uint64_t> min_{UINT64_MAX};
  std::atomic<std::uint64_t> max_{0};
};

} // namespace agenthub::loadgen
