// The recording thread: drains a bounded queue of JSON lines to a file.
#include "net/traffic_recorder.hpp"

#include "actors/time_format.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>

namespace agenthub::net {

namespace {

/// Lines waiting for the recording thread at most (~ a few MiB).
constexpr std::size_t max_queue = 65536;

} // namespace

traffic_recorder::traffic_recorder(const std::string& path, bool bodies,
                                   std::size_t max_bytes)
  : out_(path, std::ios::trunc), bodies_(bodies), max_bytes_(max_bytes),
    start_(std::chrono::steady_clock::now()) {
  if (!out_)
    throw std::runtime_error("cannot open recording file '" + path + "'");
  nlohmann::json header = {
    {"agenthub_recording", 1}, {"started", now_iso8601()}, {"bodies", bodies}};
  out_ << header.dump() << '\n';
  thread_ = std::thread([this] { run(); });
}

traffic_recorder::~traffic_recorder() {
  {
    std::lock_guard<std::mutex> g{mutex_};
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
  if (dropped_ > 0)
    spdlog::warn("recording: {} events dropped (queue full)", dropped_.load());
}

double traffic_recorder::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now()
                                       - start_)
    .count();
}

void traffic_recorder::connection_event(std::uint64_t conn,
                                        const std::string& agent,
                                        const char* framing,
                                        const char* event) {
  nlohmann::json j = {
    {"t", now()},     {"conn", conn}, {"agent", agent}, {"framing", framing},
    {"event", event}, {"room", ""},   {"size", 0},      {"clientMsgId", false}};
  push(j.dump());
}

void traffic_recorder::client_event(std::uint64_t conn,
                                    const std::string& agent,
                                    const char* framing,
                                    const client_command& cmd,
                                    std::size_t size) {
  nlohmann::json j = {{"t", now()},
                      {"conn", conn},
                      {"agent", agent},
                      {"framing", framing},
                      {"event", cmd.error_code.empty() ? cmd.event : "invalid"},
                      {"room", cmd.room},
                      {"size", size},
                      {"clientMsgId", !cmd.client_msg_id.empty()}};
  if (bodies_ && !cmd.body.empty())
    j["body"] = cmd.body;
  push(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void traffic_recorder::push(std::string line) {
  {
    std::lock_guard<std::mutex> g{mutex_};
    if (queue_.size() >= max_queue) {
      dropped_.fetch_add(1);
      return;
    }
    queue_.push_back(std::move(line));
  }
  wake_.notify_one();
}

void traffic_recorder::run() {
  bool full = false;
  std::deque<std::string> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock{mutex_};
      wake_.wait_for(lock, std::chrono::milliseconds{200},
                     [this] { return stop_ || !queue_.empty(); });
      batch.swap(queue_);
      if (batch.empty() && stop_)
        break;
    }
    for (auto& line : batch) {
      if (full)
        break;
      if (written_ + line.size() + 1 > max_bytes_) {
        full = true;
        spdlog::warn("recording: size limit of {} bytes reached; recording "
                     "stopped",
                     max_bytes_);
        break;
      }
      out_ << line << '\n';
      written_ += line.size() + 1;
    }
    batch.clear();
    out_.flush();
  }
}

} // namespace agenthub::net
