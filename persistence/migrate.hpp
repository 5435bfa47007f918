// Forward-only schema migrations, embedded from schema/*.sql at build time.
#pragma once

#include <pqxx/connection>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace agenthub::db {

/// (name, sql) of every schema/NNNN_*.sql file, in version order.
const std::vector<std::pair<std::string, std::string>>& embedded_sql();

/// A migration that cannot be applied (bad SQL, edited after applying, or a
/// database newer than this binary).
class migration_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// What `migrate` did.
struct migrate_report {
  std::vector<std::string> applied; ///< names applied by this call
  std::size_t already_applied = 0;  ///< names found applied before
};

/// Applies every pending migration in one transaction under a
/// transaction-scoped advisory lock, so two processes starting at once
/// serialize and the second finds nothing to do. Verifies the SHA-256 of
/// applied files. Throws migration_error or pqxx errors.
migrate_report migrate(pqxx::connection& c);

} // namespace agenthub::db
