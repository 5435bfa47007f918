// A connection lives as long as its session JWT: at `exp` the hub closes
// it with 1008 "session token expired", and a new JWT resumes.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/jwt_forge.hpp"
#include "tests/support/suite_hub.hpp"

using namespace agenthub::testing;

namespace {

struct lifetime_hub : default_hub {};

/// Seconds of life given to the short-lived JWT. The session checks at
/// exp itself (it times its tick to exp), so the wait stays this short.
constexpr std::int64_t lifetime = 3;

} // namespace

AGENTHUB_HUB_SUITE(token_lifetime, lifetime_hub)

BOOST_AUTO_TEST_CASE(jwt_expiring_while_connected_closes_with_1008) {
  auto a = make_chat_agent(hub, "mortal");
  auto room = make_chat_room(hub, {a});
  auto exp = unix_now() + lifetime;
  ws_client c{hub.process().port(), forge_session_jwt(hub, a.id, a.name, exp)};
  c.wait_event("connected");
  // Alive and working before exp.
  auto ack = send_message(c, room.id, "before exp", "mortal-1");
  BOOST_TEST(ack["seq"] == 1);

  auto closed = c.wait_close(std::chrono::seconds{lifetime + 15});
  auto at = unix_now();
  BOOST_TEST_REQUIRE(closed.has_value(),
                     "still open " << at - exp << " s after exp");
  BOOST_TEST(closed->code == 1008);
  BOOST_TEST(closed->reason == "session token expired");
  BOOST_TEST(at >= exp, "closed " << exp - at << " s before exp");
  BOOST_TEST(at <= exp + 5, "closed " << at - exp << " s after exp");

  // A fresh JWT reconnects and resumes where the client stood.
  auto again = connect_chat(hub, a);
  auto reply
    = again->request("room:join", {{"roomId", room.id}, {"afterSeq", 0}});
  BOOST_TEST(reply["ok"] == true, reply.dump());
  auto replayed = collect_messages(*again, room.id, 1);
  BOOST_TEST(replayed[0]["id"] == ack["id"]);
}

BOOST_AUTO_TEST_SUITE_END()
