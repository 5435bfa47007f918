// The group-commit write path (dedupe, then one statement that reserves
// seqs and inserts) and history.
#include "persistence/message_store.hpp"

#include "persistence/pg_array.hpp"
#include "persistence/probe.hpp"
#include "persistence/sql_util.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>

namespace agenthub::db {

namespace {

std::string columns() {
  return "id::text, room_id::text, seq, sender_id::text, body,"
         " coalesce(client_msg_id, ''), "
         + iso("created_at");
}

stored_message decode(const pqxx::row& r) {
  return stored_message{r[0].as<std::string>(),   r[1].as<std::string>(),
                        r[2].as<std::uint64_t>(), r[3].as<std::string>(),
                        r[4].as<std::string>(),   r[5].as<std::string>(),
                        r[6].as<std::string>()};
}

using sender_key = std::pair<std::string, std::string>;

/// UUIDs as PostgreSQL prints them (lower case), for matching its answers.
std::string lower(std::string s) {
  for (auto& ch : s)
    if (ch >= 'A' && ch <= 'Z')
      ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

/// Step 1: messages of this batch already stored (a retried batch, or a
/// retried send with the same clientMsgId).
void find_existing(pqxx::transaction_base& tx,
                   const std::vector<new_message>& batch, bool fresh_ids,
                   std::map<std::string, stored_message>& by_id,
                   std::map<sender_key, stored_message>& by_sender) {
  std::vector<std::string> ids;
  std::vector<std::string> senders;
  std::vector<std::string> client_ids;
  for (const auto& m : batch) {
    if (!fresh_ids)
      ids.push_back(m.id);
    if (!m.client_msg_id.empty()) {
      senders.push_back(m.sender_id);
      client_ids.push_back(m.client_msg_id);
    }
  }
  if (ids.empty() && senders.empty())
    return; // nothing can be a duplicate
  query_timer timer{"message_dedupe"};
  for (const auto& r :
       tx.exec_prepared("message_existing", to_pg_array(ids),
                        to_pg_array(senders), to_pg_array(client_ids))) {
    auto m = decode(r);
    by_id[m.id] = m;
    if (!m.client_msg_id.empty())
      by_sender[{m.sender_id, m.client_msg_id}] = m;
  }
}

} // namespace

void prepare_message_statements(pqxx::connection& c) {
  // Two index lookups (primary key; UNIQUE(sender_id, client_msg_id)), not
  // `id = ANY(..) OR (..) IN (..)`: PostgreSQL plans that OR as a sequential
  // scan of the whole table, once per batch, so the writer slowed down as
  // the table grew (issue #5, S1/S4 profile). A row matching both halves
  // comes twice; the caller keys rows by id, so that is harmless.
  c.prepare("message_existing",
            "SELECT " + columns()
              + " FROM messages WHERE id = ANY($1::uuid[])"
                " UNION ALL SELECT "
              + columns()
              + " FROM messages JOIN unnest($2::uuid[], $3::text[])"
                " AS k(sender, cmid) ON sender_id = k.sender"
                " AND client_msg_id = k.cmid");
  // The whole write of a batch in ONE statement, run in its own implicit
  // transaction: lock the rooms in id order (two writers, e.g. two nodes,
  // never deadlock on rooms), reserve a contiguous seq range per unarchived
  // room, insert the rows with their seqs, commit. One round trip where
  // BEGIN, lock, reserve, insert and COMMIT took five; on a busy 2-core
  // machine each round trip waits for a core (issue #5, S1/S4 profile).
  // NO KEY UPDATE: only last_seq changes, so membership inserts (their FK
  // check takes KEY SHARE on the room) are not blocked by a batch.
  // $1/$2: rooms and row counts; $3..$8: the rows, k = position in its
  // room (1..n). Answers ('r', room, archived, 0) per existing room and
  // ('m', message id, false, seq) per inserted row: the caller acks exactly
  // the rows the database inserted, with the database's seqs.
  c.prepare("message_write",
            "WITH v AS (SELECT * FROM unnest($1::uuid[], $2::bigint[])"
            " AS v(room_id, n)),"
            " locked AS (SELECT r.id, r.archived_at IS NOT NULL AS archived"
            " FROM rooms r WHERE r.id IN (SELECT room_id FROM v)"
            " ORDER BY r.id FOR NO KEY UPDATE),"
            " upd AS (UPDATE rooms r SET last_seq = r.last_seq + v.n"
            " FROM v, locked l WHERE r.id = v.room_id AND l.id = r.id"
            " AND NOT l.archived RETURNING r.id, r.last_seq, v.n),"
            " ins AS (INSERT INTO messages (id, room_id, seq, sender_id, body,"
            " client_msg_id, created_at)"
            " SELECT t.id, t.room_id, u.last_seq - u.n + t.k, t.sender_id,"
            " t.body, NULLIF(t.cmid, ''), $9::timestamptz"
            " FROM unnest($3::uuid[], $4::uuid[], $5::bigint[], $6::uuid[],"
            " $7::text[], $8::text[])"
            " AS t(id, room_id, k, sender_id, body, cmid)"
            " JOIN upd u ON u.id = t.room_id RETURNING id, seq)"
            " SELECT 'r', l.id::text, l.archived, 0::bigint FROM locked l"
            " UNION ALL SELECT 'm', i.id::text, false, i.seq FROM ins i");
  c.prepare("message_after", "SELECT " + columns()
                               + " FROM messages WHERE room_id = $1::uuid"
                                 " AND seq > $2 ORDER BY seq LIMIT $3");
  c.prepare("message_before",
            "SELECT * FROM (SELECT " + columns()
              + " FROM messages WHERE room_id = $1::uuid AND seq < $2"
                " ORDER BY seq DESC LIMIT $3) page ORDER BY seq");
}

std::vector<write_outcome> write_batch(pqxx::connection& c,
                                       const std::vector<new_message>& batch,
                                       const std::string& created_at,
                                       bool fresh_ids) {
  std::vector<write_outcome> out(batch.size());
  if (batch.empty())
    return out;
  // No BEGIN/COMMIT: the write is one statement, atomic on its own. The
  // duplicate lookup before it sees every committed row; a duplicate a
  // concurrent writer (another node) inserts in between fails the
  // statement on a unique index, and the caller retries row by row.
  pqxx::nontransaction tx{c};
  std::map<std::string, stored_message> by_id;
  std::map<sender_key, stored_message> by_sender;
  find_existing(tx, batch, fresh_ids, by_id, by_sender);

  // Decide per item: duplicate of a stored row, or new (grouped by room in
  // arrival order). A repeat of a clientMsgId earlier in this batch becomes
  // a duplicate of that earlier item once its seq is known.
  std::map<std::string, std::vector<std::size_t>> fresh_by_room;
  std::map<sender_key, std::size_t> first_in_batch;
  std::vector<std::ptrdiff_t> repeat_of(batch.size(), -1);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto& m = batch[i];
    sender_key key{m.sender_id, m.client_msg_id};
    if (auto f = by_id.find(lower(m.id)); f != by_id.end()) {
      // Found by its own id: this writer's earlier attempt committed after
      // all (an in-doubt outcome) and nobody has been answered yet, so it
      // is stored, not a duplicate (the room must still broadcast it).
      out[i] = {write_outcome::stored, f->second};
    } else if (auto s = by_sender.find(key);
               !m.client_msg_id.empty() && s != by_sender.end()) {
      // A retry only if it targets the same room; otherwise the sender
      // reused an id, which must not return another room's message.
      out[i]
        = {s->second.room_id == m.room_id ? write_outcome::duplicate
                                          : write_outcome::client_id_conflict,
           s->second};
    } else if (auto b = first_in_batch.find(key);
               !m.client_msg_id.empty() && b != first_in_batch.end()) {
      if (batch[b->second].room_id == m.room_id)
        repeat_of[i] = static_cast<std::ptrdiff_t>(b->second);
      else
        out[i].kind = write_outcome::client_id_conflict;
    } else {
      if (!m.client_msg_id.empty())
        first_in_batch[key] = i;
      fresh_by_room[m.room_id].push_back(i);
    }
  }

  if (!fresh_by_room.empty()) {
    std::vector<std::string> room_ids, counts;
    std::vector<std::string> ids, rooms, ks, senders, bodies, cmids;
    for (const auto& [room, items] : fresh_by_room) {
      room_ids.push_back(room);
      counts.push_back(std::to_string(items.size()));
      std::size_t k = 0;
      for (auto i : items) {
        const auto& m = batch[i];
        ids.push_back(m.id);
        rooms.push_back(m.room_id);
        ks.push_back(std::to_string(++k));
        senders.push_back(m.sender_id);
        bodies.push_back(m.body);
        cmids.push_back(m.client_msg_id); // "" becomes NULL
      }
    }
    std::map<std::string, bool> archived;        // by room id
    std::map<std::string, std::uint64_t> seq_of; // by inserted message id
    {
      query_timer timer{"message_write"};
      for (const auto& r : tx.exec_prepared(
             "message_write", to_pg_array(room_ids), to_pg_array(counts),
             to_pg_array(ids), to_pg_array(rooms), to_pg_array(ks),
             to_pg_array(senders), to_pg_array(bodies), to_pg_array(cmids),
             created_at)) {
        if (r[0].as<std::string>() == "r")
          archived[r[1].as<std::string>()] = r[2].as<bool>();
        else
          seq_of[r[1].as<std::string>()] = r[3].as<std::uint64_t>();
      }
    }
    for (const auto& [room, items] : fresh_by_room) {
      auto a = archived.find(lower(room));
      for (auto i : items) {
        const auto& m = batch[i];
        if (auto s = seq_of.find(lower(m.id)); s != seq_of.end())
          out[i] = {write_outcome::stored,
                    stored_message{m.id, m.room_id, s->second, m.sender_id,
                                   m.body, m.client_msg_id, created_at}};
        else if (a == archived.end())
          out[i].kind = write_outcome::room_missing;
        else if (a->second)
          out[i].kind = write_outcome::room_archived;
        else // committed without this row: never ack it (G1)
          throw std::logic_error("writer: a row of an open room was not "
                                 "inserted");
      }
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (repeat_of[i] >= 0) {
      const auto& first = out[static_cast<std::size_t>(repeat_of[i])];
      out[i] = {first.kind == write_outcome::stored ? write_outcome::duplicate
                                                    : first.kind,
                first.message};
    }
  tx.commit(); // no-op: the statement committed itself
  return out;
}

std::vector<stored_message> read_after(pqxx::transaction_base& t,
                                       const std::string& room_id,
                                       std::uint64_t after_seq, int limit) {
  query_timer timer{"message_history"};
  std::vector<stored_message> out;
  for (const auto& r :
       t.exec_prepared("message_after", room_id, after_seq, limit))
    out.push_back(decode(r));
  return out;
}

std::vector<stored_message> read_before(pqxx::transaction_base& t,
                                        const std::string& room_id,
                                        std::uint64_t before_seq, int limit) {
  query_timer timer{"message_history"};
  std::vector<stored_message> out;
  for (const auto& r :
       t.exec_prepared("message_before", room_id, before_seq, limit))
    out.push_back(decode(r));
  return out;
}

message_page read_page(pqxx::transaction_base& t, const std::string& room_id,
                       std::optional<std::uint64_t> before_seq,
                       std::optional<std::uint64_t> after_seq, int limit) {
  message_page page;
  // One extra row tells whether another page exists.
  page.messages
    = after_seq
        ? read_after(t, room_id, *after_seq, limit + 1)
        : read_before(t, room_id,
                      before_seq ? *before_seq
                                 : std::numeric_limits<std::int64_t>::max(),
                      limit + 1);
  if (page.messages.size() > static_cast<std::size_t>(limit)) {
    if (after_seq)
      page.messages.pop_back();
    else
      page.messages.erase(page.messages.begin());
    if (!page.messages.empty())
      page.next_cursor
        = after_seq ? page.messages.back().seq : page.messages.front().seq;
  }
  return page;
}

} // namespace agenthub::db
