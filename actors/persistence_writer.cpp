// Group commit: buffer what arrives, write it in one transaction, answer
// after COMMIT; retry a failed batch as a whole (ids make it idempotent).
#include "actors/persistence_writer.hpp"

#include "actors/errc.hpp"
#include "actors/probe.hpp"
#include "actors/thread_exit.hpp"
#include "actors/time_format.hpp"
#include "config/defaults.hpp"
#include "persistence/db.hpp"
#include "persistence/message_store.hpp"

#include <caf/all.hpp>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <thread>
#include <utility>

namespace agenthub {

namespace {

struct pending_item {
  persist_item item;
  caf::typed_response_promise<persist_result> promise;
};

struct writer_state {
  std::string conninfo;
  writer_options opts;
  std::shared_ptr<writer_shared> shared;
  std::unique_ptr<pqxx::connection> conn;
  std::vector<pending_item> buffer;
  bool flush_scheduled = false;
  /// Set while PostgreSQL is unreachable: batches fail fast instead of
  /// each waiting out the retry window.
  bool down = false;
  std::chrono::steady_clock::time_point next_attempt{};
  std::chrono::milliseconds backoff{100}; ///< db_reconnect_min_backoff
  static inline const char* name = "persistence_writer";
};

using writer_pointer = writer_actor::stateful_pointer<writer_state>;

std::chrono::milliseconds min_backoff() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
    defaults::db_reconnect_min_backoff);
}

std::chrono::milliseconds max_backoff() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
    defaults::db_reconnect_max_backoff);
}

message_record to_record(const db::stored_message& m) {
  return {m.id,   m.room_id,       m.seq,       m.sender_id,
          m.body, m.client_msg_id, m.created_at};
}

pqxx::connection& connection(writer_state& st) {
  if (!st.conn || !st.conn->is_open()) {
    st.conn.reset();
    st.conn = db::open_connection(st.conninfo);
    // G1 must not depend on the server or role default.
    pqxx::nontransaction tx{*st.conn};
    tx.exec("SET synchronous_commit = on");
  }
  return *st.conn;
}

/// A failure worth retrying: the connection broke, the commit outcome is
/// unknown, or a transient conflict (serialization, deadlock).
bool transient(const std::exception& e) {
  if (db::is_connection_error(e))
    return true;
  auto state = db::sqlstate_of(e);
  return state.rfind("40", 0) == 0 || state.rfind("08", 0) == 0
         || state == "57P01" || state == "57P02" || state == "57P03";
}

void answer(std::vector<pending_item>& items,
            const std::vector<db::write_outcome>& outcomes) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& o = outcomes[i];
    switch (o.kind) {
      case db::write_outcome::stored:
      case db::write_outcome::duplicate:
        items[i].promise.deliver(persist_result{
          to_record(o.message), o.kind == db::write_outcome::duplicate});
        break;
      case db::write_outcome::room_missing:
        items[i].promise.deliver(make_error(errc::room_not_found));
        break;
      case db::write_outcome::room_archived:
        items[i].promise.deliver(make_error(errc::room_archived));
        break;
      case db::write_outcome::client_id_conflict:
        items[i].promise.deliver(make_error(errc::client_msg_id_conflict));
        break;
    }
  }
}

/// Tells the stats collector about a committed batch (one small message per
/// batch, never per row).
void report_batch(const writer_state& st, std::size_t rows, double seconds) {
  if (st.opts.stats)
    caf::anon_send(st.opts.stats, report_atom_v,
                   writer_report{static_cast<std::uint32_t>(rows),
                                 static_cast<std::uint32_t>(seconds * 1e6)});
}

void fail_all(std::vector<pending_item>& items, errc code) {
  for (auto& p : items)
    p.promise.deliver(make_error(code));
}

std::vector<db::new_message> to_rows(const std::vector<pending_item>& items) {
  std::vector<db::new_message> rows;
  rows.reserve(items.size());
  for (const auto& p : items)
    rows.push_back({p.item.id, p.item.room_id, p.item.sender_id, p.item.body,
                    p.item.client_msg_id});
  return rows;
}

/// A batch rejected for its data (not the connection): write each item on
/// its own so one bad row cannot block the others.
void write_one_by_one(writer_state& st, std::vector<pending_item>& items,
                      const std::string& created_at) {
  for (auto& p : items) {
    std::vector<pending_item> single{p};
    try {
      answer(single,
             db::write_batch(connection(st), to_rows(single), created_at));
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        st.conn.reset();
      spdlog::warn("writer: message {} rejected by the database (sqlstate "
                   "{})",
                   p.item.id, db::sqlstate_of(e));
      p.promise.deliver(make_error(transient(e) ? errc::db_unavailable
                                                : errc::invalid_request));
    }
  }
}

/// Writes one batch: retries transient failures with backoff until the
/// retry window closes, then answers db_unavailable. Never acks without a
/// COMMIT.
void write(writer_state& st, std::vector<pending_item>& items) {
  auto created_at = now_iso8601();
  auto rows = to_rows(items);
  auto deadline = std::chrono::steady_clock::now() + st.opts.retry_window;
  // The room made these ids just now: only a retry (after an unknown
  // COMMIT outcome) can find them stored already.
  bool first_attempt = true;
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    if (st.down && now < st.next_attempt)
      return fail_all(items, errc::db_unavailable);
    try {
      auto start = std::chrono::steady_clock::now();
      auto fresh = std::exchange(first_attempt, false);
      auto outcomes = db::write_batch(connection(st), rows, created_at, fresh);
      std::size_t stored = 0;
      for (const auto& o : outcomes)
        stored += o.kind == db::write_outcome::stored ? 1 : 0;
      std::chrono::duration<double> took
        = std::chrono::steady_clock::now() - start;
      probe::writer_batch(items.size(), stored, took.count());
      report_batch(st, items.size(), took.count());
      if (st.down)
        spdlog::info("writer: database reachable again");
      st.down = false;
      st.backoff = min_backoff();
      st.shared->healthy = true;
      st.shared->batches.fetch_add(1);
      st.shared->rows.fetch_add(items.size());
      st.shared->last_batch = items.size();
      return answer(items, outcomes);
    } catch (const std::exception& e) {
      if (!transient(e)) {
        spdlog::warn("writer: batch of {} rejected (sqlstate {}); writing "
                     "items one by one",
                     items.size(), db::sqlstate_of(e));
        return write_one_by_one(st, items, created_at);
      }
      st.conn.reset();
      st.shared->healthy = false;
      if (!st.down)
        spdlog::error("writer: database write failed: {}",
                      std::string{e.what()}.substr(0, 200));
      now = std::chrono::steady_clock::now();
      if (st.down || now + st.backoff > deadline) {
        st.down = true;
        st.next_attempt = now + st.backoff;
        st.backoff = std::min(st.backoff * 2, max_backoff());
        return fail_all(items, errc::db_unavailable);
      }
      // Blocking is fine: this actor has its own thread.
      std::this_thread::sleep_for(st.backoff);
      st.backoff = std::min(st.backoff * 2, std::chrono::milliseconds{1000});
    }
  }
}

/// While PostgreSQL is unreachable, try to reconnect now and then even
/// without traffic, so health (and readiness) recover on their own.
void probe_connection(writer_pointer self) {
  auto& st = self->state;
  if (!st.down)
    return;
  if (std::chrono::steady_clock::now() >= st.next_attempt) {
    try {
      connection(st);
      st.down = false;
      st.backoff = min_backoff();
      st.shared->healthy = true;
      spdlog::info("writer: database reachable again");
      return;
    } catch (const std::exception&) {
      st.conn.reset();
      st.next_attempt = std::chrono::steady_clock::now() + st.backoff;
      st.backoff = std::min(st.backoff * 2, max_backoff());
    }
  }
  if (!st.flush_scheduled) {
    st.flush_scheduled = true;
    self->delayed_send(self, std::chrono::milliseconds{500}, flush_atom_v);
  }
}

void flush(writer_pointer self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  if (st.buffer.empty())
    return probe_connection(self);
  while (!st.buffer.empty()) {
    auto n = std::min(st.buffer.size(), st.opts.max_batch);
    std::vector<pending_item> batch(
      std::make_move_iterator(st.buffer.begin()),
      std::make_move_iterator(st.buffer.begin() + n));
    st.buffer.erase(st.buffer.begin(), st.buffer.begin() + n);
    write(st, batch);
    st.shared->pending.fetch_sub(batch.size());
    if (st.down && st.buffer.empty())
      return probe_connection(self);
    // Give items that arrived meanwhile the chance to join the next batch.
    if (!st.buffer.empty()) {
      st.flush_scheduled = true;
      self->send(self, flush_atom_v);
      return;
    }
  }
}

writer_actor::behavior_type writer(writer_pointer self, std::string conninfo,
                                   writer_options opts,
                                   std::shared_ptr<writer_shared> shared) {
  self->state.conninfo = std::move(conninfo);
  self->state.opts = opts;
  self->state.shared = std::move(shared);
  // libpq's SCRAM authentication draws its nonce with RAND_bytes.
  release_openssl_thread_state_on_exit(self);
  return {
    [=](persist_atom, persist_item& item) -> caf::result<persist_result> {
      auto& st = self->state;
      auto rp = self->make_response_promise<persist_result>();
      st.buffer.push_back({std::move(item), rp});
      // The flush message queues behind everything already in the mailbox,
      // so one flush picks up every send that arrived meanwhile.
      if (!st.flush_scheduled) {
        st.flush_scheduled = true;
        self->send(self, flush_atom_v);
      }
      return rp;
    },
    [=](flush_atom) { flush(self); },
  };
}

} // namespace

writer_handle spawn_persistence_writer(caf::actor_system& sys,
                                       std::string conninfo,
                                       writer_options opts) {
  auto shared = std::make_shared<writer_shared>();
  shared->max_pending = opts.max_pending;
  auto actor
    = sys.spawn<caf::detached>(writer, std::move(conninfo), opts, shared);
  return {actor, shared};
}

} // namespace agenthub
