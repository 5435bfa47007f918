// Command-line options of agenthub-loadgen.
#include "tools/loadgen/options.hpp"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>

namespace agenthub::loadgen {

namespace {

const char* help
  = R"(agenthub-loadgen - load generator for AgentHub (and Socket.IO baselines)

Usage:
  agenthub-loadgen [--scenario synthetic] [options]
  agenthub-loadgen --scenario replay --recording FILE [--speed X|max] [options]

Target (loopback only: 127.0.0.0/8, ::1 or localhost; anything else is refused):
  --url URL               http://HOST:PORT of the hub (http://127.0.0.1:3000)
  --framing ws|socketio   /ws JSON (default) or Socket.IO (Engine.IO 4,
                          namespace /agents, auth.token, acks); replay
                          default: each connection's recorded framing
  --threads N             I/O threads the connections are spread over (1; 1-16)
  --source-ips A,B,...    bind connections (and REST logins) to these loopback
                          addresses, round robin: 10 000+ connections without
                          running out of ephemeral ports, and the per-IP login
                          limit (100/min) applies per address
  --connect-timeout S     seconds for every connection to open (30)

Synthetic scenario:
  --connections N         WebSocket connections (default rooms x members;
                          hard cap 20000); connection i belongs to agent
                          i / connections-per-agent
  --connections-per-agent N  (1; the hub allows 32 per agent)
  --rooms N               rooms (1)
  --members-per-room N    agents per room (2); room r has agents
                          (r*N + j) mod agents, j < N
  --senders N             members of each room that send (default: all)
  --rate R                messages/s per sender, open loop (1); 0 = closed
                          loop: each sender keeps --window sends outstanding
  --window N              closed loop: outstanding sends per sender (1)
  --size BYTES            message body size, timing stamp included (128)
  --client-msg-id         give every send a unique clientMsgId
  Note: the hub allows 30 events/s and 64 sends awaiting commit per
  connection; above that it answers rate_limited / too_many_in_flight,
  which are counted under errors.

Replay scenario:
  --recording FILE        a recording of `agenthub serve --record FILE`
  --speed X|max           time scale, 0.01-1000 (1); max = as fast as possible
  --use-bodies            send recorded bodies (after the timing stamp) when
                          the recording has them; else bodies of the
                          recorded size
  Each recorded agent becomes a fresh agent, each recorded room a fresh room
  whose members are every agent seen in it, each recorded connection a
  connection of its agent opened at its connect time. Unknown events are
  counted and skipped; malformed lines are reported with their number.

Bounds:
  --duration S            seconds of sending (10; replay: the recording's
                          length at --speed, at most 3600)
  --max-messages N        stop sending after N messages (no limit)
  --drain-timeout S       after sending stops, wait this long at most for
                          outstanding acks and deliveries (5)

Setup:
  --admin-token TOKEN     admin API token (agt_...); default
                          $AGENTHUB_ADMIN_TOKEN. The admin's JWT creates the
                          agents and their tokens; each agent logs in once
                          (Argon2: ~25-50 ms per login on the hub, 2 at a
                          time); the first member of each room creates it and
                          adds the others.
  --login-concurrency N   parallel logins and token issues (4; 1-16)
  --reuse FILE            keep the created agents, API tokens and rooms in
                          FILE and reuse them on later runs of the same shape
                          (agents log in again: JWTs last 15 min)
  --setup rest|none       rest (default), or none for a server without the
                          AgentHub REST API (a Socket.IO baseline): nothing is
                          created, rooms are named <prefix>-<r>, each
                          connection sends room:join for its rooms
  --jwt-file FILE         with --setup none: one token per line, one per agent
                          (cycled); without it the token is "loadgen-<agent>"
  Setup time: the admin may make 600 REST requests/min (2 per agent: create
  + token), logins are limited to 100/min per source IP. 1000 agents take
  about 3.5 min from one source IP; --reuse skips the creation next time.

Output and exit:
  --hub-pid PID           read the hub's CPU time and RSS from /proc at each
                          phase boundary: CPU seconds of the load alone (not
                          of the setup's logins), RSS growth per connection
  --json-only             no progress line and no table on stderr
  --allow-missing         missing deliveries do not fail the run
  A JSON summary goes to stdout, a table and (on a terminal) a progress line
  to stderr. Exit code 0: the run completed, every send was answered, 0
  order violations, 0 missing deliveries, 0 duplicates; 1 otherwise; 2 usage
  error.
)";

using setter = std::function<std::optional<std::string>(const std::string&)>;

std::optional<std::string> to_int(const std::string& v, int lo, int hi,
                                  int& out, const std::string& name) {
  char* end = nullptr;
  long x = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || end != v.c_str() + v.size() || x < lo || x > hi)
    return name + " needs an integer in [" + std::to_string(lo) + ", "
           + std::to_string(hi) + "], got '" + v + "'";
  out = static_cast<int>(x);
  return std::nullopt;
}

std::optional<std::string> to_double(const std::string& v, double lo, double hi,
                                     double& out, const std::string& name) {
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || end != v.c_str() + v.size() || !std::isfinite(x) || x < lo
      || x > hi)
    return name + " needs a number in [" + std::to_string(lo) + ", "
           + std::to_string(hi) + "], got '" + v + "'";
  out = x;
  return std::nullopt;
}

std::map<std::string, setter> setters(options& o, std::string& source_ips) {
  std::map<std::string, setter> s;
  auto integer = [&s](const char* name, int& field, int lo, int hi) {
    s[name] = [&field, lo, hi, name](const std::string& v) {
      return to_int(v, lo, hi, field, name);
    };
  };
  auto number = [&s](const char* name, double& field, double lo, double hi) {
    s[name] = [&field, lo, hi, name](const std::string& v) {
      return to_double(v, lo, hi, field, name);
    };
  };
  auto text = [&s](const char* name, std::string& field) {
    s[name] = [&field](const std::string& v) -> std::optional<std::string> {
      field = v;
      return std::nullopt;
    };
  };
  text("--url", o.url_text);
  s["--framing"] = [&o](const std::string& v) -> std::optional<std::string> {
    o.framing_choice = parse_framing(v);
    if (!o.framing_choice)
      return "--framing must be ws or socketio";
    return std::nullopt;
  };
  s["--scenario"] = [&o](const std::string& v) -> std::optional<std::string> {
    if (v != "synthetic" && v != "replay")
      return "--scenario must be synthetic or replay";
    o.replay = v == "replay";
    return std::nullopt;
  };
  text("--recording", o.recording_file);
  s["--speed"] = [&o](const std::string& v) -> std::optional<std::string> {
    auto sp = parse_speed(v);
    if (!sp)
      return "--speed must be max or a number in [0.01, 1000]";
    o.speed = *sp;
    return std::nullopt;
  };
  integer("--connections", o.connections, 1, max_connections);
  integer("--connections-per-agent", o.connections_per_agent, 1, 32);
  integer("--rooms", o.rooms, 1, 10000);
  integer("--members-per-room", o.members_per_room, 1, max_connections);
  integer("--senders", o.senders, 0, max_connections);
  number("--rate", o.rate, 0, 10000);
  integer("--window", o.window, 1, 1024);
  integer("--size", o.size, 1, 1000000);
  s["--duration"] = [&o](const std::string& v) -> std::optional<std::string> {
    double d = 0;
    if (auto err = to_double(v, 0.1, 86400, d, "--duration"))
      return err;
    o.duration = d;
    return std::nullopt;
  };
  s["--max-messages"]
    = [&o](const std::string& v) -> std::optional<std::string> {
    char* end = nullptr;
    auto x = std::strtoull(v.c_str(), &end, 10);
    if (v.empty() || end != v.c_str() + v.size() || v[0] == '-')
      return "--max-messages needs a non-negative integer";
    o.max_messages = x;
    return std::nullopt;
  };
  number("--drain-timeout", o.drain_timeout, 0, 600);
  number("--connect-timeout", o.connect_timeout, 1, 3600);
  integer("--threads", o.threads, 1, 16);
  text("--source-ips", source_ips);
  text("--admin-token", o.admin_token);
  text("--reuse", o.reuse_file);
  s["--setup"] = [&o](const std::string& v) -> std::optional<std::string> {
    if (v != "rest" && v != "none")
      return "--setup must be rest or none";
    o.setup = v == "rest" ? setup_kind::rest : setup_kind::none;
    return std::nullopt;
  };
  text("--jwt-file", o.jwt_file);
  integer("--login-concurrency", o.login_concurrency, 1, 16);
  integer("--hub-pid", o.hub_pid, 1, 1 << 22);
  return s;
}

std::optional<std::string> check(options& o, const std::string& source_ips) {
  auto t = parse_target(o.url_text);
  if (auto* err = std::get_if<std::string>(&t))
    return *err;
  o.url = std::get<target>(t);
  if (!source_ips.empty()) {
    auto ips = parse_source_ips(source_ips, o.url.v6);
    if (auto* err = std::get_if<std::string>(&ips))
      return *err;
    o.source_ips = std::get<std::vector<std::string>>(ips);
  }
  if (o.replay && o.recording_file.empty())
    return "--scenario replay needs --recording FILE";
  if (!o.replay && !o.recording_file.empty())
    return "--recording needs --scenario replay";
  if (o.setup == setup_kind::rest && o.admin_token.empty())
    return "no admin token: give --admin-token or set AGENTHUB_ADMIN_TOKEN "
           "(or --setup none for a server without the REST API)";
  if (o.setup == setup_kind::none && !o.reuse_file.empty())
    return "--reuse needs --setup rest";
  if (!o.jwt_file.empty() && o.setup != setup_kind::none)
    return "--jwt-file needs --setup none";
  if (!o.replay) {
    if (o.connections == 0) {
      auto n = static_cast<long>(o.rooms) * o.members_per_room
               * o.connections_per_agent;
      if (n > max_connections)
        return "rooms x members-per-room x connections-per-agent exceeds the "
               "cap of "
               + std::to_string(max_connections) + " connections";
      o.connections = static_cast<int>(n);
    }
    int agents
      = (o.connections + o.connections_per_agent - 1) / o.connections_per_agent;
    if (o.members_per_room > agents)
      return "--members-per-room (" + std::to_string(o.members_per_room)
             + ") exceeds the number of agents (" + std::to_string(agents)
             + ")";
    if (o.senders < 0 || o.senders > o.members_per_room)
      o.senders = o.members_per_room;
  }
  return std::nullopt;
}

} // namespace

const char* help_text() {
  return help;
}

std::variant<options, cli_exit> parse_options(int argc, char** argv) {
  options o;
  std::string source_ips;
  if (const char* env = std::getenv("AGENTHUB_ADMIN_TOKEN"))
    o.admin_token = env;
  auto table = setters(o, source_ips);
  std::map<std::string, bool*> flags = {
    {"--use-bodies", &o.use_bodies},
    {"--client-msg-id", &o.client_msg_id},
    {"--allow-missing", &o.allow_missing},
    {"--json-only", &o.json_only},
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h")
      return cli_exit{0, help};
    std::string value;
    bool inline_value = false;
    if (auto eq = a.find('=');
        eq != std::string::npos && a.rfind("--", 0) == 0) {
      value = a.substr(eq + 1);
      a = a.substr(0, eq);
      inline_value = true;
    }
    if (auto f = flags.find(a); f != flags.end() && !inline_value) {
      *f->second = true;
      continue;
    }
    auto s = table.find(a);
    if (s == table.end())
      return cli_exit{2, "unknown option '" + a + "'"};
    if (!inline_value) {
      if (i + 1 >= argc)
        return cli_exit{2, a + " needs a value"};
      value = argv[++i];
    }
    if (auto err = s->second(value))
      return cli_exit{2, *err};
  }
  if (auto err = check(o, source_ips))
    return cli_exit{2, *err};
  return o;
}

} // namespace agenthub::loadgen
