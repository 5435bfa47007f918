// Messages: the batched, idempotent write path and the keyset read paths.
#pragma once

#include <pqxx/connection>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class transaction_base;
} // namespace pqxx

namespace agenthub::db {

/// A message to store; `id` is chosen by the caller (so a retried batch is
/// recognised), `client_msg_id` may be empty.
struct new_message {
  std::string id;
  std::string room_id;
  std::string sender_id;
  std::string body;
  std::string client_msg_id;
};

/// A stored message.
struct stored_message {
  std::string id;
  std::string room_id;
  std::uint64_t seq = 0;
  std::string sender_id;
  std::string body;
  std::string client_msg_id;
  std::string created_at; ///< ISO 8601 UTC, milliseconds
};

/// What happened to one message of a batch.
struct write_outcome {
  enum kind_t {
    stored,
    duplicate,
    room_missing,
    room_archived,
    /// The sender used this clientMsgId for a message in another room.
    client_id_conflict,
  } kind;
  stored_message message; ///< for stored and duplicate
};

/// Prepares this store's statements on a connection.
void prepare_message_statements(pqxx::connection& c);

/// Writes a batch atomically. Items whose (sender, client_msg_id) is stored
/// already, or repeated earlier in the batch, are duplicates. Items whose
/// own id is stored already (a retry after an in-doubt outcome: nobody has
/// been answered yet) are `stored`, with their first seq. Then ONE statement
/// (its own transaction) locks the rooms in id order, reserves a contiguous
/// seq range per room with `UPDATE rooms SET last_seq = last_seq + n` and
/// INSERTs the rows; it has committed when this returns, and exactly the
/// rows the database inserted are reported stored, with its seqs.
/// Outcomes are in input order. Throws on any database error; the whole
/// batch may then be retried as is (ids make it idempotent, even after an
/// in-doubt commit). `fresh_ids`: no id of the batch was ever written (the
/// first attempt of ids the room just made), so the lookup by id is
/// skipped, and the whole duplicate query when no item has a clientMsgId
/// (one round trip less per batch). Pass false for any retry.
std::vector<write_outcome> write_batch(pqxx::connection& c,
                                       const std::vector<new_message>& batch,
                                       const std::string& created_at,
                                       bool fresh_ids = false);

/// Messages of a room with seq > after_seq, ascending, at most `limit`.
std::vector<stored_message> read_after(pqxx::transaction_base& t,
                                       const std::string& room_id,
                                       std::uint64_t after_seq, int limit);

/// Messages of a room with seq < before_seq, ascending, at most `limit`
/// (the newest ones below the cursor).
std::vector<stored_message> read_before(pqxx::transaction_base& t,
                                        const std::string& room_id,
                                        std::uint64_t before_seq, int limit);

/// One page of a room's history.
struct message_page {
  std::vector<stored_message> messages;     ///< ascending by seq
  std::optional<std::uint64_t> next_cursor; ///< pass as beforeSeq/afterSeq
};

/// A history page (keyset by seq): with `after_seq` the oldest messages
/// above it, else the newest below `before_seq` (or the newest of all).
/// `next_cursor` is set when another page exists in the same direction.
message_page read_page(pqxx::transaction_base& t, const std::string& room_id,
                       std::optional<std::uint64_t> before_seq,
                       std::optional<std::uint64_t> after_seq, int limit);

} // namespace agenthub::db
