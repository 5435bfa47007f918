// Waiting in tests: poll a condition against a deadline, never sleep blind.
#pragma once

#include <chrono>
#include <thread>

namespace agenthub::testing {

/// How long anything the hub does at startup may take. Generous because the
/// binary may be ASan-instrumented and the CI box has two cores.
constexpr std::chrono::milliseconds startup_timeout{30000};

/// How long one HTTP exchange or one short subcommand may take.
constexpr std::chrono::milliseconds request_timeout{30000};

/// Polls `done()` every `interval` until it returns true or `timeout` has
/// passed; returns whether it became true.
template <class Predicate>
bool wait_until(Predicate done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval
                = std::chrono::milliseconds{20}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (done())
      return true;
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(interval);
  }
}

} // namespace agenthub::testing
