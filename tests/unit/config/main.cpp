// Test module: configuration loading and validation.
#define BOOST_TEST_MODULE unit_config
#include <boost/test/unit_test.hpp>
