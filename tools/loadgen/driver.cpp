// Opening many connections with a bounded number of handshakes in flight.
#include "tools/loadgen/driver.hpp"

#include <boost/asio/post.hpp>

#include <atomic>
#include <chrono>
#include <thread>

namespace agenthub::loadgen {

namespace {

/// Opens the connections of one context, `width` at a time.
struct opener : std::enable_shared_from_this<opener> {
  boost::asio::io_context* ioc = nullptr;
  std::vector<std::shared_ptr<connection>> todo;
  std::size_t next = 0;
  std::shared_ptr<std::atomic<std::size_t>> ready, resolved;

  void launch() {
    if (next >= todo.size())
      return;
    auto c = todo[next++];
    auto self = shared_from_this();
    c->start([self](bool ok) {
      if (ok)
        ++*self->ready;
      ++*self->resolved;
      // Posted: a synchronous failure must not recurse through the list.
      boost::asio::post(*self->ioc, [self] { self->launch(); });
    });
  }
};

} // namespace

std::size_t open_all(const std::vector<std::shared_ptr<connection>>& conns,
                     worker_pool& pool, double timeout_s) {
  // 64 handshakes in flight per thread: enough to open 10 000 connections
  // in seconds without a burst of SYNs the hub's backlog would drop.
  constexpr std::size_t width = 64;
  auto ready = std::make_shared<std::atomic<std::size_t>>(0);
  auto resolved = std::make_shared<std::atomic<std::size_t>>(0);
  std::vector<std::shared_ptr<opener>> openers;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    openers.push_back(std::make_shared<opener>());
    openers.back()->ioc = &pool.context(i);
    openers.back()->ready = ready;
    openers.back()->resolved = resolved;
  }
  for (std::size_t i = 0; i < conns.size(); ++i)
    openers[i % pool.size()]->todo.push_back(conns[i]);
  for (std::size_t i = 0; i < pool.size(); ++i)
    boost::asio::post(pool.context(i), [o = openers[i]] {
      for (std::size_t k = 0; k < width; ++k)
        o->launch();
    });
  auto deadline
    = std::chrono::steady_clock::now()
      + std::chrono::milliseconds(static_cast<long>(timeout_s * 1000));
  while (*resolved < conns.size()
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return *ready;
}

} // namespace agenthub::loadgen
