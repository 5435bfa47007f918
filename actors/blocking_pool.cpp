// Detached worker actors with a least-loaded dispatcher and a queue bound.
#include "actors/blocking_pool.hpp"

#include "actors/messages.hpp"
#include "actors/thread_exit.hpp"
#include "persistence/db.hpp"

#include <caf/all.hpp>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <atomic>
#include <vector>

namespace agenthub {

worker_db::worker_db(std::string conninfo) : conninfo_(std::move(conninfo)) {
}

worker_db::~worker_db() = default;

pqxx::connection& worker_db::get() {
  if (conn_ && conn_->is_open())
    return *conn_;
  conn_.reset();
  conn_ = db::open_connection(conninfo_);
  return *conn_;
}

void worker_db::reset() {
  conn_.reset();
}

struct blocking_pool::state {
  std::string name;
  std::size_t queue_limit = 0;
  std::string conninfo;
  std::vector<caf::actor> workers;
  std::unique_ptr<std::atomic<std::size_t>[]> load;
  std::atomic<std::size_t> pending{0};
  std::atomic<bool> stopped{false};
};

namespace {

void run_job(blocking_pool::state& st, worker_db& db, blocking_job& job) {
  try {
    job(db);
  } catch (const std::exception& e) {
    // Jobs answer their own errors; reaching here is a bug in a job, but
    // the worker survives and a broken connection is reopened next time.
    if (db::is_connection_error(e))
      db.reset();
    spdlog::error("{} worker: job failed: {}", st.name, e.what());
  }
}

caf::behavior worker(caf::event_based_actor* self,
                     std::shared_ptr<blocking_pool::state> st,
                     std::size_t index) {
  auto db = std::make_shared<worker_db>(st->conninfo);
  // Jobs sign JWTs, draw random tokens and connect with SCRAM.
  release_openssl_thread_state_on_exit(self);
  return {
    [=](run_atom, blocking_job& job) {
      run_job(*st, *db, job);
      st->load[index].fetch_sub(1, std::memory_order_relaxed);
      st->pending.fetch_sub(1, std::memory_order_relaxed);
    },
  };
}

} // namespace

blocking_pool::blocking_pool(caf::actor_system& sys, std::string name,
                             unsigned workers, std::size_t queue_limit,
                             std::string conninfo)
  : state_(std::make_shared<state>()) {
  state_->name = std::move(name);
  state_->queue_limit = queue_limit;
  state_->conninfo = std::move(conninfo);
  state_->load = std::make_unique<std::atomic<std::size_t>[]>(workers);
  for (unsigned i = 0; i < workers; ++i) {
    state_->load[i] = 0;
    state_->workers.push_back(sys.spawn<caf::detached>(worker, state_, i));
  }
}

blocking_pool::~blocking_pool() {
  stop();
}

bool blocking_pool::submit(blocking_job job) {
  auto& st = *state_;
  if (st.stopped.load() || st.workers.empty())
    return false;
  if (st.pending.fetch_add(1) >= st.queue_limit) {
    st.pending.fetch_sub(1);
    return false;
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < st.workers.size(); ++i)
    if (st.load[i].load(std::memory_order_relaxed)
        < st.load[best].load(std::memory_order_relaxed))
      best = i;
  st.load[best].fetch_add(1, std::memory_order_relaxed);
  caf::anon_send(st.workers[best], run_atom_v, std::move(job));
  return true;
}

std::size_t blocking_pool::pending() const {
  return state_->pending.load();
}

blocking_pool::usage blocking_pool::current_usage() const {
  usage u;
  u.workers = state_->workers.size();
  for (std::size_t i = 0; i < u.workers; ++i)
    u.busy += state_->load[i].load(std::memory_order_relaxed) > 0 ? 1 : 0;
  u.pending = state_->pending.load();
  return u;
}

void blocking_pool::stop() {
  if (state_->stopped.exchange(true))
    return;
  // A normal exit message is queued behind pending jobs, so they finish.
  for (auto& w : state_->workers)
    caf::anon_send_exit(w, caf::exit_reason::user_shutdown);
}

} // namespace agenthub
