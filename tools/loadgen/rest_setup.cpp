// The REST setup provider.
#include "tools/loadgen/rest_setup.hpp"

#include "tools/loadgen/rest_client.hpp"
#include "tools/loadgen/reuse_file.hpp"
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <exception>
#include <mutex>
#include <thread>

namespace agenthub::loadgen {

namespace {

using json = nlohmann::json;

// Runs fn(client, i) for i in [0, count) on `workers` threads. Each worker
// has one REST client per source address and uses address i % n, so the
// per-IP login limit is spread. The first exception stops the rest and is
// rethrown.
template <class Fn>
void parallel_for(const options& o, rest_counters& counters, int count,
                  int workers, Fn fn) {
  std::atomic<int> next{0};
  std::exception_ptr failure;
  std::mutex m;
  auto work = [&] {
    std::vector<std::unique_ptr<rest_client>> clients;
    auto n_ips = o.source_ips.empty() ? 1 : o.source_ips.size();
    for (std::size_t k = 0; k < n_ips; ++k)
      clients.push_back(std::make_unique<rest_client>(
        o.url, o.source_ips.empty() ? "" : o.source_ips[k], counters));
    for (int i = next++; i < count; i = next++) {
      {
        std::lock_guard<std::mutex> g(m);
        if (failure)
          return;
      }
      try {
        fn(*clients[static_cast<std::size_t>(i) % n_ips], i);
      } catch (...) {
        std::lock_guard<std::mutex> g(m);
        if (!failure)
          failure = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < std::min(workers, count); ++w)
    threads.emplace_back(work);
  for (auto& t : threads)
    t.join();
  if (failure)
    std::rethrow_exception(failure);
}

[[noreturn]] void fail(const std::string& what, const rest_response& r) {
  throw setup_failure(what + ": HTTP " + std::to_string(r.status) + " "
                      + r.error_code());
}

std::int64_t unix_now() {
  return static_cast<std::int64_t>(std::time(nullptr));
}

/// Logs in with an API token: POST /api/v1/sessions.
void login(rest_client& c, agent_credentials& a) {
  auto r = c.call("POST", "/api/v1/sessions", a.api_token, nullptr);
  if (r.status != 200)
    fail("login of " + a.name, r);
  a.jwt = r.body.value("token", "");
  a.jwt_exp = unix_now() + r.body.value("expiresIn", 900);
}

/// The admin's session JWT, renewed when it expires during a long setup.
class admin_session {
public:
  admin_session(std::string token) : token_(std::move(token)) {
  }
  std::string jwt(rest_client& c) {
    std::lock_guard<std::mutex> g(m_);
    if (jwt_.empty() || unix_now() + 60 >= exp_) {
      agent_credentials a{"", "admin", token_, "", 0};
      login(c, a);
      jwt_ = a.jwt;
      exp_ = a.jwt_exp;
    }
    return jwt_;
  }

private:
  std::mutex m_;
  std::string token_, jwt_;
  std::int64_t exp_ = 0;
};

class rest_setup : public setup_provider {
public:
  explicit rest_setup(const options& o) : o_(o), admin_(o.admin_token) {
  }

  fleet provide(const fleet_plan& plan, double run_seconds) override {
    auto t0 = std::chrono::steady_clock::now();
    fleet f;
    std::optional<fleet> reused;
    if (!o_.reuse_file.empty())
      reused = load_reuse_file(o_.reuse_file, plan.shape());
    if (reused) {
      f = std::move(*reused);
      f.report.provider = "reuse";
      relogin(f, run_seconds);
    } else {
      f.report.provider = "rest";
      f.prefix = make_run_prefix();
      create_agents(f, plan);
      create_rooms(f, plan);
    }
    if (!o_.reuse_file.empty())
      save_reuse_file(o_.reuse_file, plan.shape(), f);
    f.report.seconds
      = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
          .count();
    f.report.requests = counters_.requests;
    f.report.retries_429 = counters_.retries_429;
    f.report.retries_503 = counters_.retries_503;
    f.report.logins = logins_;
    return f;
  }

private:
  void note(const char* what, int done, int total) {
    if (o_.json_only || !::isatty(2))
      return;
    std::fprintf(stderr, "\rsetup: %s %d/%d\x1b[K", what, done, total);
    if (done == total)
      std::fputc('\n', stderr);
  }

  void relogin(fleet& f, double run_seconds) {
    auto need = unix_now() + static_cast<std::int64_t>(run_seconds) + 120;
    std::atomic<int> done{0};
    int total = static_cast<int>(f.agents.size());
    parallel_for(o_, counters_, total, o_.login_concurrency,
                 [&](rest_client& c, int i) {
                   auto& a = f.agents[static_cast<std::size_t>(i)];
                   if (a.jwt.empty() || a.jwt_exp < need) {
                     login(c, a);
                     ++logins_;
                   }
                   note("logins", ++done, total);
                 });
  }

  void create_agents(fleet& f, const fleet_plan& plan) {
    f.agents.resize(static_cast<std::size_t>(plan.agents));
    std::atomic<int> done{0};
    parallel_for(o_, counters_, plan.agents, o_.login_concurrency,
                 [&](rest_client& c, int i) {
                   create_agent(c, f, i);
                   note("agents", ++done, plan.agents);
                 });
    f.report.agents_created = static_cast<std::uint64_t>(plan.agents);
  }

  void create_agent(rest_client& c, fleet& f, int i) {
    auto& a = f.agents[static_cast<std::size_t>(i)];
    a.name = f.prefix + "-a" + std::to_string(i);
    auto r
      = c.call("POST", "/api/v1/agents", admin_.jwt(c), json{{"name", a.name}});
    if (r.status != 201)
      fail("creating agent " + a.name, r);
    a.id = r.body.value("id", "");
    r = c.call("POST", "/api/v1/agents/" + a.id + "/tokens", admin_.jwt(c),
               json{{"name", "loadgen"}, {"expiresInDays", 30}});
    if (r.status != 201)
      fail("issuing a token for " + a.name, r);
    a.api_token = r.body.value("token", "");
    login(c, a);
    ++logins_;
  }

  void create_rooms(fleet& f, const fleet_plan& plan) {
    int total = static_cast<int>(plan.room_members.size());
    f.rooms.resize(plan.room_members.size());
    std::atomic<int> done{0};
    parallel_for(o_, counters_, total, o_.login_concurrency,
                 [&](rest_client& c, int r) {
                   create_room(c, f, plan, r);
                   note("rooms", ++done, total);
                 });
    f.report.rooms_created = static_cast<std::uint64_t>(total);
  }

  // The first member creates the room (and so owns it) and adds the
  // others: the admin's 600 requests/min stay for agents and tokens, and
  // the admin does not pile up memberships (1000 rooms at most).
  void create_room(rest_client& c, fleet& f, const fleet_plan& plan, int r) {
    auto& room = f.rooms[static_cast<std::size_t>(r)];
    room.members = plan.room_members[static_cast<std::size_t>(r)];
    room.slug = f.prefix + "-r" + std::to_string(r);
    auto& owner = f.agents[static_cast<std::size_t>(room.members.at(0))];
    auto res
      = c.call("POST", "/api/v1/rooms", owner.jwt, json{{"slug", room.slug}});
    if (res.status != 201)
      fail("creating room " + room.slug, res);
    room.id = res.body.value("id", "");
    for (std::size_t k = 1; k < room.members.size(); ++k) {
      auto& m = f.agents[static_cast<std::size_t>(room.members[k])];
      res = c.call("POST", "/api/v1/rooms/" + room.id + "/members", owner.jwt,
                   json{{"agentId", m.id}});
      if (res.status != 201 && res.status != 200)
        fail("adding " + m.name + " to " + room.slug, res);
    }
  }

  const options& o_;
  rest_counters counters_;
  admin_session admin_;
  std::atomic<std::uint64_t> logins_{0};
};

} // namespace

std::unique_ptr<setup_provider> make_rest_setup(const options& opts) {
  return std::make_unique<rest_setup>(opts);
}

} // namespace agenthub::loadgen
