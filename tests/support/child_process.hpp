// fork+exec of a child with an explicit environment and redirected output.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agenthub::testing {

/// Environment variables of a child process, by name.
using env_map = std::map<std::string, std::string>;

/// The environment every child starts from: PATH and the sanitizer options
/// of the test run, nothing else (never DATABASE_URL, JWT_SECRET, ...),
/// overlaid with `extra`.
env_map minimal_environment(const env_map& extra = {});

/// A running child process. The destructor kills (SIGKILL) and reaps it if
/// it is still running, and the child gets SIGKILL when the thread that
/// started it dies (PR_SET_PDEATHSIG), so no test leaves a process behind,
/// not even when the runner itself is killed.
class child_process {
public:
  /// Starts `argv` (argv[0] is a path) with exactly `env`. stdout goes to
  /// `out_path` and stderr to `err_path` (they may be the same file). Throws
  /// std::runtime_error if fork fails; a failed exec exits with 127.
  child_process(const std::vector<std::string>& argv, const env_map& env,
                const std::string& out_path, const std::string& err_path);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  /// The process id.
  pid_t pid() const {
    return pid_;
  }

  /// True until the child has exited and been reaped.
  bool running();

  /// Waits up to `timeout` for the child to exit. Returns its exit code, or
  /// 128 + the signal number if a signal ended it; nullopt on timeout.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);

  /// Sends `sig` if the child is still running.
  void signal(int sig);

  /// SIGKILL and reap; returns the exit status as `wait_for` does.
  int kill_and_reap();

private:
  /// Collects the exit status if the child has exited (waiting if `block`);
  /// true once it has.
  bool reap(bool block);

  pid_t pid_ = -1;
  std::optional<int> status_;
};

/// What a finished subcommand printed and returned.
struct command_result {
  int exit_code = -1; ///< exit code, or 128 + signal number
  std::string out;    ///< everything written to stdout
  std::string err;    ///< everything written to stderr
};

/// Runs the agenthub binary with `args` and exactly `minimal_environment(env)`
/// and waits for it; stdout and stderr are captured separately. Throws
/// std::runtime_error (after killing it) if it runs longer than `timeout`.
command_result run_command(const std::vector<std::string>& args,
                           const env_map& env,
                           std::chrono::milliseconds timeout
                           = std::chrono::milliseconds{60000});

/// Path of the agenthub binary under test.
std::string agenthub_binary();

} // namespace agenthub::testing
