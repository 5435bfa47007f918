// Child processes for the integration tests: spawn, wait, kill, reap.
#include "tests/support/child_process.hpp"

#include "tests/support/temp_dir.hpp"
#include "tests/support/wait.hpp"
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace agenthub::testing {

namespace {

int decode_status(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

/// Between fork and exec only async-signal-safe calls are allowed.
[[noreturn]] void exec_child(char* const* argv, char* const* envp,
                             const char* out_path, const char* err_path,
                             pid_t parent) {
  // Dies with the test runner, even if that is SIGKILLed (ctest timeout).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(127);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  int out = open(out_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  int err = std::strcmp(out_path, err_path) == 0
              ? out
              : open(err_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
  int in = open("/dev/null", O_RDONLY);
  if (out < 0 || err < 0 || in < 0)
    _exit(127);
  dup2(in, 0);
  dup2(out, 1);
  dup2(err, 2);
  // Sockets and files of the test process must not leak into the hub.
  close_range(3, ~0U, 0);
  execve(argv[0], argv, envp);
  static const char msg[] = "exec of the agenthub binary failed\n";
  (void) !write(2, msg, sizeof msg - 1);
  _exit(127);
}

} // namespace

env_map minimal_environment(const env_map& extra) {
  env_map env;
  const char* path = std::getenv("PATH");
  env["PATH"] = path && *path ? path : "/usr/bin:/bin";
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
    if (const char* v = std::getenv(name))
      env[name] = v;
  for (const auto& [k, v] : extra)
    env[k] = v;
  return env;
}

std::string agenthub_binary() {
  return AGENTHUB_BINARY;
}

child_process::child_process(const std::vector<std::string>& argv,
                             const env_map& env, const std::string& out_path,
                             const std::string& err_path) {
  // Everything exec needs is built before fork.
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env)
    env_strings.push_back(k + "=" + v);
  std::vector<char*> argv_ptrs;
  for (const auto& a : argv)
    argv_ptrs.push_back(const_cast<char*>(a.c_str()));
  argv_ptrs.push_back(nullptr);
  std::vector<char*> env_ptrs;
  for (auto& e : env_strings)
    env_ptrs.push_back(e.data());
  env_ptrs.push_back(nullptr);
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0)
    throw std::runtime_error(std::string{"fork failed: "}
                             + std::strerror(errno));
  if (pid_ == 0)
    exec_child(argv_ptrs.data(), env_ptrs.data(), out_path.c_str(),
               err_path.c_str(), parent);
}

child_process::~child_process() {
  if (running())
    kill_and_reap();
}

bool child_process::reap(bool block) {
  if (status_)
    return true;
  int status = 0;
  pid_t r = 0;
  do {
    r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == pid_) {
    status_ = decode_status(status);
    return true;
  }
  if (r < 0) // not our child any more: nothing left to reap
    status_ = -1;
  return status_.has_value();
}

bool child_process::running() {
  return !reap(false);
}

std::optional<int> child_process::wait_for(std::chrono::milliseconds timeout) {
  if (!wait_until([this] { return reap(false); }, timeout,
                  std::chrono::milliseconds{10}))
    return std::nullopt;
  return status_;
}

void child_process::signal(int sig) {
  if (running())
    ::kill(pid_, sig);
}

int child_process::kill_and_reap() {
  if (!status_) {
    ::kill(pid_, SIGKILL);
    reap(true);
  }
  return *status_;
}

command_result run_command(const std::vector<std::string>& args,
                           const env_map& env,
                           std::chrono::milliseconds timeout) {
  temp_dir dir;
  std::vector<std::string> argv{agenthub_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  child_process child{argv, minimal_environment(env), dir.file("stdout"),
                      dir.file("stderr")};
  auto code = child.wait_for(timeout);
  if (!code) {
    child.kill_and_reap();
    throw std::runtime_error(
      "agenthub " + (args.empty() ? "" : args[0]) + " did not exit within "
      + std::to_string(timeout.count()) + " ms; stderr:\n"
      + read_text_file(dir.file("stderr")));
  }
  return {*code, read_text_file(dir.file("stdout")),
          read_text_file(dir.file("stderr"))};
}

} // namespace agenthub::testing
