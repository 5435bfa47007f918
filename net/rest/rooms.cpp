// /api/v1/rooms: create, list, get, archive; members; self-join.
#include "actors/hub_runtime.hpp"
#include "config/defaults.hpp"
#include "net/json_body.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/membership.hpp"
#include "net/rest/query_params.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"
#include "persistence/audit_store.hpp"
#include "persistence/room_store.hpp"

namespace agenthub::net {

namespace {

api_error room_not_found() {
  return errors::not_found("room");
}

api_error too_many_rooms() {
  return errors::conflict("too_many_rooms",
                          "the agent already belongs to "
                            + std::to_string(defaults::max_rooms_per_agent)
                            + " rooms");
}

void create_room(hub_context& ctx, request_context rc, responder done) {
  auto parsed
    = parse_json_body(*rc.req, {{"slug", field_type::string, true},
                                {"name", field_type::string, false},
                                {"isPublic", field_type::boolean, false}});
  if (auto* err = std::get_if<api_error>(&parsed))
    return done(error_response(*err));
  auto& body = std::get<nlohmann::json>(parsed);
  auto slug = body["slug"].get<std::string>();
  if (!is_slug(slug))
    return done(error_response(errors::validation(
      "slug must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case slug)")));
  auto name = body.value("name", slug);
  if (!is_display_text(name, defaults::display_name_max_chars))
    return done(error_response(errors::validation(
      "name must be 1 to 128 characters without control characters")));
  bool is_public = body.value("isPublic", false);
  auto creator = rc.who->agent_id;
  with_db(ctx, done, [=](pqxx::work& tx) {
    if (db::count_memberships(tx, creator) >= defaults::max_rooms_per_agent)
      return error_response(too_many_rooms());
    auto row = db::insert_room(tx, slug, name, is_public, creator);
    if (!row)
      return error_response(errors::conflict(
        "slug_taken", "a room with slug '" + slug + "' already exists"));
    db::insert_audit(tx, db::audit::room_created, creator,
                     {{"roomId", row->id}, {"slug", slug}});
    return json_response(201, db::to_json(*row));
  });
}

void list_rooms(hub_context& ctx, request_context rc, responder done) {
  auto limit = int_param(rc, "limit", 50, 1, 200);
  if (auto* err = std::get_if<api_error>(&limit))
    return done(error_response(*err));
  auto n = std::get<long long>(limit);
  auto after = rc.req->query.count("after") ? rc.req->query.at("after") : "";
  auto member = rc.who->is_admin() ? std::string{} : rc.who->agent_id;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto rows = db::list_rooms(tx, member, after, static_cast<int>(n + 1));
    nlohmann::json list = nlohmann::json::array();
    nlohmann::json next = nullptr;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(n);
         ++i)
      list.push_back(db::to_json(rows[i]));
    if (rows.size() > static_cast<std::size_t>(n))
      next = rows[n - 1].slug;
    return json_response(200, {{"rooms", list}, {"nextCursor", next}});
  });
}

void get_room(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("id");
  auto who = *rc.who;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto row = db::find_room(tx, key);
    if (!row || !can_see(tx, who, *row))
      return error_response(room_not_found());
    return json_response(200, db::to_json(*row));
  });
}

void archive_room(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("id");
  auto actor = rc.who->agent_id;
  auto* rt = &ctx.runtime;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto found = db::find_room(tx, key);
    if (!found)
      return committed_action{error_response(room_not_found()), {}};
    auto row = db::archive_room(tx, found->id);
    db::insert_audit(tx, db::audit::room_archived, actor,
                     {{"roomId", row->id}});
    auto id = row->id;
    return committed_action{json_response(200, db::to_json(*row)),
                            [rt, id] { rt->room_archived(id); }};
  });
}

void list_members(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("id");
  auto who = *rc.who;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto row = db::find_room(tx, key);
    if (!row || !can_see(tx, who, *row))
      return error_response(room_not_found());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : db::list_members(tx, row->id))
      list.push_back(db::to_json(m));
    return json_response(200, {{"roomId", row->id}, {"members", list}});
  });
}

/// A membership change as a REST answer (committed before it is sent).
committed_action to_response(membership_change c, const std::string& agent) {
  if (c.error)
    return {error_response(*c.error), {}};
  return {json_response(c.changed ? 201 : 200,
                        {{"roomId", c.room->id}, {"agentId", agent}}),
          std::move(c.notify)};
}

void add_member(hub_context& ctx, request_context rc, responder done) {
  auto parsed
    = parse_json_body(*rc.req, {{"agentId", field_type::string, true}});
  if (auto* err = std::get_if<api_error>(&parsed))
    return done(error_response(*err));
  auto agent = std::get<nlohmann::json>(parsed)["agentId"].get<std::string>();
  if (!is_uuid(agent))
    return done(error_response(errors::not_found("agent")));
  auto key = rc.param("id");
  auto who = *rc.who;
  auto* rt = &ctx.runtime;
  with_db(ctx, done, [=](pqxx::work& tx) {
    return to_response(add_member_checked(tx, rt, who, key, agent, false),
                       agent);
  });
}

void join_room(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("id");
  auto who = *rc.who;
  auto* rt = &ctx.runtime;
  with_db(ctx, done, [=](pqxx::work& tx) {
    return to_response(
      add_member_checked(tx, rt, who, key, who.agent_id, true), who.agent_id);
  });
}

void remove_member(hub_context& ctx, request_context rc, responder done) {
  auto key = rc.param("id");
  auto agent = rc.param("agentId");
  auto who = *rc.who;
  auto* rt = &ctx.runtime;
  if (!is_uuid(agent))
    return done(error_response(errors::not_found("member")));
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto c = remove_member_checked(tx, rt, who, key, agent);
    if (!c.error)
      c.changed = false; // removal answers 200
    return to_response(std::move(c), agent);
  });
}

template <class F>
handler bind(hub_context& ctx, F f) {
  return [&ctx, f](request_context rc, responder done) {
    f(ctx, std::move(rc), std::move(done));
  };
}

} // namespace

void add_room_routes(router& r, hub_context& ctx) {
  r.add("POST", "/api/v1/rooms", access::agent, bind(ctx, create_room));
  r.add("GET", "/api/v1/rooms", access::agent, bind(ctx, list_rooms));
  r.add("GET", "/api/v1/rooms/:id", access::agent, bind(ctx, get_room));
  r.add("DELETE", "/api/v1/rooms/:id", access::admin, bind(ctx, archive_room));
  r.add("GET", "/api/v1/rooms/:id/members", access::agent,
        bind(ctx, list_members));
  r.add("POST", "/api/v1/rooms/:id/members", access::agent,
        bind(ctx, add_member));
  r.add("DELETE", "/api/v1/rooms/:id/members/:agentId", access::agent,
        bind(ctx, remove_member));
  r.add("POST", "/api/v1/rooms/:id/join", access::agent, bind(ctx, join_room));
}

} // namespace agenthub::net
