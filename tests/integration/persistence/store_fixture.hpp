// A migrated throw-away database with the stores' statements prepared, and
// helpers to make agents, rooms and messages.
#pragma once

#include "persistence/message_store.hpp"

#include "tests/support/pg_database.hpp"

#include <memory>
#include <string>
#include <vector>

namespace agenthub::testing {

/// The created_at every test batch is written with.
constexpr const char* batch_time = "2026-03-01T12:00:00.123Z";

/// A random UUID (v4), as text.
std::string random_uuid();

/// The module's database, created and migrated on first use (one CREATE
/// DATABASE per run instead of one per test case).
pg_database& shared_database();

/// Drops the module's database (from the global fixture's teardown).
void release_shared_database();

/// Per-test fixture: the module's database emptied (every table truncated)
/// and one connection on which every statement is prepared, as the hub's
/// writer has.
struct store_fixture {
  store_fixture();
  ~store_fixture();

  pg_database& db;
  std::unique_ptr<pqxx::connection> conn;

  /// Inserts an agent; its id.
  std::string make_agent(const std::string& name);

  /// Creates a room through room_store (committed); its id.
  std::string make_room(const std::string& slug, const std::string& creator);

  /// A message with a fresh id.
  db::new_message message(const std::string& room_id,
                          const std::string& sender_id, const std::string& body,
                          const std::string& client_msg_id = "");

  /// `write_batch` at `batch_time`.
  std::vector<db::write_outcome>
  write(const std::vector<db::new_message>& batch);

  /// rooms.last_seq of a room.
  long long last_seq(const std::string& room_id);

  /// Rows in `messages` of a room.
  long long rows(const std::string& room_id);

  /// (seq, id) of a room's rows, by seq.
  std::vector<std::pair<std::uint64_t, std::string>>
  stored(const std::string& room_id);
};

/// The seqs of `messages`.
std::vector<std::uint64_t> seqs(const std::vector<db::stored_message>& m);

/// first..last.
std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last);

} // namespace agenthub::testing
