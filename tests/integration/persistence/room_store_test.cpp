// room_store against PostgreSQL: rooms by id or slug, idempotent
// membership, and transactions that roll back leaving nothing.
#include "persistence/room_store.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include "tests/integration/persistence/store_fixture.hpp"

using namespace agenthub::testing;
namespace db = agenthub::db;

BOOST_FIXTURE_TEST_SUITE(room_store, store_fixture)

BOOST_AUTO_TEST_CASE(room_is_found_by_id_and_by_slug_with_its_owner) {
  auto owner = make_agent("founder");
  pqxx::work tx{*conn};
  auto made = db::insert_room(tx, "lobby", "The Lobby", true, owner);
  BOOST_TEST_REQUIRE(made.has_value());
  BOOST_TEST(made->slug == "lobby");
  BOOST_TEST(made->name == "The Lobby");
  BOOST_TEST(made->is_public);
  BOOST_TEST(made->last_seq == 0u);
  BOOST_TEST(made->created_by.value_or("") == owner);
  BOOST_TEST(!made->archived_at.has_value());
  tx.commit();

  pqxx::read_transaction rx{*conn};
  auto by_slug = db::find_room(rx, "lobby");
  auto by_id = db::find_room(rx, made->id);
  BOOST_TEST_REQUIRE(by_slug.has_value());
  BOOST_TEST_REQUIRE(by_id.has_value());
  BOOST_TEST(by_slug->id == made->id);
  BOOST_TEST(by_id->slug == "lobby");
  BOOST_TEST(db::member_role(rx, made->id, owner).value_or("") == "owner");
  BOOST_TEST(!db::find_room(rx, "nowhere").has_value());
  BOOST_TEST(!db::find_room(rx, random_uuid()).has_value());
}

BOOST_AUTO_TEST_CASE(taken_slug_is_refused) {
  auto owner = make_agent("squatter");
  make_room("taken", owner);
  pqxx::work tx{*conn};
  BOOST_TEST(!db::insert_room(tx, "taken", "again", false, owner).has_value());
  tx.commit();
  BOOST_TEST(db.scalar("SELECT count(*) FROM rooms WHERE slug = 'taken'") == 1);
}

BOOST_AUTO_TEST_CASE(membership_is_idempotent_and_needs_an_agent) {
  auto owner = make_agent("host");
  auto guest = make_agent("guest");
  auto room = make_room("party", owner);
  pqxx::work tx{*conn};
  BOOST_TEST(db::add_member(tx, room, guest, "member"));
  BOOST_TEST(db::add_member(tx, room, guest, "member"));
  BOOST_TEST(!db::add_member(tx, room, random_uuid(), "member"));
  BOOST_TEST(db::member_role(tx, room, guest).value_or("") == "member");
  BOOST_TEST(db::list_members(tx, room).size() == 2u);
  BOOST_TEST(db::member_ids(tx, room).size() == 2u);
  BOOST_TEST(db::agent_room_ids(tx, guest) == std::vector<std::string>{room});
  BOOST_TEST(db::remove_member(tx, room, guest));
  BOOST_TEST(!db::remove_member(tx, room, guest));
  BOOST_TEST(!db::member_role(tx, room, guest).has_value());
  tx.commit();
}

BOOST_AUTO_TEST_CASE(archived_rooms_leave_the_agents_room_list) {
  auto owner = make_agent("archiver");
  auto keep = make_room("keep", owner);
  auto gone = make_room("gone", owner);
  pqxx::work tx{*conn};
  auto archived = db::archive_room(tx, gone);
  BOOST_TEST_REQUIRE(archived.has_value());
  BOOST_TEST(archived->archived_at.has_value());
  auto again = db::archive_room(tx, gone);
  BOOST_TEST(again->archived_at.value_or("")
             == archived->archived_at.value_or("")); // idempotent
  BOOST_TEST(db::agent_room_ids(tx, owner) == std::vector<std::string>{keep});
  BOOST_TEST(!db::archive_room(tx, random_uuid()).has_value());
  tx.commit();
}

BOOST_AUTO_TEST_CASE(rolled_back_transaction_leaves_nothing) {
  auto owner = make_agent("undecided");
  auto member = make_agent("maybe");
  {
    pqxx::work tx{*conn};
    auto row = db::insert_room(tx, "ephemeral", "ephemeral", false, owner);
    BOOST_TEST_REQUIRE(row.has_value());
    BOOST_TEST(db::add_member(tx, row->id, member, "member"));
    BOOST_TEST(db::find_room(tx, "ephemeral").has_value());
    tx.abort();
  }
  BOOST_TEST(db.scalar("SELECT count(*) FROM rooms") == 0);
  BOOST_TEST(db.scalar("SELECT count(*) FROM room_members") == 0);
  // A transaction destroyed without commit rolls back as well.
  {
    pqxx::work tx{*conn};
    db::insert_room(tx, "ephemeral", "ephemeral", false, owner);
  }
  BOOST_TEST(db.scalar("SELECT count(*) FROM rooms") == 0);
  // And the slug is still free.
  BOOST_TEST(!make_room("ephemeral", owner).empty());
}

BOOST_AUTO_TEST_SUITE_END()
