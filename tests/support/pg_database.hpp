// A throw-away PostgreSQL database per test (or per suite).
#pragma once

#include <pqxx/pqxx>

#include <memory>
#include <string>

namespace agenthub::testing {

/// AGENTHUB_TEST_DATABASE_URL (a role with CREATEDB on the private test
/// cluster). Throws std::runtime_error explaining how to set it if unset.
std::string test_database_url();

/// `url` with its database name replaced by `dbname` (URI or key=value form).
std::string with_database(const std::string& url, const std::string& dbname);

/// Drops databases left behind by test runs that were killed before their
/// destructors ran (ah_t_<pid>_... whose process no longer exists; the
/// cluster is local, so the pid is meaningful). Returns how many.
int drop_stale_test_databases();

/// A freshly created, uniquely named database (ah_t_<pid>_<n>_<random>) on
/// the test cluster, dropped WITH (FORCE) by the destructor.
class pg_database {
public:
  /// Creates the database; throws if the test cluster is not configured.
  pg_database();
  ~pg_database();
  pg_database(const pg_database&) = delete;
  pg_database& operator=(const pg_database&) = delete;

  /// Connection URL of this database (what the hub gets as DATABASE_URL).
  const std::string& url() const {
    return url_;
  }

  /// The database name.
  const std::string& name() const {
    return name_;
  }

  /// Runs `sql` with `$1...` parameters in its own committed transaction.
  template <class... Args>
  pqxx::result exec(const std::string& sql, Args&&... args) {
    pqxx::work tx{connection()};
    auto r = tx.exec_params(sql, std::forward<Args>(args)...);
    tx.commit();
    return r;
  }

  /// The single integer `sql` returns (e.g. a count(*)).
  template <class... Args>
  long long scalar(const std::string& sql, Args&&... args) {
    return exec(sql, std::forward<Args>(args)...)[0][0]
      .template as<long long>();
  }

  /// The single text value `sql` returns ("" for NULL).
  template <class... Args>
  std::string text(const std::string& sql, Args&&... args) {
    auto f = exec(sql, std::forward<Args>(args)...)[0][0];
    return f.is_null() ? std::string{} : f.template as<std::string>();
  }

  /// Allows or refuses new connections (ALTER DATABASE ... ALLOW_CONNECTIONS),
  /// run from the cluster's own database: makes this database unreachable
  /// without touching the shared cluster.
  void set_connections_allowed(bool allowed);

  /// Ends every session connected to this database (the hub's included).
  void terminate_connections();

private:
  pqxx::connection& connection();

  std::string admin_url_;
  std::string name_;
  std::string url_;
  std::unique_ptr<pqxx::connection> conn_;
};

} // namespace agenthub::testing
