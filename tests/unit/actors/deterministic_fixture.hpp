// The deterministic actor fixture of the house style (CAF's test_coordinator)
// plus helpers: one-shot requests whose answers tests inspect, termination
// watches, and teardown that kills every actor a test spawned.
#pragma once

#include "actors/errc.hpp"
#include "actors/messages.hpp"

#include <caf/all.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace agenthub {

/// Readable actor error codes in Boost.Test messages.
inline std::ostream& operator<<(std::ostream& os, errc x) {
  return os << to_code(x);
}

} // namespace agenthub

namespace agenthub::test {

/// The answer to one request, once it arrived.
template <class T>
struct reply_box {
  std::optional<T> value;
  std::optional<caf::error> error;

  bool answered() const {
    return value.has_value() || error.has_value();
  }

  /// True if the request failed with `code`.
  bool failed_with(errc code) const {
    return error.has_value() && *error == make_error(code);
  }
};

/// Actors run only when the test calls `sched.run()`; time moves only with
/// `sched.advance_time(d)`. No threads, no sleeps.
struct deterministic_fixture {
  static caf::actor_system_config& init(caf::actor_system_config& cfg) {
    cfg.set("scheduler.policy", caf::atom("testing"));
    register_message_types(cfg);
    return cfg;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys{init(cfg)};
  caf::scheduler::test_coordinator& sched
    = dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler());

  deterministic_fixture() = default;
  deterministic_fixture(const deterministic_fixture&) = delete;
  deterministic_fixture& operator=(const deterministic_fixture&) = delete;

  ~deterministic_fixture() {
    kill_all();
  }

  /// Kills every tracked actor, newest first, and lets the dust settle. The
  /// actor system waits for all actors on destruction, and actors that hold
  /// each other's handles (rooms and sessions do) never die on their own.
  void kill_all() {
    for (auto i = spawned_.rbegin(); i != spawned_.rend(); ++i)
      caf::anon_send_exit(*i, caf::exit_reason::kill);
    spawned_.clear();
    sched.run();
  }

  /// Remembers `h` for teardown and returns it.
  template <class Handle>
  Handle track(Handle h) {
    spawned_.push_back(caf::actor_cast<caf::actor>(h));
    return h;
  }

  /// Sends a request from a fresh one-shot actor; the box fills once the
  /// scheduler ran far enough for the answer to arrive.
  template <class T, class Handle, class... Ts>
  std::shared_ptr<reply_box<T>> request(const Handle& dst, Ts... xs) {
    // The box is passed as a spawn argument: CAF 0.17 dereferences a null
    // argument tuple for function actors spawned without any (UBSan aborts,
    // caf/detail/init_fun_factory.hpp:93).
    auto body
      = [=](caf::event_based_actor* self, std::shared_ptr<reply_box<T>> box) {
          self->request(dst, caf::infinite, xs...)
            .then([=](T& x) { box->value = std::move(x); },
                  [=](caf::error& e) { box->error = std::move(e); });
        };
    auto box = std::make_shared<reply_box<T>>();
    track(sys.spawn(body, box));
    return box;
  }

  /// A flag that turns true when `h` terminates.
  template <class Handle>
  std::shared_ptr<bool> watch(const Handle& h) {
    auto done = std::make_shared<bool>(false);
    caf::actor_cast<caf::abstract_actor*>(h)->attach_functor(
      [done] { *done = true; });
    return done;
  }

private:
  std::vector<caf::actor> spawned_;
};

/// A committed message of `room` with `seq`, as a writer or the log has it.
inline message_record make_record(const std::string& room, std::uint64_t seq,
                                  std::string body = {}) {
  message_record m;
  m.id = "msg-" + std::to_string(seq);
  m.room_id = room;
  m.seq = seq;
  m.sender_id = "agent-a";
  m.body = body.empty() ? "body " + std::to_string(seq) : std::move(body);
  m.created_at = "2026-11-22T05:13:39.860Z";
  return m;
}

/// The seqs of `records`, in order.
inline std::vector<std::uint64_t>
seqs_of(const std::vector<message_record>& records) {
  std::vector<std::uint64_t> out;
  for (const auto& r : records)
    out.push_back(r.seq);
  return out;
}

/// 1, 2, ..., n.
inline std::vector<std::uint64_t> one_to(std::uint64_t n) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = 1; i <= n; ++i)
    out.push_back(i);
  return out;
}

} // namespace agenthub::test
