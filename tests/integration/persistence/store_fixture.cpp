// The persistence tests' database fixture.
#include "tests/integration/persistence/store_fixture.hpp"

#include "persistence/db.hpp"
#include "persistence/migrate.hpp"
#include "persistence/room_store.hpp"

#include <pqxx/pqxx>

#include <cstdio>
#include <random>
#include <stdexcept>

namespace agenthub::testing {

std::string random_uuid() {
  static std::mt19937_64 rng{std::random_device{}()};
  auto hi = rng();
  auto lo = rng();
  hi = (hi & ~0xf000ULL) | 0x4000ULL;             // version 4
  lo = (lo & ~(0xc0ULL << 56)) | (0x80ULL << 56); // variant 10
  char text[37];
  std::snprintf(text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xffff),
                static_cast<unsigned long long>(hi & 0xffff),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

namespace {

std::unique_ptr<pg_database>& shared_slot() {
  static std::unique_ptr<pg_database> instance;
  return instance;
}

} // namespace

pg_database& shared_database() {
  auto& slot = shared_slot();
  if (!slot) {
    slot = std::make_unique<pg_database>();
    pqxx::connection c{slot->url()};
    db::migrate(c);
  }
  return *slot;
}

void release_shared_database() {
  shared_slot().reset();
}

store_fixture::store_fixture() : db(shared_database()) {
  // DELETE, not TRUNCATE: the tables are tiny, and TRUNCATE makes new
  // files (slow on a busy disk).
  db.exec("WITH m AS (DELETE FROM messages), rm AS (DELETE FROM room_members),"
          " au AS (DELETE FROM audit_events), t AS (DELETE FROM api_tokens)"
          " SELECT 1");
  db.exec("DELETE FROM rooms");
  db.exec("DELETE FROM agents");
  conn = db::open_connection(db::make_conninfo(db.url()));
}

store_fixture::~store_fixture() = default;

std::string store_fixture::make_agent(const std::string& name) {
  return db.text("INSERT INTO agents (name, display_name, role)"
                 " VALUES ($1, $1, 'agent') RETURNING id::text",
                 name);
}

std::string store_fixture::make_room(const std::string& slug,
                                     const std::string& creator) {
  pqxx::work tx{*conn};
  auto row = db::insert_room(tx, slug, slug, false, creator);
  if (!row)
    throw std::runtime_error("room slug taken: " + slug);
  tx.commit();
  return row->id;
}

db::new_message store_fixture::message(const std::string& room_id,
                                       const std::string& sender_id,
                                       const std::string& body,
                                       const std::string& client_msg_id) {
  return {random_uuid(), room_id, sender_id, body, client_msg_id};
}

std::vector<db::write_outcome>
store_fixture::write(const std::vector<db::new_message>& batch) {
  return db::write_batch(*conn, batch, batch_time);
}

long long store_fixture::last_seq(const std::string& room_id) {
  return db.scalar("SELECT last_seq FROM rooms WHERE id = $1::uuid", room_id);
}

long long store_fixture::rows(const std::string& room_id) {
  return db.scalar("SELECT count(*) FROM messages WHERE room_id = $1::uuid",
                   room_id);
}

std::vector<std::pair<std::uint64_t, std::string>>
store_fixture::stored(const std::string& room_id) {
  std::vector<std::pair<std::uint64_t, std::string>> out;
  for (const auto& r : db.exec("SELECT seq, id::text FROM messages"
                               " WHERE room_id = $1::uuid ORDER BY seq",
                               room_id))
    out.emplace_back(r[0].as<std::uint64_t>(), r[1].as<std::string>());
  return out;
}

std::vector<std::uint64_t> seqs(const std::vector<db::stored_message>& m) {
  std::vector<std::uint64_t> out;
  for (const auto& x : m)
    out.push_back(x.seq);
  return out;
}

std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (auto s = first; s <= last; ++s)
    out.push_back(s);
  return out;
}

} // namespace agenthub::testing
