// Who may add and remove room members, and the audit trail of it.
#include "net/rest/membership.hpp"

#include "actors/hub_runtime.hpp"
#include "config/defaults.hpp"
#include "persistence/audit_store.hpp"

#include <nlohmann/json.hpp>

namespace agenthub::net {

bool can_see(pqxx::work& tx, const identity& who, const db::room_row& room) {
  return who.is_admin() || room.is_public
         || db::member_role(tx, room.id, who.agent_id).has_value();
}

bool can_manage(pqxx::work& tx, const identity& who,
                const db::room_row& room) {
  if (who.is_admin())
    return true;
  auto role = db::member_role(tx, room.id, who.agent_id);
  return role && *role == "owner";
}

namespace {

membership_change refused(api_error e) {
  membership_change c;
  c.error = std::move(e);
  return c;
}

} // namespace

membership_change add_member_checked(pqxx::work& tx, hub_runtime* rt,
                                     const identity& who,
                                     const std::string& key,
                                     const std::string& agent,
                                     bool self_join) {
  auto row = db::find_room(tx, key);
  // A private room is invisible (404, not 403) to non-members.
  if (!row || !can_see(tx, who, *row))
    return refused(errors::not_found("room"));
  if (!self_join && !can_manage(tx, who, *row))
    return refused(
      errors::forbidden("only an admin or the room's owner can add members"));
  if (row->archived_at)
    return refused(errors::conflict("room_archived", "the room is archived"));
  bool already = db::member_role(tx, row->id, agent).has_value();
  if (!already
      && db::count_memberships(tx, agent) >= defaults::max_rooms_per_agent)
    return refused(errors::conflict(
      "too_many_rooms", "the agent already belongs to "
                          + std::to_string(defaults::max_rooms_per_agent)
                          + " rooms"));
  if (!db::add_member(tx, row->id, agent, "member"))
    return refused(errors::not_found("agent"));
  membership_change c;
  c.changed = !already;
  c.room = row;
  if (c.changed) {
    db::insert_audit(tx, db::audit::member_added, agent,
                     {{"roomId", row->id}, {"by", who.agent_id}});
    auto room_id = row->id;
    c.notify = [rt, room_id, agent] { rt->member_changed(room_id, agent, true); };
  }
  return c;
}

membership_change remove_member_checked(pqxx::work& tx, hub_runtime* rt,
                                        const identity& who,
                                        const std::string& key,
                                        const std::string& agent) {
  auto row = db::find_room(tx, key);
  if (!row || !can_see(tx, who, *row))
    return refused(errors::not_found("room"));
  if (agent != who.agent_id && !can_manage(tx, who, *row))
    return refused(errors::forbidden(
      "only an admin or the room's owner can remove members"));
  if (!db::remove_member(tx, row->id, agent))
    return refused(errors::not_found("member"));
  db::insert_audit(tx, db::audit::member_removed, agent,
                   {{"roomId", row->id}, {"by", who.agent_id}});
  membership_change c;
  c.changed = true;
  c.room = row;
  auto room_id = row->id;
  c.notify = [rt, room_id, agent] { rt->member_changed(room_id, agent, false); };
  return c;
}

} // namespace agenthub::net
