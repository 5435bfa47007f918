// MCP session table: random ids, idle expiry, a bound on the count, and the
// admin's view (by a separate UUIDv7, never by the session id).
#include "net/mcp_sessions.hpp"

#include "actors/time_format.hpp"
#include "actors/uuid.hpp"
#include "config/defaults.hpp"
#include "net/auth/base64.hpp"
#include "net/auth/random.hpp"

#include <openssl/sha.h>

#include <algorithm>

namespace agenthub::net {

namespace {

using steady = std::chrono::steady_clock;

static_assert(std::chrono::seconds{request_counter::slots_n}
                == defaults::stats_short_window,
              "MCP events/s use the window of the other sessions");

std::int64_t second_of(steady::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch())
    .count();
}

/// The table's key for a session id: its SHA-256. The raw id (a bearer
/// credential) is never kept, and a lookup compares digests, so its time
/// says nothing about how much of a guessed id matched.
std::string key_of(const std::string& id) {
  std::string d(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(id.data()), id.size(),
         reinterpret_cast<unsigned char*>(d.data()));
  return d;
}

std::size_t slot_of(std::int64_t second) {
  return static_cast<std::size_t>(second) % request_counter::slots_n;
}

} // namespace

// --- request_counter
// ----------------------------------------------------------

void request_counter::add(std::int64_t second) {
  ++total;
  auto n = static_cast<std::int64_t>(slots_n);
  if (second > last_second) {
    // Clear the slots of the seconds skipped since the newest one.
    auto gap = std::min(second - last_second, n);
    for (std::int64_t s = second - gap + 1; s <= second; ++s)
      slots[slot_of(s)] = 0;
    last_second = second;
  }
  // `now` is read before the lock: a request may arrive slightly late.
  if (second > last_second - n)
    ++slots[slot_of(second)];
}

double request_counter::per_second(std::int64_t now_second) const {
  auto n = static_cast<std::int64_t>(slots_n);
  std::uint64_t sum = 0;
  // The slots hold (last_second - n, last_second]; the window is
  // (now_second - n, now_second].
  for (auto s = std::max(last_second, now_second) - n + 1; s <= last_second;
       ++s)
    sum += slots[slot_of(s)];
  return static_cast<double>(sum) / static_cast<double>(n);
}

// --- mcp_sessions: the MCP endpoint's side ----------------------------------

std::string mcp_sessions::create(mcp_opener who) {
  auto id = auth::base64url_encode(auth::random_bytes(32));
  mcp_session s;
  // Not derived from the id: nothing shown to an operator leads back to it.
  s.admin_id = make_uuid_v7();
  s.opener = std::move(who);
  s.created_at = s.last_used_at = std::chrono::system_clock::now();
  s.last_used = steady::now();
  s.requests.last_second = second_of(s.last_used);
  auto agent = s.opener.agent_id;
  auto key = key_of(id);
  std::lock_guard<std::mutex> g{mutex_};
  // One agent cannot crowd out the others: beyond its share, its own least
  // recently used session goes.
  if (per_agent_[agent] >= defaults::mcp_max_sessions_per_agent)
    evict_agent_lru(agent);
  if (sessions_.size() >= defaults::mcp_max_sessions)
    evict(s.last_used);
  admin_[s.admin_id] = key;
  ++per_agent_[agent];
  sessions_[key] = std::move(s);
  return id;
}

std::optional<mcp_session> mcp_sessions::use(const std::string& id,
                                             const std::string& agent_id) {
  auto now = steady::now();
  auto wall = std::chrono::system_clock::now();
  auto key = key_of(id);
  std::lock_guard<std::mutex> g{mutex_};
  auto i = sessions_.find(key);
  if (i == sessions_.end() || i->second.opener.agent_id != agent_id)
    return std::nullopt;
  if (expired(i->second, now)) {
    erase(i);
    return std::nullopt;
  }
  i->second.last_used = now;
  i->second.last_used_at = wall;
  i->second.requests.add(second_of(now));
  return i->second;
}

bool mcp_sessions::remove(const std::string& id, const std::string& agent_id) {
  auto key = key_of(id);
  std::lock_guard<std::mutex> g{mutex_};
  auto i = sessions_.find(key);
  if (i == sessions_.end() || i->second.opener.agent_id != agent_id)
    return false;
  erase(i);
  return true;
}

void mcp_sessions::evict(steady::time_point now) {
  // Drop expired sessions; if none expired, drop the least recently used.
  auto oldest = sessions_.end();
  for (auto i = sessions_.begin(); i != sessions_.end();) {
    if (expired(i->second, now)) {
      i = erase(i);
      continue;
    }
    if (oldest == sessions_.end()
        || i->second.last_used < oldest->second.last_used)
      oldest = i;
    ++i;
  }
  if (sessions_.size() >= defaults::mcp_max_sessions
      && oldest != sessions_.end())
    erase(oldest);
}

void mcp_sessions::evict_agent_lru(const std::string& agent_id) {
  auto oldest = sessions_.end();
  for (auto i = sessions_.begin(); i != sessions_.end(); ++i)
    if (i->second.opener.agent_id == agent_id
        && (oldest == sessions_.end()
            || i->second.last_used < oldest->second.last_used))
      oldest = i;
  if (oldest != sessions_.end())
    erase(oldest);
}

std::size_t mcp_sessions::remove_agent(const std::string& agent_id) {
  std::lock_guard<std::mutex> g{mutex_};
  std::size_t n = 0;
  for (auto i = sessions_.begin(); i != sessions_.end();)
    if (i->second.opener.agent_id == agent_id) {
      i = erase(i);
      ++n;
    } else {
      ++i;
    }
  return n;
}

mcp_sessions::table::iterator mcp_sessions::erase(table::iterator i) {
  admin_.erase(i->second.admin_id);
  auto a = per_agent_.find(i->second.opener.agent_id);
  if (a != per_agent_.end() && --a->second == 0)
    per_agent_.erase(a);
  return sessions_.erase(i);
}

bool mcp_sessions::expired(const mcp_session& s, steady::time_point now) {
  return now - s.last_used > defaults::mcp_session_idle;
}

// --- mcp_sessions: the admin's side
// -------------------------------------------

mcp_session_info mcp_sessions::info_of(const mcp_session& s,
                                       steady::time_point now) {
  mcp_session_info out;
  out.admin_id = s.admin_id;
  out.agent_id = s.opener.agent_id;
  out.agent_name = s.opener.agent_name;
  out.remote_address = s.opener.remote_address;
  out.connected_at = iso8601(s.created_at);
  out.last_used_at = iso8601(s.last_used_at);
  out.requests = s.requests.total;
  out.requests_per_sec = s.requests.per_second(second_of(now));
  return out;
}

mcp_session_page mcp_sessions::page(const std::string& after,
                                    std::size_t limit) {
  auto now = steady::now();
  mcp_session_page out;
  std::lock_guard<std::mutex> g{mutex_};
  auto i = after.empty() ? admin_.begin() : admin_.upper_bound(after);
  for (; i != admin_.end(); ++i) {
    const auto& s = sessions_.at(i->second);
    if (expired(s, now))
      continue; // forgotten by its next use or by count()
    if (out.items.size() == limit) {
      out.more = true;
      break;
    }
    out.items.push_back(info_of(s, now));
  }
  return out;
}

std::optional<mcp_session_info>
mcp_sessions::find(const std::string& admin_id) {
  auto now = steady::now();
  std::lock_guard<std::mutex> g{mutex_};
  auto i = admin_.find(admin_id);
  if (i == admin_.end())
    return std::nullopt;
  const auto& s = sessions_.at(i->second);
  if (expired(s, now))
    return std::nullopt;
  return info_of(s, now);
}

bool mcp_sessions::kick(const std::string& admin_id) {
  auto now = steady::now();
  std::lock_guard<std::mutex> g{mutex_};
  auto i = admin_.find(admin_id);
  if (i == admin_.end())
    return false;
  auto s = sessions_.find(i->second);
  if (s == sessions_.end()) { // cannot happen: the two maps move together
    admin_.erase(i);
    return false;
  }
  bool live = !expired(s->second, now);
  erase(s);
  return live;
}

std::size_t mcp_sessions::count() {
  auto now = steady::now();
  std::lock_guard<std::mutex> g{mutex_};
  for (auto i = sessions_.begin(); i != sessions_.end();)
    i = expired(i->second, now) ? erase(i) : std::next(i);
  return sessions_.size();
}

} // namespace agenthub::net
