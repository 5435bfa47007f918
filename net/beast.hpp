// Beast/Asio includes and aliases for the few net/ files that do socket I/O.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace agenthub::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

/// The parsed request type of our HTTP sessions.
using beast_request = http::request<http::string_body>;

} // namespace agenthub::net
