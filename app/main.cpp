// Entry point: parses the subcommand and turns every failure into one line.
#include "app/cli/cli.hpp"
#include "app/commands.hpp"

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

namespace {

const char* usage = R"(agenthub - an actor-model message broker for AI agents

Usage:
  agenthub serve [--port-file FILE] [--record FILE [--record-bodies]]
                                       run the hub (migrates the schema first);
                                       --record writes every client event as
                                       a JSON line (for tools/loadgen replay)
  agenthub migrate                     apply pending schema migrations, exit
  agenthub bootstrap-admin [--name NAME] [--display-name TEXT]
                                       create the first admin agent and print
                                       its API token once (stdout)
  agenthub version                     print the version
  agenthub --help                      this text
  (the client commands are listed below)

Configuration (environment, or KEY=value lines in the file $AGENTHUB_CONFIG;
every secret X may instead be read from the file named by X_FILE):
  HOST (0.0.0.0)  PORT (3000)  LOG_LEVEL (info)  LOG_FORMAT (text|json)
  JWT_SECRET (>= 32 bytes, required by serve)  JWT_SECRET_OLD (rotation)
  DATABASE_URL, or POSTGRES_HOST POSTGRES_PORT POSTGRES_USER
    POSTGRES_PASSWORD POSTGRES_DB
  ALLOWED_ORIGINS (comma-separated exact origins)
  DB_STARTUP_TIMEOUT (seconds to wait for the database at start, 15)
  IO_THREADS (1)  SCHEDULER_THREADS (2)  DB_WORKERS (4)  DB_WRITERS (1)
  SOCKETIO_PING_INTERVAL_MS (25000)  SOCKETIO_PING_TIMEOUT_MS (20000)
  SESSION_EVENTS_PER_SECOND (30; raised only for load tests)
  AGENTHUB_RECORD_FILE  AGENTHUB_RECORD_BODIES (0|1)  AGENTHUB_RECORD_MAX_MB (256)

Exit codes of serve, migrate and bootstrap-admin: 0 ok, 1 runtime failure,
2 usage or configuration error.

)";

int usage_error(const std::string& msg) {
  std::fprintf(stderr, "agenthub: %s\nRun 'agenthub --help' for usage.\n",
               msg.c_str());
  return 2;
}

int dispatch(int argc, char** argv) {
  if (argc < 2)
    return usage_error("missing command");
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(usage, stdout);
    std::fputs(agenthub::cli::overview().c_str(), stdout);
    return 0;
  }
  if (agenthub::cli::is_client_command(cmd))
    return agenthub::cli::run(argc, argv);
  if (cmd == "version" || cmd == "--version") {
    std::puts("agenthub 0.1.0");
    return 0;
  }
  auto value = [&](int& i) -> const char* {
    if (i + 1 >= argc)
      return nullptr;
    return argv[++i];
  };
  if (cmd == "serve") {
    agenthub::serve_options opts;
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "--port-file" || a == "--record") {
        auto v = value(i);
        if (!v)
          return usage_error(a + " needs a file name");
        (a == "--record" ? opts.record_file : opts.port_file) = v;
      } else if (a == "--record-bodies") {
        opts.record_bodies = true;
      } else {
        return usage_error("unknown option for serve: " + a);
      }
    }
    return agenthub::run_serve(opts);
  }
  if (cmd == "migrate") {
    if (argc > 2)
      return usage_error("migrate takes no options");
    return agenthub::run_migrate();
  }
  if (cmd == "bootstrap-admin") {
    std::string name = "admin";
    std::string display = "Administrator";
    for (int i = 2; i < argc; ++i) {
      std::string a = argv[i];
      const char* v = nullptr;
      if (a == "--name" && (v = value(i)))
        name = v;
      else if (a == "--display-name" && (v = value(i)))
        display = v;
      else
        return usage_error("bad option for bootstrap-admin: " + a);
    }
    return agenthub::run_bootstrap_admin(name, display);
  }
  return usage_error("unknown command '" + cmd + "'");
}

} // namespace

int main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const std::exception& e) {
    // Crash-only, but never a stack trace for an operator: one line.
    std::fprintf(stderr, "agenthub: fatal: %s\n", e.what());
    return 1;
  } catch (...) {
    std::fprintf(stderr, "agenthub: fatal: unknown error\n");
    return 1;
  }
}
