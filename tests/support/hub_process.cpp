// Starting, probing and stopping the hub binary under test.
#include "tests/support/hub_process.hpp"

#include <csignal>
#include <cstdio>
#include <stdexcept>

namespace agenthub::testing {

std::string tail_lines(const std::string& text, std::size_t lines) {
  auto pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n')
    --pos;
  for (std::size_t n = 0; n < lines && pos > 0; ++n) {
    auto nl = text.rfind('\n', pos - 1);
    if (nl == std::string::npos)
      return text;
    pos = nl;
  }
  return pos == 0 ? text : text.substr(pos + 1);
}

hub_process::hub_process(env_map env) : env_(std::move(env)) {
  env_.emplace("PORT", "0");
  env_.emplace("HOST", "127.0.0.1");
  env_ = minimal_environment(env_);
}

hub_process::~hub_process() {
  if (child_)
    child_->kill_and_reap();
}

void hub_process::start(bool wait_ready, std::chrono::milliseconds timeout) {
  if (child_ && child_->running())
    throw std::runtime_error("hub_process::start: already running");
  auto port_file = dir_.file("port");
  std::remove(port_file.c_str());
  port_ = 0;
  auto log_file = dir_.file("hub.log");
  child_ = std::make_unique<child_process>(
    std::vector<std::string>{agenthub_binary(), "serve", "--port-file",
                             port_file},
    env_, log_file, log_file);
  auto fail = [&](const std::string& why) {
    child_->kill_and_reap();
    throw std::runtime_error("hub " + why + "; log tail:\n" + log_tail());
  };
  bool exited = false;
  bool listening = wait_until(
    [&] {
      exited = !child_->running();
      auto text = read_text_file(port_file);
      if (!text.empty() && text.back() == '\n')
        port_ = static_cast<std::uint16_t>(std::stoi(text));
      return exited || port_ != 0;
    },
    timeout);
  if (exited)
    fail("exited before listening");
  if (!listening)
    fail("wrote no port file within " + std::to_string(timeout.count())
         + " ms");
  if (!wait_ready)
    return;
  auto c = client();
  bool ready = wait_until(
    [&] {
      exited = !child_->running();
      try {
        return exited || c.request("GET", "/readyz").status == 200;
      } catch (const std::exception&) {
        return false; // e.g. the hub closed the connection while stopping
      }
    },
    timeout);
  if (exited)
    fail("exited before becoming ready");
  if (!ready)
    fail("not ready within " + std::to_string(timeout.count()) + " ms");
}

int hub_process::stop(std::chrono::milliseconds timeout) {
  if (!child_)
    throw std::runtime_error("hub_process::stop: never started");
  child_->signal(SIGTERM);
  if (auto code = child_->wait_for(timeout))
    return *code;
  child_->kill_and_reap();
  throw std::runtime_error("hub ignored SIGTERM for "
                           + std::to_string(timeout.count())
                           + " ms and was killed; log tail:\n" + log_tail());
}

void hub_process::send_signal(int sig) {
  if (child_)
    child_->signal(sig);
}

std::optional<int> hub_process::wait_exit(std::chrono::milliseconds timeout) {
  if (!child_)
    return std::nullopt;
  return child_->wait_for(timeout);
}

void hub_process::kill9() {
  if (child_)
    child_->kill_and_reap();
}

bool hub_process::running() {
  return child_ && child_->running();
}

std::string hub_process::log() const {
  return read_text_file(dir_.file("hub.log"));
}

std::string hub_process::log_tail(std::size_t lines) const {
  return tail_lines(log(), lines);
}

} // namespace agenthub::testing
