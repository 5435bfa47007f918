// The I/O threads: one io_context per thread, connections spread over them.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <thread>
#include <vector>

namespace agenthub::loadgen {

/// N threads, each running its own io_context. A connection lives on one
/// context, so its handlers never run concurrently and need no strand.
class worker_pool {
public:
  explicit worker_pool(int threads);
  ~worker_pool();
  worker_pool(const worker_pool&) = delete;
  worker_pool& operator=(const worker_pool&) = delete;

  /// The context of worker `i % size()`.
  boost::asio::io_context& context(std::size_t i);
  std::size_t size() const {
    return contexts_.size();
  }
  /// Lets the contexts run out of work and joins the threads; after
  /// `grace_ms` the contexts are stopped outright.
  void stop(int grace_ms);

private:
  using guard
    = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<guard> guards_;
  std::vector<std::thread> threads_;
};

} // namespace agenthub::loadgen
