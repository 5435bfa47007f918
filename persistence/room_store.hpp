// Rooms and their members.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <pqxx/connection>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pqxx {
class transaction_base;
} // namespace pqxx

namespace agenthub::db {

/// One row of `rooms`.
struct room_row {
  std::string id;
  std::string slug;
  std::string name;
  std::optional<std::string> created_by;
  bool is_public = false;
  std::uint64_t last_seq = 0;
  std::string created_at;
  std::optional<std::string> archived_at;
};

/// One member of a room.
struct member_row {
  std::string agent_id;
  std::string name;
  std::string role; ///< "owner" | "member"
  std::string joined_at;
};

/// API representations (camelCase).
nlohmann::json to_json(const room_row& r);
nlohmann::json to_json(const member_row& m);

/// Prepares this store's statements on a connection.
void prepare_room_statements(pqxx::connection& c);

/// Creates a room with its creator as owner; nullopt if the slug is taken.
std::optional<room_row> insert_room(pqxx::transaction_base& t,
                                    const std::string& slug,
                                    const std::string& name, bool is_public,
                                    const std::string& creator);

/// A room by id or by slug.
std::optional<room_row> find_room(pqxx::transaction_base& t,
                                  const std::string& id_or_slug);

/// Rooms ordered by slug after `after_slug`: all rooms, or only those
/// `member_id` belongs to (when not empty).
std::vector<room_row> list_rooms(pqxx::transaction_base& t,
                                 const std::string& member_id,
                                 const std::string& after_slug, int limit);

/// A room an agent can see, with whether the agent is a member.
struct visible_room {
  room_row room;
  bool member = false;
};

/// Non-archived rooms the agent belongs to or may join (public), by slug.
std::vector<visible_room> list_visible_rooms(pqxx::transaction_base& t,
                                             const std::string& agent_id,
                                             int limit);

/// Marks a room archived (idempotent); nullopt if absent.
std::optional<room_row> archive_room(pqxx::transaction_base& t,
                                     const std::string& id);

/// Adds a member (idempotent). False if the agent does not exist.
bool add_member(pqxx::transaction_base& t, const std::string& room_id,
                const std::string& agent_id, const std::string& role);

/// Removes a member; false if they were not one.
bool remove_member(pqxx::transaction_base& t, const std::string& room_id,
                   const std::string& agent_id);

/// The members of a room, by join time.
std::vector<member_row> list_members(pqxx::transaction_base& t,
                                     const std::string& room_id);

/// The member's role ("owner"/"member"), or nullopt if not a member.
std::optional<std::string> member_role(pqxx::transaction_base& t,
                                       const std::string& room_id,
                                       const std::string& agent_id);

/// Number of rooms an agent belongs to.
int count_memberships(pqxx::transaction_base& t, const std::string& agent_id);

/// Ids of the non-archived rooms an agent belongs to.
std::vector<std::string> agent_room_ids(pqxx::transaction_base& t,
                                        const std::string& agent_id);

/// Member agent ids of a room.
std::vector<std::string> member_ids(pqxx::transaction_base& t,
                                    const std::string& room_id);

} // namespace agenthub::db
