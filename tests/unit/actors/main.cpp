// Test module of the actors: vocabulary, room and session rules, and the
// room and session actors under CAF's deterministic scheduler.
#define BOOST_TEST_MODULE unit_actors
#include <boost/test/unit_test.hpp>
