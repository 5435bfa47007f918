// The /ws client protocol of the CLI (docs/protocol.md).
#include "app/cli/hub_socket.hpp"

#include "app/cli/errors.hpp"
#include "app/cli/hub_client.hpp"

namespace agenthub::cli {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;

connection_closed::connection_closed(close_info info)
  : std::runtime_error("connection closed (" + std::to_string(info.code)
                       + (info.reason.empty() ? "" : " " + info.reason) + ")"),
    info_(std::move(info)) {
}

bool may_reconnect(std::uint16_t code) {
  switch (code) {
    case 1002: // protocol error
    case 1003: // binary frame
    case 1007: // invalid UTF-8
    case 1009: // message too big
    case 4003: // agent disabled
      return false;
    default:
      return true;
  }
}

bool retryable_ws_error(const std::string& code) {
  for (const char* c :
       {"overloaded", "db_unavailable", "timeout", "unavailable",
        "rate_limited", "too_many_in_flight", "internal_error"})
    if (code == c)
      return true;
  return false;
}

namespace {

failure transport_failure(const transport_error& e) {
  if (e.fault() == transport_fault::interrupted)
    return failure{exit_code::interrupted, "interrupted"};
  return failure{exit_code::unavailable, e.what()};
}

} // namespace

hub_socket::hub_socket(hub_client& hub, std::chrono::milliseconds timeout) {
  auto deadline = clock_type::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    try {
      ws_.connect(hub.url(), hub.jwt(attempt > 0), timeout);
      break;
    } catch (const upgrade_refused& e) {
      auto body = json::parse(e.reply().body, nullptr, false);
      if (e.reply().status == 401 && attempt == 0)
        continue; // the cached JWT may have just expired: once more, fresh
      throw failure{exit_code_for_status(e.reply().status),
                    "WebSocket " + hub.url().to_string()
                      + "/ws: " + describe_error(e.reply().status, body)};
    } catch (const transport_error& e) {
      throw transport_failure(e);
    }
  }
  // Frames before `connected` (presence updates) are kept for next_event.
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - clock_type::now());
    if (left.count() <= 0)
      throw failure{exit_code::unavailable,
                    "the hub did not send 'connected' in time"};
    auto frame = read_frame(left);
    if (!frame)
      continue;
    if (frame->value("type", "") == "connected") {
      connected_ = frame->value("data", json::object());
      return;
    }
    queued_.push_back(std::move(*frame));
  }
}

hub_socket::~hub_socket() = default;

std::optional<json> hub_socket::read_frame(std::chrono::milliseconds wait) {
  std::string text;
  switch (ws_.read(text, wait)) {
    case ws_client::result::message: {
      auto frame = json::parse(text, nullptr, false);
      if (!frame.is_object())
        throw failure{exit_code::local, "the hub sent a frame that is not a "
                                        "JSON object"};
      return frame;
    }
    case ws_client::result::timeout:
      return std::nullopt;
    case ws_client::result::interrupted:
      throw failure{exit_code::interrupted, "interrupted"};
    case ws_client::result::closed:
      break;
  }
  throw connection_closed{ws_.closed_with()};
}

json hub_socket::request(const std::string& type, const json& data,
                         std::chrono::milliseconds timeout) {
  auto ref = std::to_string(next_ref_++);
  json frame{{"type", type}, {"ref", ref}, {"data", data}};
  try {
    ws_.send(frame.dump(), timeout);
  } catch (const transport_error& e) {
    if (e.fault() == transport_fault::io)
      throw connection_closed{{1006, e.what()}};
    throw transport_failure(e);
  }
  auto deadline = clock_type::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - clock_type::now());
    if (left.count() <= 0)
      throw failure{exit_code::unavailable,
                    "no reply to " + type + " within "
                      + std::to_string(timeout.count() / 1000) + " s"};
    auto got = read_frame(left);
    if (!got)
      continue;
    if (got->value("type", "") == "reply" && got->value("ref", "") == ref)
      return *got;
    queued_.push_back(std::move(*got));
  }
}

std::optional<json> hub_socket::next_event(std::chrono::milliseconds wait) {
  if (!queued_.empty()) {
    auto frame = std::move(queued_.front());
    queued_.pop_front();
    return frame;
  }
  return read_frame(wait);
}

void hub_socket::close() {
  ws_.close();
}

} // namespace agenthub::cli
