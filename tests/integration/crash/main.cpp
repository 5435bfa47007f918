// Test module of the crash recovery against the real hub binary.
#define BOOST_TEST_MODULE integration_crash
#include <boost/test/unit_test.hpp>

#include "tests/support/integration_module.hpp"
