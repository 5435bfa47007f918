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
/// Entries in each rate-limit table. When it is full of active clients, new
/// keys are refused (429, Retry-After: 60): a spray of source addresses
/// cannot grow memory without bound.
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

// --- Persistence writer (group commit) -----------------------------------

/// Persistence writers (DB_WRITERS), each a detached actor with its own
/// connection; rooms are spread over them by id. Provisional 1 until the
/// A/B in docs/performance.md says otherwise.
constexpr unsigned db_writers = 1;
/// Rows per transaction at most. caf-notes §6.1: COPY in 500-row
/// transactions reached ~250 k rows/s; larger batches add latency only.
constexpr std::size_t writer_max_batch = 512;
/// Sends accepted but not yet answered by the writer; beyond it rooms answer
/// `overloaded` at once (G5: CAF mailboxes are unbounded, so bound here).
/// 20 000 x ~1 KiB keeps the worst case near 20 MiB.
constexpr std::size_t writer_max_pending = 20000;
/// How long one batch keeps retrying a broken connection before its senders
/// get a retryable `db_unavailable` (shorter than client send timeouts).
constexpr auto writer_retry_window = 5s;

// --- Rooms ------------------------------------------------------------------

/// Recent committed messages a room keeps for fast resume (count and
/// bytes); older ones are read from PostgreSQL.
constexpr std::size_t room_ring_messages = 1024;
constexpr std::size_t room_ring_bytes = 2 * 1024 * 1024;
/// Messages loaded into the ring when a room actor starts.
constexpr int room_preload_messages = 256;
/// Period of the room's housekeeping (presence pruning, idle check).
constexpr auto room_tick = 5s;
/// A room without subscribers or pending writes for this long stops.
constexpr auto room_idle_timeout = 60s;
/// Presence entries without a heartbeat for this long are pruned (seed).
constexpr auto presence_stale_after = 30s;

// --- Sessions (one per connection) -------------------------------------------

/// Client events per second per connection (seed: 30 events/s).
constexpr unsigned session_events_per_second = 30;
/// Events refused by the rate limit within one minute before the connection
/// is closed as abusive (close code 4008).
constexpr unsigned session_rate_violations_to_close = 100;
/// Sends awaiting their commit per connection; more are refused with
/// `too_many_in_flight` (bounds the room and writer queues per client).
constexpr unsigned session_max_in_flight = 64;
/// A send not acknowledged within this time is answered `timeout`; the
/// client retries with the same clientMsgId (idempotent).
constexpr auto session_publish_timeout = 30s;
/// Heartbeats to joined rooms (well under presence_stale_after).
constexpr auto session_heartbeat = 10s;
/// Messages fetched per catch-up step (resume, slow consumer, gaps).
constexpr std::uint32_t catch_up_page = 256;
/// Rooms an agent may belong to (REST membership limit, auto-join bound).
constexpr int max_rooms_per_agent = 1000;
/// Simultaneous WebSocket connections per agent on one node.
constexpr unsigned max_connections_per_agent = 32;
/// History page size (default and maximum, seed: limit <= 200).
constexpr int history_default_limit = 50;
constexpr int history_max_limit = 200;

// --- WebSocket
// ----------------------------------------------------------------

/// Bytes; the largest client frame/message (OWASP WebSocket cheat sheet;
/// issue #3). Larger frames close the connection with 1009.
constexpr std::size_t ws_max_message_bytes = 64 * 1024;
/// Bytes; a message body. Leaves room for the JSON envelope in one frame.
constexpr std::size_t message_body_max_bytes = 32 * 1024;
/// Characters of a clientMsgId.
constexpr std::size_t client_msg_id_max_chars = 128;
/// Bytes queued for one connection before live delivery pauses and the
/// connection later catches up from the log (G5). 1 MiB ~ 1000 typical
/// messages: generous for a healthy client, small times 10 000 connections.
constexpr std::size_t ws_queue_high_bytes = 1024 * 1024;
/// Bytes below which a paused connection resumes (hysteresis).
constexpr std::size_t ws_queue_low_bytes = 256 * 1024;
/// Bytes at which even replies no longer fit: the client does not read at
/// all, so the connection is closed (4009 slow consumer).
constexpr std::size_t ws_queue_hard_bytes = 4 * 1024 * 1024;
/// Frames written per socket write at most (gathered into one writev).
constexpr std::size_t ws_frames_per_write = 256;
/// WebSocket ping period; a peer silent for ws_idle_timeout is closed.
constexpr auto ws_ping_interval = 25s;
constexpr auto ws_idle_timeout = 60s;

// --- Socket.IO (Engine.IO v4 over WebSocket) -------------------------------

/// Engine.IO heartbeat (reference defaults): the hub sends `2` every
/// interval and closes when the `3` does not come within the timeout.
/// SOCKETIO_PING_INTERVAL_MS / SOCKETIO_PING_TIMEOUT_MS override them.
constexpr long socketio_ping_interval_ms = 25000;
constexpr long socketio_ping_timeout_ms = 20000;
/// A connection must CONNECT to a namespace within this time (reference
/// connectTimeout).
constexpr long socketio_connect_timeout_ms = 45000;
/// Announced maxPayload (bytes); our frame limit applies (64 KiB).
constexpr std::size_t socketio_max_payload = 64 * 1024;

// --- MCP (Streamable HTTP at /mcp) -----------------------------------------

/// MCP sessions kept at once; the oldest idle one is dropped beyond it.
constexpr std::size_t mcp_max_sessions = 10000;
/// MCP sessions one agent keeps at once (as its 32 WebSocket connections);
/// beyond it, the agent's least recently used session is dropped, so one
/// agent cannot push the others' sessions out of the table.
constexpr std::size_t mcp_max_sessions_per_agent = 32;
/// An MCP session unused for this long is forgotten (the client
/// re-initializes after a 404).
constexpr auto mcp_session_idle = 1h;
/// wait_for_messages: default and maximum timeout (ms). The maximum stays
/// under the MCP SDK's 60 s request timeout.
constexpr long mcp_wait_default_ms = 30000;
constexpr long mcp_wait_max_ms = 55000;

// --- Admin stats (GET /admin/...) --------------------------------------------

/// Rooms and sessions report their numbers to the stats collector this
/// often; the admin page refreshes at the same pace.
constexpr auto stats_report_interval = 1s;
/// A room whose last report is older than this (3 missed reports) is shown
/// `stale`: its mailbox is too busy to run its report timer, or it hangs.
constexpr auto stats_stale_after = 3s;
/// An admin read waits this long for the collector (a high-priority
/// request, so it overtakes queued reports) before answering 503.
constexpr auto stats_read_timeout = 2s;
/// Windows of the rates (10 s and 1 min), of the ack latency percentiles
/// (10 s) and of the writer's batch and commit percentiles (1 min).
constexpr auto stats_short_window = 10s;
constexpr auto stats_long_window = 60s;
/// Latency and batch samples kept per window (memory bound under load;
/// beyond it the oldest samples are dropped first).
constexpr std::size_t stats_max_samples = 8192;
/// Ack latencies a session sends per report (30 events/s per connection
/// fit; more are dropped).
constexpr std::size_t stats_session_ack_samples = 64;
/// A sorted page order (`sort=rate|queue`) is frozen for the cursors of
/// its next pages this long; at most this many orders are kept.
constexpr auto stats_cursor_ttl = 60s;
constexpr std::size_t stats_max_cursors = 64;
/// Admin list pages (default and maximum `limit`).
constexpr std::uint32_t admin_page_default = 50;
constexpr std::uint32_t admin_page_max = 200;

// --- Traffic recording (serve --record)
// ---------------------------------------

/// MiB a recording may grow to before it stops (safe to leave on in
/// staging: ~100 bytes per event, so ~2.5 M events).
constexpr unsigned record_max_megabytes = 256;

} // namespace agenthub::defaults
