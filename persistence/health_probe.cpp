// The database probe loop: reconnects on failure, reports each result.
#include "persistence/health_probe.hpp"

#include "persistence/db.hpp"

#include <pqxx/pqxx>

#include <memory>

namespace agenthub::db {

health_probe::health_probe(std::string conninfo,
                           std::chrono::milliseconds interval, report_fn report)
  : conninfo_(std::move(conninfo)), interval_(interval),
    report_(std::move(report)) {
}

health_probe::~health_probe() {
  stop();
}

void health_probe::start() {
  thread_ = std::thread([this] { loop(); });
}

void health_probe::stop() {
  {
    std::lock_guard<std::mutex> g{mutex_};
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void health_probe::loop() {
  std::unique_ptr<pqxx::connection> conn;
  for (;;) {
    std::string error;
    try {
      if (!conn || !conn->is_open())
        conn = std::make_unique<pqxx::connection>(conninfo_);
      pqxx::nontransaction tx{*conn};
      tx.exec("SELECT 1");
    } catch (const std::exception& e) {
      conn.reset();
      error = one_line(e.what());
      if (error.empty())
        error = "database unreachable";
    }
    report_(error);
    std::unique_lock<std::mutex> lock{mutex_};
    if (wake_.wait_for(lock, interval_, [this] { return stop_; }))
      return;
  }
}

} // namespace agenthub::db
