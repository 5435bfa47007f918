// The SIGINT/SIGTERM flag of the client commands.
#include "app/cli/interrupt.hpp"

#include <csignal>

namespace agenthub::cli {

namespace {

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void on_stop_signal(int) {
  stop_requested = 1;
}

} // namespace

void install_interrupt_handler() {
  struct sigaction sa = {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

bool interrupted() {
  return stop_requested != 0;
}

} // namespace agenthub::cli
