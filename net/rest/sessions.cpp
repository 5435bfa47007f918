// POST /api/v1/sessions: exchange an API token for a 15-minute session JWT.
#include "config/defaults.hpp"
#include "net/auth/api_token.hpp"
#include "net/auth/argon2.hpp"
#include "net/dispatcher.hpp"
#include "net/probe.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"
#include "net/time_util.hpp"
#include "persistence/audit_store.hpp"
#include "persistence/token_store.hpp"

#include <nlohmann/json.hpp>

#include <chrono>

namespace agenthub::net {

namespace {

api_error bad_credentials() {
  // One answer for unknown prefix and wrong secret: no oracle.
  return api_error{401, "invalid_credentials", "invalid API token"};
}

/// Records a failed login without waiting for it (the answer does not
/// depend on the audit write).
void audit_failure(hub_context& ctx, const std::string& prefix,
                   const std::optional<std::string>& agent_id,
                   const char* reason, const std::string& ip) {
  ctx.db.submit([=](worker_db& db) {
    try {
      pqxx::work tx{db.get()};
      db::insert_audit(tx, db::audit::login_failed, agent_id,
                       {{"prefix", prefix}, {"reason", reason}, {"ip", ip}});
      tx.commit();
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("audit", e);
    }
  });
}

/// Step 3: the secret matched; check the token's state and sign a JWT.
void finish_login(hub_context& ctx, const db::token_auth_row& row,
                  const std::string& ip, responder done) {
  const char* refusal = nullptr;
  api_error err{401, "", ""};
  if (row.revoked) {
    refusal = "revoked";
    err = {401, "token_revoked", "this API token has been revoked"};
  } else if (row.expired) {
    refusal = "expired";
    err = {401, "token_expired", "this API token has expired"};
  } else if (row.agent_disabled) {
    refusal = "agent_disabled";
    err = {403, "agent_disabled", "this agent is disabled"};
  }
  if (refusal != nullptr) {
    audit_failure(ctx, "", row.agent_id, refusal, ip);
    return done(error_response(err));
  }
  auto* keyring = &ctx.keyring;
  with_db(ctx, done, [row, ip, keyring](pqxx::work& tx) {
    auto claims = auth::make_session_claims(
      row.agent_id, row.agent_name, row.agent_role, unix_now(),
      std::chrono::duration_cast<std::chrono::seconds>(defaults::jwt_ttl));
    db::touch_token(tx, row.token_id);
    db::insert_audit(
      tx, db::audit::login, row.agent_id,
      {{"tokenId", row.token_id}, {"jti", claims.jti}, {"ip", ip}});
    return json_response(200, {{"token", keyring->sign(claims)},
                               {"tokenType", "Bearer"},
                               {"expiresAt", iso8601_utc(claims.exp)},
                               {"expiresIn", claims.exp - claims.iat},
                               {"agent",
                                {{"id", row.agent_id},
                                 {"name", row.agent_name},
                                 {"role", row.agent_role}}}});
  });
}

/// Step 2: verify the secret on the Argon2 pool (a dummy hash when the
/// prefix is unknown, so both cases cost the same).
void verify_secret(hub_context& ctx, std::optional<db::token_auth_row> row,
                   std::string token, std::string prefix, std::string ip,
                   responder done) {
  auto* c = &ctx;
  bool queued = ctx.argon2.submit([=](worker_db&) {
    auto start = std::chrono::steady_clock::now();
    bool ok = auth::argon2id_verify(
      row ? row->hash : auth::argon2id_dummy_hash(), token);
    std::chrono::duration<double> d = std::chrono::steady_clock::now() - start;
    probe::argon2_verify(d.count());
    if (!row || !ok) {
      audit_failure(*c, prefix,
                    row ? std::optional<std::string>{row->agent_id}
                        : std::nullopt,
                    row ? "bad_secret" : "unknown_prefix", ip);
      return done(error_response(bad_credentials()));
    }
    finish_login(*c, *row, ip, done);
  });
  if (!queued)
    done(error_response(
      errors::unavailable("too many logins in progress; retry shortly")));
}

void create_session(hub_context& ctx, request_context rc, responder done) {
  auto token = bearer_token(rc.req->header("authorization"));
  auto parts = auth::parse_api_token(token);
  if (!parts)
    return done(error_response(api_error{
      401, "invalid_credentials",
      "send the API token as Authorization: Bearer agt_<prefix>_<secret>"}));
  auto* c = &ctx;
  auto ip = rc.req->remote_ip;
  auto prefix = parts->prefix;
  // Step 1: look the prefix up on the database pool.
  bool queued = ctx.db.submit([c, token, prefix, ip, done](worker_db& db) {
    std::optional<db::token_auth_row> row;
    try {
      pqxx::read_transaction tx{db.get()};
      row = db::find_token_for_auth(tx, prefix);
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("login lookup", e);
      return done(error_response(db_failure_error(e)));
    }
    verify_secret(*c, std::move(row), token, prefix, ip, done);
  });
  if (!queued)
    done(error_response(
      errors::unavailable("the hub is overloaded; retry shortly")));
}

} // namespace

void add_session_routes(router& r, hub_context& ctx) {
  r.add("POST", "/api/v1/sessions", access::open,
        [&ctx](request_context rc, responder done) {
          create_session(ctx, std::move(rc), std::move(done));
        });
}

} // namespace agenthub::net
