// `agenthub top`: /admin/system and the busiest rooms, refreshed.
#include "actors/time_format.hpp"

#include "app/cli/command.hpp"
#include "app/cli/errors.hpp"
#include "app/cli/hub_client.hpp"
#include "app/cli/output.hpp"
#include <unistd.h>

#include <cstdio>
#include <set>
#include <sstream>

namespace agenthub::cli {

using nlohmann::json;

namespace {

/// `j[a][b]` for a human ("-" when missing).
std::string nested(const json& j, const char* a, const char* b) {
  if (!j.is_object() || !j.contains(a))
    return "-";
  return text_of(j[a], b);
}

/// Every field of /admin/system the frame does not show by name, one level
/// deep ("io.threads 1  dbPool.idle 3"), in lines of at most 80 columns.
std::string other_fields(const json& system) {
  static const std::set<std::string> shown{
    "nodeId",   "version",     "uptimeSeconds", "connections",
    "sessions", "roomsActive", "writer"};
  std::string out;
  std::size_t line = 0; // columns used on the current line
  auto add = [&](const std::string& key, const std::string& value) {
    auto item = terminal_safe(key) + " " + value;
    if (line > 0 && line + 2 + item.size() > 80) {
      out += "\n";
      line = 0;
    } else if (line > 0) {
      out += "  ";
      line += 2;
    }
    out += item;
    line += item.size();
  };
  for (const auto& [key, value] : system.items()) {
    if (shown.count(key) || value.is_array())
      continue;
    if (!value.is_object()) {
      add(key, text_of(system, key));
      continue;
    }
    for (const auto& [sub, inner] : value.items())
      if (!inner.is_structured())
        add(key + "." + sub, text_of(value, sub));
  }
  return out;
}

std::string system_lines(const json& s) {
  const auto& w = s.value("writer", json::object());
  std::ostringstream out;
  out << "node " << text_of(s, "nodeId") << "  version "
      << text_of(s, "version") << "  up "
      << (s.value("uptimeSeconds", json()).is_number()
            ? short_duration(s["uptimeSeconds"].get<double>())
            : "-")
      << "\nconnections " << text_of(s, "connections") << "  sessions "
      << text_of(s, "sessions") << "  rooms active "
      << text_of(s, "roomsActive") << "\nwriter  queue "
      << text_of(w, "queueDepth") << "  batch last "
      << nested(w, "batchSize", "last") << " p50 "
      << nested(w, "batchSize", "p50") << " p99 "
      << nested(w, "batchSize", "p99") << "  commit p50 "
      << nested(w, "commitLatencyMs", "p50") << " ms p99 "
      << nested(w, "commitLatencyMs", "p99") << " ms\n";
  auto others = other_fields(s);
  if (!others.empty())
    out << others << "\n";
  return out.str();
}

/// GET `path` for top; a failure names the route (404: no admin API).
json admin_get(hub_client& hub, const std::string& path) {
  auto r = hub.request("GET", path);
  if (r.status == 200 && r.body.is_object())
    return r.body;
  auto text = "GET " + path + ": " + describe_error(r.status, r.body);
  if (r.status == 404)
    text += " (this hub has no admin API; it needs a newer agenthub serve)";
  if (r.status == 200)
    throw failure{exit_code::local, text + ": not a JSON object"};
  throw failure{exit_code_for_status(r.status), text};
}

void print_rooms(const json& rooms) {
  // IN/s and OUT/s: the last 10 s; (1m): the last minute.
  table t{{"ROOM", "MEMBERS", "ONLINE", "SEQ", "QUEUE", "IN/s", "IN/s(1m)",
           "OUT/s", "OUT/s(1m)", "SLOW", "IDLE", "STATE"}};
  for (const auto& r : rooms) {
    auto idle = r.value("idleSeconds", json());
    t.add({r.contains("slug") && r["slug"].is_string() ? text_of(r, "slug")
                                                       : text_of(r, "id"),
           text_of(r, "members"), text_of(r, "online"), text_of(r, "lastSeq"),
           text_of(r, "queueDepth"), nested(r, "messagesInPerSec", "10s"),
           nested(r, "messagesInPerSec", "1m"),
           nested(r, "deliveriesOutPerSec", "10s"),
           nested(r, "deliveriesOutPerSec", "1m"), text_of(r, "slowConsumers"),
           idle.is_number() ? short_duration(idle.get<double>()) : "-",
           r.value("stale", false) ? "stale" : ""});
  }
  t.print("No active rooms.");
}

int run_top(const parsed_args& a) {
  bool once = a.has("--once");
  auto interval = std::chrono::seconds{a.get_int("--interval", 1, 3600, 1)};
  auto limit = a.get_int("--limit", 1, 100, 10);
  auto hub = hub_client::from_environment();
  hub.retry_budget = std::chrono::milliseconds{once ? 10000 : 0};
  bool clear = !once && !a.json() && ::isatty(STDOUT_FILENO);
  auto rooms_path = "/admin/rooms?sort=rate&limit=" + std::to_string(limit);
  for (;;) {
    try {
      auto system = admin_get(hub, "/admin/system");
      auto rooms = admin_get(hub, rooms_path).value("rooms", json::array());
      if (a.json()) {
        print_json({{"system", system}, {"rooms", rooms}});
      } else {
        if (clear)
          std::fputs("\x1b[H\x1b[2J", stdout);
        print_line("agenthub top  " + hub.url().to_string() + "  "
                   + now_iso8601() + (once ? "" : "  (Ctrl-C quits)"));
        std::fputs(system_lines(system).c_str(), stdout);
        print_line("");
        print_rooms(rooms);
        if (!clear && !once)
          print_line("");
      }
    } catch (const failure& f) {
      // Live view: keep going while the hub is away; a refusal is final.
      if (once || f.code() != exit_code::unavailable)
        throw;
      print_note(std::string{f.what()} + "; retrying");
    }
    if (once || !pause_for(interval))
      return exit_code::ok;
  }
}

} // namespace

std::vector<command> top_commands() {
  return {
    {"top",
     "[--once] [--interval S] [--limit N]",
     "live view: hub and busiest rooms (admin)",
     "Shows GET /admin/system (node, uptime, connections, sessions, active\n"
     "rooms, writer queue, batch size and commit latency) and the busiest\n"
     "rooms of GET /admin/rooms?sort=rate (members, online, last seq, queue\n"
     "depth, messages/s in and deliveries/s out over 10 s and 1 min, slow\n"
     "consumers, idle time; 'stale' when the room did not report in time).\n"
     "Ctrl-C quits (exit 0).\n"
     "\nOptions:\n"
     "  --once        print one frame and exit (for scripts and tests)\n"
     "  --interval S  seconds between refreshes (default 1)\n"
     "  --limit N     rooms to show, 1-100 (default 10)\n"
     "With --json, each frame is one line: {\"system\":…,\"rooms\":[…]}.\n",
     {{"--once", false}, {"--interval", true}, {"--limit", true}},
     0,
     0,
     run_top},
  };
}

} // namespace agenthub::cli
