// Prometheus families of net/ and the /metrics text rendering.
#include "net/probe.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

namespace agenthub::net::probe {

namespace {

struct families {
  prometheus::Family<prometheus::Counter>* requests;
  prometheus::Family<prometheus::Histogram>* durations;
  prometheus::Histogram* argon2;
  prometheus::Family<prometheus::Counter>* limited;
};

std::atomic<families*> fams{nullptr};

const char* known_method(const std::string& m) {
  static const char* methods[]
    = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"};
  for (auto* k : methods)
    if (m == k)
      return k;
  return "OTHER";
}

const prometheus::Histogram::BucketBoundaries& latency_buckets() {
  static const prometheus::Histogram::BucketBoundaries b{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  return b;
}

double now_seconds_since_epoch() {
  return std::chrono::duration<double>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

const double process_start = now_seconds_since_epoch();

prometheus::MetricFamily gauge_family(const std::string& name,
                                      const std::string& help,
                                      prometheus::MetricType type,
                                      double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter)
    m.counter.value = value;
  else
    m.gauge.value = value;
  f.metric.push_back(m);
  return f;
}

std::vector<prometheus::MetricFamily> process_families() {
  std::vector<prometheus::MetricFamily> out;
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
               + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
  out.push_back(gauge_family("process_cpu_seconds_total",
                             "Total user and system CPU time spent in "
                             "seconds.",
                             prometheus::MetricType::Counter, cpu));
  long page = sysconf(_SC_PAGESIZE);
  std::ifstream statm("/proc/self/statm");
  double vsize_pages = 0;
  double rss_pages = 0;
  statm >> vsize_pages >> rss_pages;
  out.push_back(gauge_family("process_resident_memory_bytes",
                             "Resident memory size in bytes.",
                             prometheus::MetricType::Gauge, rss_pages * page));
  out.push_back(gauge_family(
    "process_virtual_memory_bytes", "Virtual memory size in bytes.",
    prometheus::MetricType::Gauge, vsize_pages * page));
  out.push_back(gauge_family("process_start_time_seconds",
                             "Start time of the process since unix epoch in "
                             "seconds.",
                             prometheus::MetricType::Gauge, process_start));
  double fds = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr)
      ++fds;
    closedir(d);
    fds -= 3; // ".", ".." and the DIR's own descriptor
  }
  out.push_back(gauge_family("process_open_fds",
                             "Number of open file descriptors.",
                             prometheus::MetricType::Gauge, fds));
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  out.push_back(gauge_family(
    "process_max_fds", "Maximum number of open file descriptors.",
    prometheus::MetricType::Gauge, static_cast<double>(rl.rlim_cur)));
  return out;
}

} // namespace

void register_metrics(prometheus::Registry& registry) {
  auto* f = new families{};
  f->requests = &prometheus::BuildCounter()
                   .Name("agenthub_http_requests_total")
                   .Help("HTTP requests by method, route pattern and status.")
                   .Register(registry);
  f->durations = &prometheus::BuildHistogram()
                    .Name("agenthub_http_request_duration_seconds")
                    .Help("HTTP request duration by method and route pattern.")
                    .Register(registry);
  f->argon2 = &prometheus::BuildHistogram()
                 .Name("agenthub_argon2_verify_seconds")
                 .Help("Duration of Argon2id API token verifications.")
                 .Register(registry)
                 .Add({}, prometheus::Histogram::BucketBoundaries{
                            0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  f->limited = &prometheus::BuildCounter()
                  .Name("agenthub_rate_limited_total")
                  .Help("Requests refused by a rate limit, by scope.")
                  .Register(registry);
  // Leaked on purpose: metric families live as long as the process.
  fams.store(f, std::memory_order_release);
}

void http_request(const std::string& method, const std::string& route,
                  unsigned status, double seconds) {
  auto* f = fams.load(std::memory_order_acquire);
  if (f == nullptr)
    return;
  const char* m = known_method(method);
  f->requests
    ->Add({{"method", m},
           {"route", route},
           {"status_code", std::to_string(status)}})
    .Increment();
  f->durations->Add({{"method", m}, {"route", route}}, latency_buckets())
    .Observe(seconds);
}

void argon2_verify(double seconds) {
  if (auto* f = fams.load(std::memory_order_acquire))
    f->argon2->Observe(seconds);
}

void rate_limited(const char* scope) {
  if (auto* f = fams.load(std::memory_order_acquire))
    f->limited->Add({{"scope", scope}}).Increment();
}

std::string render(prometheus::Registry& registry) {
  auto all = registry.Collect();
  for (auto& f : process_families())
    all.push_back(std::move(f));
  return prometheus::TextSerializer{}.Serialize(all);
}

} // namespace agenthub::net::probe
