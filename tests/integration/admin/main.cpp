// Test module of the admin API and page against the real hub binary.
#define BOOST_TEST_MODULE integration_admin
#include <boost/test/unit_test.hpp>

#include "tests/support/integration_module.hpp"
