// Test module of the REST identity API against the real hub binary.
#define BOOST_TEST_MODULE integration_rest
#include <boost/test/unit_test.hpp>

#include "tests/support/integration_module.hpp"
