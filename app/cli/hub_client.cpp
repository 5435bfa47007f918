// REST calls to the hub: session JWT caching, retries, error mapping.
#include "app/cli/hub_client.hpp"

#include "app/cli/cli_config.hpp"
#include "app/cli/errors.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/transport.hpp"

#include <cctype>
#include <cstdlib>
#include <thread>

namespace agenthub::cli {

using clock_type = std::chrono::steady_clock;
using nlohmann::json;

namespace {

/// Renew a session JWT this long before it expires (the hub tolerates 60 s
/// of skew, but a long `tail` must not be cut off mid-way).
constexpr std::chrono::seconds renew_margin{60};

std::string json_string(const json& j, const char* a, const char* b) {
  if (!j.is_object() || !j.contains(a) || !j[a].is_object())
    return "";
  auto& inner = j[a];
  auto it = inner.find(b);
  return it != inner.end() && it->is_string() ? it->get<std::string>() : "";
}

/// A transport failure as a command failure.
failure transport_failure(const transport_error& e) {
  if (e.fault() == transport_fault::interrupted)
    return failure{exit_code::interrupted, "interrupted"};
  return failure{exit_code::unavailable, e.what()};
}

/// Whether a refused exchange is worth repeating (nothing was done).
bool retryable(const std::string& method, const api_reply& r) {
  if (r.status == 429)
    return true;
  if (r.status != 503)
    return false;
  auto code = r.error_code();
  return method == "GET" || code == "unavailable" || code == "conflict_retry";
}

} // namespace

std::string api_reply::error_code() const {
  return json_string(body, "error", "code");
}

std::string api_reply::error_message() const {
  return json_string(body, "error", "message");
}

int exit_code_for_status(unsigned status) {
  if (status == 401 || status == 403)
    return exit_code::auth;
  if (status >= 400 && status < 500)
    return exit_code::refused;
  if (status >= 500)
    return exit_code::unavailable;
  return exit_code::local;
}

std::string describe_error(unsigned status, const json& body) {
  auto code = json_string(body, "error", "code");
  auto message = json_string(body, "error", "message");
  auto out = "HTTP " + std::to_string(status);
  if (!code.empty())
    out += " " + code;
  if (!message.empty())
    out += ": " + message;
  return out;
}

hub_client::hub_client(hub_url url, std::string api_token)
  : url_(std::move(url)), api_token_(std::move(api_token)) {
}

hub_client hub_client::from_environment() {
  if (const char* token = std::getenv("AGENTHUB_TOKEN"); token && *token) {
    const char* url = std::getenv("AGENTHUB_URL");
    if (!url || !*url)
      throw usage_error("AGENTHUB_TOKEN is set but AGENTHUB_URL is not");
    std::string why;
    auto parsed = parse_hub_url(url, why);
    if (!parsed)
      throw usage_error("AGENTHUB_URL: " + why);
    return {*parsed, token};
  }
  auto path = config_path();
  auto stored = load_login(path);
  if (!stored)
    throw failure{exit_code::auth, "not logged in (no " + path
                                     + "); run: agenthub login --url URL "
                                       "--token agt_…"};
  std::string why;
  auto parsed = parse_hub_url(stored->url, why);
  if (!parsed)
    throw failure{exit_code::local, path + ": url: " + why};
  return {*parsed, stored->token};
}

api_reply hub_client::exchange(const std::string& method,
                               const std::string& path,
                               const std::string& bearer, const json& body) {
  auto give_up_at = clock_type::now() + retry_budget;
  auto backoff = std::chrono::milliseconds{250};
  for (;;) {
    http_reply raw;
    try {
      raw = http_request(url_, method, url_.target(path), bearer,
                         body.is_null() ? "" : body.dump(), timeout);
    } catch (const transport_error& e) {
      throw transport_failure(e);
    }
    api_reply out{raw.status, json::parse(raw.body, nullptr, false)};
    if (out.body.is_discarded())
      out.body = nullptr;
    if (!retryable(method, out))
      return out;
    auto wait = backoff;
    if (out.status == 429)
      wait
        = std::chrono::seconds{std::max(1, std::atoi(raw.retry_after.c_str()))};
    backoff = std::min(backoff * 2, std::chrono::milliseconds{2000});
    if (clock_type::now() + wait > give_up_at)
      return out;
    if (!pause_for(wait))
      throw failure{exit_code::interrupted, "interrupted"};
  }
}

json hub_client::login() {
  auto r = exchange("POST", "/api/v1/sessions", api_token_, nullptr);
  if (r.status != 200 || !r.body.is_object() || !r.body.contains("token"))
    throw failure{r.status == 200 ? exit_code::local
                                  : exit_code_for_status(r.status),
                  "login at " + url_.to_string()
                    + " failed: " + describe_error(r.status, r.body)};
  jwt_ = r.body["token"].get<std::string>();
  auto ttl = std::chrono::seconds{r.body.value("expiresIn", 900)};
  jwt_renew_at_ = clock_type::now() + std::max(ttl - renew_margin, ttl / 2);
  return r.body;
}

std::string hub_client::jwt(bool fresh) {
  if (fresh || jwt_.empty() || clock_type::now() >= jwt_renew_at_)
    login();
  return jwt_;
}

api_reply hub_client::request(const std::string& method,
                              const std::string& path, const json& body) {
  auto r = exchange(method, path, jwt(), body);
  if (r.status == 401 && r.error_code() == "token_expired")
    r = exchange(method, path, jwt(true), body);
  return r;
}

json hub_client::call(const std::string& method, const std::string& path,
                      const json& body) {
  auto r = request(method, path, body);
  if (r.status < 200 || r.status > 299)
    throw failure{exit_code_for_status(r.status),
                  method + " " + path + ": "
                    + describe_error(r.status, r.body)};
  return r.body;
}

bool pause_for(std::chrono::milliseconds d) {
  auto end = clock_type::now() + d;
  while (clock_type::now() < end) {
    if (interrupted())
      return false;
    auto left = end - clock_type::now();
    std::this_thread::sleep_for(
      std::min<clock_type::duration>(left, std::chrono::milliseconds{50}));
  }
  return !interrupted();
}

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool is_uuid(const std::string& s) {
  if (s.size() != 36)
    return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i])))
      return false;
  }
  return true;
}

std::string resolve_agent_id(hub_client& hub, const std::string& name_or_id) {
  if (is_uuid(name_or_id))
    return name_or_id;
  if (name_or_id == "me")
    return hub.call("GET", "/api/v1/agents/me").at("id").get<std::string>();
  // Page through the list: the database's collation decides the order,
  // so stopping early at a "greater" name could miss it.
  std::string after;
  for (;;) {
    auto path = std::string{"/api/v1/agents?limit=200"};
    if (!after.empty())
      path += "&after=" + url_encode(after);
    auto page = hub.call("GET", path);
    for (const auto& a : page.value("agents", json::array())) {
      auto name = a.value("name", "");
      if (name == name_or_id)
        return a.value("id", "");
    }
    auto next = page.find("nextCursor");
    if (next == page.end() || !next->is_string())
      break;
    after = next->get<std::string>();
  }
  throw failure{exit_code::refused, "no agent named '" + name_or_id + "'"};
}

json get_list(hub_client& hub, const std::string& path, const std::string& key,
              long long limit, const std::string& after) {
  json items = json::array();
  json cursor = after.empty() ? json(nullptr) : json(after);
  for (;;) {
    auto page_path = path + "?limit=" + std::to_string(limit ? limit : 200);
    if (cursor.is_string())
      page_path += "&after=" + url_encode(cursor.get<std::string>());
    auto page = hub.call("GET", page_path);
    for (auto& item : page.value(key, json::array()))
      items.push_back(std::move(item));
    cursor = page.value("nextCursor", json(nullptr));
    if (limit || !cursor.is_string())
      break;
  }
  return {{key, std::move(items)}, {"nextCursor", cursor}};
}

std::string agent_names::name_of(const std::string& id) {
  auto it = names_.find(id);
  if (it != names_.end())
    return it->second;
  std::string name = id;
  if (is_uuid(id)) {
    auto r = hub_.request("GET", "/api/v1/agents/" + id);
    if (r.status == 200 && r.body.is_object())
      name = r.body.value("name", id);
  }
  names_[id] = name;
  return name;
}

} // namespace agenthub::cli
