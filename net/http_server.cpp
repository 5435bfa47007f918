// The acceptor loop, the connection cap and the I/O threads.
#include "net/http_server.hpp"

#include "net/http_session.hpp"

#include <boost/asio/io_context.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace agenthub::net {

struct http_server::impl {
  impl(dispatcher& d, http_server_options o)
    : disp(d), opts(std::move(o)), ioc(static_cast<int>(opts.io_threads)),
      acceptor(asio::make_strand(ioc)),
      stats(std::make_shared<connection_stats>()) {
  }

  void do_accept() {
    acceptor.async_accept(asio::make_strand(ioc),
                          [this](beast::error_code ec, tcp::socket socket) {
                            on_accept(ec, std::move(socket));
                          });
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open())
      return;
    if (ec) {
      // EMFILE and friends: log and keep accepting; the cap below keeps
      // us away from the descriptor limit in normal operation.
      spdlog::warn("accept failed: {}", ec.message());
    } else if (stats->connections.load() >= opts.max_connections) {
      spdlog::warn("connection limit {} reached; refusing a connection",
                   opts.max_connections);
      socket.close(ec);
    } else {
      socket.set_option(tcp::no_delay(true), ec);
      stats->connections.fetch_add(1);
      std::make_shared<http_session>(std::move(socket), disp, upgrades, stats)
        ->run();
    }
    do_accept();
  }

  dispatcher& disp;
  http_server_options opts;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  std::shared_ptr<connection_stats> stats;
  upgrade_handler* upgrades = nullptr;
  std::vector<std::thread> threads;
};

http_server::http_server(dispatcher& d, http_server_options opts)
  : impl_(std::make_unique<impl>(d, std::move(opts))) {
}

http_server::~http_server() {
  stop();
}

void http_server::set_upgrade_handler(upgrade_handler* h) {
  impl_->upgrades = h;
}

std::uint16_t http_server::start() {
  auto& a = impl_->acceptor;
  beast::error_code ec;
  auto address = asio::ip::make_address(impl_->opts.host, ec);
  if (ec)
    throw std::runtime_error("HOST: '" + impl_->opts.host
                             + "' is not an IP address");
  tcp::endpoint ep{address, impl_->opts.port};
  a.open(ep.protocol(), ec);
  if (!ec)
    a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    a.bind(ep, ec);
  if (!ec)
    a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->opts.host + ":"
                             + std::to_string(impl_->opts.port) + ": "
                             + ec.message() + " (HOST/PORT)");
  impl_->do_accept();
  return a.local_endpoint().port();
}

void http_server::run() {
  for (unsigned i = 0; i < impl_->opts.io_threads; ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void http_server::stop_accepting() {
  impl_->stats->draining.store(true);
  asio::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
}

std::size_t http_server::in_flight() const {
  return impl_->stats->in_flight.load();
}

std::size_t http_server::connections() const {
  return impl_->stats->connections.load();
}

void http_server::stop() {
  if (!impl_)
    return;
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable())
      t.join();
  impl_->threads.clear();
}

} // namespace agenthub::net
