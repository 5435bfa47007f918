// The synchronous REST client of the setup.
#include "tools/loadgen/rest_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <thread>

namespace agenthub::loadgen {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

std::string rest_response::error_code() const {
  if (body.is_object() && body.contains("error") && body["error"].is_object()
      && body["error"].contains("code") && body["error"]["code"].is_string())
    return body["error"]["code"].get<std::string>();
  return "";
}

struct rest_client::impl {
  target where;
  std::string source_ip;
  asio::io_context ioc;
  std::optional<tcp::socket> socket;
  boost::beast::flat_buffer buffer;

  void connect() {
    socket.emplace(ioc);
    auto addr = asio::ip::make_address(where.host);
    tcp::endpoint ep{addr, where.port};
    socket->open(ep.protocol());
    if (!source_ip.empty())
      socket->bind(tcp::endpoint{asio::ip::make_address(source_ip), 0});
    // 30 s: a hub that stops answering must not hang the setup forever.
    timeval tv{30, 0};
    ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
                 sizeof tv);
    ::setsockopt(socket->native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv,
                 sizeof tv);
    socket->connect(ep);
    socket->set_option(tcp::no_delay{true});
    buffer.clear();
  }

  rest_response exchange(const std::string& method, const std::string& path,
                         const std::string& bearer,
                         const nlohmann::json& body) {
    http::request<http::string_body> req{http::string_to_verb(method), path,
                                         11};
    req.set(http::field::host, where.host_header);
    req.set(http::field::user_agent, "agenthub-loadgen");
    if (!bearer.empty())
      req.set(http::field::authorization, "Bearer " + bearer);
    if (!body.is_null()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body.dump();
    }
    req.keep_alive(true);
    req.prepare_payload();
    http::write(*socket, req);
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    http::read(*socket, buffer, parser);
    auto& res = parser.get();
    rest_response out;
    out.status = static_cast<int>(res.result_int());
    if (!res.body().empty())
      out.body = nlohmann::json::parse(res.body(), nullptr, false);
    if (out.body.is_discarded())
      out.body = nullptr;
    if (auto it = res.find("Retry-After"); it != res.end())
      out.retry_after = std::atoi(std::string{it->value()}.c_str());
    if (!res.keep_alive())
      socket.reset();
    return out;
  }
};

rest_client::rest_client(target t, std::string source_ip,
                         rest_counters& counters)
  : impl_(std::make_unique<impl>()), counters_(counters) {
  impl_->where = std::move(t);
  impl_->source_ip = std::move(source_ip);
}

rest_client::~rest_client() = default;

rest_response rest_client::send(const std::string& method,
                                const std::string& path,
                                const std::string& bearer,
                                const nlohmann::json& body) {
  counters_.requests.fetch_add(1, std::memory_order_relaxed);
  for (int attempt = 0;; ++attempt) {
    bool fresh = !impl_->socket;
    try {
      if (fresh)
        impl_->connect();
      return impl_->exchange(method, path, bearer, body);
    } catch (const std::exception& e) {
      impl_->socket.reset();
      // A kept-alive connection the server closed: retry once on a new one.
      if (fresh || attempt > 0)
        throw rest_failure(method + " " + path + ": " + e.what());
      counters_.reconnects.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

rest_response rest_client::call(const std::string& method,
                                const std::string& path,
                                const std::string& bearer,
                                const nlohmann::json& body, double budget_s) {
  using clock = std::chrono::steady_clock;
  auto deadline
    = clock::now()
      + std::chrono::milliseconds(static_cast<long>(budget_s * 1000));
  auto backoff = std::chrono::milliseconds(50);
  for (;;) {
    std::chrono::milliseconds wait{0};
    try {
      auto r = send(method, path, bearer, body);
      if (r.status == 429) {
        counters_.retries_429.fetch_add(1, std::memory_order_relaxed);
        wait = std::chrono::seconds(r.retry_after > 0 ? r.retry_after : 1);
      } else if (r.status == 503) {
        counters_.retries_503.fetch_add(1, std::memory_order_relaxed);
        wait = backoff;
        backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
      } else {
        return r;
      }
    } catch (const rest_failure&) {
      if (clock::now() + backoff > deadline)
        throw;
      wait = backoff;
      backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
    }
    if (clock::now() + wait > deadline)
      throw rest_failure(method + " " + path
                         + ": still refused (429/503) when the retry budget "
                           "ran out");
    std::this_thread::sleep_for(wait);
  }
}

} // namespace agenthub::loadgen
