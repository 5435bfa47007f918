// One load run: setup, open, send, drain, report.
#include "tools/loadgen/runner.hpp"

#include "tools/loadgen/accounting.hpp"
#include "tools/loadgen/progress.hpp"
#include "tools/loadgen/replay_driver.hpp"
#include "tools/loadgen/rest_client.hpp"
#include "tools/loadgen/setup_provider.hpp"
#include "tools/loadgen/summary.hpp"
#include "tools/loadgen/synthetic_driver.hpp"
#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

namespace agenthub::loadgen {

namespace {

using clock = std::chrono::steady_clock;

volatile std::sig_atomic_t interrupted = 0;

void on_signal(int) {
  interrupted = 1;
}

double since(clock::time_point t) {
  return std::chrono::duration<double>(clock::now() - t).count();
}

/// Raises the open-file limit to its hard maximum: one socket per
/// connection.
void raise_file_limit(int connections) {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return;
  rl.rlim_cur = rl.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < static_cast<rlim_t>(connections) + 64)
    std::fprintf(stderr,
                 "agenthub-loadgen: warning: open-file limit %llu is below "
                 "%d connections; raise it (ulimit -n)\n",
                 static_cast<unsigned long long>(rl.rlim_cur), connections);
}

/// Waits until every send is answered and every expected delivery came, or
/// nothing moved for 2 s with nothing outstanding, or the timeout.
bool drain(run_context& ctx, double timeout_s, progress_line& progress,
           clock::time_point t0) {
  auto start = clock::now();
  auto& k = ctx.counters;
  auto last = k.deliveries.load();
  auto last_change = clock::now();
  while (since(start) < timeout_s && !interrupted) {
    auto outstanding = k.outstanding.load();
    auto delivered = k.deliveries.load();
    if (outstanding == 0 && delivered >= k.expected.load())
      return true;
    if (delivered != last) {
      last = delivered;
      last_change = clock::now();
    } else if (outstanding == 0 && since(last_change) > 2.0) {
      return true; // nothing more is coming (receivers left meanwhile)
    }
    progress.tick(since(t0), "drain");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return k.outstanding.load() == 0 && k.deliveries.load() >= k.expected.load();
}

int report(const options& o, const fleet& f, const run_context& ctx,
           const driver& d, const run_phases& p) {
  auto results = account(d.connections(), f.rooms.size());
  auto s = make_summary(o, f, ctx, d, results, p);
  std::cout << s.dump(2) << std::endl;
  if (!o.json_only)
    print_table(s, stderr);
  return s["ok"].get<bool>() ? 0 : 1;
}

int setup_failed(const options& o, const std::string& why) {
  nlohmann::json s = {{"tool", "agenthub-loadgen"},
                      {"config", config_json(o)},
                      {"ok", false},
                      {"failed_because", {"setup: " + why}}};
  std::cout << s.dump(2) << std::endl;
  std::fprintf(stderr, "agenthub-loadgen: setup failed: %s\n", why.c_str());
  return 1;
}

} // namespace

int run_loadgen(const options& o) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  recording rec;
  if (o.replay) {
    std::ifstream in(o.recording_file);
    if (!in) {
      std::fprintf(stderr, "agenthub-loadgen: cannot read %s\n",
                   o.recording_file.c_str());
      return 2;
    }
    rec = parse_recording(in);
    for (auto& issue : rec.issues)
      std::fprintf(stderr, "agenthub-loadgen: %s:%zu: %s\n",
                   o.recording_file.c_str(), issue.line, issue.reason.c_str());
    if (!rec.header_ok || rec.events.empty()) {
      std::fprintf(stderr, "agenthub-loadgen: %s: nothing to replay\n",
                   o.recording_file.c_str());
      return 2;
    }
  }
  worker_pool pool(o.threads); // outlives the driver's connections
  auto d = o.replay ? make_replay_driver(o, rec) : make_synthetic_driver(o);
  auto plan = d->plan();
  if (plan.agents == 0)
    return setup_failed(o, "the scenario has no agents");
  raise_file_limit(o.replay ? plan.agents : o.connections);
  // Replay: the recording's length at --speed, plus 10 s for connections
  // that open late (the driver ends the run when every event is done).
  double limit_s = o.duration.value_or(
    o.replay ? std::min(d->planned_seconds() + 10.0, 3600.0) : 10.0);

  run_phases p;
  auto t_setup = clock::now();
  fleet f;
  try {
    f = make_setup_provider(o)->provide(plan, limit_s + o.drain_timeout + 60);
  } catch (const std::exception& e) {
    return setup_failed(o, e.what());
  }
  p.setup_s = since(t_setup);
  if (interrupted)
    return setup_failed(o, "interrupted");

  p.hub.pid = o.hub_pid;
  p.hub.before_open = sample_process(o.hub_pid);
  run_context ctx(o, f);
  progress_line progress(ctx, o.replay ? d->planned_seconds() : limit_s,
                         !o.json_only);
  auto t_open = clock::now();
  std::string why;
  if (!d->open(ctx, pool, why)) {
    p.failure = why;
    p.open_s = since(t_open);
    d->close_all();
    pool.stop(3000);
    return report(o, f, ctx, *d, p);
  }
  p.open_s = since(t_open);
  p.hub.after_open = sample_process(o.hub_pid);

  auto t0 = clock::now();
  ctx.sending = true;
  d->start();
  while (since(t0) < limit_s && !d->done() && ctx.sending && !interrupted) {
    progress.tick(since(t0), "send ");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ctx.sending = false;
  p.send_s = since(t0);
  p.hub.after_send = sample_process(o.hub_pid);
  auto t_drain = clock::now();
  p.drained = drain(ctx, o.drain_timeout, progress, t0);
  p.drain_s = since(t_drain);
  p.hub.after_drain = sample_process(o.hub_pid);
  progress.finish();
  if (interrupted)
    p.failure = "interrupted";
  d->close_all();
  pool.stop(3000);
  return report(o, f, ctx, *d, p);
}

} // namespace agenthub::loadgen
