// The I/O state of a client connection (shared by connection.cpp and
// connection_io.cpp only).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "tools/loadgen/connection.hpp"
#include "tools/loadgen/ws_frames.hpp"

#include <deque>
#include <memory>
#include <string>

namespace agenthub::loadgen {

/// Socket, handshake buffers, partial input and the write queue.
struct connection::impl {
  explicit impl(boost::asio::io_context& ioc, std::uint64_t seed)
    : stream(ioc), linger(ioc), masks(seed) {
  }
  boost::beast::tcp_stream stream;
  boost::asio::steady_timer linger; // recorded disconnect; then close wait
  mask_source masks;
  // The upgrade: request, response parser and what was read with it.
  std::unique_ptr<boost::beast::http::request<boost::beast::http::empty_body>>
    request;
  std::unique_ptr<
    boost::beast::http::response_parser<boost::beast::http::empty_body>>
    response;
  boost::beast::flat_buffer handshake_buffer;
  std::string partial; // bytes of an incomplete frame
  std::string message; // fragments of an incomplete message
  bool in_message = false;
  std::deque<std::string> queue; // encoded frames, one per element
  std::size_t in_flight = 0;     // frames of the write under way
  bool writing = false;
  bool open = false;       // upgraded and not failed
  bool closing = false;    // close() was called
  bool close_sent = false; // our close frame is queued
};

} // namespace agenthub::loadgen
