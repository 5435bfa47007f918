// The synthetic scenario.
#include "tools/loadgen/synthetic_driver.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "tools/loadgen/synthetic_plan.hpp"

#include <random>

namespace agenthub::loadgen {

namespace {

namespace asio = boost::asio;
using clock = std::chrono::steady_clock;

/// One (room, member) that sends; lives on its connection's thread.
struct sender {
  std::shared_ptr<connection> conn;
  int room = 0;
  int outstanding = 0;
  int owed = 0;       // closed loop: sends to retry when the timer fires
  bool armed = false; // closed loop: the retry timer is waiting
  std::unique_ptr<asio::steady_timer> timer;
  clock::time_point next;
};

class synthetic_driver : public driver {
public:
  explicit synthetic_driver(const options& o)
    : o_(o), plan_(synthetic_plan(o)) {
  }

  fleet_plan plan() const override {
    return plan_;
  }

  double planned_seconds() const override {
    return o_.duration.value_or(10.0);
  }

  bool open(run_context& ctx, worker_pool& pool, std::string& why) override {
    ctx_ = &ctx;
    auto cpa = static_cast<std::size_t>(o_.connections_per_agent);
    std::vector<std::vector<int>> agent_rooms(
      static_cast<std::size_t>(plan_.agents));
    for (std::size_t r = 0; r < plan_.room_members.size(); ++r)
      for (int a : plan_.room_members[r])
        agent_rooms[static_cast<std::size_t>(a)].push_back(static_cast<int>(r));
    for (int i = 0; i < o_.connections; ++i) {
      conn_spec s;
      s.index = static_cast<std::uint64_t>(i);
      s.agent = static_cast<int>(static_cast<std::size_t>(i) / cpa);
      s.wire = o_.framing_choice.value_or(framing::ws);
      if (!o_.source_ips.empty())
        s.source_ip
          = o_.source_ips[static_cast<std::size_t>(i) % o_.source_ips.size()];
      s.rooms = agent_rooms[static_cast<std::size_t>(s.agent)];
      conns_.push_back(std::make_shared<connection>(
        pool.context(static_cast<std::size_t>(i)), ctx, std::move(s)));
    }
    auto ready = open_all(conns_, pool, o_.connect_timeout);
    if (ready < conns_.size()) {
      why = std::to_string(conns_.size() - ready) + " of "
            + std::to_string(conns_.size())
            + " connections did not open within --connect-timeout";
      return false;
    }
    make_senders(pool);
    return true;
  }

  void start() override {
    std::mt19937_64 rng{std::random_device{}()};
    for (std::size_t i = 0; i < senders_.size(); ++i) {
      // Open loop: a random phase within one period, so senders do not fire
      // in lockstep.
      auto phase
        = o_.rate > 0 ? std::chrono::nanoseconds(static_cast<long>(
            std::uniform_real_distribution<double>(0, 1e9 / o_.rate)(rng)))
                      : std::chrono::nanoseconds(0);
      asio::post(*ioc_of_[i], [this, i, phase] {
        auto& s = senders_[i];
        if (o_.rate > 0) {
          s.next = clock::now() + phase;
          arm(i);
        } else {
          for (int k = 0; k < o_.window; ++k)
            closed_loop_send(i);
        }
      });
    }
  }

  bool done() const override {
    return false; // the duration or --max-messages ends the run
  }

  void close_all() override {
    for (auto& c : conns_)
      asio::post(c_ioc(c), [c] { c->close(); });
    for (std::size_t i = 0; i < senders_.size(); ++i)
      asio::post(*ioc_of_[i], [this, i] {
        if (senders_[i].timer)
          senders_[i].timer->cancel();
      });
  }

  const std::vector<std::shared_ptr<connection>>& connections() const override {
    return conns_;
  }

  nlohmann::json describe() const override {
    return {{"senders", senders_.size()},
            {"agents", plan_.agents},
            {"rooms", plan_.room_members.size()},
            {"loop", o_.rate > 0 ? "open" : "closed"}};
  }

private:
  asio::io_context& c_ioc(const std::shared_ptr<connection>& c) {
    return *ioc_by_conn_.at(c->spec().index);
  }

  void make_senders(worker_pool& pool) {
    for (auto& c : conns_)
      ioc_by_conn_.push_back(&pool.context(c->spec().index));
    auto cpa = o_.connections_per_agent;
    for (std::size_t r = 0; r < plan_.room_members.size(); ++r) {
      auto& members = plan_.room_members[r];
      for (int j = 0; j < o_.senders && j < static_cast<int>(members.size());
           ++j) {
        int agent = members[static_cast<std::size_t>(j)];
        int first = agent * cpa;
        int count = std::min(cpa, o_.connections - first);
        auto idx
          = static_cast<std::size_t>(first + static_cast<int>(r) % count);
        sender s;
        s.conn = conns_[idx];
        s.room = static_cast<int>(r);
        s.timer = std::make_unique<asio::steady_timer>(*ioc_by_conn_[idx]);
        senders_.push_back(std::move(s));
        ioc_of_.push_back(ioc_by_conn_[idx]);
      }
    }
    // One connection may carry several senders: answers find theirs by slot.
    for (auto& c : conns_)
      c->on_send_answer = [this](int slot, bool ok) { answered(slot, ok); };
  }

  bool send_one(std::size_t i) {
    auto& s = senders_[i];
    if (!ctx_->claim_send())
      return false;
    return s.conn->send_message(s.room, static_cast<std::size_t>(o_.size),
                                nullptr, o_.client_msg_id, static_cast<int>(i));
  }

  void arm(std::size_t i) {
    auto& s = senders_[i];
    s.timer->expires_at(s.next);
    s.timer->async_wait([this, i](boost::system::error_code ec) {
      if (ec || !ctx_->sending)
        return;
      auto& st = senders_[i];
      auto period = std::chrono::nanoseconds(static_cast<long>(1e9 / o_.rate));
      // Keep the schedule (open loop): send what is due, up to a burst
      // of 100 when the thread fell behind.
      auto now = clock::now();
      for (int burst = 0; st.next <= now && burst < 100; ++burst) {
        send_one(i);
        st.next += period;
      }
      if (st.next <= now)
        st.next = now + period; // too far behind: skip ahead
      arm(i);
    });
  }

  void closed_loop_send(std::size_t i) {
    auto& s = senders_[i];
    if (send_one(i)) {
      ++s.outstanding;
      return;
    }
    retry_later(i, std::chrono::milliseconds(10));
  }

  // One timer per sender: retries owed meanwhile wait for the same expiry.
  void retry_later(std::size_t i, std::chrono::milliseconds delay) {
    auto& s = senders_[i];
    if (!ctx_->sending || !s.conn->ready())
      return;
    ++s.owed;
    if (s.armed)
      return;
    s.armed = true;
    s.timer->expires_after(delay);
    s.timer->async_wait([this, i](boost::system::error_code ec) {
      auto& st = senders_[i];
      st.armed = false;
      int n = st.owed;
      st.owed = 0;
      if (ec || !ctx_->sending)
        return;
      for (int k = 0; k < n; ++k)
        closed_loop_send(i);
    });
  }

  void answered(int slot, bool ok) {
    if (slot < 0 || o_.rate > 0)
      return;
    auto i = static_cast<std::size_t>(slot);
    --senders_[i].outstanding;
    if (!ctx_->sending)
      return;
    if (ok)
      closed_loop_send(i);
    else // back off after a refusal (rate_limited, too_many_in_flight, …)
      retry_later(i, std::chrono::milliseconds(100));
  }

  const options& o_;
  fleet_plan plan_;
  run_context* ctx_ = nullptr;
  std::vector<std::shared_ptr<connection>> conns_;
  std::vector<asio::io_context*> ioc_by_conn_;
  std::vector<sender> senders_;
  std::vector<asio::io_context*> ioc_of_;
};

} // namespace

std::unique_ptr<driver> make_synthetic_driver(const options& opts) {
  return std::make_unique<synthetic_driver>(opts);
}

} // namespace agenthub::loadgen
