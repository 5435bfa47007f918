// /admin: inspection of the live actor system (admin JWT only). Every read
// is answered by the stats collector from the latest reports, never by a
// room or session, so a flooded room cannot slow it down. MCP sessions hold
// no actor: they are read from the MCP session table (one mutex, a map).
#include "actors/blocking_pool.hpp"
#include "actors/hub_runtime.hpp"
#include "config/config.hpp"
#include "config/defaults.hpp"
#include "net/mcp_sessions.hpp"
#include "net/rest/admin_json.hpp"
#include "net/rest/admin_sources.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/query_params.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"
#include "persistence/room_store.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#ifndef AGENTHUB_VERSION
#  define AGENTHUB_VERSION "unknown"
#endif

namespace agenthub::net {

namespace {

using json = nlohmann::json;

/// Reads the collector and answers with `shape(view)`, or with the error:
/// 503 when the collector did not answer in time, 422 for a stale cursor,
/// 404 (`what`) when the item does not exist.
template <class Shape>
void read_then(hub_context& ctx, stats_query q, responder done,
               const char* what, Shape shape) {
  ctx.runtime.read_stats(
    std::move(q), [done, what, shape](outcome<stats_view> o) {
      if (!o.error_code.empty())
        return done(error_response(errors::unavailable(
          "the stats collector did not answer in time; retry")));
      if (!o.value.found && o.value.problem == "cursor")
        return done(error_response(errors::validation(
          "cursor expired or invalid; start again without a cursor")));
      if (!o.value.found)
        return done(error_response(errors::not_found(what)));
      done(shape(o.value));
    });
}

/// `limit`, `cursor` and (rooms) `sort` of a list request.
std::variant<stats_query, api_error> page_query(const request_context& rc,
                                                stats_query::kind_t kind) {
  stats_query q;
  q.kind = kind;
  auto limit = int_param(rc, "limit", defaults::admin_page_default, 1,
                         defaults::admin_page_max);
  if (auto* err = std::get_if<api_error>(&limit))
    return *err;
  q.limit = static_cast<std::uint32_t>(std::get<long long>(limit));
  const auto& query = rc.req->query;
  if (auto i = query.find("cursor"); i != query.end())
    q.cursor = i->second;
  if (auto i = query.find("sort"); i != query.end()) {
    if (kind != stats_query::rooms
        || (i->second != "rate" && i->second != "queue"))
      return errors::validation("query parameter 'sort' must be 'rate' or "
                                "'queue' (rooms only)");
    q.sort = i->second;
  }
  return q;
}

json next_cursor(const stats_view& v) {
  return v.next_cursor.empty() ? json(nullptr) : json(v.next_cursor);
}

void get_system(hub_context& ctx, const admin_sources& src, responder done) {
  auto facts = ctx.runtime.facts();
  auto pool = ctx.db.current_usage();
  auto connections = src.connections ? src.connections() : 0;
  auto websockets = src.websockets ? src.websockets() : 0;
  auto mcp_sessions = src.mcp ? src.mcp->count() : 0;
  auto uptime = std::floor(ctx.ready.uptime_seconds() * 1000) / 1000;
  auto io_threads = ctx.cfg.io_threads;
  bool writer_ok = ctx.runtime.writer_healthy();
  read_then(ctx, stats_query{}, done, "system", [=](const stats_view& v) {
    const auto& s = v.system;
    json writer
      = {{"queueDepth", s.writer_queue_depth},
         {"healthy", writer_ok},
         {"batchSize",
          {{"last", s.writer_batch_last},
           {"p50", admin_round(s.writer_batch_size.p50)},
           {"p99", admin_round(s.writer_batch_size.p99)},
           {"batches", s.writer_batch_size.count}}},
         {"commitLatencyMs", admin_percentiles_json(s.writer_commit_ms)}};
    json db_pool
      = {{"size", pool.workers},
         {"idle", pool.workers - pool.busy},
         {"inUse", pool.busy},
         {"queued", pool.pending > pool.busy ? pool.pending - pool.busy : 0}};
    return json_response(
      200, {{"nodeId", facts.node_id},
            {"version", AGENTHUB_VERSION},
            {"uptimeSeconds", uptime},
            {"scheduler", {{"threads", facts.scheduler_threads}}},
            {"io", {{"threads", io_threads}}},
            {"actors", {{"running", facts.running_actors}}},
            {"connections", connections},
            {"websockets", websockets},
            {"sessions", s.sessions + mcp_sessions},
            {"mcpSessions", mcp_sessions},
            {"roomsActive", s.rooms_active},
            {"roomsStale", s.rooms_stale},
            {"slowConsumers", s.slow_consumers},
            {"messagesInPerSec", admin_rate_json(s.messages_in)},
            {"deliveriesOutPerSec", admin_rate_json(s.deliveries_out)},
            {"ackLatencyMs", admin_percentiles_json(s.ack_ms)},
            {"writer", writer},
            {"db", {{"pool", db_pool}}}});
  });
}

void list_rooms(hub_context& ctx, request_context rc, responder done) {
  auto q = page_query(rc, stats_query::rooms);
  if (auto* err = std::get_if<api_error>(&q))
    return done(error_response(*err));
  read_then(ctx, std::get<stats_query>(q), done, "room",
            [](const stats_view& v) {
              json rooms = json::array();
              for (const auto& r : v.rooms)
                rooms.push_back(admin_room_json(r));
              return json_response(
                200, {{"rooms", rooms}, {"nextCursor", next_cursor(v)}});
            });
}

/// One room: its row and members from PostgreSQL, its live numbers and
/// subscribers from the collector (zeros when no room actor runs).
json room_detail(const db::room_row& row,
                 const std::vector<db::member_row>& members,
                 const outcome<stats_view>& o) {
  bool active = o.error_code.empty() && o.value.found && !o.value.rooms.empty();
  room_view view;
  if (active) {
    view = o.value.rooms.front();
  } else {
    view.last.room_id = row.id;
    view.last.slug = row.slug;
    view.last.members = static_cast<std::uint32_t>(members.size());
    view.last.last_seq = row.last_seq;
  }
  auto j = admin_room_json(view);
  j["name"] = row.name;
  j["archived"] = row.archived_at.has_value();
  j["active"] = active;
  if (!active)
    j["idleSeconds"] = nullptr;
  json subscribers = json::array();
  std::set<std::string> online;
  if (active)
    for (const auto& s : o.value.sessions) {
      subscribers.push_back(admin_session_json(s));
      online.insert(s.last.agent_id);
    }
  json list = json::array();
  for (const auto& m : members) {
    auto e = db::to_json(m);
    e["online"] = online.count(m.agent_id) > 0;
    list.push_back(std::move(e));
  }
  j["memberList"] = std::move(list);
  j["subscriberList"] = std::move(subscribers);
  return j;
}

void get_room(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("id");
  auto* rt = &ctx.runtime;
  bool queued = ctx.db.submit([=](worker_db& db) {
    std::optional<db::room_row> row;
    std::vector<db::member_row> members;
    try {
      pqxx::read_transaction tx{db.get()};
      row = db::find_room(tx, key);
      if (row)
        members = db::list_members(tx, row->id);
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("admin room", e);
      return done(error_response(db_failure_error(e)));
    }
    if (!row)
      return done(error_response(errors::not_found("room")));
    stats_query q;
    q.kind = stats_query::room;
    q.id = row->id;
    // A collector that does not answer leaves the live numbers at zero
    // (`active: false`) rather than failing the read.
    rt->read_stats(q, [done, row = *row, members](outcome<stats_view> o) {
      done(json_response(200, room_detail(row, members, o)));
    });
  });
  if (!queued)
    done(error_response(
      errors::unavailable("the hub is overloaded; retry shortly")));
}

/// One page of sessions: the collector's page and the MCP table's page
/// after the same cursor, merged by id. Both are keyed by UUIDv7 ids, so
/// the last id shown is a cursor for both.
json merged_sessions(const stats_view& v, const mcp_session_page& mcp,
                     std::size_t limit) {
  std::vector<std::pair<std::string, json>> all;
  for (const auto& s : v.sessions)
    all.emplace_back(s.last.session_id, admin_session_json(s));
  for (const auto& m : mcp.items)
    all.emplace_back(m.admin_id, admin_mcp_session_json(m));
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  bool more = all.size() > limit || !v.next_cursor.empty() || mcp.more;
  if (all.size() > limit)
    all.resize(limit);
  json sessions = json::array();
  for (auto& s : all)
    sessions.push_back(std::move(s.second));
  json next = more && !all.empty() ? json(all.back().first) : json(nullptr);
  return {{"sessions", std::move(sessions)}, {"nextCursor", std::move(next)}};
}

void list_sessions(hub_context& ctx, const admin_sources& src,
                   request_context rc, responder done) {
  auto q = page_query(rc, stats_query::sessions);
  if (auto* err = std::get_if<api_error>(&q))
    return done(error_response(*err));
  auto& query = std::get<stats_query>(q);
  auto mcp
    = src.mcp ? src.mcp->page(query.cursor, query.limit) : mcp_session_page{};
  read_then(ctx, query, done, "session",
            [mcp = std::move(mcp), limit = query.limit](const stats_view& v) {
              return json_response(200, merged_sessions(v, mcp, limit));
            });
}

void get_session(hub_context& ctx, const admin_sources& src, request_context rc,
                 responder done) {
  stats_query q;
  q.kind = stats_query::session;
  q.id = rc.param("id");
  if (src.mcp)
    if (auto m = src.mcp->find(q.id))
      return done(json_response(200, admin_mcp_session_json(*m)));
  read_then(ctx, q, done, "session", [](const stats_view& v) {
    return json_response(200, admin_session_json(v.sessions.front()));
  });
}

void kick_session(hub_context& ctx, const admin_sources& src,
                  request_context rc, responder done) {
  auto id = rc.param("id");
  // An MCP session has no connection to close: it ends, and its next
  // request is answered 404 like an expired session.
  if (src.mcp && src.mcp->kick(id))
    return done(json_response(
      200, {{"id", id}, {"kicked", true}, {"closeCode", nullptr}}));
  ctx.runtime.kick_session(id, [done, id](outcome<bool> o) {
    if (!o.error_code.empty())
      return done(error_response(errors::unavailable(
        "the stats collector did not answer in time; retry")));
    if (!o.value)
      return done(error_response(errors::not_found("session")));
    // 4001: net/close_codes.hpp, kicked.
    done(
      json_response(200, {{"id", id}, {"kicked", true}, {"closeCode", 4001}}));
  });
}

} // namespace

void add_admin_routes(router& r, hub_context& ctx, const admin_sources& src) {
  r.add("GET", "/admin/system", access::admin,
        [&ctx, &src](request_context, responder done) {
          get_system(ctx, src, std::move(done));
        });
  r.add("GET", "/admin/rooms", access::admin,
        [&ctx](request_context rc, responder done) {
          list_rooms(ctx, std::move(rc), std::move(done));
        });
  r.add("GET", "/admin/rooms/:id", access::admin,
        [&ctx](request_context rc, responder done) {
          get_room(ctx, std::move(rc), std::move(done));
        });
  r.add("GET", "/admin/sessions", access::admin,
        [&ctx, &src](request_context rc, responder done) {
          list_sessions(ctx, src, std::move(rc), std::move(done));
        });
  r.add("GET", "/admin/sessions/:id", access::admin,
        [&ctx, &src](request_context rc, responder done) {
          get_session(ctx, src, std::move(rc), std::move(done));
        });
  r.add("DELETE", "/admin/sessions/:id", access::admin,
        [&ctx, &src](request_context rc, responder done) {
          kick_session(ctx, src, std::move(rc), std::move(done));
        });
}

} // namespace agenthub::net
