// Test module of the persistence layer against the private test cluster.
#define BOOST_TEST_MODULE integration_persistence
#include <boost/test/unit_test.hpp>

#include "tests/integration/persistence/store_fixture.hpp"
#include "tests/support/pg_database.hpp"

namespace {

/// Fails the whole module, with instructions, when there is no test cluster:
/// integration tests must never pass by silently testing nothing. Drops
/// the module's database at the end.
struct require_test_database {
  require_test_database() {
    agenthub::testing::test_database_url();
    if (int n = agenthub::testing::drop_stale_test_databases())
      BOOST_TEST_MESSAGE("dropped " << n << " databases of killed test runs");
  }
  ~require_test_database() {
    agenthub::testing::release_shared_database();
  }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(require_test_database);
