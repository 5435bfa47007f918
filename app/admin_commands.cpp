// `agenthub migrate` and `agenthub bootstrap-admin`.
#include "config/config.hpp"
#include "net/auth/api_token.hpp"
#include "net/auth/argon2.hpp"
#include "net/json_body.hpp"
#include "persistence/agent_store.hpp"
#include "persistence/audit_store.hpp"
#include "persistence/token_store.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/database_setup.hpp"
#include "app/logging.hpp"

#include <csignal>
#include <cstdio>

namespace agenthub {

namespace {

/// Loads the configuration for a database-only command; prints the error.
std::optional<config> load_db_config() {
  std::signal(SIGPIPE, SIG_IGN);
  auto loaded = load_config(process_environment(), {false, true});
  if (auto* err = std::get_if<config_error>(&loaded)) {
    std::fprintf(stderr, "agenthub: configuration error: %s\n",
                 err->to_string().c_str());
    return std::nullopt;
  }
  auto& cfg = std::get<config>(loaded);
  setup_logging(cfg.log_level, cfg.log_json);
  return cfg;
}

std::unique_ptr<pqxx::connection> connect_and_migrate(const config& cfg) {
  auto conn
    = connect_with_retry(cfg, cfg.db_startup_timeout, [] { return false; });
  apply_migrations(*conn);
  return conn;
}

} // namespace

int run_migrate() {
  auto cfg = load_db_config();
  if (!cfg)
    return 2;
  try {
    auto conn = connect_and_migrate(*cfg);
    return 0;
  } catch (const std::exception& e) {
    spdlog::error("migrate failed: {}", e.what());
    return 1;
  }
}

int run_bootstrap_admin(const std::string& name,
                        const std::string& display_name) {
  if (!net::is_slug(name)) {
    std::fprintf(stderr, "agenthub: --name must match "
                         "^[a-z0-9][a-z0-9_-]{0,63}$\n");
    return 2;
  }
  if (!net::is_display_text(display_name, 128)) {
    std::fprintf(stderr, "agenthub: --display-name must be 1 to 128 "
                         "printable characters\n");
    return 2;
  }
  auto cfg = load_db_config();
  if (!cfg)
    return 2;
  try {
    auto conn = connect_and_migrate(*cfg);
    auto fresh = auth::generate_api_token();
    auto hash = auth::argon2id_hash(fresh.token);
    pqxx::work tx{*conn};
    // Serialize concurrent bootstraps: only one can create the first admin.
    tx.exec("LOCK TABLE agents IN SHARE ROW EXCLUSIVE MODE");
    if (db::any_admin(tx)) {
      std::fprintf(stderr,
                   "agenthub: an admin agent already exists; no token "
                   "printed (tokens are shown only once). An admin can issue "
                   "more with POST /api/v1/agents/:id/tokens.\n");
      return 0;
    }
    auto agent = db::insert_agent(tx, name, display_name, "admin");
    if (!agent) {
      std::fprintf(stderr,
                   "agenthub: an agent named '%s' exists but is not "
                   "an enabled admin; choose another --name\n",
                   name.c_str());
      return 1;
    }
    auto token
      = db::insert_token(tx, agent->id, fresh.prefix, hash,
                         std::string{"bootstrap"}, std::nullopt, std::nullopt);
    db::insert_audit(
      tx, db::audit::agent_created, agent->id,
      {{"by", "bootstrap-admin"}, {"name", name}, {"role", "admin"}});
    db::insert_audit(tx, db::audit::token_issued, agent->id,
                     {{"by", "bootstrap-admin"},
                      {"tokenId", token->id},
                      {"prefix", token->prefix}});
    tx.commit();
    std::fprintf(stderr,
                 "agenthub: created admin agent '%s' (id %s). Its API token "
                 "follows on stdout; it is shown only this once.\n",
                 name.c_str(), agent->id.c_str());
    std::printf("%s\n", fresh.token.c_str());
    std::fflush(stdout);
    return 0;
  } catch (const std::exception& e) {
    spdlog::error("bootstrap-admin failed: {}", e.what());
    return 1;
  }
}

} // namespace agenthub
