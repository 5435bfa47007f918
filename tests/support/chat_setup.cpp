// Real-time test setup: REST for agents and rooms, forged JWTs, and the
// common send/collect patterns of the `/ws` protocol.
#include "tests/support/chat_setup.hpp"

#include "tests/support/jwt_forge.hpp"

#include <stdexcept>
#include <thread>

namespace agenthub::testing {

namespace {

/// Pause before retrying a rate-limited send (the bucket refills at 30/s).
constexpr std::chrono::milliseconds rate_limit_pause{150};
/// Rate-limited attempts per message before giving up.
constexpr int max_rate_limited_retries = 40;

std::string describe(const std::string& what, const http_result& r) {
  return what + ": HTTP " + std::to_string(r.status) + " " + r.body;
}

} // namespace

std::string forge_session_jwt(const hub_fixture& hub,
                              const std::string& agent_id,
                              const std::string& name, std::int64_t exp) {
  return sign_hs256(hs256_header(hub.jwt_secret),
                    session_claims(agent_id, name, "agent", unix_now(), exp),
                    hub.jwt_secret);
}

chat_agent make_chat_agent(hub_fixture& hub, const std::string& prefix) {
  chat_agent a;
  a.name = unique_name(prefix);
  a.id = hub.create_agent(a.name)["id"].get<std::string>();
  a.jwt = forge_session_jwt(hub, a.id, a.name, unix_now() + 900);
  return a;
}

chat_room make_chat_room(hub_fixture& hub,
                         const std::vector<chat_agent>& members,
                         const std::string& prefix) {
  chat_room room;
  room.slug = unique_name(prefix);
  auto r = hub.post("/api/v1/rooms", hub.admin_jwt, {{"slug", room.slug}});
  if (r.status != 201)
    throw std::runtime_error(describe("create room " + room.slug, r));
  room.id = r.json["id"].get<std::string>();
  for (const auto& m : members) {
    auto added = hub.post("/api/v1/rooms/" + room.id + "/members",
                          hub.admin_jwt, {{"agentId", m.id}});
    if (added.status != 201)
      throw std::runtime_error(describe("add member " + m.name, added));
  }
  return room;
}

std::unique_ptr<ws_client> connect_chat(hub_fixture& hub,
                                        const chat_agent& agent,
                                        nlohmann::json* connected) {
  auto c = std::make_unique<ws_client>(hub.process().port(), agent.jwt);
  auto ev = c->wait_event("connected");
  if (connected != nullptr)
    *connected = ev;
  return c;
}

nlohmann::json send_data(const std::string& room_id, const std::string& body,
                         const std::string& client_msg_id) {
  nlohmann::json d = {{"roomId", room_id}, {"body", body}};
  if (!client_msg_id.empty())
    d["clientMsgId"] = client_msg_id;
  return d;
}

nlohmann::json send_message(ws_client& c, const std::string& room_id,
                            const std::string& body,
                            const std::string& client_msg_id) {
  for (int attempt = 0;; ++attempt) {
    auto reply
      = c.request("message:send", send_data(room_id, body, client_msg_id));
    if (reply.value("ok", false))
      return reply["data"];
    if (frame_error_code(reply) != "rate_limited"
        || attempt == max_rate_limited_retries)
      throw std::runtime_error("message:send failed: " + reply.dump());
    std::this_thread::sleep_for(rate_limit_pause);
  }
}

std::vector<nlohmann::json> send_many(const std::vector<ws_client*>& senders,
                                      const std::string& room_id,
                                      std::size_t count,
                                      const std::string& prefix,
                                      std::size_t body_bytes) {
  struct pending {
    ws_client* client;
    std::string ref;
    std::string id;
    std::string body;
  };
  std::vector<pending> sent;
  for (std::size_t i = 0; i < count; ++i) {
    auto* c = senders[i % senders.size()];
    auto id = prefix + "-" + std::to_string(i);
    auto body = id;
    if (body.size() < body_bytes)
      body.append(body_bytes - body.size(), 'x');
    auto ref = c->send_request("message:send", send_data(room_id, body, id));
    sent.push_back({c, ref, id, body});
  }
  std::vector<nlohmann::json> acks(count);
  for (std::size_t i = 0; i < count; ++i) {
    auto& p = sent[i];
    for (int attempt = 0;; ++attempt) {
      auto reply = p.client->wait_reply(p.ref);
      if (reply.value("ok", false)) {
        acks[i] = reply["data"];
        break;
      }
      if (frame_error_code(reply) != "rate_limited"
          || attempt == max_rate_limited_retries)
        throw std::runtime_error("message:send " + p.id
                                 + " failed: " + reply.dump());
      std::this_thread::sleep_for(rate_limit_pause);
      p.ref = p.client->send_request("message:send",
                                     send_data(room_id, p.body, p.id));
    }
  }
  return acks;
}

burst_replies send_burst(ws_client& c, const std::string& room_id,
                         std::size_t count, const std::string& prefix) {
  std::vector<std::string> refs;
  for (std::size_t i = 0; i < count; ++i)
    refs.push_back(c.send_request(
      "message:send",
      send_data(room_id, "burst", prefix + "-" + std::to_string(i))));
  burst_replies out;
  for (const auto& ref : refs) {
    auto reply = c.wait_reply(ref);
    if (reply.value("ok", false))
      ++out.ok;
    else if (frame_error_code(reply) == "rate_limited")
      ++out.rate_limited;
    else
      out.other.push_back(std::move(reply));
  }
  return out;
}

bool is_message_of(const nlohmann::json& frame, const std::string& room_id) {
  return frame_type(frame) == "message:new" && frame.contains("data")
         && frame["data"].value("roomId", "") == room_id;
}

std::vector<nlohmann::json>
collect_messages(ws_client& c, const std::string& room_id, std::size_t count,
                 std::chrono::milliseconds timeout) {
  std::vector<nlohmann::json> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out.size() < count) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    auto f = c.wait_for(
      [&](const nlohmann::json& j) { return is_message_of(j, room_id); },
      std::max(left, std::chrono::milliseconds{0}));
    if (!f)
      throw std::runtime_error(
        "only " + std::to_string(out.size()) + " of " + std::to_string(count)
        + " message:new events arrived; buffered: " + c.describe_buffer());
    out.push_back((*f)["data"]);
  }
  return out;
}

std::vector<std::uint64_t> seqs_of(const std::vector<nlohmann::json>& msgs) {
  std::vector<std::uint64_t> out;
  for (const auto& m : msgs)
    out.push_back(m["seq"].get<std::uint64_t>());
  return out;
}

std::vector<std::uint64_t> seq_range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> out;
  for (auto s = first; s <= last; ++s)
    out.push_back(s);
  return out;
}

long long message_rows(hub_fixture& hub, const std::string& room_id) {
  return hub.db.scalar("SELECT count(*) FROM messages WHERE room_id = $1::uuid",
                       room_id);
}

} // namespace agenthub::testing
