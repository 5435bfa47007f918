// API tokens: issue (admin, shown once), list (no secrets), revoke.
#include "config/defaults.hpp"
#include "net/auth/api_token.hpp"
#include "net/auth/argon2.hpp"
#include "net/json_body.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"
#include "persistence/audit_store.hpp"
#include "persistence/token_store.hpp"

namespace agenthub::net {

namespace {

struct token_request {
  std::string agent_id;
  std::string actor;
  std::optional<std::string> name;
  std::optional<long long> expires_in_seconds;
  std::optional<std::string> expires_at;
};

std::variant<token_request, api_error>
parse_token_request(request_context& rc) {
  token_request t;
  t.agent_id = rc.param("id");
  t.actor = rc.who->agent_id;
  if (!is_uuid(t.agent_id))
    return errors::not_found("agent");
  auto parsed = parse_json_body(
    *rc.req, {{"name", field_type::string, false, true},
              {"expiresInDays", field_type::integer, false, true},
              {"expiresAt", field_type::string, false, true}});
  if (auto* err = std::get_if<api_error>(&parsed))
    return *err;
  auto& body = std::get<nlohmann::json>(parsed);
  if (body.contains("name") && !body["name"].is_null()) {
    t.name = body["name"].get<std::string>();
    if (!is_display_text(*t.name, defaults::token_name_max_chars))
      return errors::validation("name must be 1 to 128 characters without "
                                "control characters");
  }
  bool has_days
    = body.contains("expiresInDays") && !body["expiresInDays"].is_null();
  bool has_at = body.contains("expiresAt") && !body["expiresAt"].is_null();
  if (has_days && has_at)
    return errors::validation("give expiresInDays or expiresAt, not both");
  if (has_days) {
    auto days = body["expiresInDays"].get<long long>();
    if (days < 1 || days > defaults::api_token_max_days)
      return errors::validation("expiresInDays must be from 1 to "
                                + std::to_string(defaults::api_token_max_days));
    t.expires_in_seconds = days * 86400;
  }
  if (has_at) {
    t.expires_at = body["expiresAt"].get<std::string>();
    // RFC 3339 date-time with an explicit offset; PostgreSQL parses it.
    const auto& s = *t.expires_at;
    bool shape = s.size() >= 20 && s.size() <= 35 && s[4] == '-' && s[7] == '-'
                 && (s[10] == 'T' || s[10] == 't')
                 && (s.back() == 'Z' || s.back() == 'z'
                     || s[s.size() - 6] == '+' || s[s.size() - 6] == '-');
    if (!shape)
      return errors::validation("expiresAt must be an RFC 3339 time with a "
                                "zone, e.g. 2027-01-31T12:00:00Z");
  }
  return t;
}

void issue_token(hub_context& ctx, request_context rc, responder done) {
  auto parsed = parse_token_request(rc);
  if (auto* err = std::get_if<api_error>(&parsed))
    return done(error_response(*err));
  auto req = std::get<token_request>(parsed);
  // Hashing costs ~19 MiB and tens of ms: it runs on the Argon2 pool, then
  // the insert runs on the database pool.
  auto* c = &ctx;
  bool queued = ctx.argon2.submit([c, req, done](worker_db&) {
    auto fresh = auth::generate_api_token();
    auto hash = auth::argon2id_hash(fresh.token);
    with_db(*c, done, [req, fresh, hash](pqxx::work& tx) {
      if (req.expires_at) {
        auto check
          = db::check_expiry(tx, *req.expires_at, defaults::api_token_max_days);
        if (check == db::expiry_check::invalid)
          return error_response(
            errors::validation("expiresAt is not a valid RFC 3339 time"));
        if (check == db::expiry_check::in_past)
          return error_response(
            errors::validation("expiresAt must be in the future"));
        if (check == db::expiry_check::too_far)
          return error_response(errors::validation(
            "expiresAt must be within "
            + std::to_string(defaults::api_token_max_days) + " days"));
      }
      auto row
        = db::insert_token(tx, req.agent_id, fresh.prefix, hash, req.name,
                           req.expires_in_seconds, req.expires_at);
      if (!row)
        return error_response(errors::not_found("agent"));
      db::insert_audit(
        tx, db::audit::token_issued, req.agent_id,
        {{"by", req.actor}, {"tokenId", row->id}, {"prefix", row->prefix}});
      auto body = db::to_json(*row);
      // The only time the secret is ever shown.
      body["token"] = fresh.token;
      return json_response(201, body);
    });
  });
  if (!queued)
    done(error_response(
      errors::unavailable("too many token operations in progress; retry")));
}

void list_tokens(hub_context& ctx, request_context rc, responder done) {
  auto id = rc.param("id");
  if (!is_uuid(id) || (!rc.who->is_admin() && id != rc.who->agent_id))
    return done(error_response(errors::not_found("agent")));
  with_db(ctx, done, [id](pqxx::work& tx) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : db::list_tokens(tx, id))
      list.push_back(db::to_json(t));
    return json_response(200, {{"tokens", list}});
  });
}

void revoke_token(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("idOrPrefix");
  std::optional<std::string> id;
  std::optional<std::string> prefix;
  if (is_uuid(key))
    id = key;
  else
    prefix = auth::normalize_token_prefix(key);
  if (!id && !prefix)
    return done(error_response(errors::not_found("token")));
  auto who = *rc.who;
  with_db(ctx, done, [id, prefix, who](pqxx::work& tx) {
    auto found = db::find_token(tx, id, prefix);
    // Another agent's token is reported as absent, not forbidden, so
    // token ids cannot be probed.
    if (!found || (!who.is_admin() && found->agent_id != who.agent_id))
      return error_response(errors::not_found("token"));
    auto row = db::revoke_token(tx, found->id);
    if (!found->revoked_at) // revoking twice records one event
      db::insert_audit(tx, db::audit::token_revoked, found->agent_id,
                       {{"by", who.agent_id},
                        {"tokenId", found->id},
                        {"prefix", found->prefix}});
    return json_response(200, db::to_json(*row));
  });
}

} // namespace

void add_token_routes(router& r, hub_context& ctx) {
  r.add("POST", "/api/v1/agents/:id/tokens", access::admin,
        [&ctx](request_context rc, responder done) {
          issue_token(ctx, std::move(rc), std::move(done));
        });
  r.add("GET", "/api/v1/agents/:id/tokens", access::agent,
        [&ctx](request_context rc, responder done) {
          list_tokens(ctx, std::move(rc), std::move(done));
        });
  r.add("DELETE", "/api/v1/tokens/:idOrPrefix", access::agent,
        [&ctx](request_context rc, responder done) {
          revoke_token(ctx, std::move(rc), std::move(done));
        });
}

} // namespace agenthub::net
