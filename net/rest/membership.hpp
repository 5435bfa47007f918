// Room membership rules shared by the REST API and the MCP tools.
#pragma once

#include "net/api_error.hpp"
#include "net/router.hpp"
#include "persistence/room_store.hpp"

#include <pqxx/pqxx>

#include <functional>
#include <optional>
#include <string>

namespace agenthub {
class hub_runtime;
} // namespace agenthub

namespace agenthub::net {

/// May `who` see this room? Members, admins, and anyone for public rooms.
bool can_see(pqxx::work& tx, const identity& who, const db::room_row& room);

/// May `who` manage the members of this room? Admins and the room's owner.
bool can_manage(pqxx::work& tx, const identity& who,
                const db::room_row& room);

/// The result of a membership change inside a transaction.
struct membership_change {
  std::optional<api_error> error; ///< set when refused (roll back)
  bool changed = false;           ///< false when it was already so
  std::optional<db::room_row> room;
  std::function<void()> notify;   ///< tell the live room, after COMMIT
};

/// Adds `agent` to the room `key` (id or slug). `self_join`: the caller
/// joins a public room (or one they belong to); otherwise the caller must
/// be an admin or the room's owner. Private rooms are invisible (404) to
/// non-members.
membership_change add_member_checked(pqxx::work& tx, hub_runtime* rt,
                                     const identity& who,
                                     const std::string& key,
                                     const std::string& agent, bool self_join);

/// Removes `agent` from the room `key`: anyone may leave, removing others
/// needs an admin or the room's owner.
membership_change remove_member_checked(pqxx::work& tx, hub_runtime* rt,
                                        const identity& who,
                                        const std::string& key,
                                        const std::string& agent);

} // namespace agenthub::net
