// The group-commit write path (dedupe, seq reservation, INSERT) and history.
#include "persistence/message_store.hpp"

#include "persistence/pg_array.hpp"
#include "persistence/probe.hpp"
#include "persistence/sql_util.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <limits>
#include <map>

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

/// Step 1: messages of this batch already stored (a retried batch, or a
/// retried send with the same clientMsgId).
void find_existing(pqxx::work& tx, const std::vector<new_message>& batch,
                   bool fresh_ids, std::map<std::string, stored_message>& by_id,
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
  // Row locks in id order: two writers (two nodes) can never deadlock.
  c.prepare("message_lock_rooms",
            "SELECT id::text, archived_at IS NOT NULL FROM rooms"
            " WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE");
  c.prepare("message_reserve_seq",
            "UPDATE rooms r SET last_seq = r.last_seq + v.n"
            " FROM unnest($1::uuid[], $2::bigint[]) AS v(id, n)"
            " WHERE r.id = v.id RETURNING r.id::text, r.last_seq");
  c.prepare("message_insert",
            "INSERT INTO messages (id, room_id, seq, sender_id, body,"
            " client_msg_id, created_at)"
            " SELECT id, room_id, seq, sender_id, body, NULLIF(cmid, ''),"
            " $7::timestamptz FROM unnest($1::uuid[], $2::uuid[],"
            " $3::bigint[], $4::uuid[], $5::text[], $6::text[])"
            " AS t(id, room_id, seq, sender_id, body, cmid)");
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
  pqxx::work tx{c};
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
    if (auto f = by_id.find(m.id); f != by_id.end()) {
      out[i] = {write_outcome::duplicate, f->second};
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
    std::vector<std::string> room_ids;
    for (const auto& [room, items] : fresh_by_room)
      room_ids.push_back(room);
    std::map<std::string, bool> archived;
    {
      query_timer timer{"message_reserve"};
      for (const auto& r :
           tx.exec_prepared("message_lock_rooms", to_pg_array(room_ids)))
        archived[r[0].as<std::string>()] = r[1].as<bool>();
    }
    std::vector<std::string> reserve_ids;
    std::vector<std::string> reserve_counts;
    for (const auto& [room, items] : fresh_by_room) {
      auto a = archived.find(room);
      auto kind = a == archived.end() ? write_outcome::room_missing
                  : a->second         ? write_outcome::room_archived
                                      : write_outcome::stored;
      if (kind != write_outcome::stored) {
        for (auto i : items)
          out[i].kind = kind;
        continue;
      }
      reserve_ids.push_back(room);
      reserve_counts.push_back(std::to_string(items.size()));
    }
    if (!reserve_ids.empty()) {
      std::map<std::string, std::uint64_t> last;
      {
        query_timer timer{"message_reserve"};
        for (const auto& r :
             tx.exec_prepared("message_reserve_seq", to_pg_array(reserve_ids),
                              to_pg_array(reserve_counts)))
          last[r[0].as<std::string>()] = r[1].as<std::uint64_t>();
      }
      // One INSERT over arrays: one round trip, where COPY takes two (start,
      // end). Batches are tens of rows; per-row cost is the same (the FK
      // checks dominate it).
      std::vector<std::string> ids, rooms, seqs, senders, bodies, cmids;
      for (const auto& room : reserve_ids) {
        const auto& items = fresh_by_room[room];
        auto seq = last[room] - items.size() + 1;
        for (auto i : items) {
          const auto& m = batch[i];
          ids.push_back(m.id);
          rooms.push_back(m.room_id);
          seqs.push_back(std::to_string(seq));
          senders.push_back(m.sender_id);
          bodies.push_back(m.body);
          cmids.push_back(m.client_msg_id); // "" becomes NULL
          out[i] = {write_outcome::stored,
                    stored_message{m.id, m.room_id, seq, m.sender_id, m.body,
                                   m.client_msg_id, created_at}};
          ++seq;
        }
      }
      query_timer timer{"message_insert"};
      tx.exec_prepared("message_insert", to_pg_array(ids), to_pg_array(rooms),
                       to_pg_array(seqs), to_pg_array(senders),
                       to_pg_array(bodies), to_pg_array(cmids), created_at);
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i)
    if (repeat_of[i] >= 0) {
      const auto& first = out[static_cast<std::size_t>(repeat_of[i])];
      out[i] = {first.kind == write_outcome::stored ? write_outcome::duplicate
                                                    : first.kind,
                first.message};
    }
  query_timer timer{"message_commit"};
  tx.commit();
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
