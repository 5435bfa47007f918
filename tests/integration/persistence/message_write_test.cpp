// message_store::write_batch against PostgreSQL: contiguous seqs per room,
// dedupe by id and by (sender, clientMsgId), all-or-nothing batches.
#include "persistence/message_store.hpp"

#include <boost/test/unit_test.hpp>

#include "tests/integration/persistence/store_fixture.hpp"

#include <cctype>
#include <map>

using namespace agenthub::testing;
using agenthub::db::write_outcome;

BOOST_FIXTURE_TEST_SUITE(message_write, store_fixture)

BOOST_AUTO_TEST_CASE(batch_assigns_contiguous_seqs_per_room_in_input_order) {
  auto sender = make_agent("writer");
  auto a = make_room("room-a", sender);
  auto b = make_room("room-b", sender);
  std::vector<agenthub::db::new_message> batch;
  for (int i = 0; i < 10; ++i)
    batch.push_back(
      message(i % 5 < 3 ? a : b, sender, "m" + std::to_string(i)));
  auto out = write(batch);
  BOOST_TEST_REQUIRE(out.size() == batch.size());
  std::map<std::string, std::vector<std::uint64_t>> by_room;
  for (std::size_t i = 0; i < out.size(); ++i) {
    BOOST_TEST(out[i].kind == write_outcome::stored);
    BOOST_TEST(out[i].message.id == batch[i].id);
    BOOST_TEST(out[i].message.room_id == batch[i].room_id);
    BOOST_TEST(out[i].message.created_at == batch_time);
    by_room[batch[i].room_id].push_back(out[i].message.seq);
  }
  BOOST_TEST(by_room[a] == range(1, 6));
  BOOST_TEST(by_room[b] == range(1, 4));

  // The next batch continues each room where it stopped.
  auto more = write({message(a, sender, "m10"), message(b, sender, "m11"),
                     message(a, sender, "m12")});
  BOOST_TEST(more[0].message.seq == 7u);
  BOOST_TEST(more[1].message.seq == 5u);
  BOOST_TEST(more[2].message.seq == 8u);
  BOOST_TEST(last_seq(a) == 8);
  BOOST_TEST(last_seq(b) == 5);
  // The rows are what the outcomes say.
  auto rows_a = stored(a);
  BOOST_TEST_REQUIRE(rows_a.size() == 8u);
  BOOST_TEST(rows_a[0].second == batch[0].id);
  BOOST_TEST(rows_a[7].second == more[2].message.id);
  BOOST_TEST(db.text("SELECT to_char(created_at AT TIME ZONE 'UTC',"
                     " 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM messages"
                     " WHERE id = $1::uuid",
                     batch[0].id)
             == batch_time);
}

BOOST_AUTO_TEST_CASE(same_client_msg_id_returns_the_original_id_and_seq) {
  auto sender = make_agent("retrier");
  auto room = make_room("retries", sender);
  auto first = write(
    {message(room, sender, "one", "c-1"), message(room, sender, "two", "c-2")});
  // A retry has a new id (the room made one) but the same clientMsgId.
  auto retry = write({message(room, sender, "one", "c-1"),
                      message(room, sender, "three", "c-3")});
  BOOST_TEST(retry[0].kind == write_outcome::duplicate);
  BOOST_TEST(retry[0].message.id == first[0].message.id);
  BOOST_TEST(retry[0].message.seq == first[0].message.seq);
  BOOST_TEST(retry[0].message.body == "one");
  BOOST_TEST(retry[0].message.client_msg_id == "c-1");
  // The duplicate takes no seq: the new message follows without a gap.
  BOOST_TEST(retry[1].kind == write_outcome::stored);
  BOOST_TEST(retry[1].message.seq == 3u);
  BOOST_TEST(rows(room) == 3);
  BOOST_TEST(last_seq(room) == 3);
  // Another sender may use the same clientMsgId.
  auto other = make_agent("other");
  auto theirs = write({message(room, other, "mine", "c-1")});
  BOOST_TEST(theirs[0].kind == write_outcome::stored);
  BOOST_TEST(theirs[0].message.seq == 4u);
}

BOOST_AUTO_TEST_CASE(repeat_within_one_batch_is_a_duplicate_of_the_first) {
  auto sender = make_agent("stutter");
  auto room = make_room("stutters", sender);
  auto out
    = write({message(room, sender, "x", "dup"), message(room, sender, "y"),
             message(room, sender, "x", "dup")});
  BOOST_TEST(out[0].kind == write_outcome::stored);
  BOOST_TEST(out[1].kind == write_outcome::stored);
  BOOST_TEST(out[2].kind == write_outcome::duplicate);
  BOOST_TEST(out[2].message.id == out[0].message.id);
  BOOST_TEST(out[2].message.seq == out[0].message.seq);
  BOOST_TEST(out[1].message.seq == 2u);
  BOOST_TEST(rows(room) == 2);
  BOOST_TEST(last_seq(room) == 2);
}

BOOST_AUTO_TEST_CASE(retried_batch_with_the_same_ids_stores_nothing_new) {
  // After an in-doubt outcome the writer retries the batch as it was. Rows
  // found by their own id are this writer's unacked writes: reported as
  // stored (so the room still broadcasts them), with the first seqs, and
  // nothing is written twice.
  auto sender = make_agent("doubter");
  auto room = make_room("doubts", sender);
  std::vector<agenthub::db::new_message> batch{message(room, sender, "a"),
                                               message(room, sender, "b", "cb"),
                                               message(room, sender, "c")};
  auto first = write(batch);
  auto again = write(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    BOOST_TEST(again[i].kind == write_outcome::stored);
    BOOST_TEST(again[i].message.id == first[i].message.id);
    BOOST_TEST(again[i].message.seq == first[i].message.seq);
    BOOST_TEST(again[i].message.body == batch[i].body);
  }
  BOOST_TEST(rows(room) == 3);
  BOOST_TEST(last_seq(room) == 3);
}

BOOST_AUTO_TEST_CASE(first_attempt_with_fresh_ids_stores_and_still_dedupes) {
  // The writer's first attempt skips the lookup by id (the room just made
  // the ids) but still finds a clientMsgId stored earlier.
  auto sender = make_agent("fresh");
  auto room = make_room("fresh-ids", sender);
  write({message(room, sender, "old", "kept")});
  std::vector<agenthub::db::new_message> batch{
    message(room, sender, "x"), message(room, sender, "again", "kept"),
    message(room, sender, "y", "new")};
  auto out = agenthub::db::write_batch(*conn, batch, batch_time, true);
  BOOST_TEST(out[0].kind == write_outcome::stored);
  BOOST_TEST(out[0].message.seq == 2u);
  BOOST_TEST(out[1].kind == write_outcome::duplicate);
  BOOST_TEST(out[1].message.seq == 1u);
  BOOST_TEST(out[2].kind == write_outcome::stored);
  BOOST_TEST(out[2].message.seq == 3u);
  BOOST_TEST(rows(room) == 3);
  BOOST_TEST(last_seq(room) == 3);
}

BOOST_AUTO_TEST_CASE(upper_case_ids_match_the_rows_the_database_inserted) {
  // PostgreSQL answers with lower-case uuids; callers' spelling must not
  // turn an inserted row into "room missing".
  auto sender = make_agent("shouty");
  auto room = make_room("shouty", sender);
  auto m = message(room, sender, "HI");
  for (auto& ch : m.id)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  for (auto& ch : m.room_id)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto out = write({m});
  BOOST_TEST(out[0].kind == write_outcome::stored);
  BOOST_TEST(out[0].message.seq == 1u);
  BOOST_TEST(rows(room) == 1);
}

BOOST_AUTO_TEST_CASE(client_msg_id_reused_in_another_room_is_a_conflict) {
  auto sender = make_agent("reuser");
  auto a = make_room("first", sender);
  auto b = make_room("second", sender);
  write({message(a, sender, "hi", "same")});
  auto out = write({message(b, sender, "hi", "same"),
                    message(b, sender, "fresh", "new-1"),
                    message(a, sender, "x", "new-1")});
  BOOST_TEST(out[0].kind == write_outcome::client_id_conflict);
  BOOST_TEST(out[1].kind == write_outcome::stored);
  BOOST_TEST(out[1].message.seq == 1u);
  // Earlier in the same batch, in another room: also a conflict.
  BOOST_TEST(out[2].kind == write_outcome::client_id_conflict);
  BOOST_TEST(rows(a) == 1);
  BOOST_TEST(rows(b) == 1);
  BOOST_TEST(last_seq(a) == 1);
  BOOST_TEST(last_seq(b) == 1);
}

BOOST_AUTO_TEST_CASE(missing_and_archived_rooms_store_nothing) {
  auto sender = make_agent("wanderer");
  auto open_room = make_room("open", sender);
  auto archived = make_room("closed", sender);
  db.exec("UPDATE rooms SET archived_at = now() WHERE id = $1::uuid", archived);
  auto out = write({message(archived, sender, "late"),
                    message(random_uuid(), sender, "nowhere"),
                    message(open_room, sender, "fine")});
  BOOST_TEST(out[0].kind == write_outcome::room_archived);
  BOOST_TEST(out[1].kind == write_outcome::room_missing);
  BOOST_TEST(out[2].kind == write_outcome::stored);
  BOOST_TEST(out[2].message.seq == 1u);
  BOOST_TEST(rows(archived) == 0);
  BOOST_TEST(last_seq(archived) == 0);
  BOOST_TEST(db.scalar("SELECT count(*) FROM messages") == 1);
}

BOOST_AUTO_TEST_CASE(failed_batch_rolls_back_entirely) {
  auto sender = make_agent("unlucky");
  auto room = make_room("rollback", sender);
  write({message(room, sender, "before")});
  // The second row violates the sender foreign key, so the one write statement
  // fails: nothing of the batch may remain, not even the seq reservation.
  BOOST_CHECK_THROW(write({message(room, sender, "good", "g-1"),
                           message(room, random_uuid(), "ghost sender")}),
                    std::exception);
  BOOST_TEST(rows(room) == 1);
  BOOST_TEST(last_seq(room) == 1);
  BOOST_TEST(db.scalar("SELECT count(*) FROM messages WHERE client_msg_id"
                       " = 'g-1'")
             == 0);
  // The connection is usable and the room continues without a hole.
  auto out = write({message(room, sender, "good", "g-1")});
  BOOST_TEST(out[0].kind == write_outcome::stored);
  BOOST_TEST(out[0].message.seq == 2u);
}

BOOST_AUTO_TEST_CASE(empty_batch_writes_nothing) {
  BOOST_TEST(write({}).empty());
  BOOST_TEST(db.scalar("SELECT count(*) FROM messages") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
