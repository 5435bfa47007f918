// /api/v1/agents: create (admin), list, get, update/disable (admin).
#include "config/defaults.hpp"
#include "net/json_body.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/query_params.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"
#include "persistence/agent_store.hpp"
#include "persistence/audit_store.hpp"

namespace agenthub::net {

namespace {

void create_agent(hub_context& ctx, request_context rc, responder done) {
  auto parsed
    = parse_json_body(*rc.req, {{"name", field_type::string, true},
                                {"displayName", field_type::string, false},
                                {"role", field_type::string, false}});
  if (auto* err = std::get_if<api_error>(&parsed))
    return done(error_response(*err));
  auto& body = std::get<nlohmann::json>(parsed);
  auto name = body["name"].get<std::string>();
  if (!is_slug(name))
    return done(error_response(errors::validation(
      "name must match ^[a-z0-9][a-z0-9_-]{0,63}$ (lower-case slug)")));
  auto display = body.value("displayName", name);
  if (!is_display_text(display, defaults::display_name_max_chars))
    return done(error_response(errors::validation(
      "displayName must be 1 to 128 characters without control characters")));
  auto role = body.value("role", std::string{"agent"});
  if (role != "agent" && role != "admin")
    return done(error_response(
      errors::validation("role must be \"agent\" or \"admin\"")));
  auto actor = rc.who->agent_id;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto row = db::insert_agent(tx, name, display, role);
    if (!row)
      return error_response(errors::conflict(
        "name_taken", "an agent named '" + name + "' already exists"));
    db::insert_audit(tx, db::audit::agent_created, row->id,
                     {{"by", actor}, {"name", name}, {"role", role}});
    return json_response(201, db::to_json(*row));
  });
}

void list_agents(hub_context& ctx, request_context rc, responder done) {
  auto limit = int_param(rc, "limit", 50, 1, 200);
  if (auto* err = std::get_if<api_error>(&limit))
    return done(error_response(*err));
  auto n = std::get<long long>(limit);
  auto after = rc.req->query.count("after") ? rc.req->query.at("after") : "";
  with_db(ctx, done, [=](pqxx::work& tx) {
    // One extra row tells whether another page exists.
    auto rows = db::list_agents(tx, after, static_cast<int>(n + 1));
    nlohmann::json list = nlohmann::json::array();
    nlohmann::json next = nullptr;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(n);
         ++i)
      list.push_back(db::to_json(rows[i]));
    if (rows.size() > static_cast<std::size_t>(n))
      next = rows[n - 1].name;
    return json_response(200, {{"agents", list}, {"nextCursor", next}});
  });
}

void get_agent(hub_context& ctx, const std::string& id, responder done) {
  if (!is_uuid(id))
    return done(error_response(errors::not_found("agent")));
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto row = db::find_agent(tx, id);
    if (!row)
      return error_response(errors::not_found("agent"));
    return json_response(200, db::to_json(*row));
  });
}

void update_agent(hub_context& ctx, request_context rc, responder done) {
  auto id = rc.param("id");
  if (!is_uuid(id))
    return done(error_response(errors::not_found("agent")));
  auto parsed
    = parse_json_body(*rc.req, {{"displayName", field_type::string, false},
                                {"disabled", field_type::boolean, false}});
  if (auto* err = std::get_if<api_error>(&parsed))
    return done(error_response(*err));
  auto& body = std::get<nlohmann::json>(parsed);
  std::optional<std::string> display;
  std::optional<bool> disabled;
  if (body.contains("displayName")) {
    display = body["displayName"].get<std::string>();
    if (!is_display_text(*display, defaults::display_name_max_chars))
      return done(error_response(
        errors::validation("displayName must be 1 to 128 characters without "
                           "control characters")));
  }
  if (body.contains("disabled"))
    disabled = body["disabled"].get<bool>();
  if (!display && !disabled)
    return done(error_response(
      errors::validation("nothing to update: give displayName or disabled")));
  if (disabled && *disabled && id == rc.who->agent_id)
    return done(error_response(errors::conflict(
      "cannot_disable_self", "an admin cannot disable their own agent")));
  auto actor = rc.who->agent_id;
  auto* status = &ctx.agents;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto row = db::update_agent(tx, id, display, disabled);
    if (!row)
      return committed_action{error_response(errors::not_found("agent")), {}};
    nlohmann::json changes = {{"by", actor}};
    if (display)
      changes["displayName"] = *display;
    if (disabled)
      changes["disabled"] = *disabled;
    db::insert_audit(tx, db::audit::agent_updated, id, changes);
    std::function<void()> apply;
    if (disabled)
      apply = [=] { status->set_disabled(id, *disabled); };
    return committed_action{json_response(200, db::to_json(*row)), apply};
  });
}

} // namespace

void add_agent_routes(router& r, hub_context& ctx) {
  r.add("POST", "/api/v1/agents", access::admin,
        [&ctx](request_context rc, responder done) {
          create_agent(ctx, std::move(rc), std::move(done));
        });
  r.add("GET", "/api/v1/agents", access::agent,
        [&ctx](request_context rc, responder done) {
          list_agents(ctx, std::move(rc), std::move(done));
        });
  r.add("GET", "/api/v1/agents/me", access::agent,
        [&ctx](request_context rc, responder done) {
          get_agent(ctx, rc.who->agent_id, std::move(done));
        });
  r.add("GET", "/api/v1/agents/:id", access::agent,
        [&ctx](request_context rc, responder done) {
          get_agent(ctx, rc.param("id"), std::move(done));
        });
  r.add("PATCH", "/api/v1/agents/:id", access::admin,
        [&ctx](request_context rc, responder done) {
          update_agent(ctx, std::move(rc), std::move(done));
        });
}

} // namespace agenthub::net
