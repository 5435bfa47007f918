// Room and membership rows; prepared statements only.
#include "persistence/room_store.hpp"

#include "persistence/probe.hpp"
#include "persistence/sql_util.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace agenthub::db {

namespace {

std::string columns() {
  return "id::text, slug, name, created_by::text, is_public, last_seq, "
         + iso("created_at") + ", " + iso("archived_at");
}

room_row decode(const pqxx::row& r) {
  return room_row{r[0].as<std::string>(), r[1].as<std::string>(),
                  r[2].as<std::string>(), opt_text(r[3]),
                  r[4].as<bool>(),        r[5].as<std::uint64_t>(),
                  r[6].as<std::string>(), opt_text(r[7])};
}

std::optional<room_row> first(const pqxx::result& r) {
  if (r.empty())
    return std::nullopt;
  return decode(r[0]);
}

nlohmann::json nullable(const std::optional<std::string>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

} // namespace

nlohmann::json to_json(const room_row& r) {
  return {{"id", r.id},
          {"slug", r.slug},
          {"name", r.name},
          {"createdBy", nullable(r.created_by)},
          {"isPublic", r.is_public},
          {"lastSeq", r.last_seq},
          {"createdAt", r.created_at},
          {"archived", r.archived_at.has_value()},
          {"archivedAt", nullable(r.archived_at)}};
}

nlohmann::json to_json(const member_row& m) {
  return {{"agentId", m.agent_id},
          {"name", m.name},
          {"role", m.role},
          {"joinedAt", m.joined_at}};
}

void prepare_room_statements(pqxx::connection& c) {
  c.prepare("room_insert",
            "WITH r AS (INSERT INTO rooms (slug, name, is_public, created_by)"
            " VALUES ($1, $2, $3, $4::uuid) ON CONFLICT (slug) DO NOTHING"
            " RETURNING *), m AS (INSERT INTO room_members (room_id,"
            " agent_id, role) SELECT id, $4::uuid, 'owner' FROM r)"
            " SELECT "
              + columns() + " FROM r");
  // A UUID-shaped text is looked up as an id, anything else as a slug.
  c.prepare("room_find",
            "SELECT " + columns()
              + " FROM rooms WHERE CASE WHEN $1 ~ "
                "'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                "[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' THEN id = $1::uuid"
                " ELSE slug = $1 END");
  c.prepare("room_list_all", "SELECT " + columns()
                               + " FROM rooms WHERE slug > $1 ORDER BY slug"
                                 " LIMIT $2");
  c.prepare("room_list_member",
            "SELECT " + columns()
              + " FROM rooms WHERE slug > $1 AND id IN (SELECT room_id FROM"
                " room_members WHERE agent_id = $3::uuid) ORDER BY slug"
                " LIMIT $2");
  c.prepare("room_list_visible",
            "SELECT " + columns()
              + ", EXISTS (SELECT 1 FROM room_members m WHERE m.room_id = id"
                " AND m.agent_id = $1::uuid) FROM rooms WHERE archived_at IS"
                " NULL AND (is_public OR id IN (SELECT room_id FROM"
                " room_members WHERE agent_id = $1::uuid)) ORDER BY slug"
                " LIMIT $2");
  c.prepare("room_archive",
            "UPDATE rooms SET archived_at = coalesce(archived_at, now())"
            " WHERE id = $1::uuid RETURNING "
              + columns());
  c.prepare("member_add",
            "INSERT INTO room_members (room_id, agent_id, role)"
            " SELECT $1::uuid, a.id, $3 FROM agents a WHERE a.id = $2::uuid"
            " ON CONFLICT (room_id, agent_id) DO NOTHING RETURNING agent_id");
  c.prepare("member_exists",
            "SELECT role FROM room_members WHERE room_id = $1::uuid"
            " AND agent_id = $2::uuid");
  c.prepare("member_remove", "DELETE FROM room_members WHERE room_id = $1::uuid"
                             " AND agent_id = $2::uuid");
  c.prepare("member_list",
            "SELECT m.agent_id::text, a.name, m.role, " + iso("m.joined_at")
              + " FROM room_members m JOIN agents a ON a.id = m.agent_id"
                " WHERE m.room_id = $1::uuid ORDER BY m.joined_at, a.name");
  c.prepare("member_count",
            "SELECT count(*) FROM room_members WHERE agent_id = $1::uuid");
  c.prepare("member_rooms",
            "SELECT m.room_id::text FROM room_members m JOIN rooms r ON"
            " r.id = m.room_id WHERE m.agent_id = $1::uuid AND"
            " r.archived_at IS NULL ORDER BY r.slug");
  c.prepare("member_ids", "SELECT agent_id::text FROM room_members"
                          " WHERE room_id = $1::uuid");
}

std::optional<room_row> insert_room(pqxx::transaction_base& t,
                                    const std::string& slug,
                                    const std::string& name, bool is_public,
                                    const std::string& creator) {
  query_timer timer{"room_insert"};
  return first(t.exec_prepared("room_insert", slug, name, is_public, creator));
}

std::optional<room_row> find_room(pqxx::transaction_base& t,
                                  const std::string& id_or_slug) {
  query_timer timer{"room_find"};
  return first(t.exec_prepared("room_find", id_or_slug));
}

std::vector<room_row> list_rooms(pqxx::transaction_base& t,
                                 const std::string& member_id,
                                 const std::string& after_slug, int limit) {
  query_timer timer{"room_list"};
  auto r
    = member_id.empty()
        ? t.exec_prepared("room_list_all", after_slug, limit)
        : t.exec_prepared("room_list_member", after_slug, limit, member_id);
  std::vector<room_row> out;
  for (const auto& row : r)
    out.push_back(decode(row));
  return out;
}

std::vector<visible_room> list_visible_rooms(pqxx::transaction_base& t,
                                             const std::string& agent_id,
                                             int limit) {
  query_timer timer{"room_list"};
  std::vector<visible_room> out;
  for (const auto& r : t.exec_prepared("room_list_visible", agent_id, limit))
    out.push_back({decode(r), r[8].as<bool>()});
  return out;
}

std::optional<room_row> archive_room(pqxx::transaction_base& t,
                                     const std::string& id) {
  query_timer timer{"room_update"};
  return first(t.exec_prepared("room_archive", id));
}

bool add_member(pqxx::transaction_base& t, const std::string& room_id,
                const std::string& agent_id, const std::string& role) {
  query_timer timer{"member_update"};
  t.exec_prepared("member_add", room_id, agent_id, role);
  return t.exec_prepared("member_exists", room_id, agent_id).size() == 1;
}

bool remove_member(pqxx::transaction_base& t, const std::string& room_id,
                   const std::string& agent_id) {
  query_timer timer{"member_update"};
  return t.exec_prepared("member_remove", room_id, agent_id).affected_rows()
         > 0;
}

std::vector<member_row> list_members(pqxx::transaction_base& t,
                                     const std::string& room_id) {
  query_timer timer{"member_list"};
  std::vector<member_row> out;
  for (const auto& r : t.exec_prepared("member_list", room_id))
    out.push_back({r[0].as<std::string>(), r[1].as<std::string>(),
                   r[2].as<std::string>(), r[3].as<std::string>()});
  return out;
}

std::optional<std::string> member_role(pqxx::transaction_base& t,
                                       const std::string& room_id,
                                       const std::string& agent_id) {
  query_timer timer{"member_find"};
  auto r = t.exec_prepared("member_exists", room_id, agent_id);
  if (r.empty())
    return std::nullopt;
  return r[0][0].as<std::string>();
}

int count_memberships(pqxx::transaction_base& t, const std::string& agent_id) {
  query_timer timer{"member_find"};
  return t.exec_prepared1("member_count", agent_id)[0].as<int>();
}

std::vector<std::string> agent_room_ids(pqxx::transaction_base& t,
                                        const std::string& agent_id) {
  query_timer timer{"member_list"};
  std::vector<std::string> out;
  for (const auto& r : t.exec_prepared("member_rooms", agent_id))
    out.push_back(r[0].as<std::string>());
  return out;
}

std::vector<std::string> member_ids(pqxx::transaction_base& t,
                                    const std::string& room_id) {
  query_timer timer{"member_list"};
  std::vector<std::string> out;
  for (const auto& r : t.exec_prepared("member_ids", room_id))
    out.push_back(r[0].as<std::string>());
  return out;
}

} // namespace agenthub::db
