// Socket.IO over our WebSocket connection (protocols.md §A–C).
#include "net/socketio_protocol.hpp"

#include "actors/hub_runtime.hpp"
#include "actors/records_json.hpp"
#include "config/defaults.hpp"
#include "net/auth/base64.hpp"
#include "net/auth/random.hpp"
#include "net/close_codes.hpp"
#include "net/dispatcher.hpp"
#include "net/socketio_codec.hpp"
#include "net/traffic_recorder.hpp"
#include "net/ws_registry.hpp"
#include "net/ws_sink.hpp"

#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include <ctime>

namespace agenthub::net {

namespace {

std::string sio_reply(const std::string& ref, const nlohmann::json& data) {
  return sio::encode(sio::packet_type::ack, sio::agents_nsp, std::stoull(ref),
                     nlohmann::json::array({data}));
}

std::string sio_error(const std::string& ref, const std::string& code,
                      const std::string& message) {
  nlohmann::json err = {{"code", code}, {"message", message}};
  if (ref.empty())
    return sio::encode_event(sio::agents_nsp, "error", err);
  return sio::encode(sio::packet_type::ack, sio::agents_nsp, std::stoull(ref),
                     nlohmann::json::array({{{"error", err}}}));
}

std::string sio_event(const std::string& name, const nlohmann::json& data) {
  return sio::encode_event(sio::agents_nsp, name, data);
}

std::string sio_message_frame(const message_record& m) {
  return ws_frame(
    ws_opcode::text,
    sio::encode_event(sio::agents_nsp, "message:new", to_json(m)));
}

const wire_format socketio_format{framing::socketio, &sio_reply, &sio_error,
                                  &sio_event};

std::string random_sid() {
  return auth::base64url_encode(auth::random_bytes(15)); // 20 characters
}

class socketio_protocol : public ws_protocol {
public:
  socketio_protocol(ws_registry& reg, dispatcher& d, hub_runtime& rt,
                    std::string token, socketio_timing t)
    : registry_(reg), disp_(d), runtime_(rt), upgrade_token_(std::move(token)),
      timing_(t), flood_(reg.frame_rate()) {
  }

  void on_open(ws_connection& c) override {
    conn_ = c.weak_from_this();
    ping_timer_.emplace(c.executor());
    connect_timer_.emplace(c.executor());
    c.send(text(sio::eio_open(random_sid(), timing_.ping_interval_ms,
                              timing_.ping_timeout_ms,
                              defaults::socketio_max_payload)));
    arm_ping();
    connect_timer_->expires_after(
      std::chrono::milliseconds{timing_.connect_timeout_ms});
    connect_timer_->async_wait([this, w = conn_](beast::error_code ec) {
      if (ec || connected_)
        return;
      if (auto c = w.lock())
        c->close(close_code::policy, "no namespace CONNECT in time");
    });
  }

  void on_text(ws_connection& c, std::string msg) override {
    if (attachments_ > 0)
      return fail(c, "text frame while binary attachments are pending");
    if (msg.empty())
      return fail(c, "empty Engine.IO packet");
    switch (msg[0]) {
      case '3':
        awaiting_pong_ = false;
        return arm_ping();
      case '4':
        return on_socketio(c, std::string_view{msg}.substr(1));
      case '1':
        return c.close(close_code::normal, "engine.io close");
      default: // '2' from a client is the wrong heartbeat direction
        return fail(c, "unexpected Engine.IO packet");
    }
  }

  void on_binary(ws_connection& c, std::string) override {
    if (attachments_ == 0)
      return fail(c, "unexpected binary frame");
    if (--attachments_ == 0 && binary_ack_id_)
      c.send(text(sio_error(std::to_string(*binary_ack_id_), "invalid_request",
                            "binary payloads are not supported; send JSON")));
  }

  void on_closed(ws_connection& c) override {
    if (ping_timer_)
      ping_timer_->cancel();
    if (connect_timer_)
      connect_timer_->cancel();
    leave_namespace();
    registry_.untrack(&c);
  }

private:
  static std::string text(const std::string& payload) {
    return ws_frame(ws_opcode::text, payload);
  }

  void fail(ws_connection& c, const char* why) {
    spdlog::debug("socket.io: closing connection: {}", why);
    c.close(close_code::protocol_error, why);
  }

  void arm_ping() {
    ping_timer_->expires_after(
      std::chrono::milliseconds{timing_.ping_interval_ms});
    ping_timer_->async_wait([this, w = conn_](beast::error_code ec) {
      auto c = w.lock();
      if (ec || !c)
        return;
      c->send(text("2"));
      awaiting_pong_ = true;
      ping_timer_->expires_after(
        std::chrono::milliseconds{timing_.ping_timeout_ms});
      ping_timer_->async_wait([this, w](beast::error_code ec2) {
        auto c2 = w.lock();
        if (!ec2 && c2 && awaiting_pong_)
          c2->close(close_code::idle_timeout, "ping timeout");
      });
    });
  }

  void on_socketio(ws_connection& c, std::string_view data) {
    auto decoded = sio::decode(data);
    if (auto* err = std::get_if<std::string>(&decoded))
      return fail(c, err->c_str());
    auto& p = std::get<sio::packet>(decoded);
    if (p.nsp != sio::agents_nsp) {
      if (p.type != sio::packet_type::connect)
        return fail(c, "packet for a namespace not joined");
      return c.send(
        text(sio::encode(sio::packet_type::connect_error, p.nsp, std::nullopt,
                         nlohmann::json{{"message", "Invalid namespace"}})));
    }
    switch (p.type) {
      case sio::packet_type::connect:
        return on_connect(c, p);
      case sio::packet_type::disconnect:
        return leave_namespace();
      case sio::packet_type::event:
        if (!connected_)
          return fail(c, "event before CONNECT");
        if (!flood_.allow())
          return flood_.flooding()
                   ? c.close(close_code::rate_limited, "flooding")
                   : c.send(
                     text(sio_error(p.ack_id ? std::to_string(*p.ack_id) : "",
                                    "rate_limited", "slow down")));
        return forward(sio::to_command(p), data.size() + 1);
      case sio::packet_type::binary_event:
      case sio::packet_type::binary_ack:
        if (!connected_)
          return fail(c, "event before CONNECT");
        attachments_ = p.attachments;
        binary_ack_id_
          = p.type == sio::packet_type::binary_event ? p.ack_id : std::nullopt;
        if (attachments_ == 0 && binary_ack_id_)
          c.send(
            text(sio_error(std::to_string(*binary_ack_id_), "invalid_request",
                           "binary payloads are not supported; send "
                           "JSON")));
        return;
      case sio::packet_type::ack:
        return; // acks of server events: none are requested
      case sio::packet_type::connect_error:
        return fail(c, "CONNECT_ERROR from a client");
    }
  }

  void forward(client_command cmd, std::size_t size) {
    if (auto* rec = registry_.recorder())
      rec->client_event(conn_id_, who_.agent_id, "socketio", cmd, size);
    link_->command(std::move(cmd));
  }

  void refuse(ws_connection& c, const std::string& code,
              const std::string& message) {
    c.send(text(sio::encode(
      sio::packet_type::connect_error, sio::agents_nsp, std::nullopt,
      nlohmann::json{{"message", message}, {"data", {{"code", code}}}})));
  }

  void on_connect(ws_connection& c, const sio::packet& p) {
    if (connected_)
      return fail(c, "second CONNECT to /agents");
    // auth.token first, then the upgrade's ?token= / Authorization.
    std::string token = upgrade_token_;
    if (p.data && p.data->contains("token") && (*p.data)["token"].is_string())
      token = (*p.data)["token"].get<std::string>();
    auto who = disp_.authenticate(token);
    if (auto* err = std::get_if<api_error>(&who)) {
      if (auto wait = disp_.limit_anonymous(c.remote_ip()); wait > 0)
        return refuse(c, "rate_limited",
                      "too many failed connections; retry in "
                        + std::to_string(wait) + " s");
      return refuse(c, err->code, err->message);
    }
    auto& id = std::get<identity>(who);
    if (id.exp <= static_cast<std::int64_t>(std::time(nullptr)))
      return refuse(c, "token_expired",
                    "session token expired; create a new session");
    if (!registry_.acquire(id.agent_id))
      return refuse(c, "too_many_connections",
                    "this agent has too many open connections");
    who_ = session_identity{id.agent_id, id.name, id.role, id.exp};
    registry_.track(c.shared_from_this(), who_.agent_id);
    connected_ = true;
    connect_timer_->cancel();
    c.send(
      text(sio::encode(sio::packet_type::connect, sio::agents_nsp, std::nullopt,
                       nlohmann::json{{"sid", random_sid()}})));
    if (auto* rec = registry_.recorder()) {
      conn_id_ = rec->next_connection();
      rec->connection_event(conn_id_, who_.agent_id, "socketio", "connect");
    }
    auto sink = std::make_shared<ws_sink>(conn_, socketio_format);
    who_.framing = "socketio";
    who_.remote_address = c.remote_ip();
    link_ = runtime_.open_session(who_, sink);
    c.set_on_drained([link = link_] { link->drained(); });
    spdlog::debug("socket.io: agent {} connected from {}", who_.name,
                  c.remote_ip());
  }

  void leave_namespace() {
    if (!connected_)
      return;
    connected_ = false;
    if (auto* rec = registry_.recorder(); rec && conn_id_ != 0)
      rec->connection_event(conn_id_, who_.agent_id, "socketio", "disconnect");
    if (link_)
      link_->closed();
    link_.reset();
    registry_.release(who_.agent_id);
  }

  ws_registry& registry_;
  dispatcher& disp_;
  hub_runtime& runtime_;
  std::string upgrade_token_;
  socketio_timing timing_;
  std::weak_ptr<ws_connection> conn_;
  std::optional<asio::steady_timer> ping_timer_;
  std::optional<asio::steady_timer> connect_timer_;
  bool awaiting_pong_ = false;
  bool connected_ = false;
  int attachments_ = 0;
  std::optional<std::uint64_t> binary_ack_id_;
  session_identity who_;
  std::shared_ptr<session_link> link_;
  flood_guard flood_;
  std::uint64_t conn_id_ = 0; ///< recording connection number
};

} // namespace

std::unique_ptr<ws_protocol> make_socketio_protocol(ws_registry& registry,
                                                    dispatcher& disp,
                                                    hub_runtime& runtime,
                                                    std::string upgrade_token,
                                                    socketio_timing timing) {
  return std::make_unique<socketio_protocol>(registry, disp, runtime,
                                             std::move(upgrade_token), timing);
}

void register_socketio_encoder() {
  register_framing_encoder(framing::socketio, &sio_message_frame);
}

} // namespace agenthub::net
