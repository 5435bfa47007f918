// The I/O threads.
#include "tools/loadgen/worker_pool.hpp"

#include <atomic>
#include <chrono>

namespace agenthub::loadgen {

worker_pool::worker_pool(int threads) {
  for (int i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
  for (auto& c : contexts_)
    threads_.emplace_back([ctx = c.get()] { ctx->run(); });
}

worker_pool::~worker_pool() {
  stop(0);
}

boost::asio::io_context& worker_pool::context(std::size_t i) {
  return *contexts_[i % contexts_.size()];
}

void worker_pool::stop(int grace_ms) {
  if (threads_.empty())
    return;
  guards_.clear();
  auto deadline
    = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  for (auto& c : contexts_) {
    while (!c->stopped() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    c->stop();
  }
  for (auto& t : threads_)
    t.join();
  threads_.clear();
}

} // namespace agenthub::loadgen
