// agenthub-loadgen: load generator for AgentHub and Socket.IO baselines.
#include "tools/loadgen/options.hpp"
#include "tools/loadgen/runner.hpp"

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  using namespace agenthub::loadgen;
  auto parsed = parse_options(argc, argv);
  if (auto* exit = std::get_if<cli_exit>(&parsed)) {
    if (exit->code == 0) {
      std::fputs(exit->text.c_str(), stdout);
      return 0;
    }
    std::fprintf(stderr,
                 "agenthub-loadgen: %s\nRun 'agenthub-loadgen --help' for "
                 "usage.\n",
                 exit->text.c_str());
    return exit->code;
  }
  try {
    return run_loadgen(std::get<options>(parsed));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "agenthub-loadgen: fatal: %s\n", e.what());
    return 1;
  }
}
