// The client connection's protocol side: requests, replies, deliveries and
// subscriptions (the I/O side is connection.cpp).
#include "tools/loadgen/body_stamp.hpp"
#include "tools/loadgen/connection.hpp"
#include "tools/loadgen/fast_scan.hpp"

namespace agenthub::loadgen {

using json = nlohmann::json;

std::uint64_t connection::request(const std::string& type, json data,
                                  pending p) {
  auto id = next_id_++;
  p.type = type;
  enqueue(encode_request(spec_.wire, type, id, data));
  pending_.emplace(id, std::move(p));
  return id;
}

bool connection::send_message(int room, std::size_t size,
                              const std::string* body, bool client_msg_id,
                              int slot) {
  if (!ready())
    return false;
  if (queue_full()) {
    ctx_.counters.backpressure.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  body_stamp stamp{now_ns(), spec_.index, next_n_++};
  auto text = body ? stamp_body(stamp, *body) : make_body(stamp, size);
  std::string cmid;
  if (client_msg_id)
    cmid = ctx_.fl.prefix + "-" + std::to_string(spec_.index) + "-"
           + std::to_string(stamp.n);
  auto id = next_id_++;
  enqueue(encode_send(
    spec_.wire, id, ctx_.rooms[static_cast<std::size_t>(room)].id, text, cmid));
  pending p;
  p.is_send = true;
  p.room = room;
  p.slot = slot;
  p.sent_ns = stamp.send_ns;
  p.type = "message:send";
  pending_.emplace(id, std::move(p));
  ++pending_sends_;
  ctx_.counters.outstanding.fetch_add(1, std::memory_order_relaxed);
  ctx_.counters.sends.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void connection::send_request(const std::string& type, int room) {
  if (!ready())
    return;
  json data = {{"roomId", ctx_.rooms[static_cast<std::size_t>(room)].id}};
  if (type == "message:history")
    data["limit"] = 50;
  pending p;
  p.room = room;
  p.sent_ns = now_ns();
  request(type, std::move(data), std::move(p));
  ctx_.counters.requests.fetch_add(1, std::memory_order_relaxed);
}

void connection::on_frame(std::string_view text) {
  if (auto hot = scan_hot_frame(spec_.wire, text)) {
    if (hot->what == hot_frame::kind::message_new)
      return on_delivery(hot->room_id, hot->seq, hot->body_raw);
    auto it = pending_.find(hot->id);
    if (it != pending_.end() && it->second.is_send) {
      auto p = std::move(it->second);
      pending_.erase(it);
      return on_send_reply(p, true, hot->seq, hot->duplicate, {});
    }
  }
  auto in = decode_inbound(spec_.wire, text);
  using k = inbound::kind;
  switch (in.what) {
    case k::reply:
      return on_reply(in);
    case k::message_new:
      return on_message_new(in);
    case k::connected:
      return on_connected(in);
    case k::error_event:
      ctx_.counters.error_events.fetch_add(1, std::memory_order_relaxed);
      ctx_.errors.add(in.code);
      return;
    case k::eio_open:
      return enqueue(encode_connect(
        ctx_.fl.agents.at(static_cast<std::size_t>(spec_.agent)).jwt));
    case k::eio_ping:
      ctx_.counters.pings.fetch_add(1, std::memory_order_relaxed);
      return enqueue(eio_pong());
    case k::connect_ok:
      if (ctx_.fl.ready_without_connected)
        become_ready();
      return;
    case k::connect_error:
      return fail("CONNECT refused: " + in.code);
    case k::disconnect:
      return fail("disconnected by the server");
    case k::invalid:
      ctx_.counters.invalid_frames.fetch_add(1, std::memory_order_relaxed);
      ctx_.errors.add("invalid_frame");
      return;
    case k::event:
    case k::ignored:
      return;
  }
}

void connection::on_reply(const inbound& in) {
  if (!in.has_id)
    return;
  auto it = pending_.find(in.id);
  if (it == pending_.end())
    return; // an answer we did not ask for
  auto p = std::move(it->second);
  pending_.erase(it);
  if (!p.is_send)
    return on_request_reply(p, in);
  bool ok = in.ok && in.data.is_object() && in.data.contains("seq")
            && in.data["seq"].is_number_unsigned();
  on_send_reply(p, ok, ok ? in.data["seq"].get<std::uint64_t>() : 0,
                ok && in.data.value("duplicate", false),
                in.ok ? "reply_without_seq" : in.code);
}

void connection::on_send_reply(const pending& p, bool ok, std::uint64_t seq,
                               bool duplicate, const std::string& code) {
  --pending_sends_;
  ctx_.counters.outstanding.fetch_sub(1, std::memory_order_relaxed);
  auto latency_us = static_cast<std::uint64_t>((now_ns() - p.sent_ns) / 1000);
  if (ok) {
    ctx_.ack_latency.record(latency_us);
    ctx_.counters.acks.fetch_add(1, std::memory_order_relaxed);
    if (duplicate)
      ctx_.counters.acks_duplicate.fetch_add(1, std::memory_order_relaxed);
    acked_.push_back({p.room, seq, p.sent_ns});
    auto& room = ctx_.rooms[static_cast<std::size_t>(p.room)];
    room.acked(seq, p.sent_ns);
    auto subs = room.subscribers.load(std::memory_order_relaxed);
    ctx_.counters.expected.fetch_add(static_cast<std::uint64_t>(subs),
                                     std::memory_order_relaxed);
  } else {
    ctx_.counters.send_errors.fetch_add(1, std::memory_order_relaxed);
    ctx_.errors.add(code);
  }
  if (on_send_answer)
    on_send_answer(p.slot, ok);
  check_linger();
}

void connection::on_request_reply(const pending& p, const inbound& in) {
  ctx_.counters.replies.fetch_add(1, std::memory_order_relaxed);
  if (!in.ok) {
    ctx_.errors.add(in.code);
  } else if (p.type == "room:join") {
    auto& t = rooms_[p.room];
    if (t.left)
      t.seqs.reset_epoch(); // a new join resumes at the room's end
    if (!t.subscribed)
      subscribe(p.room);
  } else if (p.type == "room:leave") {
    auto& t = rooms_[p.room];
    t.left = true;
    if (t.subscribed)
      unsubscribe(p.room);
  }
  if (p.type == "room:join" && joins_waiting_ > 0 && --joins_waiting_ == 0)
    announce_ready();
}

void connection::on_message_new(const inbound& in) {
  auto& d = in.data;
  if (!d.is_object() || !d.contains("roomId") || !d["roomId"].is_string()
      || !d.contains("seq") || !d["seq"].is_number_unsigned()) {
    ctx_.counters.deliveries.fetch_add(1, std::memory_order_relaxed);
    ctx_.errors.add("bad_message_new");
    return;
  }
  std::string_view body;
  if (auto b = d.find("body"); b != d.end() && b->is_string())
    body = b->get_ref<const std::string&>();
  on_delivery(d["roomId"].get_ref<const std::string&>(),
              d["seq"].get<std::uint64_t>(), body);
}

int connection::room_index(std::string_view id) {
  // Deliveries come in runs of one room: remember the last lookup.
  if (last_room_ >= 0 && id == last_room_id_)
    return last_room_;
  int room = ctx_.room_of(std::string(id));
  if (room >= 0) {
    last_room_id_.assign(id.data(), id.size());
    last_room_ = room;
  }
  return room;
}

void connection::on_delivery(std::string_view room_id, std::uint64_t seq,
                             std::string_view body) {
  ctx_.counters.deliveries.fetch_add(1, std::memory_order_relaxed);
  int room = room_index(room_id);
  if (room < 0)
    return; // a room of someone else's
  auto& t = rooms_[room];
  if (t.left && !t.subscribed) {
    ++t.after_leave;
    return;
  }
  t.seqs.observe(seq);
  if (auto stamp = parse_stamp(body)) {
    ctx_.counters.stamped.fetch_add(1, std::memory_order_relaxed);
    ctx_.delivery_latency.record(
      static_cast<std::uint64_t>((now_ns() - stamp->send_ns) / 1000));
  }
  check_linger();
}

void connection::on_connected(const inbound& in) {
  if (ready_ || ctx_.fl.ready_without_connected)
    return;
  // Subscribed to every room listed; join the agent's others.
  std::vector<int> listed;
  if (in.data.is_object() && in.data.contains("rooms")
      && in.data["rooms"].is_array())
    for (auto& r : in.data["rooms"])
      if (r.is_object() && r.contains("roomId") && r["roomId"].is_string())
        if (int room = ctx_.room_of(r["roomId"].get<std::string>()); room >= 0)
          listed.push_back(room);
  for (int room : listed)
    subscribe(room);
  become_ready();
}

void connection::become_ready() {
  if (ready_)
    return;
  ready_ = true;
  joins_waiting_ = 0;
  // Rooms of the agent not subscribed yet (--setup none, or an automatic
  // subscription that failed): join them; ready once they answered.
  for (int room : spec_.rooms) {
    if (rooms_[room].subscribed)
      continue;
    ++joins_waiting_;
    send_request("room:join", room);
  }
  if (joins_waiting_ == 0)
    announce_ready();
}

void connection::announce_ready() {
  ctx_.counters.opened.fetch_add(1, std::memory_order_relaxed);
  if (on_ready_) {
    auto cb = std::move(on_ready_);
    on_ready_ = nullptr;
    cb(true);
  }
}

void connection::subscribe(int room) {
  auto& t = rooms_[room];
  t.subscribed = true;
  if (t.subscribed_ns < 0)
    t.subscribed_ns = now_ns();
  ctx_.rooms[static_cast<std::size_t>(room)].subscribers.fetch_add(1);
}

void connection::unsubscribe(int room) {
  rooms_[room].subscribed = false;
  ctx_.rooms[static_cast<std::size_t>(room)].subscribers.fetch_sub(1);
}

} // namespace agenthub::loadgen
