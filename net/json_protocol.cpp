// The `/ws` protocol: decode JSON frames, hand them to the session.
#include "net/json_protocol.hpp"

#include "actors/hub_runtime.hpp"
#include "net/close_codes.hpp"
#include "net/traffic_recorder.hpp"
#include "net/ws_json_codec.hpp"
#include "net/ws_registry.hpp"
#include "net/ws_sink.hpp"

#include <spdlog/spdlog.h>

namespace agenthub::net {

namespace {

const wire_format json_format{framing::json_ws, &encode_ws_reply,
                              &encode_ws_error, &encode_ws_event};

class json_protocol : public ws_protocol {
public:
  json_protocol(ws_registry& reg, hub_runtime& rt, session_identity who)
    : registry_(reg), runtime_(rt), who_(std::move(who)),
      flood_(reg.frame_rate()) {
  }

  void on_open(ws_connection& c) override {
    if (auto* rec = registry_.recorder()) {
      conn_id_ = rec->next_connection();
      rec->connection_event(conn_id_, who_.agent_id, "ws", "connect");
    }
    auto sink = std::make_shared<ws_sink>(c.weak_from_this(), json_format);
    who_.framing = "ws";
    who_.remote_address = c.remote_ip();
    link_ = runtime_.open_session(who_, sink);
    c.set_on_drained([link = link_] { link->drained(); });
    spdlog::debug("ws: agent {} connected from {}", who_.name, c.remote_ip());
  }

  void on_text(ws_connection& c, std::string text) override {
    if (!flood_.allow()) {
      if (flood_.flooding())
        return c.close(close_code::rate_limited, "flooding");
      c.send(ws_frame(ws_opcode::text,
                      encode_ws_error("", "rate_limited", "slow down")));
      return;
    }
    auto cmd = decode_ws_json(text);
    if (auto* rec = registry_.recorder())
      rec->client_event(conn_id_, who_.agent_id, "ws", cmd, text.size());
    link_->command(std::move(cmd));
  }

  void on_binary(ws_connection& c, std::string) override {
    c.close(close_code::unsupported,
            "binary frames are not supported; send JSON text frames");
  }

  void on_closed(ws_connection& c) override {
    if (auto* rec = registry_.recorder(); rec && conn_id_ != 0)
      rec->connection_event(conn_id_, who_.agent_id, "ws", "disconnect");
    if (link_)
      link_->closed();
    registry_.release(who_.agent_id);
    registry_.untrack(&c);
    spdlog::debug("ws: agent {} disconnected", who_.name);
  }

private:
  ws_registry& registry_;
  hub_runtime& runtime_;
  session_identity who_;
  std::shared_ptr<session_link> link_;
  flood_guard flood_;
  std::uint64_t conn_id_ = 0; ///< recording connection number
};

} // namespace

std::unique_ptr<ws_protocol> make_json_protocol(ws_registry& registry,
                                                hub_runtime& runtime,
                                                session_identity who) {
  return std::make_unique<json_protocol>(registry, runtime, std::move(who));
}

} // namespace agenthub::net
