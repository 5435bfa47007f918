// Every limit, timeout and size of AgentHub, with its unit and reason.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace agenthub::defaults {

using namespace std::chrono_literals;

// --- HTTP listener ---------------------------------------------------------

/// TCP port (seed: PORT=3000).
constexpr std::uint16_t http_port = 3000;
/// Bind address (seed: HOST=0.0.0.0, agents connect from the LAN).
constexpr const char* http_host = "0.0.0.0";
/// Bytes; a REST JSON body. Agents, tokens and messages are all far smaller;
/// 64 KiB matches the WebSocket frame limit (OWASP WebSocket cheat sheet).
constexpr std::size_t http_max_body_bytes = 64 * 1024;
/// Bytes; request line + headers. 8 KiB is nginx's large_client_header_buffers.
constexpr std::size_t http_max_header_bytes = 8 * 1024;
/// Time to receive one complete request (slowloris guard; nginx uses 60 s).
constexpr auto http_read_timeout = 30s;
/// Idle keep-alive connection lifetime between requests.
constexpr auto http_keepalive_timeout = 60s;
/// Simultaneous TCP connections; beyond it new ones are closed at accept
/// (protects file descriptors and memory from a connection flood).
constexpr std::size_t http_max_connections = 20000;
/// Asio I/O threads. One saturates loopback on a 2-core box (caf-notes §3.4:
/// 2 I/O threads were not faster); more only help with many cores.
constexpr unsigned io_threads = 1;
/// Seconds given to in-flight requests on SIGTERM before the process exits.
constexpr auto shutdown_grace = 10s;

// --- REST rate limits (seed runbook: 100/min anonymous, 600/min agent) -----

/// Requests per minute per client IP before authentication.
constexpr unsigned rate_limit_anonymous_per_minute = 100;
/// Requests per minute per authenticated agent.
constexpr unsigned rate_limit_agent_per_minute = 600;
/// Entries in each rate-limit table; when full the oldest window is evicted,
/// so a spray of source addresses cannot grow memory without bound.
constexpr std::size_t rate_limit_table_capacity = 100000;

// --- Authentication ---------------------------------------------------------

/// Bytes; HS256 key length (RFC 7518 §3.2: key >= hash output size).
constexpr std::size_t jwt_secret_min_bytes = 32;
/// Session JWT lifetime (seed: 15 min, limits the blast radius of a leak).
constexpr auto jwt_ttl = 15min;
/// Clock skew tolerated when checking exp/iat (issue: at most 60 s).
constexpr auto jwt_leeway = 60s;
/// Bytes of randomness in an API token secret (>= 32, issue #2).
constexpr std::size_t api_token_secret_bytes = 32;
/// Characters in the public token prefix (lookup key, base32 => 40 bits).
constexpr std::size_t api_token_prefix_chars = 8;
/// Argon2id cost: OWASP 2024 minimum (m=19 MiB, t=2, p=1), as the seed.
constexpr std::uint32_t argon2_memory_kib = 19456;
constexpr std::uint32_t argon2_iterations = 2;
constexpr std::uint32_t argon2_parallelism = 1;
constexpr std::size_t argon2_salt_bytes = 16;
constexpr std::size_t argon2_hash_bytes = 32;
/// Concurrent Argon2 verifications: each holds 19 MiB and a full core for
/// ~25 ms, so more than the core count only adds latency and memory.
constexpr unsigned argon2_workers = 2;
/// Queued verifications before new logins get 503 (bounds memory, and a
/// login flood cannot starve the blocking pool for minutes).
constexpr std::size_t argon2_queue_limit = 256;

// --- PostgreSQL -------------------------------------------------------------

/// Blocking workers (each owns one connection) for REST and history reads.
constexpr unsigned db_workers = 4;
/// Queued blocking jobs before requests get 503 (G5: bounded memory).
constexpr std::size_t db_queue_limit = 2048;
/// Seconds libpq waits for a TCP connection (connect_timeout).
constexpr int db_connect_timeout_seconds = 5;
/// How long `serve` keeps retrying an unreachable database at startup before
/// it exits with a clear error (covers a database that starts alongside).
constexpr auto db_startup_wait = 15s;
/// Readiness probe period: /readyz answers from the last probe, never by
/// querying the database on an I/O thread.
constexpr auto db_probe_interval = 2s;
/// Backoff between reconnect attempts of a broken connection.
constexpr auto db_reconnect_min_backoff = 100ms;
constexpr auto db_reconnect_max_backoff = 5s;

// --- Identity ---------------------------------------------------------------

/// Characters in an agent display name / room name.
constexpr std::size_t display_name_max_chars = 128;
/// Characters in an API token's label.
constexpr std::size_t token_name_max_chars = 128;
/// Longest API token lifetime an admin may request (days).
constexpr int api_token_max_days = 3650;

} // namespace agenthub::defaults
