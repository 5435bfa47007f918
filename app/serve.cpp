// `agenthub serve`: the composition root (config -> persistence -> actors ->
// net) and the orderly shutdown on SIGTERM/SIGINT.
#include "actors/blocking_pool.hpp"
#include "actors/hub_runtime.hpp"
#include "actors/messages.hpp"
#include "actors/probe.hpp"
#include "config/config.hpp"
#include "config/defaults.hpp"
#include "net/dispatcher.hpp"
#include "net/http_server.hpp"
#include "net/mcp_sessions.hpp"
#include "net/probe.hpp"
#include "net/rest/admin_sources.hpp"
#include "net/rest/routes.hpp"
#include "net/traffic_recorder.hpp"
#include "net/ws_endpoint.hpp"
#include "net/ws_json_codec.hpp"
#include "persistence/agent_store.hpp"
#include "persistence/db.hpp"
#include "persistence/health_probe.hpp"
#include "persistence/probe.hpp"

#include <caf/all.hpp>

#include <pqxx/pqxx>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/database_setup.hpp"
#include "app/logging.hpp"
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <thread>

namespace agenthub {

namespace {

/// Blocks SIGINT/SIGTERM in this and every later thread; the main thread
/// collects them with sigtimedwait, so no handler runs on a random thread.
sigset_t block_shutdown_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // libpq may write to a dead socket; Asio uses MSG_NOSIGNAL anyway.
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

bool signal_pending(const sigset_t& set, std::chrono::milliseconds wait) {
  timespec ts{static_cast<time_t>(wait.count() / 1000),
              static_cast<long>((wait.count() % 1000) * 1000000)};
  int sig = sigtimedwait(&set, nullptr, &ts);
  if (sig > 0) {
    spdlog::info("received {}, shutting down",
                 sig == SIGTERM ? "SIGTERM" : "SIGINT");
    return true;
  }
  return false;
}

void write_port_file(const std::string& path, std::uint16_t port) {
  if (path.empty())
    return;
  auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
  }
  std::rename(tmp.c_str(), path.c_str());
}

caf::actor_system_config& actor_config(caf::actor_system_config& cfg,
                                       const config& c) {
  cfg.set("scheduler.max-threads", static_cast<size_t>(c.scheduler_threads));
  // An idle worker polls its queue 500 times, 50 us apart, before it waits
  // on a condition variable (CAF's default). That polling was 15 % of the
  // hub's CPU in the S1 profile (issue #5); skipping the moderate phase
  // keeps the aggressive polls of a busy hub and stops the waste.
  cfg.set("work-stealing.moderate-poll-attempts", size_t{0});
  cfg.set("logger.console", caf::atom("none"));
  register_message_types(cfg);
  return cfg;
}

/// Runs the startup steps that need the database; false on a signal.
void start_database(const config& cfg, net::readiness& ready,
                    const sigset_t& signals, net::agent_status& agents) {
  ready.set_step("connect-database");
  bool stop_requested = false;
  auto conn = connect_with_retry(cfg, cfg.db_startup_timeout, [&] {
    stop_requested
      = stop_requested || signal_pending(signals, std::chrono::milliseconds{0});
    return stop_requested;
  });
  require_synchronous_commit(*conn);
  ready.set_step("run-migrations");
  apply_migrations(*conn);
  ready.set_step("load-state");
  pqxx::read_transaction tx{*conn};
  agents.load(db::disabled_agent_ids(tx));
}

} // namespace

int run_serve(const serve_options& opts) {
  auto signals = block_shutdown_signals();
  auto loaded = load_config(process_environment());
  if (auto* err = std::get_if<config_error>(&loaded)) {
    std::fprintf(stderr, "agenthub: configuration error: %s\n",
                 err->to_string().c_str());
    return 2;
  }
  const auto& cfg = std::get<config>(loaded);
  setup_logging(cfg.log_level, cfg.log_json);
  spdlog::info("agenthub 0.1.0 starting: {}", cfg.redacted_summary());
  std::string conninfo;
  try {
    conninfo = db::make_conninfo(cfg.database_url);
  } catch (const std::invalid_argument& e) {
    spdlog::error("{}: invalid: {}", cfg.database_source, e.what());
    return 2;
  }

  auto registry = std::make_shared<prometheus::Registry>();
  db::register_metrics(*registry);
  net::probe::register_metrics(*registry);
  probe::register_metrics(*registry);
  register_framing_encoder(framing::json_ws, &net::encode_ws_message_frame);
  net::register_socketio_encoder();
  net::readiness ready;
  net::agent_status agents;
  auth::jwt_keyring keyring{cfg.jwt_secret, cfg.jwt_secret_old};

  caf::actor_system_config caf_cfg;
  caf::actor_system system{actor_config(caf_cfg, cfg)};
  blocking_pool db_pool{system, "db", cfg.db_workers, defaults::db_queue_limit,
                        conninfo};
  blocking_pool argon2_pool{system, "argon2", defaults::argon2_workers,
                            defaults::argon2_queue_limit, ""};

  hub_runtime runtime{system, db_pool, conninfo, cfg.db_writers};
  runtime.set_session_event_rate(cfg.session_events_per_second);

  net::hub_context ctx{cfg,    keyring, db_pool,   argon2_pool,
                       agents, ready,   *registry, runtime};
  net::router routes;
  net::add_health_routes(routes, ctx);
  net::add_session_routes(routes, ctx);
  net::add_agent_routes(routes, ctx);
  net::add_token_routes(routes, ctx);
  net::add_room_routes(routes, ctx);
  net::add_message_routes(routes, ctx);
  net::mcp_sessions mcp_sessions; // /mcp's table, listed by /admin too
  net::add_mcp_routes(routes, ctx, mcp_sessions);
  net::admin_sources admin_sources; // filled once the listener exists
  admin_sources.mcp = &mcp_sessions;
  net::add_admin_routes(routes, ctx, admin_sources);
  net::add_admin_page_routes(routes);
  net::dispatcher disp{ctx, std::move(routes)};
  net::ws_endpoint websockets{disp,
                              {cfg.socketio_ping_interval_ms,
                               cfg.socketio_ping_timeout_ms,
                               defaults::socketio_connect_timeout_ms}};
  net::http_server server{
    disp, {cfg.host, cfg.port, cfg.io_threads, defaults::http_max_connections}};
  server.set_upgrade_handler(&websockets);
  admin_sources.connections = [&server] { return server.connections(); };
  admin_sources.websockets
    = [&websockets] { return websockets.open_connections(); };
  std::unique_ptr<net::traffic_recorder> recorder;
  auto record_file
    = opts.record_file.empty() ? cfg.record_file : opts.record_file;
  if (!record_file.empty()) {
    try {
      recorder = std::make_unique<net::traffic_recorder>(
        record_file, opts.record_bodies || cfg.record_bodies,
        cfg.record_max_bytes);
    } catch (const std::exception& e) {
      spdlog::error("{} (--record / AGENTHUB_RECORD_FILE)", e.what());
      return 2;
    }
    websockets.set_recorder(recorder.get());
    spdlog::info("recording client events to {}{}", record_file,
                 opts.record_bodies || cfg.record_bodies ? " (with bodies)"
                                                         : "");
  }

  // Listen first so /healthz and /readyz (503 + step) answer during startup.
  auto port = server.start();
  server.run();
  spdlog::info("listening on {}:{}", cfg.host, port);
  write_port_file(opts.port_file, port);

  db::health_probe probe{conninfo,
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                           defaults::db_probe_interval),
                         [&ready](const std::string& error) {
                           bool was_ok = ready.db_ok();
                           ready.set_db_error(error);
                           if (was_ok && !error.empty())
                             spdlog::error("database check failed: {}", error);
                           else if (!was_ok && error.empty())
                             spdlog::info("database reachable");
                         }};
  int exit_code = 0;
  try {
    start_database(cfg, ready, signals, agents);
    probe.start();
    ready.set_started();
    spdlog::info("ready");
    while (!signal_pending(signals, std::chrono::milliseconds{1000})) {
      // nop: the hub runs on its I/O, scheduler and pool threads.
    }
  } catch (const std::exception& e) {
    spdlog::error("startup failed: {}", e.what());
    exit_code = 1;
  }

  // Orderly shutdown: stop taking work, tell WebSocket clients to go
  // elsewhere (1001), let in-flight requests finish.
  ready.set_stopping();
  server.stop_accepting();
  websockets.close_all(1001, "server shutting down");
  auto deadline = std::chrono::steady_clock::now() + defaults::shutdown_grace;
  while ((server.in_flight() > 0 || websockets.open_connections() > 0)
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  if (server.in_flight() > 0 || websockets.open_connections() > 0)
    spdlog::warn("{} requests and {} connections still open after the grace "
                 "period",
                 server.in_flight(), websockets.open_connections());
  probe.stop();
  server.stop();
  runtime.stop();
  db_pool.stop();
  argon2_pool.stop();
  // Pool jobs may still answer into the (stopped) I/O context: wait for the
  // workers before the server and its io_context are destroyed.
  system.await_all_actors_done();
  spdlog::info("stopped");
  return exit_code;
}

} // namespace agenthub
