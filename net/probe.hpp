// Metrics of the network layer: HTTP requests, Argon2, rate limiting.
#pragma once

#include <string>

namespace prometheus {
class Registry;
} // namespace prometheus

namespace agenthub::net::probe {

/// Registers the network metrics; before this, observations are no-ops.
void register_metrics(prometheus::Registry& registry);

/// One finished HTTP request. `route` is the matched pattern (never the raw
/// path) so label values stay a small fixed set.
void http_request(const std::string& method, const std::string& route,
                  unsigned status, double seconds);

/// One Argon2id verification (login).
void argon2_verify(double seconds);

/// A request refused by a rate limit; `scope` is "anonymous" or "agent".
void rate_limited(const char* scope);

/// The Prometheus text exposition of `registry` plus process metrics
/// (process_cpu_seconds_total, process_resident_memory_bytes, ...).
std::string render(prometheus::Registry& registry);

} // namespace agenthub::net::probe
