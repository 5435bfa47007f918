// Wiring of writer, registry and sessions behind a CAF-free interface.
#include "actors/hub_runtime.hpp"

#include "actors/persistence_writer.hpp"
#include "actors/room_registry.hpp"
#include "config/defaults.hpp"

#include <caf/all.hpp>

#include <mutex>
#include <set>

namespace agenthub {

namespace {

class actor_session_link : public session_link {
public:
  explicit actor_session_link(session_actor s) : session_(std::move(s)) {
  }

  void command(client_command cmd) override {
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

} // namespace

struct hub_runtime::impl {
  caf::actor_system& sys;
  blocking_pool& pool;
  writer_handle writer;
  registry_actor registry;
  /// Live sessions, so shutdown can stop those whose connection never
  /// finished closing.
  std::shared_ptr<std::mutex> sessions_mutex = std::make_shared<std::mutex>();
  std::shared_ptr<std::set<caf::actor_addr>> sessions
    = std::make_shared<std::set<caf::actor_addr>>();
};

hub_runtime::hub_runtime(caf::actor_system& sys, blocking_pool& pool,
                         std::string conninfo) {
  writer_options opts{defaults::writer_max_batch, defaults::writer_max_pending,
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                        defaults::writer_retry_window)};
  auto writer = spawn_persistence_writer(sys, std::move(conninfo), opts);
  room_deps deps{writer.actor, writer.shared, pool_room_loader(pool)};
  auto registry = spawn_room_registry(sys, deps);
  impl_.reset(new impl{sys, pool, writer, registry});
}

hub_runtime::~hub_runtime() {
  stop();
}

std::shared_ptr<session_link>
hub_runtime::open_session(session_identity who,
                          std::shared_ptr<outbound_sink> sink) {
  auto s = spawn_session(impl_->sys, std::move(who), std::move(sink),
                         session_deps{impl_->registry, &impl_->pool});
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

void hub_runtime::member_changed(const std::string& room_id,
                                 const std::string& agent_id, bool added) {
  caf::anon_send(impl_->registry, member_atom_v, room_id, agent_id, added);
}

void hub_runtime::room_archived(const std::string& room_id) {
  caf::anon_send(impl_->registry, archive_atom_v, room_id);
}

bool hub_runtime::writer_healthy() const {
  return impl_->writer.shared->healthy.load();
}

std::size_t hub_runtime::writer_pending() const {
  return impl_->writer.shared->pending.load();
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
  caf::anon_send_exit(impl_->writer.actor, caf::exit_reason::user_shutdown);
}

} // namespace agenthub
