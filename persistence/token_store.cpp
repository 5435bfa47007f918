// API token rows: insert, lookup by prefix, list, revoke.
#include "persistence/token_store.hpp"

#include "persistence/probe.hpp"
#include "persistence/sql_util.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace agenthub::db {

namespace {

std::string columns() {
  return "id::text, agent_id::text, prefix, name, " + iso("created_at") + ", "
         + iso("expires_at") + ", " + iso("revoked_at") + ", "
         + iso("last_used_at");
}

token_row decode(const pqxx::row& r) {
  return token_row{r[0].as<std::string>(), r[1].as<std::string>(),
                   r[2].as<std::string>(), opt_text(r[3]),
                   r[4].as<std::string>(), opt_text(r[5]),
                   opt_text(r[6]),         opt_text(r[7])};
}

nlohmann::json nullable(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json to_json(const token_row& t) {
  return {{"id", t.id},
          {"agentId", t.agent_id},
          {"prefix", "agt_" + t.prefix},
          {"name", nullable(t.name)},
          {"createdAt", t.created_at},
          {"expiresAt", nullable(t.expires_at)},
          {"revokedAt", nullable(t.revoked_at)},
          {"lastUsedAt", nullable(t.last_used_at)}};
}

void prepare_token_statements(pqxx::connection& c) {
  c.prepare("token_insert",
            "INSERT INTO api_tokens (agent_id, prefix, hash_argon2id, name,"
            " expires_at) SELECT a.id, $2, $3, $4,"
            " coalesce($6::timestamptz,"
            "          now() + make_interval(secs => $5::bigint))"
            " FROM agents a WHERE a.id = $1::uuid RETURNING "
              + columns());
  c.prepare("token_expiry_check",
            "SELECT CASE WHEN $1::timestamptz <= now() THEN 'past'"
            " WHEN $1::timestamptz > now() + make_interval(days => $2::int)"
            " THEN 'far' ELSE 'ok' END");
  c.prepare("token_for_auth",
            "SELECT t.id::text, t.agent_id::text, t.hash_argon2id,"
            " t.expires_at IS NOT NULL AND t.expires_at <= now(),"
            " t.revoked_at IS NOT NULL, a.name, a.role,"
            " a.disabled_at IS NOT NULL"
            " FROM api_tokens t JOIN agents a ON a.id = t.agent_id"
            " WHERE t.prefix = $1");
  c.prepare("token_list", "SELECT " + columns()
                            + " FROM api_tokens WHERE agent_id = $1::uuid"
                              " ORDER BY created_at DESC, id");
  c.prepare("token_find", "SELECT " + columns()
                            + " FROM api_tokens WHERE id = $1::uuid"
                              " OR prefix = $2");
  c.prepare("token_revoke",
            "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now())"
            " WHERE id = $1::uuid RETURNING "
              + columns());
  c.prepare("token_touch",
            "UPDATE api_tokens SET last_used_at = now() WHERE id = $1::uuid");
}

std::optional<token_row>
insert_token(pqxx::transaction_base& t, const std::string& agent_id,
             const std::string& prefix, const std::string& hash,
             const std::optional<std::string>& name,
             std::optional<long long> expires_in_seconds,
             const std::optional<std::string>& expires_at) {
  query_timer timer{"token_insert"};
  auto r = t.exec_prepared("token_insert", agent_id, prefix, hash, name,
                           expires_in_seconds, expires_at);
  if (r.empty())
    return std::nullopt;
  return decode(r[0]);
}

expiry_check check_expiry(pqxx::dbtransaction& t, const std::string& text,
                          int max_days) {
  query_timer timer{"token_insert"};
  // Probe in a subtransaction: a malformed timestamp raises an SQL error
  // that must not abort the caller's transaction.
  try {
    pqxx::subtransaction sub{t, "expiry_check"};
    auto v = sub.exec_prepared1("token_expiry_check", text, max_days)[0]
               .as<std::string>();
    sub.commit();
    if (v == "past")
      return expiry_check::in_past;
    if (v == "far")
      return expiry_check::too_far;
    return expiry_check::ok;
  } catch (const pqxx::data_exception&) {
    return expiry_check::invalid;
  }
}

std::optional<token_auth_row> find_token_for_auth(pqxx::transaction_base& t,
                                                  const std::string& prefix) {
  query_timer timer{"token_lookup"};
  auto r = t.exec_prepared("token_for_auth", prefix);
  if (r.empty())
    return std::nullopt;
  const auto& row = r[0];
  return token_auth_row{row[0].as<std::string>(), row[1].as<std::string>(),
                        row[2].as<std::string>(), row[3].as<bool>(),
                        row[4].as<bool>(),        row[5].as<std::string>(),
                        row[6].as<std::string>(), row[7].as<bool>()};
}

std::vector<token_row> list_tokens(pqxx::transaction_base& t,
                                   const std::string& agent_id) {
  query_timer timer{"token_list"};
  std::vector<token_row> out;
  for (const auto& r : t.exec_prepared("token_list", agent_id))
    out.push_back(decode(r));
  return out;
}

std::optional<token_row> find_token(pqxx::transaction_base& t,
                                    const std::optional<std::string>& id,
                                    const std::optional<std::string>& prefix) {
  query_timer timer{"token_lookup"};
  auto r = t.exec_prepared("token_find", id, prefix);
  if (r.empty())
    return std::nullopt;
  return decode(r[0]);
}

std::optional<token_row> revoke_token(pqxx::transaction_base& t,
                                      const std::string& id) {
  query_timer timer{"token_revoke"};
  auto r = t.exec_prepared("token_revoke", id);
  if (r.empty())
    return std::nullopt;
  return decode(r[0]);
}

void touch_token(pqxx::transaction_base& t, const std::string& id) {
  query_timer timer{"token_touch"};
  t.exec_prepared0("token_touch", id);
}

} // namespace agenthub::db
