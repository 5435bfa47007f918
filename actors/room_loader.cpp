// Loading a room's snapshot from PostgreSQL on the blocking pool.
#include "actors/blocking_pool.hpp"
#include "actors/room.hpp"
#include "config/defaults.hpp"
#include "persistence/db.hpp"
#include "persistence/message_store.hpp"
#include "persistence/room_store.hpp"

#include <caf/all.hpp>

#include <pqxx/pqxx>

namespace agenthub {

namespace {

room_snapshot read_snapshot(worker_db& db, const std::string& id) {
  room_snapshot snap;
  snap.room_id = id;
  try {
    // One consistent snapshot: last_seq and the newest rows agree.
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx{db.get()};
    auto row = db::find_room(tx, id);
    if (!row)
      return snap;
    snap.found = true;
    snap.slug = row->slug;
    snap.is_public = row->is_public;
    snap.archived = row->archived_at.has_value();
    snap.last_seq = row->last_seq;
    snap.members = db::member_ids(tx, id);
    for (auto& m : db::read_before(tx, id, row->last_seq + 1,
                                   defaults::room_preload_messages))
      snap.recent.push_back(message_record{m.id, m.room_id, m.seq, m.sender_id,
                                           std::move(m.body), m.client_msg_id,
                                           m.created_at});
  } catch (const std::exception& e) {
    if (db::is_connection_error(e))
      db.reset();
    snap.found = false;
    snap.error = "database unavailable";
  }
  return snap;
}

} // namespace

room_loader pool_room_loader(blocking_pool& pool) {
  return [&pool](const std::string& id, room_actor room) {
    bool queued = pool.submit([id, room](worker_db& db) {
      caf::anon_send(room, loaded_atom_v, read_snapshot(db, id));
    });
    if (!queued) {
      room_snapshot snap;
      snap.room_id = id;
      snap.error = "overloaded";
      caf::anon_send(room, loaded_atom_v, std::move(snap));
    }
  };
}

} // namespace agenthub
