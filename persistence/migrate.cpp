// Applies schema migrations atomically under an advisory lock.
#include "persistence/migrate.hpp"

#include <openssl/evp.h>
#include <pqxx/pqxx>

#include <map>

namespace agenthub::db {

namespace {

/// pg_advisory_xact_lock key: "agenthub" as a 64-bit integer.
constexpr long long migration_lock_key = 0x6167656e74687562LL;

std::string sha256_hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0xf];
  }
  return out;
}

} // namespace

migrate_report migrate(pqxx::connection& c) {
  migrate_report report;
  pqxx::work w{c};
  // Serializes concurrent migrators; released by COMMIT/ROLLBACK.
  w.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock_key);
  w.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
         " name text PRIMARY KEY,"
         " sha256 text NOT NULL,"
         " applied_at timestamptz NOT NULL DEFAULT now())");
  std::map<std::string, std::string> applied;
  for (const auto& row : w.exec("SELECT name, sha256 FROM schema_migrations"))
    applied[row[0].as<std::string>()] = row[1].as<std::string>();

  const auto& files = embedded_sql();
  std::map<std::string, bool> known;
  for (const auto& [name, sql] : files) {
    known[name] = true;
    auto digest = sha256_hex(sql);
    if (auto i = applied.find(name); i != applied.end()) {
      if (i->second != digest)
        throw migration_error("migration " + name
                              + " was edited after it was applied "
                                "(checksum mismatch); add a new migration "
                                "instead");
      ++report.already_applied;
      continue;
    }
    try {
      w.exec(sql);
    } catch (const pqxx::sql_error& e) {
      throw migration_error("migration " + name + " failed: " + e.what());
    }
    w.exec_params(
      "INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)", name,
      digest);
    report.applied.push_back(name);
  }
  for (const auto& [name, digest] : applied)
    if (!known.count(name))
      throw migration_error("the database has migration " + name
                            + " that this binary does not know; it was "
                              "migrated by a newer AgentHub");
  w.commit();
  return report;
}

} // namespace agenthub::db
