// The real-time metrics of issue 3 move with real traffic: connections,
// active rooms, stored messages, ack latency, writer batches and event
// latency, all without per-room or per-agent labels.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"
#include "tests/support/wait.hpp"

#include <algorithm>
#include <sstream>

using namespace agenthub::testing;

namespace {

struct metrics_hub : default_hub {};

/// The value of the unlabelled sample `name` in Prometheus text, or -1.
double sample(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name + " ", 0) == 0)
      return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

/// The sum of every sample of `name` (any labels), or -1 if none.
double sum_of(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  double total = -1;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(name + " ", 0) == 0 || line.rfind(name + "{", 0) == 0) {
      auto space = line.rfind(' ');
      total = (total < 0 ? 0 : total) + std::stod(line.substr(space + 1));
    }
  }
  return total;
}

std::string scrape(hub_fixture& hub) {
  auto r = hub.get("/metrics", "");
  BOOST_TEST_REQUIRE(r.status == 200u);
  return r.body;
}

} // namespace

AGENTHUB_HUB_SUITE(realtime_metrics, metrics_hub)

BOOST_AUTO_TEST_CASE(realtime_metrics_count_connections_messages_and_acks) {
  auto before = scrape(hub);
  double messages_before
    = std::max(0.0, sample(before, "agenthub_messages_total"));
  double acks_before
    = std::max(0.0, sample(before, "agenthub_message_ack_seconds_count"));

  auto alice = make_chat_agent(hub, "m-alice");
  auto bob = make_chat_agent(hub, "m-bob");
  auto room = make_chat_room(hub, {alice, bob});
  auto a = connect_chat(hub, alice);
  auto b = connect_chat(hub, bob);
  for (int i = 0; i < 5; ++i)
    send_message(*a, room.id, "m" + std::to_string(i),
                 "metrics-" + std::to_string(i));
  BOOST_TEST(collect_messages(*b, room.id, 5).size() == 5u);

  std::string text;
  bool moved = wait_until(
    [&] {
      text = scrape(hub);
      return sample(text, "agenthub_agents_connected") >= 2
             && sample(text, "agenthub_rooms_active") >= 1
             && sample(text, "agenthub_messages_total") >= messages_before + 5
             && sample(text, "agenthub_message_ack_seconds_count")
                  >= acks_before + 5;
    },
    std::chrono::seconds{10});
  BOOST_TEST(moved, "metrics did not move:\n" << text);
  BOOST_TEST(sample(text, "agenthub_writer_batch_size_count") >= 1);
  BOOST_TEST(sum_of(text, "agenthub_websocket_latency_seconds_count") >= 5);
  BOOST_TEST(sample(text, "agenthub_slow_consumer_total") >= 0);
  // No per-room or per-agent labels on any agenthub_ family.
  BOOST_TEST(text.find(room.id) == std::string::npos);
  BOOST_TEST(text.find(alice.id) == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
