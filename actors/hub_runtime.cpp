// Wiring of writer, registry and sessions behind a CAF-free interface.
#include "actors/hub_runtime.hpp"

#include "actors/errc.hpp"
#include "actors/persistence_writer.hpp"
#include "actors/room_registry.hpp"
#include "actors/stats_collector.hpp"
#include "actors/uuid.hpp"
#include "actors/waiter.hpp"
#include "config/defaults.hpp"

#include <caf/all.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <set>

namespace agenthub {

namespace {

class actor_session_link : public session_link {
public:
  explicit actor_session_link(session_actor s) : session_(std::move(s)) {
  }

  void command(client_command cmd) override {
    cmd.received_ns = std::chrono::steady_clock::now().time_since_epoch()
                      / std::chrono::nanoseconds{1};
    caf::anon_send(session_, command_atom_v, std::move(cmd));
  }

  void drained() override {
    caf::anon_send(session_, drained_atom_v);
  }

  void closed() override {
    caf::anon_send(session_, closed_atom_v);
  }

private:
  session_actor session_;
};

/// Sends accepted and not yet answered, over every writer.
std::size_t pending_of(const std::vector<writer_handle>& writers) {
  std::size_t sum = 0;
  for (const auto& w : writers)
    sum += w.shared->pending.load();
  return sum;
}

} // namespace

struct hub_runtime::impl {
  caf::actor_system& sys;
  blocking_pool& pool;
  std::vector<writer_handle> writers;
  registry_actor registry;
  stats_actor stats;
  /// Live sessions, so shutdown can stop those whose connection never
  /// finished closing.
  std::shared_ptr<std::mutex> sessions_mutex = std::make_shared<std::mutex>();
  std::shared_ptr<std::set<caf::actor_addr>> sessions
    = std::make_shared<std::set<caf::actor_addr>>();
  /// Read by I/O threads as sessions open (set_session_event_rate).
  std::atomic<unsigned> events_per_second{defaults::session_events_per_second};
};

hub_runtime::hub_runtime(caf::actor_system& sys, blocking_pool& pool,
                         std::string conninfo, unsigned writers_n) {
  auto stats = spawn_stats_collector(sys, defaults::stats_stale_after);
  // The pending bound is the hub's, shared out: more writers must not mean
  // more memory held for unanswered sends (G5).
  auto n = std::max(1u, writers_n);
  writer_options opts{
    defaults::writer_max_batch,
    std::max<std::size_t>(1, defaults::writer_max_pending / n),
    std::chrono::duration_cast<std::chrono::milliseconds>(
      defaults::writer_retry_window),
    stats};
  std::vector<writer_handle> writers;
  for (unsigned i = 0; i < n; ++i)
    writers.push_back(spawn_persistence_writer(sys, conninfo, opts));
  room_deps deps{{}, {}, pool_room_loader(pool), stats};
  auto registry = spawn_room_registry(sys, deps, writers);
  impl_.reset(new impl{sys, pool, std::move(writers), registry, stats});
}

hub_runtime::~hub_runtime() {
  stop();
}

void hub_runtime::set_session_event_rate(unsigned per_second) {
  impl_->events_per_second = per_second;
}

std::shared_ptr<session_link>
hub_runtime::open_session(session_identity who,
                          std::shared_ptr<outbound_sink> sink) {
  if (who.session_id.empty())
    who.session_id = make_uuid_v7();
  session_deps deps{impl_->registry, &impl_->pool, impl_->stats};
  deps.events_per_second = impl_->events_per_second.load();
  auto s = spawn_session(impl_->sys, std::move(who), std::move(sink),
                         std::move(deps));
  auto addr = caf::actor_cast<caf::actor_addr>(s);
  {
    std::lock_guard<std::mutex> g{*impl_->sessions_mutex};
    impl_->sessions->insert(addr);
  }
  auto m = impl_->sessions_mutex;
  auto set = impl_->sessions;
  caf::actor_cast<caf::actor>(s)->attach_functor([m, set, addr] {
    std::lock_guard<std::mutex> g{*m};
    set->erase(addr);
  });
  return std::make_shared<actor_session_link>(std::move(s));
}

namespace {

/// "<hostname>#<pid>".
std::string local_node_name() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0)
    std::strcpy(host, "localhost");
  return std::string{host} + "#" + std::to_string(getpid());
}

template <class T>
outcome<T> failed(const caf::error& err) {
  auto info = describe(err);
  return outcome<T>{T{}, info.code, info.message};
}

} // namespace

void hub_runtime::publish(const std::string& agent, const std::string& room_id,
                          std::string body, std::string client_msg_id,
                          std::function<void(outcome<send_result>)> done) {
  auto registry = impl_->registry;
  send_request req{agent, std::move(body), std::move(client_msg_id)};
  auto timeout = caf::duration{defaults::session_publish_timeout};
  // A one-shot actor makes the two requests; it stops when both answered.
  // (It takes room_id as an argument: CAF 0.17 dereferences a null argument
  // tuple when a function actor has none, which UBSan reports.)
  auto one_shot = [=](caf::event_based_actor* self, std::string id) {
    self->request(registry, timeout, get_room_atom_v, id)
      .then(
        [=](room_actor room) {
          self->request(room, timeout, publish_atom_v, req)
            .then(
              [=](send_result& r) {
                done(outcome<send_result>{std::move(r), "", ""});
              },
              [=](caf::error& err) { done(failed<send_result>(err)); });
        },
        [=](caf::error& err) { done(failed<send_result>(err)); });
  };
  impl_->sys.spawn(one_shot, room_id);
}

void hub_runtime::wait_for_messages(
  const std::string& agent, const std::string& room_id, std::uint64_t after_seq,
  std::uint32_t limit, std::chrono::milliseconds timeout,
  std::function<void(outcome<wait_result>)> done) {
  auto registry = impl_->registry;
  auto& sys = impl_->sys;
  // room_id as an argument: see publish().
  auto one_shot = [=, &sys](caf::event_based_actor* self, std::string id) {
    self
      ->request(registry, caf::duration{defaults::session_publish_timeout},
                get_room_atom_v, id)
      .then(
        [=, &sys](room_actor room) {
          spawn_waiter(
            sys, room, agent, after_seq, limit, timeout,
            [done](wait_outcome w) {
              if (!w.error_code.empty())
                return done(
                  outcome<wait_result>{{}, w.error_code, w.error_message});
              done(outcome<wait_result>{
                wait_result{std::move(w.messages), w.last_seq, w.timed_out}, "",
                ""});
            });
        },
        [=](caf::error& err) { done(failed<wait_result>(err)); });
  };
  sys.spawn(one_shot, room_id);
}

void hub_runtime::member_changed(const std::string& room_id,
                                 const std::string& agent_id, bool added) {
  caf::anon_send(impl_->registry, member_atom_v, room_id, agent_id, added);
}

void hub_runtime::room_archived(const std::string& room_id) {
  caf::anon_send(impl_->registry, archive_atom_v, room_id);
}

bool hub_runtime::writer_healthy() const {
  for (const auto& w : impl_->writers)
    if (!w.shared->healthy.load())
      return false;
  return true;
}

std::size_t hub_runtime::writer_pending() const {
  return pending_of(impl_->writers);
}

void hub_runtime::read_stats(stats_query q,
                             std::function<void(outcome<stats_view>)> done) {
  auto stats = impl_->stats;
  auto writers = impl_->writers;
  bool system = q.kind == stats_query::system;
  // Waits on the collector only, never on a room or session: high priority
  // (caf::duration, see caf-notes §8) so it overtakes queued reports. The
  // query is the one-shot actor's argument: see publish().
  auto one_shot = [=](caf::event_based_actor* self, stats_query query) {
    self
      ->request<caf::message_priority::high>(
        stats, caf::duration{defaults::stats_read_timeout}, stats_atom_v,
        std::move(query))
      .then(
        [=](stats_view& v) {
          if (system)
            v.system.writer_queue_depth = pending_of(writers);
          done(outcome<stats_view>{std::move(v), "", ""});
        },
        [=](caf::error& err) { done(failed<stats_view>(err)); });
  };
  impl_->sys.spawn(one_shot, std::move(q));
}

void hub_runtime::kick_session(std::string id,
                               std::function<void(outcome<bool>)> done) {
  auto stats = impl_->stats;
  // Waits on the collector only; the collector forwards the kick.
  auto one_shot = [=](caf::event_based_actor* self, std::string session) {
    self
      ->request<caf::message_priority::high>(
        stats, caf::duration{defaults::stats_read_timeout}, kick_atom_v,
        std::move(session))
      .then(
        [=](bool found) {
          done(outcome<bool>{found, "", ""});
        },
        [=](caf::error& err) { done(failed<bool>(err)); });
  };
  impl_->sys.spawn(one_shot, std::move(id));
}

hub_runtime::system_facts hub_runtime::facts() const {
  auto& sys = impl_->sys;
  // Without the middleman (no cluster yet) CAF has no node id: name the
  // node by host and process instead, as CAF's ids do.
  auto node = sys.node() ? to_string(sys.node()) : local_node_name();
  return {node, sys.registry().running(), sys.scheduler().num_workers()};
}

void hub_runtime::stop() {
  if (!impl_)
    return;
  std::set<caf::actor_addr> sessions;
  {
    std::lock_guard<std::mutex> g{*impl_->sessions_mutex};
    sessions = *impl_->sessions;
  }
  for (auto& s : sessions)
    caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
  // Rooms are linked to the registry and stop with it.
  caf::anon_send_exit(impl_->registry, caf::exit_reason::user_shutdown);
  for (const auto& w : impl_->writers)
    caf::anon_send_exit(w.actor, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(impl_->stats, caf::exit_reason::user_shutdown);
}

} // namespace agenthub
