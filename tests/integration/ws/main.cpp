// Test module of the `/ws` real-time protocol against the real hub binary.
#define BOOST_TEST_MODULE integration_ws
#include <boost/test/unit_test.hpp>

#include "tests/support/integration_module.hpp"
