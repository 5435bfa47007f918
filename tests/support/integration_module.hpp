// The global fixture of every integration test module: include it once, in
// the module's main.cpp, after defining BOOST_TEST_MODULE.
#pragma once

#include <boost/test/unit_test.hpp>

#include "tests/support/pg_database.hpp"

#include <csignal>

namespace agenthub::testing {

/// Fails the whole module, with instructions, when there is no test cluster:
/// integration tests must never pass by silently testing nothing.
struct require_test_database {
  require_test_database() {
    // A hub closing a socket mid-write must fail a test, not kill the runner.
    std::signal(SIGPIPE, SIG_IGN);
    test_database_url();
    if (int n = drop_stale_test_databases())
      BOOST_TEST_MESSAGE("dropped " << n << " databases of killed test runs");
  }
};

} // namespace agenthub::testing

using agenthub::testing::require_test_database;
BOOST_TEST_GLOBAL_FIXTURE(require_test_database);
