// The replay scenario.
#include "tools/loadgen/replay_driver.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "tools/loadgen/replay_plan.hpp"
#include "tools/loadgen/schedule.hpp"

#include <algorithm>
#include <atomic>

namespace agenthub::loadgen {

namespace {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

/// Walks one recorded connection's events on its thread.
struct walker {
  std::shared_ptr<connection> conn;
  const replay_conn* plan = nullptr;
  asio::io_context* ioc = nullptr;
  std::unique_ptr<asio::steady_timer> timer;
  std::size_t next = 0;
  bool started = false;
  bool waiting = false; // the connection is opening
  bool paused = false;  // the walk waits for the connection to be ready
  bool finished = false;
};

class replay_driver : public driver {
public:
  replay_driver(const options& o, const recording& rec)
    : o_(o), rec_(rec), rp_(make_replay_plan(rec)) {
  }

  fleet_plan plan() const override {
    return rp_.plan;
  }

  double planned_seconds() const override {
    return std::chrono::duration<double>(
             scaled_deadline(rp_.length_s, o_.speed))
      .count();
  }

  bool open(run_context& ctx, worker_pool& pool, std::string&) override {
    ctx_ = &ctx;
    std::vector<std::vector<int>> agent_rooms(rp_.agents.size());
    for (std::size_t r = 0; r < rp_.plan.room_members.size(); ++r)
      for (int a : rp_.plan.room_members[r])
        agent_rooms[static_cast<std::size_t>(a)].push_back(static_cast<int>(r));
    for (std::size_t i = 0; i < rp_.conns.size(); ++i) {
      auto& rc = rp_.conns[i];
      conn_spec s;
      s.index = i;
      s.agent = rc.agent;
      s.wire = o_.framing_choice.value_or(rc.wire.value_or(framing::ws));
      if (!o_.source_ips.empty())
        s.source_ip = o_.source_ips[i % o_.source_ips.size()];
      s.rooms = agent_rooms[static_cast<std::size_t>(rc.agent)];
      auto& ioc = pool.context(i);
      walker w;
      w.conn = std::make_shared<connection>(ioc, ctx, std::move(s));
      w.plan = &rc;
      w.ioc = &ioc;
      w.timer = std::make_unique<asio::steady_timer>(ioc);
      conns_.push_back(w.conn);
      walkers_.push_back(std::move(w));
    }
    return true; // connections open at their recorded connect times
  }

  void start() override {
    t0_ = clock::now();
    for (std::size_t i = 0; i < walkers_.size(); ++i)
      asio::post(*walkers_[i].ioc, [this, i] { step(i); });
    if (walkers_.empty())
      all_done_ = true;
  }

  bool done() const override {
    return all_done_;
  }

  void close_all() override {
    for (auto& w : walkers_)
      asio::post(*w.ioc, [&w] {
        w.timer->cancel();
        w.conn->close();
      });
  }

  const std::vector<std::shared_ptr<connection>>& connections() const override {
    return conns_;
  }

  nlohmann::json describe() const override {
    nlohmann::json issues = nlohmann::json::array();
    for (std::size_t i = 0; i < rec_.issues.size() && i < 20; ++i)
      issues.push_back(
        {{"line", rec_.issues[i].line}, {"reason", rec_.issues[i].reason}});
    return {{"recording", o_.recording_file},
            {"speed", o_.speed.as_fast_as_possible
                        ? nlohmann::json("max")
                        : nlohmann::json(o_.speed.factor)},
            {"recorded_seconds", rp_.length_s},
            {"events", rec_.events.size()},
            {"replayed", replayed_.load()},
            {"skipped", skipped_.load()},
            {"late", late_.load()},
            {"orphan_events", rp_.orphan_events},
            {"unknown_events", rec_.unknown_events},
            {"malformed_lines", rec_.issues.size()},
            {"issues", issues},
            {"agents", rp_.agents.size()},
            {"rooms", rp_.rooms.size()},
            {"connections", rp_.conns.size()}};
  }

private:
  const recorded_event& event_of(const walker& w) const {
    return rec_.events[w.plan->events[w.next]];
  }

  void finish(walker& w) {
    if (w.finished)
      return;
    w.finished = true;
    skipped_ += w.plan->events.size() - w.next;
    w.next = w.plan->events.size();
    if (++finished_ == walkers_.size())
      all_done_ = true;
  }

  // Performs every event that is due, then sleeps until the next one.
  void step(std::size_t i) {
    auto& w = walkers_[i];
    while (w.next < w.plan->events.size()) {
      if (!ctx_->sending)
        return finish(w);
      auto& e = event_of(w);
      auto due = t0_ + scaled_deadline(e.t, o_.speed);
      if (clock::now() < due) {
        w.timer->expires_at(due);
        w.timer->async_wait([this, i](boost::system::error_code ec) {
          if (!ec)
            step(i);
        });
        return;
      }
      if (!perform(i, e)) {
        w.paused = true; // resumed by the ready callback
        return;
      }
      ++w.next;
    }
    finish(w);
  }

  // False when the walker must wait for the connection to be ready.
  bool perform(std::size_t i, const recorded_event& e) {
    auto& w = walkers_[i];
    if (e.kind == recorded_kind::connect) {
      if (w.started) {
        ++skipped_; // a second connect on the same recorded connection
        return true;
      }
      w.started = true;
      w.waiting = true;
      w.conn->start([this, i](bool ok) {
        auto& ww = walkers_[i];
        ww.waiting = false;
        if (!ok)
          return finish(ww);
        if (ww.paused) {
          ww.paused = false;
          asio::post(*ww.ioc, [this, i] { step(i); });
        }
      });
      ++replayed_;
      return true;
    }
    if (!w.started) {
      // No connect recorded before this event: open the connection now.
      recorded_event c = e;
      c.kind = recorded_kind::connect;
      perform(i, c);
      --replayed_;
    }
    if (w.waiting) {
      ++late_;
      return false; // resumed by the ready callback
    }
    if (!w.conn->ready()) {
      ++skipped_;
      return true;
    }
    ++replayed_;
    act(w, e);
    return true;
  }

  void act(walker& w, const recorded_event& e) {
    int room = -1;
    if (auto it = rp_.room_index.find(e.room); it != rp_.room_index.end())
      room = it->second; // fleet rooms are made in plan order
    switch (e.kind) {
      case recorded_kind::disconnect:
        return w.conn->close(true);
      case recorded_kind::message_send: {
        if (room < 0 || !ctx_->claim_send()) {
          ++skipped_;
          return;
        }
        bool use = o_.use_bodies && e.body.has_value();
        w.conn->send_message(room, std::max<std::size_t>(e.size, 1),
                             use ? &*e.body : nullptr, e.client_msg_id, -1);
        return;
      }
      case recorded_kind::room_join:
      case recorded_kind::room_leave:
      case recorded_kind::message_history:
      case recorded_kind::presence_list:
        if (room < 0) {
          ++skipped_;
          return;
        }
        return w.conn->send_request(e.event, room);
      default:
        return;
    }
  }

  const options& o_;
  const recording& rec_;
  replay_plan rp_;
  run_context* ctx_ = nullptr;
  std::vector<std::shared_ptr<connection>> conns_;
  std::vector<walker> walkers_;
  clock::time_point t0_;
  std::atomic<std::uint64_t> replayed_{0}, skipped_{0}, late_{0};
  std::atomic<std::size_t> finished_{0};
  std::atomic<bool> all_done_{false};
};

} // namespace

std::unique_ptr<driver> make_replay_driver(const options& opts,
                                           const recording& rec) {
  return std::make_unique<replay_driver>(opts, rec);
}

} // namespace agenthub::loadgen
