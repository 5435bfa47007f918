// Loads and validates the configuration; one clear error per problem.
#include "config/config.hpp"

#include "config/defaults.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace agenthub {

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

/// Resolves variables from the environment first, then the config file.
class source {
public:
  source(const env_lookup& env, std::map<std::string, std::string> file)
    : env_(env), file_(std::move(file)) {
  }

  std::optional<std::string> get(const std::string& name) const {
    if (auto v = env_(name); v && !v->empty())
      return v;
    if (auto i = file_.find(name); i != file_.end() && !i->second.empty())
      return i->second;
    return std::nullopt;
  }

  /// A secret: `NAME` or the contents of the file named by `NAME_FILE`
  /// (Docker secrets; trailing newlines are stripped).
  std::variant<std::optional<std::string>, config_error>
  secret(const std::string& name) const {
    auto direct = get(name);
    auto file = get(name + "_FILE");
    if (direct && file)
      return config_error{name, "set either " + name + " or " + name
                                  + "_FILE, not both"};
    if (!file)
      return direct;
    std::string content;
    if (!read_file(*file, content))
      return config_error{name + "_FILE", "cannot read file '" + *file + "'"};
    while (!content.empty()
           && (content.back() == '\n' || content.back() == '\r'))
      content.pop_back();
    return std::optional<std::string>{content};
  }

private:
  const env_lookup& env_;
  std::map<std::string, std::string> file_;
};

std::optional<long> parse_long(const std::string& s) {
  if (s.empty() || s.size() > 18)
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size())
    return std::nullopt;
  return v;
}

std::variant<unsigned, config_error> positive(const source& src,
                                              const std::string& name,
                                              unsigned fallback, unsigned max) {
  auto v = src.get(name);
  if (!v)
    return fallback;
  auto n = parse_long(*v);
  if (!n || *n < 1 || *n > static_cast<long>(max))
    return config_error{name, "must be an integer from 1 to "
                                + std::to_string(max) + " (got '" + *v + "')"};
  return static_cast<unsigned>(*n);
}

std::vector<std::string> split_origins(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = trim(item);
    while (!item.empty() && item.back() == '/')
      item.pop_back();
    if (!item.empty())
      out.push_back(item);
  }
  return out;
}

} // namespace

std::string quote_conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "'";
}

env_lookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str()))
      return std::string{v};
    return std::nullopt;
  };
}

std::string config_error::to_string() const {
  return variable + ": " + message;
}

std::variant<std::vector<std::pair<std::string, std::string>>, config_error>
parse_dotenv(const std::string& text, const std::string& origin) {
  std::vector<std::pair<std::string, std::string>> out;
  std::stringstream ss(text);
  std::string line;
  int lineno = 0;
  while (std::getline(ss, line)) {
    ++lineno;
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    if (line.rfind("export ", 0) == 0)
      line = trim(line.substr(7));
    auto eq = line.find('=');
    auto key = trim(line.substr(0, eq));
    bool key_ok
      = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
    if (eq == std::string::npos || !key_ok)
      return config_error{"AGENTHUB_CONFIG", origin + ":"
                                               + std::to_string(lineno)
                                               + ": expected KEY=value"};
    auto value = trim(line.substr(eq + 1));
    if (value.size() >= 2
        && ((value.front() == '"' && value.back() == '"')
            || (value.front() == '\'' && value.back() == '\'')))
      value = value.substr(1, value.size() - 2);
    out.emplace_back(key, value);
  }
  return out;
}

std::variant<config, config_error> load_config(const env_lookup& env,
                                               config_needs needs) {
  std::map<std::string, std::string> file_values;
  if (auto path = env("AGENTHUB_CONFIG"); path && !path->empty()) {
    std::string text;
    if (!read_file(*path, text))
      return config_error{"AGENTHUB_CONFIG",
                          "cannot read file '" + *path + "'"};
    auto parsed = parse_dotenv(text, *path);
    if (auto* err = std::get_if<config_error>(&parsed))
      return *err;
    for (auto& [k, v] : std::get<0>(parsed))
      file_values[k] = v;
  }
  source src{env, std::move(file_values)};
  config cfg;

  cfg.host = src.get("HOST").value_or(defaults::http_host);
  {
    // The listener binds a literal address; names would need a resolver at
    // startup and could bind somewhere unexpected.
    unsigned char buf[sizeof(struct in6_addr)];
    if (inet_pton(AF_INET, cfg.host.c_str(), buf) != 1
        && inet_pton(AF_INET6, cfg.host.c_str(), buf) != 1)
      return config_error{"HOST", "must be an IPv4 or IPv6 address (got '"
                                    + cfg.host + "')"};
  }
  cfg.port = defaults::http_port;
  if (auto p = src.get("PORT")) {
    auto n = parse_long(*p);
    // 0 asks the kernel for a free port (tests); the bound port is logged.
    if (!n || *n < 0 || *n > 65535)
      return config_error{"PORT", "must be an integer from 0 to 65535 (got '"
                                    + *p + "')"};
    cfg.port = static_cast<std::uint16_t>(*n);
  }

  cfg.log_level = src.get("LOG_LEVEL").value_or("info");
  static const char* levels[]
    = {"trace", "debug", "info", "warn", "error", "off"};
  if (std::find(std::begin(levels), std::end(levels), cfg.log_level)
      == std::end(levels))
    return config_error{"LOG_LEVEL", "must be one of trace, debug, info, warn, "
                                     "error, off (got '"
                                       + cfg.log_level + "')"};
  auto format = src.get("LOG_FORMAT").value_or("text");
  if (format != "text" && format != "json")
    return config_error{"LOG_FORMAT",
                        "must be 'text' or 'json' (got '" + format + "')"};
  cfg.log_json = format == "json";

  auto jwt = src.secret("JWT_SECRET");
  if (auto* err = std::get_if<config_error>(&jwt))
    return *err;
  auto jwt_old = src.secret("JWT_SECRET_OLD");
  if (auto* err = std::get_if<config_error>(&jwt_old))
    return *err;
  cfg.jwt_secret = std::get<0>(jwt).value_or("");
  cfg.jwt_secret_old = std::get<0>(jwt_old).value_or("");
  if (needs.jwt) {
    if (cfg.jwt_secret.empty())
      return config_error{"JWT_SECRET",
                          "is required (generate one with: openssl rand "
                          "-base64 48)"};
    if (cfg.jwt_secret.size() < defaults::jwt_secret_min_bytes)
      return config_error{
        "JWT_SECRET",
        "must be at least " + std::to_string(defaults::jwt_secret_min_bytes)
          + " bytes (got " + std::to_string(cfg.jwt_secret.size()) + ")"};
    if (!cfg.jwt_secret_old.empty()
        && cfg.jwt_secret_old.size() < defaults::jwt_secret_min_bytes)
      return config_error{"JWT_SECRET_OLD",
                          "must be at least "
                            + std::to_string(defaults::jwt_secret_min_bytes)
                            + " bytes when set (got "
                            + std::to_string(cfg.jwt_secret_old.size()) + ")"};
    if (cfg.jwt_secret_old == cfg.jwt_secret)
      cfg.jwt_secret_old.clear();
  }

  auto url = src.secret("DATABASE_URL");
  if (auto* err = std::get_if<config_error>(&url))
    return *err;
  auto password = src.secret("POSTGRES_PASSWORD");
  if (auto* err = std::get_if<config_error>(&password))
    return *err;
  if (auto u = std::get<0>(url)) {
    cfg.database_url = *u;
    cfg.database_source = "DATABASE_URL";
  } else {
    std::string conn
      = "host="
        + quote_conninfo_value(src.get("POSTGRES_HOST").value_or("localhost"));
    auto port = src.get("POSTGRES_PORT").value_or("5432");
    auto n = parse_long(port);
    if (!n || *n < 1 || *n > 65535)
      return config_error{"POSTGRES_PORT",
                          "must be an integer from 1 to 65535 (got '" + port
                            + "')"};
    conn += " port=" + port;
    conn
      += " user="
         + quote_conninfo_value(src.get("POSTGRES_USER").value_or("agenthub"));
    conn += " dbname="
            + quote_conninfo_value(src.get("POSTGRES_DB").value_or("agenthub"));
    if (auto pw = std::get<0>(password))
      conn += " password=" + quote_conninfo_value(*pw);
    cfg.database_url = conn;
    cfg.database_source = "POSTGRES_HOST/POSTGRES_PORT/POSTGRES_USER/"
                          "POSTGRES_DB";
  }
  (void) needs.database;

  cfg.allowed_origins = split_origins(src.get("ALLOWED_ORIGINS").value_or(""));
  for (auto& o : cfg.allowed_origins)
    if (o.find('*') != std::string::npos
        || (o.rfind("http://", 0) != 0 && o.rfind("https://", 0) != 0))
      return config_error{"ALLOWED_ORIGINS",
                          "each origin must be an exact http(s)://host[:port] "
                          "without wildcards (got '"
                            + o + "')"};

  auto io = positive(src, "IO_THREADS", defaults::io_threads, 64);
  if (auto* err = std::get_if<config_error>(&io))
    return *err;
  cfg.io_threads = std::get<unsigned>(io);
  auto sched = positive(src, "SCHEDULER_THREADS", 2, 64);
  if (auto* err = std::get_if<config_error>(&sched))
    return *err;
  cfg.scheduler_threads = std::get<unsigned>(sched);
  auto dbw = positive(src, "DB_WORKERS", defaults::db_workers, 64);
  if (auto* err = std::get_if<config_error>(&dbw))
    return *err;
  cfg.db_workers = std::get<unsigned>(dbw);
  auto writers = positive(src, "DB_WRITERS", defaults::db_writers, 16);
  if (auto* err = std::get_if<config_error>(&writers))
    return *err;
  cfg.db_writers = std::get<unsigned>(writers);
  // Raised only for load tests (tools/bench): agents stay far below 30/s.
  auto events = positive(src, "SESSION_EVENTS_PER_SECOND",
                         defaults::session_events_per_second, 1000000);
  if (auto* err = std::get_if<config_error>(&events))
    return *err;
  cfg.session_events_per_second = std::get<unsigned>(events);
  cfg.db_startup_timeout = std::chrono::duration_cast<std::chrono::seconds>(
    defaults::db_startup_wait);
  if (auto v = src.get("DB_STARTUP_TIMEOUT")) {
    auto n = parse_long(*v);
    if (!n || *n < 0 || *n > 3600)
      return config_error{"DB_STARTUP_TIMEOUT",
                          "must be 0 to 3600 seconds (got '" + *v + "')"};
    cfg.db_startup_timeout = std::chrono::seconds{*n};
  }
  auto interval = positive(src, "SOCKETIO_PING_INTERVAL_MS",
                           defaults::socketio_ping_interval_ms, 3600000);
  if (auto* err = std::get_if<config_error>(&interval))
    return *err;
  cfg.socketio_ping_interval_ms = std::get<unsigned>(interval);
  auto timeout = positive(src, "SOCKETIO_PING_TIMEOUT_MS",
                          defaults::socketio_ping_timeout_ms, 3600000);
  if (auto* err = std::get_if<config_error>(&timeout))
    return *err;
  cfg.socketio_ping_timeout_ms = std::get<unsigned>(timeout);
  cfg.record_file = src.get("AGENTHUB_RECORD_FILE").value_or("");
  auto bodies = src.get("AGENTHUB_RECORD_BODIES").value_or("0");
  if (bodies != "0" && bodies != "1")
    return config_error{"AGENTHUB_RECORD_BODIES",
                        "must be 0 or 1 (got '" + bodies + "')"};
  cfg.record_bodies = bodies == "1";
  auto max_mb = positive(src, "AGENTHUB_RECORD_MAX_MB",
                         defaults::record_max_megabytes, 1024 * 1024);
  if (auto* err = std::get_if<config_error>(&max_mb))
    return *err;
  cfg.record_max_bytes = std::size_t{std::get<unsigned>(max_mb)} << 20;
  return cfg;
}

std::string config::redacted_summary() const {
  auto redact = [](const std::string& s) {
    return s.empty() ? std::string{"<unset>"} : std::string{"<redacted>"};
  };
  std::string origins;
  for (auto& o : allowed_origins)
    origins += (origins.empty() ? "" : ",") + o;
  std::ostringstream os;
  os << "HOST=" << host << " PORT=" << port << " LOG_LEVEL=" << log_level
     << " LOG_FORMAT=" << (log_json ? "json" : "text")
     << " JWT_SECRET=" << redact(jwt_secret)
     << " JWT_SECRET_OLD=" << redact(jwt_secret_old)
     << " database=" << database_source
     << " ALLOWED_ORIGINS=" << (origins.empty() ? "<none>" : origins)
     << " IO_THREADS=" << io_threads
     << " SCHEDULER_THREADS=" << scheduler_threads
     << " DB_WORKERS=" << db_workers << " DB_WRITERS=" << db_writers;
  if (session_events_per_second != defaults::session_events_per_second)
    os << " SESSION_EVENTS_PER_SECOND=" << session_events_per_second;
  return os.str();
}

} // namespace agenthub
