// Test module of the load generator's pure parts.
#define BOOST_TEST_MODULE unit_loadgen
#include <boost/test/unit_test.hpp>
