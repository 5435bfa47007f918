// message_store's keyset reads: read_after, read_before and read_page in
// both directions, with nextCursor only when another page exists.
#include "persistence/message_store.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include "tests/integration/persistence/store_fixture.hpp"

#include <optional>

using namespace agenthub::testing;
namespace db = agenthub::db;

namespace {

/// A room with `n` messages (seq 1..n) written in batches of 7.
struct paged_room : store_fixture {
  std::string sender = make_agent("pager");
  std::string room = make_room("pages", sender);

  void fill(int n) {
    std::vector<db::new_message> batch;
    for (int i = 1; i <= n; ++i) {
      batch.push_back(message(room, sender, "body " + std::to_string(i)));
      if (batch.size() == 7 || i == n) {
        write(batch);
        batch.clear();
      }
    }
  }

  db::message_page page(std::optional<std::uint64_t> before,
                        std::optional<std::uint64_t> after, int limit) {
    pqxx::read_transaction tx{*conn};
    return db::read_page(tx, room, before, after, limit);
  }

  /// Walks every page; the seqs in the order read.
  std::vector<std::uint64_t> walk(bool backward, int limit) {
    std::vector<std::uint64_t> seen;
    std::optional<std::uint64_t> cursor;
    for (int pages = 0; pages < 1000; ++pages) {
      auto p = backward ? page(cursor, std::nullopt, limit)
                        : page(std::nullopt, cursor.value_or(0), limit);
      auto s = seqs(p.messages);
      BOOST_TEST(s.size() <= static_cast<std::size_t>(limit));
      if (!s.empty())
        BOOST_TEST(s == range(s.front(), s.back()), "page not ascending");
      seen.insert(backward ? seen.begin() : seen.end(), s.begin(), s.end());
      if (!p.next_cursor)
        return seen;
      BOOST_TEST_REQUIRE(s.size() == static_cast<std::size_t>(limit));
      BOOST_TEST(*p.next_cursor == (backward ? s.front() : s.back()));
      cursor = p.next_cursor;
    }
    BOOST_FAIL("more than 1000 pages");
    return seen;
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(message_read, paged_room)

BOOST_AUTO_TEST_CASE(pages_backward_from_the_newest_cover_every_seq) {
  fill(23);
  auto newest = page(std::nullopt, std::nullopt, 5);
  BOOST_TEST(seqs(newest.messages) == range(19, 23));
  BOOST_TEST(newest.next_cursor.value_or(0) == 19u);
  BOOST_TEST(newest.messages.back().body == "body 23");
  BOOST_TEST(newest.messages.back().sender_id == sender);
  BOOST_TEST(walk(true, 5) == range(1, 23));
  // The oldest page is short and ends the walk.
  auto oldest = page(4, std::nullopt, 5);
  BOOST_TEST(seqs(oldest.messages) == range(1, 3));
  BOOST_TEST(!oldest.next_cursor.has_value());
}

BOOST_AUTO_TEST_CASE(pages_forward_after_a_seq_cover_every_seq) {
  fill(23);
  auto first = page(std::nullopt, 0, 5);
  BOOST_TEST(seqs(first.messages) == range(1, 5));
  BOOST_TEST(first.next_cursor.value_or(0) == 5u);
  BOOST_TEST(walk(false, 5) == range(1, 23));
  auto middle = page(std::nullopt, 10, 4);
  BOOST_TEST(seqs(middle.messages) == range(11, 14));
}

BOOST_AUTO_TEST_CASE(exact_multiple_of_the_limit_ends_without_a_cursor) {
  fill(20);
  BOOST_TEST(walk(true, 5) == range(1, 20));
  BOOST_TEST(walk(false, 5) == range(1, 20));
  auto last = page(std::nullopt, 15, 5);
  BOOST_TEST(seqs(last.messages) == range(16, 20));
  BOOST_TEST(!last.next_cursor.has_value());
  auto first = page(6, std::nullopt, 5);
  BOOST_TEST(seqs(first.messages) == range(1, 5));
  BOOST_TEST(!first.next_cursor.has_value());
}

BOOST_AUTO_TEST_CASE(reads_beyond_either_end_are_empty) {
  fill(3);
  pqxx::read_transaction tx{*conn};
  BOOST_TEST(db::read_after(tx, room, 3, 10).empty());
  BOOST_TEST(db::read_before(tx, room, 1, 10).empty());
  BOOST_TEST(seqs(db::read_after(tx, room, 1, 10)) == range(2, 3));
  BOOST_TEST(seqs(db::read_before(tx, room, 3, 10)) == range(1, 2));
  BOOST_TEST(db::read_after(tx, random_uuid(), 0, 10).empty());
  auto none = db::read_page(tx, random_uuid(), std::nullopt, std::nullopt, 5);
  BOOST_TEST(none.messages.empty());
  BOOST_TEST(!none.next_cursor.has_value());
}

BOOST_AUTO_TEST_CASE(array_syntax_in_bodies_and_ids_is_stored_verbatim) {
  // The batch reaches PostgreSQL as array literals (persistence/pg_array):
  // none of their syntax in a value may change what is stored.
  const std::vector<std::string> bodies{
    "NULL",        "{a,b}", "}",
    "{",           "a,b",   "\"",
    "\\",          "\\\"",  " lead and trail ",
    "line\nbreak", "",      "\"NULL\""};
  std::vector<db::new_message> rows;
  for (std::size_t i = 0; i < bodies.size(); ++i)
    rows.push_back(
      message(room, sender, bodies[i], "{k," + std::to_string(i) + "}"));
  auto out = write(rows);
  BOOST_TEST_REQUIRE(out.size() == bodies.size());
  pqxx::read_transaction tx{*conn};
  auto got = db::read_after(tx, room, 0, 100);
  BOOST_TEST_REQUIRE(got.size() == bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    BOOST_TEST(got[i].body == bodies[i], i);
    BOOST_TEST(got[i].client_msg_id == "{k," + std::to_string(i) + "}", i);
  }
}

BOOST_AUTO_TEST_CASE(pages_carry_the_stored_fields) {
  auto out = write({message(room, sender, "tab\there \"quoted\" \\ ünï", "k-1"),
                    message(room, sender, "no id")});
  pqxx::read_transaction tx{*conn};
  auto got = db::read_after(tx, room, 0, 10);
  BOOST_TEST_REQUIRE(got.size() == 2u);
  BOOST_TEST(got[0].id == out[0].message.id);
  BOOST_TEST(got[0].room_id == room);
  BOOST_TEST(got[0].body == "tab\there \"quoted\" \\ ünï");
  BOOST_TEST(got[0].client_msg_id == "k-1");
  BOOST_TEST(got[0].created_at == batch_time);
  BOOST_TEST(got[1].client_msg_id.empty());
  BOOST_TEST(db.scalar("SELECT count(*) FROM messages WHERE client_msg_id"
                       " IS NULL")
             == 1);
}

BOOST_AUTO_TEST_SUITE_END()
