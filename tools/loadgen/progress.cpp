// The progress line.
#include "tools/loadgen/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace agenthub::loadgen {

progress_line::progress_line(const run_context& ctx, double planned_s,
                             bool enabled)
  : ctx_(ctx), planned_s_(planned_s), enabled_(enabled && ::isatty(2) == 1) {
}

void progress_line::tick(double t, const char* phase) {
  if (!enabled_ || (last_t_ >= 0 && t - last_t_ < 1.0))
    return;
  auto sends = ctx_.counters.sends.load(std::memory_order_relaxed);
  auto deliveries = ctx_.counters.deliveries.load(std::memory_order_relaxed);
  double dt = last_t_ < 0 ? t : t - last_t_;
  double sps = dt > 0 ? static_cast<double>(sends - last_sends_) / dt : 0;
  double dps
    = dt > 0 ? static_cast<double>(deliveries - last_deliveries_) / dt : 0;
  double eta = planned_s_ - t;
  std::fprintf(stderr,
               "\r%s %6.1fs  sends/s %8.1f  deliveries/s %9.1f  p99 ack "
               "%7.2f ms  errors %llu  ETA %4.0fs\x1b[K",
               phase, t, sps, dps,
               static_cast<double>(ctx_.ack_latency.percentile(99)) / 1000.0,
               static_cast<unsigned long long>(ctx_.errors.total()),
               eta > 0 ? eta : 0.0);
  std::fflush(stderr);
  printed_ = true;
  last_t_ = t;
  last_sends_ = sends;
  last_deliveries_ = deliveries;
}

void progress_line::finish() {
  if (printed_)
    std::fputc('\n', stderr);
  printed_ = false;
}

} // namespace agenthub::loadgen
