// Test module of the authentication primitives (net/auth).
#define BOOST_TEST_MODULE unit_auth
#include <boost/test/unit_test.hpp>
