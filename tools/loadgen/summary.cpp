// The final report.
#include "tools/loadgen/summary.hpp"

#include <sys/resource.h>

namespace agenthub::loadgen {

using json = nlohmann::json;

namespace {

json latency(const histogram& h) {
  return {{"count", h.count()},         {"min", h.min()},
          {"mean", h.mean()},           {"p50", h.percentile(50)},
          {"p90", h.percentile(90)},    {"p99", h.percentile(99)},
          {"p999", h.percentile(99.9)}, {"max", h.max()},
          {"clamped", h.clamped()}};
}

/// This process's own cost: it shares the machine with the hub.
json self_usage() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec)
           + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return {{"cpu_user_s", secs(ru.ru_utime)},
          {"cpu_system_s", secs(ru.ru_stime)},
          {"max_rss_kib", ru.ru_maxrss}};
}

double per_s(std::uint64_t n, double s) {
  return s > 0 ? static_cast<double>(n) / s : 0.0;
}

std::uint64_t u(const json& j, const char* a, const char* b) {
  return j.at(a).at(b).get<std::uint64_t>();
}

} // namespace

json config_json(const options& o) {
  json c = {{"url", o.url_text},
            {"scenario", o.replay ? "replay" : "synthetic"},
            {"framing", o.framing_choice ? to_string(*o.framing_choice)
                                         : (o.replay ? "recorded" : "ws")},
            {"threads", o.threads},
            {"source_ips", o.source_ips},
            {"setup", o.setup == setup_kind::rest ? "rest" : "none"},
            {"duration_s", o.duration ? json(*o.duration) : json(nullptr)},
            {"max_messages", o.max_messages},
            {"drain_timeout_s", o.drain_timeout}};
  if (!o.replay) {
    c["connections"] = o.connections;
    c["connections_per_agent"] = o.connections_per_agent;
    c["rooms"] = o.rooms;
    c["members_per_room"] = o.members_per_room;
    c["senders"] = o.senders;
    c["rate"] = o.rate;
    c["window"] = o.window;
    c["size"] = o.size;
    c["client_msg_id"] = o.client_msg_id;
  }
  return c;
}

json make_summary(const options& o, const fleet& f, const run_context& ctx,
                  const driver& d, const run_results& r, const run_phases& p) {
  auto& k = ctx.counters;
  auto sends = k.sends.load(), acks = k.acks.load();
  auto deliveries = k.deliveries.load();
  json s;
  s["tool"] = "agenthub-loadgen";
  s["config"] = config_json(o);
  s["scenario"] = d.describe();
  s["setup"] = {{"provider", f.report.provider},
                {"seconds", f.report.seconds},
                {"prefix", f.prefix},
                {"agents", f.agents.size()},
                {"rooms", f.rooms.size()},
                {"requests", f.report.requests},
                {"logins", f.report.logins},
                {"retries_429", f.report.retries_429},
                {"retries_503", f.report.retries_503}};
  s["phases_s"] = {{"setup", p.setup_s},
                   {"open", p.open_s},
                   {"send", p.send_s},
                   {"drain", p.drain_s}};
  s["duration_s"] = p.send_s + p.drain_s;
  s["connections"] = {{"planned", d.connections().size()},
                      {"opened", k.opened.load()},
                      {"failed", k.failed.load()},
                      {"lost", r.connections_lost},
                      {"failures", r.failures}};
  s["counts"] = {{"sends", sends},
                 {"acks", acks},
                 {"acks_duplicate", k.acks_duplicate.load()},
                 {"send_errors", k.send_errors.load()},
                 {"unanswered", r.unanswered},
                 {"deliveries", deliveries},
                 {"deliveries_stamped", k.stamped.load()},
                 {"deliveries_expected", r.expected_deliveries},
                 {"requests", k.requests.load()},
                 {"replies", k.replies.load()},
                 {"error_events", k.error_events.load()},
                 {"backpressure_skips", k.backpressure.load()},
                 {"invalid_frames", k.invalid_frames.load()},
                 {"engineio_pings", k.pings.load()}};
  auto span = p.send_s + p.drain_s;
  s["rates"] = {{"sends_per_s", per_s(sends, p.send_s)},
                {"acks_per_s", per_s(acks, span)},
                {"deliveries_per_s", per_s(deliveries, span)}};
  s["latency_us"] = {{"ack", latency(ctx.ack_latency)},
                     {"delivery", latency(ctx.delivery_latency)}};
  s["errors_by_code"] = ctx.errors.snapshot();
  s["invariants"] = {{"order_violations", r.order_violations()},
                     {"gaps", r.gaps},
                     {"regressions", r.regressions},
                     {"duplicates", r.duplicates},
                     {"missing_deliveries", r.missing},
                     {"seq_conflicts", r.seq_conflicts},
                     {"receivers_checked", r.receivers_checked},
                     {"deliveries_after_leave", r.after_leave},
                     {"missing_allowed", o.allow_missing}};
  s["drained"] = p.drained;
  s["loadgen_process"] = self_usage();
  if (p.hub.pid > 0)
    s["hub_process"] = p.hub.to_json(k.opened.load(), deliveries, acks);
  std::vector<std::string> why;
  if (!p.failure.empty())
    why.push_back(p.failure);
  if (r.connections_lost > 0)
    why.push_back(std::to_string(r.connections_lost) + " connections lost");
  if (r.unanswered > 0)
    why.push_back(std::to_string(r.unanswered) + " sends never answered");
  if (r.order_violations() > 0)
    why.push_back(std::to_string(r.order_violations()) + " order violations");
  if (r.duplicates > 0)
    why.push_back(std::to_string(r.duplicates) + " duplicate deliveries");
  if (r.seq_conflicts > 0)
    why.push_back(std::to_string(r.seq_conflicts) + " seq conflicts");
  if (r.missing > 0 && !o.allow_missing)
    why.push_back(std::to_string(r.missing) + " missing deliveries");
  s["ok"] = why.empty();
  s["failed_because"] = why;
  return s;
}

void print_table(const json& s, std::FILE* out) {
  auto lat = [&](const char* which) {
    auto& l = s["latency_us"][which];
    std::fprintf(
      out,
      "  %-9s n=%-9llu p50 %8.2f  p90 %8.2f  p99 %8.2f  p99.9 "
      "%8.2f  max %8.2f ms\n",
      which, static_cast<unsigned long long>(l["count"].get<std::uint64_t>()),
      l["p50"].get<double>() / 1000, l["p90"].get<double>() / 1000,
      l["p99"].get<double>() / 1000, l["p999"].get<double>() / 1000,
      l["max"].get<double>() / 1000);
  };
  auto& c = s["counts"];
  auto& r = s["rates"];
  std::fprintf(out, "agenthub-loadgen: %s over %s, %llu connections\n",
               s["config"]["scenario"].get<std::string>().c_str(),
               s["config"]["framing"].get<std::string>().c_str(),
               static_cast<unsigned long long>(u(s, "connections", "opened")));
  std::fprintf(
    out, "  setup %.1f s (%s), open %.1f s, send %.1f s, drain %.1f s%s\n",
    s["phases_s"]["setup"].get<double>(),
    s["setup"]["provider"].get<std::string>().c_str(),
    s["phases_s"]["open"].get<double>(), s["phases_s"]["send"].get<double>(),
    s["phases_s"]["drain"].get<double>(),
    s["drained"].get<bool>() ? "" : " (timed out)");
  std::fprintf(
    out,
    "  sends %llu (%.1f/s)  acks %llu (%.1f/s)  deliveries %llu "
    "(%.1f/s)  errors %llu\n",
    static_cast<unsigned long long>(c["sends"].get<std::uint64_t>()),
    r["sends_per_s"].get<double>(),
    static_cast<unsigned long long>(c["acks"].get<std::uint64_t>()),
    r["acks_per_s"].get<double>(),
    static_cast<unsigned long long>(c["deliveries"].get<std::uint64_t>()),
    r["deliveries_per_s"].get<double>(),
    static_cast<unsigned long long>(c["send_errors"].get<std::uint64_t>()));
  lat("ack");
  lat("delivery");
  for (auto& [code, n] : s["errors_by_code"].items())
    std::fprintf(out, "  error %-24s %llu\n", code.c_str(),
                 static_cast<unsigned long long>(n.get<std::uint64_t>()));
  auto& inv = s["invariants"];
  std::fprintf(
    out,
    "  order violations %llu  missing %llu  duplicates %llu  seq "
    "conflicts %llu  unanswered %llu\n",
    static_cast<unsigned long long>(u(s, "invariants", "order_violations")),
    static_cast<unsigned long long>(u(s, "invariants", "missing_deliveries")),
    static_cast<unsigned long long>(u(s, "invariants", "duplicates")),
    static_cast<unsigned long long>(u(s, "invariants", "seq_conflicts")),
    static_cast<unsigned long long>(u(s, "counts", "unanswered")));
  (void) inv;
  if (s.contains("hub_process")) {
    auto& h = s["hub_process"];
    std::fprintf(out,
                 "  hub: cpu %.2f s under load (%.2f us/delivery), rss %ld "
                 "KiB, peak %ld KiB, +%.1f KiB/connection\n",
                 h["cpu_s"]["load"].get<double>(),
                 h["cpu_us_per_delivery"].get<double>(),
                 h["rss_kib"]["end"].get<long>(), h["peak_rss_kib"].get<long>(),
                 h["rss_growth_per_connection_kib"].get<double>());
  }
  if (s["ok"].get<bool>()) {
    std::fprintf(out, "  result: OK\n");
  } else {
    for (auto& w : s["failed_because"])
      std::fprintf(out, "  result: FAILED: %s\n", w.get<std::string>().c_str());
  }
}

} // namespace agenthub::loadgen
