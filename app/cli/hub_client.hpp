// The hub as the CLI sees it: its URL, the API token, a cached session JWT
// and REST calls that turn every failure into a cli::failure.
#pragma once

#include <nlohmann/json.hpp>

#include "app/cli/hub_url.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace agenthub::cli {

/// One REST answer.
struct api_reply {
  unsigned status = 0;
  nlohmann::json body; ///< parsed JSON, or null

  /// `body.error.code`, or "".
  std::string error_code() const;
  /// `body.error.message`, or "".
  std::string error_message() const;
};

/// The exit code for an HTTP status: 401/403 auth, other 4xx refused, 5xx
/// unavailable.
int exit_code_for_status(unsigned status);

/// "HTTP 404 not_found: room not found" for an error answer.
std::string describe_error(unsigned status, const nlohmann::json& body);

/// A connection to one hub with one API token. REST calls answered 429
/// (after Retry-After) or 503 (`unavailable`, `conflict_retry`, or any 503
/// on GET) are retried for up to `retry_budget` in total.
class hub_client {
public:
  hub_client(hub_url url, std::string api_token);

  /// From AGENTHUB_URL + AGENTHUB_TOKEN when AGENTHUB_TOKEN is set, else
  /// from the stored login. Throws failure (exit 4) when there is neither.
  static hub_client from_environment();

  /// The hub's URL.
  const hub_url& url() const {
    return url_;
  }

  /// Exchanges the API token for a session JWT (POST /api/v1/sessions) and
  /// returns the whole answer. Throws failure.
  nlohmann::json login();

  /// A session JWT valid for at least another minute (logs in when needed,
  /// or always if `fresh`).
  std::string jwt(bool fresh = false);

  /// A REST call with the session JWT. Returns the JSON body of a 2xx;
  /// throws failure for anything else. A `401 token_expired` logs in again
  /// once.
  nlohmann::json call(const std::string& method, const std::string& path,
                      const nlohmann::json& body = nullptr);

  /// Like `call`, but returns error answers instead of throwing (transport
  /// failures still throw).
  api_reply request(const std::string& method, const std::string& path,
                    const nlohmann::json& body = nullptr);

  /// How long 429/503 answers are retried, in total.
  std::chrono::milliseconds retry_budget{10000};
  /// How long one HTTP exchange may take.
  std::chrono::milliseconds timeout{30000};

private:
  /// One exchange with retries; `bearer` is sent as is.
  api_reply exchange(const std::string& method, const std::string& path,
                     const std::string& bearer, const nlohmann::json& body);

  hub_url url_;
  std::string api_token_;
  std::string jwt_;
  std::chrono::steady_clock::time_point jwt_renew_at_;
};

/// Waits `d` in slices, returning early (false) on SIGINT.
bool pause_for(std::chrono::milliseconds d);

/// Percent-encodes `s` for one path segment or query value.
std::string url_encode(const std::string& s);

/// True for a UUID in its canonical 8-4-4-4-12 hex form.
bool is_uuid(const std::string& s);

/// The id of agent `name_or_id`: a UUID as is, `me` for the logged-in
/// agent, else looked up by name. Throws failure (exit 3) if none.
std::string resolve_agent_id(hub_client& hub, const std::string& name_or_id);

/// GETs a keyset-paged list (`{<key>: [...], "nextCursor": ...}`) at
/// `path`: one page of `limit` items after `after`, or every page when
/// `limit` is 0. Returns the same shape.
nlohmann::json get_list(hub_client& hub, const std::string& path,
                        const std::string& key, long long limit,
                        const std::string& after);

/// Agent names by id, looked up once each (for message senders).
class agent_names {
public:
  explicit agent_names(hub_client& hub) : hub_(hub) {
  }
  /// The agent's name; its id if the lookup fails.
  std::string name_of(const std::string& id);

private:
  hub_client& hub_;
  std::map<std::string, std::string> names_;
};

} // namespace agenthub::cli
