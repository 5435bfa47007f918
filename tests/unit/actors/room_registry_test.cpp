// Which persistence writer a room writes through (DB_WRITERS > 1): always
// the same one for a room, in every process, and the rooms spread evenly.
#include "actors/uuid.hpp"
#include "actors/writer_index.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <vector>

using namespace agenthub;

BOOST_AUTO_TEST_SUITE(room_registry_writer_choice)

BOOST_AUTO_TEST_CASE(one_writer_takes_every_room) {
  for (int i = 0; i < 100; ++i)
    BOOST_TEST(writer_index(make_uuid_v7(), 1) == 0u);
}

BOOST_AUTO_TEST_CASE(a_room_keeps_its_writer) {
  // FNV-1a, not std::hash: the same in every build and every process.
  BOOST_TEST(writer_index("", 2) == 14695981039346656037ull % 2);
  BOOST_TEST(writer_index("a", 7) == 0xaf63dc4c8601ec8cull % 7);
  for (int i = 0; i < 100; ++i) {
    auto id = make_uuid_v7();
    auto first = writer_index(id, 3);
    BOOST_TEST(first < 3u);
    BOOST_TEST(writer_index(std::string{id}, 3) == first);
  }
}

BOOST_AUTO_TEST_CASE(rooms_spread_evenly_over_the_writers) {
  // UUIDv7s made in one millisecond share their first 12 hex digits: the
  // hash must still spread them.
  for (std::size_t n : {2u, 3u, 4u}) {
    std::vector<int> count(n, 0);
    const int rooms = 4000;
    for (int i = 0; i < rooms; ++i)
      ++count[writer_index(make_uuid_v7(), n)];
    for (std::size_t w = 0; w < n; ++w) {
      double share = static_cast<double>(count[w]) / rooms;
      BOOST_TEST(share > 0.8 / n,
                 "writer " << w << " of " << n << ": " << count[w] << " rooms");
      BOOST_TEST(share < 1.2 / n,
                 "writer " << w << " of " << n << ": " << count[w] << " rooms");
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
