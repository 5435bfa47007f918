// Test module of the `/ws` real-time protocol against the real hub binary.
#define BOOST_TEST_MODULE integration_ws
#include <boost/test/unit_test.hpp>

#include "tests/support/pg_database.hpp"

#include <csignal>

namespace {

/// Fails the whole module, with instructions, when there is no test cluster:
/// integration tests must never pass by silently testing nothing.
struct require_test_database {
  require_test_database() {
    // A hub closing a socket mid-write must fail a test, not kill the runner.
    std::signal(SIGPIPE, SIG_IGN);
    agenthub::testing::test_database_url();
    if (int n = agenthub::testing::drop_stale_test_databases())
      BOOST_TEST_MESSAGE("dropped " << n << " databases of killed test runs");
  }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(require_test_database);
