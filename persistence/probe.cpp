// agenthub_db_query_duration_seconds, labelled by operation.
#include "persistence/probe.hpp"

#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace agenthub::db {

namespace {

std::atomic<prometheus::Family<prometheus::Histogram>*> family{nullptr};
std::mutex cache_mutex;
std::map<const char*, prometheus::Histogram*> cache;

prometheus::Histogram* histogram_for(const char* operation) {
  auto* f = family.load(std::memory_order_acquire);
  if (f == nullptr)
    return nullptr;
  std::lock_guard<std::mutex> guard{cache_mutex};
  auto& slot = cache[operation];
  if (slot == nullptr)
    slot = &f->Add({{"operation", operation}},
                   prometheus::Histogram::BucketBoundaries{
                     0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                     0.5, 1, 2.5, 5});
  return slot;
}

} // namespace

void register_metrics(prometheus::Registry& registry) {
  auto& f = prometheus::BuildHistogram()
              .Name("agenthub_db_query_duration_seconds")
              .Help("Duration of database operations, by operation.")
              .Register(registry);
  family.store(&f, std::memory_order_release);
}

query_timer::query_timer(const char* operation)
  : operation_(operation), start_(std::chrono::steady_clock::now()) {
}

query_timer::~query_timer() {
  if (auto* h = histogram_for(operation_)) {
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - start_;
    h->Observe(d.count());
  }
}

} // namespace agenthub::db
