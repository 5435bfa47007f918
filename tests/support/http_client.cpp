// The test HTTP client: Beast over a fresh connection, with deadlines.
#include "tests/support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <stdexcept>

namespace agenthub::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

/// Bytes; /metrics is the largest body the tests read.
constexpr std::uint64_t max_response_body = 16 * 1024 * 1024;

/// Opens a connection to 127.0.0.1:port, optionally from `source_ip`.
void connect(beast::tcp_stream& stream, std::uint16_t port,
             const std::string& source_ip, asio::io_context& ioc) {
  tcp::endpoint target{asio::ip::make_address("127.0.0.1"), port};
  if (!source_ip.empty()) {
    stream.socket().open(tcp::v4());
    stream.socket().bind({asio::ip::make_address(source_ip), 0});
  }
  beast::error_code ec = asio::error::would_block;
  stream.async_connect(target, [&](beast::error_code e) { ec = e; });
  ioc.run();
  ioc.restart();
  if (ec)
    throw std::runtime_error("cannot connect to 127.0.0.1:"
                             + std::to_string(port) + ": " + ec.message());
}

/// Copies a Beast response into the test's result type.
http_result to_result(http::response<http::string_body>&& res) {
  http_result out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name{f.name_string()};
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    auto& slot = out.headers[name];
    slot += (slot.empty() ? "" : ", ") + std::string{f.value()};
  }
  out.body = std::move(res.body());
  out.json = nlohmann::json::parse(out.body, nullptr, false);
  if (out.json.is_discarded())
    out.json = nullptr;
  return out;
}

bool sends_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

} // namespace

std::string http_result::header(const std::string& lower_name) const {
  auto i = headers.find(lower_name);
  return i == headers.end() ? std::string{} : i->second;
}

bool http_result::has_header(const std::string& lower_name) const {
  return headers.count(lower_name) != 0;
}

std::string http_result::error_code() const {
  if (!json.is_object() || !json.contains("error") || !json["error"].is_object()
      || !json["error"].contains("code") || !json["error"]["code"].is_string())
    return {};
  return json["error"]["code"].get<std::string>();
}

header_list bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

http_client::http_client(std::uint16_t port, std::string source_ip,
                         std::chrono::milliseconds timeout)
  : port_(port), source_ip_(std::move(source_ip)), timeout_(timeout) {
}

http_result http_client::request(const std::string& method,
                                 const std::string& path,
                                 const header_list& headers,
                                 const std::string& body,
                                 const std::string& content_type) const {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  stream.expires_after(timeout_);
  connect(stream, port_, source_ip_, ioc);

  http::request<http::string_body> req;
  req.version(11);
  req.method_string(method);
  req.target(path);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port_));
  req.set(http::field::user_agent, "agenthub-integration-tests");
  if (!content_type.empty() && (!body.empty() || sends_body(method)))
    req.set(http::field::content_type, content_type);
  for (const auto& [name, value] : headers)
    req.insert(name, value);
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();

  // Read while writing: the hub may answer (413, 431) and close before it
  // has read the whole request, and the answer is what the test wants.
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_response_body);
  beast::error_code read_ec = asio::error::would_block;
  stream.expires_after(timeout_);
  http::async_write(stream, req, [](beast::error_code, std::size_t) {
    // nop: a failed write shows up as a failed or early read
  });
  http::async_read(stream, buffer, parser,
                   [&](beast::error_code ec, std::size_t) {
                     read_ec = ec;
                     stream.socket().cancel(ec);
                   });
  ioc.run();
  if (read_ec)
    throw std::runtime_error(method + " " + path.substr(0, 200)
                             + ": no complete response: " + read_ec.message());

  return to_result(parser.release());
}

raw_result http_client::raw(const std::string& bytes,
                            std::chrono::milliseconds wait) const {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  stream.expires_after(timeout_);
  connect(stream, port_, source_ip_, ioc);

  raw_result out;
  std::array<char, 4096> chunk{};
  stream.expires_after(wait);
  asio::async_write(stream, asio::buffer(bytes),
                    [](beast::error_code, std::size_t) {
                      // nop: the hub may close before reading everything
                    });
  std::function<void(beast::error_code, std::size_t)> on_read;
  on_read = [&](beast::error_code ec, std::size_t n) {
    out.received.append(chunk.data(), n);
    if (ec) {
      out.closed = ec != beast::error::timeout;
      stream.socket().cancel(ec);
      return;
    }
    stream.async_read_some(asio::buffer(chunk), on_read);
  };
  stream.async_read_some(asio::buffer(chunk), on_read);
  ioc.run();
  return out;
}

struct http_connection::impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::uint16_t port = 0;
  std::chrono::milliseconds timeout{};
  bool open = false;
};

http_connection::http_connection(std::uint16_t port,
                                 std::chrono::milliseconds timeout)
  : impl_(std::make_unique<impl>()) {
  impl_->port = port;
  impl_->timeout = timeout;
  impl_->stream.expires_after(timeout);
  connect(impl_->stream, port, "", impl_->ioc);
  impl_->open = true;
}

http_connection::~http_connection() = default;

bool http_connection::is_open() const {
  return impl_->open;
}

http_result http_connection::request(const std::string& method,
                                     const std::string& path,
                                     const header_list& headers) {
  if (!impl_->open)
    throw std::runtime_error("http_connection: already closed");
  http::request<http::empty_body> req;
  req.version(11);
  req.method_string(method);
  req.target(path);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(impl_->port));
  for (const auto& [name, value] : headers)
    req.insert(name, value);
  req.keep_alive(true);
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_response_body);
  beast::error_code write_ec = asio::error::would_block;
  beast::error_code read_ec = asio::error::would_block;
  auto& stream = impl_->stream;
  stream.expires_after(impl_->timeout);
  http::async_write(stream, req,
                    [&](beast::error_code ec, std::size_t) { write_ec = ec; });
  impl_->ioc.run();
  impl_->ioc.restart();
  if (!write_ec) {
    http::async_read(stream, impl_->buffer, parser,
                     [&](beast::error_code ec, std::size_t) { read_ec = ec; });
    impl_->ioc.run();
    impl_->ioc.restart();
  }
  if (write_ec || read_ec) {
    impl_->open = false;
    throw std::runtime_error(method + " " + path + " on a kept-alive "
                             + "connection failed: "
                             + (write_ec ? write_ec : read_ec).message());
  }
  auto res = parser.release();
  impl_->open = res.keep_alive();
  return to_result(std::move(res));
}

} // namespace agenthub::testing
