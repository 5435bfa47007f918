// Readings of the hub process from /proc.
#include "tools/loadgen/proc_watch.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace agenthub::loadgen {

namespace {

/// utime + stime in seconds. The command name (field 2) may hold spaces
/// and parentheses, so fields are counted after its last ')'.
bool read_cpu(int pid, double& cpu_s) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text))
    return false;
  auto close = text.rfind(')');
  if (close == std::string::npos)
    return false;
  std::istringstream rest(text.substr(close + 1));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // After ')': state is field 3; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14)
      utime = std::stoull(field);
    if (i == 15)
      stime = std::stoull(field);
  }
  auto ticks = ::sysconf(_SC_CLK_TCK);
  cpu_s = static_cast<double>(utime + stime)
          / static_cast<double>(ticks > 0 ? ticks : 100);
  return true;
}

long status_kib(const std::string& status, const std::string& key) {
  auto at = status.find("\n" + key + ":");
  if (at == std::string::npos)
    return 0;
  return std::strtol(status.c_str() + at + key.size() + 2, nullptr, 10);
}

double delta(const proc_sample& a, const proc_sample& b) {
  return a.ok && b.ok ? b.cpu_s - a.cpu_s : 0.0;
}

} // namespace

proc_sample sample_process(int pid) {
  proc_sample s;
  if (pid <= 0 || !read_cpu(pid, s.cpu_s))
    return s;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::ostringstream all;
  all << "\n" << in.rdbuf();
  auto status = all.str();
  s.rss_kib = status_kib(status, "VmRSS");
  s.hwm_kib = status_kib(status, "VmHWM");
  s.threads = status_kib(status, "Threads");
  s.ok = true;
  return s;
}

nlohmann::json proc_watch::to_json(std::uint64_t connections_opened,
                                   std::uint64_t deliveries,
                                   std::uint64_t acks) const {
  auto load_cpu = delta(after_open, after_drain);
  auto growth = after_open.rss_kib - before_open.rss_kib;
  return {
    {"pid", pid},
    {"readable", before_open.ok && after_drain.ok},
    {"cpu_s",
     {{"total", after_drain.cpu_s},
      {"open", delta(before_open, after_open)},
      {"send", delta(after_open, after_send)},
      {"drain", delta(after_send, after_drain)},
      {"load", load_cpu}}},
    {"rss_kib",
     {{"before_open", before_open.rss_kib},
      {"after_open", after_open.rss_kib},
      {"after_send", after_send.rss_kib},
      {"end", after_drain.rss_kib}}},
    {"peak_rss_kib", after_drain.hwm_kib},
    {"threads", after_drain.threads},
    {"rss_growth_per_connection_kib",
     connections_opened > 0
       ? static_cast<double>(growth) / static_cast<double>(connections_opened)
       : 0.0},
    {"cpu_us_per_delivery",
     deliveries > 0 ? load_cpu * 1e6 / static_cast<double>(deliveries) : 0.0},
    {"cpu_us_per_ack",
     acks > 0 ? load_cpu * 1e6 / static_cast<double>(acks) : 0.0}};
}

} // namespace agenthub::loadgen
