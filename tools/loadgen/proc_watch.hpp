// The hub's CPU time and memory from /proc at the phase boundaries of a
// run (--hub-pid): CPU seconds of the load phase alone, not of the setup's
// Argon2 logins, and the RSS growth from opening the connections.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace agenthub::loadgen {

/// One reading of a process.
struct proc_sample {
  bool ok = false;
  double cpu_s = 0; ///< utime + stime (/proc/PID/stat)
  long rss_kib = 0; ///< VmRSS (/proc/PID/status)
  long hwm_kib = 0; ///< VmHWM: peak RSS so far
  long threads = 0; ///< Threads
};

/// Reads /proc/PID/stat and /proc/PID/status; ok is false if the process
/// is gone or unreadable.
proc_sample sample_process(int pid);

/// Readings at the phase boundaries of one run.
struct proc_watch {
  int pid = 0;
  proc_sample before_open, after_open, after_send, after_drain;

  /// The summary block: CPU seconds per phase, RSS at each boundary, peak
  /// RSS, RSS growth per opened connection and CPU µs per delivery.
  nlohmann::json to_json(std::uint64_t connections_opened,
                         std::uint64_t deliveries, std::uint64_t acks) const;
};

} // namespace agenthub::loadgen
