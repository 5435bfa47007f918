// Test module of the net/ codecs: WebSocket framing and the /ws JSON envelope.
#define BOOST_TEST_MODULE unit_net
#include <boost/test/unit_test.hpp>
