// Test module of the client subcommands against the real hub binary.
#define BOOST_TEST_MODULE integration_cli
#include <boost/test/unit_test.hpp>

#include "tests/support/integration_module.hpp"
