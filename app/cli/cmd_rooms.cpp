// `agenthub rooms …` and `agenthub history`.
#include "app/cli/command.hpp"
#include "app/cli/errors.hpp"
#include "app/cli/hub_client.hpp"
#include "app/cli/output.hpp"

namespace agenthub::cli {

using nlohmann::json;

namespace {

/// The REST path of room `room` (a slug or an id).
std::string room_path(const std::string& room) {
  return "/api/v1/rooms/" + url_encode(room);
}

void print_room(const json& room, const std::string& verb) {
  print_line(verb + " room " + text_of(room, "slug") + " (id "
             + text_of(room, "id") + ", "
             + (room.value("isPublic", false) ? "public" : "private")
             + (room.value("archived", false) ? ", archived" : "") + ")");
}

int run_rooms_create(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  json body{{"slug", a.positional[0]}};
  if (auto n = a.get("--name"))
    body["name"] = *n;
  if (a.has("--public"))
    body["isPublic"] = true;
  auto room = hub.call("POST", "/api/v1/rooms", body);
  a.json() ? print_json(room) : print_room(room, "Created");
  return exit_code::ok;
}

int run_rooms_list(const parsed_args& a) {
  auto limit = a.get_int("--limit", 1, 200, 0);
  auto hub = hub_client::from_environment();
  auto list = get_list(hub, "/api/v1/rooms", "rooms", limit,
                       a.get("--after").value_or(""));
  if (a.json()) {
    print_json(list);
    return exit_code::ok;
  }
  table t{{"SLUG", "NAME", "VISIBILITY", "LAST SEQ", "STATE", "ID"}};
  for (const auto& r : list["rooms"])
    t.add({text_of(r, "slug"), text_of(r, "name"),
           r.value("isPublic", false) ? "public" : "private",
           text_of(r, "lastSeq"),
           r.value("archived", false) ? "archived" : "open", text_of(r, "id")});
  t.print("No rooms.");
  if (list["nextCursor"].is_string())
    print_note("more: --after " + text_of(list, "nextCursor"));
  return exit_code::ok;
}

int run_rooms_show(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto room = hub.call("GET", room_path(a.positional[0]));
  if (a.json()) {
    print_json(room);
    return exit_code::ok;
  }
  for (const char* key : {"slug", "name", "id", "isPublic", "archived",
                          "lastSeq", "createdBy", "createdAt", "archivedAt"})
    print_line(std::string{key} + ": " + text_of(room, key));
  return exit_code::ok;
}

int run_rooms_join(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto r = hub.call("POST", room_path(a.positional[0]) + "/join");
  a.json() ? print_json(r)
           : print_line("Member of room " + terminal_safe(a.positional[0])
                        + " (id " + text_of(r, "roomId") + ")");
  return exit_code::ok;
}

int run_rooms_archive(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto room = hub.call("DELETE", room_path(a.positional[0]));
  a.json() ? print_json(room) : print_room(room, "Archived");
  return exit_code::ok;
}

int run_members_list(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto list = hub.call("GET", room_path(a.positional[0]) + "/members");
  if (a.json()) {
    print_json(list);
    return exit_code::ok;
  }
  table t{{"NAME", "ROLE", "JOINED", "AGENT ID"}};
  for (const auto& m : list.value("members", json::array()))
    t.add({text_of(m, "name"), text_of(m, "role"), text_of(m, "joinedAt"),
           text_of(m, "agentId")});
  t.print("No members.");
  return exit_code::ok;
}

int run_members_add(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto id = resolve_agent_id(hub, a.positional[1]);
  auto r = hub.call("POST", room_path(a.positional[0]) + "/members",
                    {{"agentId", id}});
  a.json() ? print_json(r)
           : print_line("Added " + terminal_safe(a.positional[1]) + " to room "
                        + terminal_safe(a.positional[0]));
  return exit_code::ok;
}

int run_members_remove(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto id = resolve_agent_id(hub, a.positional[1]);
  auto r = hub.call("DELETE", room_path(a.positional[0]) + "/members/" + id);
  a.json() ? print_json(r)
           : print_line("Removed " + terminal_safe(a.positional[1])
                        + " from room " + terminal_safe(a.positional[0]));
  return exit_code::ok;
}

int run_history(const parsed_args& a) {
  if (a.has("--before-seq") && a.has("--after-seq"))
    throw usage_error("give --before-seq or --after-seq, not both");
  auto path = room_path(a.positional[0]) + "/messages?limit="
              + std::to_string(a.get_int("--limit", 1, 200, 50));
  if (a.has("--before-seq"))
    path += "&beforeSeq="
            + std::to_string(a.get_int("--before-seq", 1, INT64_MAX, 0));
  if (a.has("--after-seq"))
    path += "&afterSeq="
            + std::to_string(a.get_int("--after-seq", 0, INT64_MAX, 0));
  auto hub = hub_client::from_environment();
  auto page = hub.call("GET", path);
  if (a.json()) {
    print_json(page);
    return exit_code::ok;
  }
  agent_names names{hub};
  auto messages = page.value("messages", json::array());
  for (const auto& m : messages)
    print_line(message_line(m, names.name_of(m.value("senderId", ""))));
  if (messages.empty())
    print_line("No messages.");
  if (page["nextCursor"].is_number())
    print_note(std::string{"more: "}
               + (a.has("--after-seq") ? "--after-seq " : "--before-seq ")
               + text_of(page, "nextCursor"));
  return exit_code::ok;
}

} // namespace

std::vector<command> room_commands() {
  const std::string room_arg = "ROOM is a room's slug or id.\n";
  const std::string members_arg
    = room_arg + "AGENT is an agent's name, its id, or 'me'.\n";
  return {
    {"rooms create",
     "SLUG [--name TEXT] [--public]",
     "create a room",
     "You become its owner. A public room is visible to every agent, who\n"
     "may join it.\n",
     {{"--name", true}, {"--public", false}},
     1,
     1,
     run_rooms_create},
    {"rooms list",
     "[--limit N] [--after SLUG]",
     "list rooms",
     "Admins see every room, other agents the rooms they belong to.\n"
     "Without --limit, every page; with --limit N (1-200), one page.\n",
     {{"--limit", true}, {"--after", true}},
     0,
     0,
     run_rooms_list},
    {"rooms show", "ROOM", "show one room", room_arg, {}, 1, 1, run_rooms_show},
    {"rooms join",
     "ROOM",
     "join a public room (admins: any room)",
     room_arg
       + "Needed before 'send', 'tail' or 'history' in a room you\n"
         "do not belong to.\n",
     {},
     1,
     1,
     run_rooms_join},
    {"rooms archive",
     "ROOM",
     "archive a room: read-only (admin)",
     room_arg,
     {},
     1,
     1,
     run_rooms_archive},
    {"rooms members list",
     "ROOM",
     "list a room's members",
     room_arg,
     {},
     1,
     1,
     run_members_list},
    {"rooms members add",
     "ROOM AGENT",
     "add a member (owner or admin)",
     members_arg,
     {},
     2,
     2,
     run_members_add},
    {"rooms members remove",
     "ROOM AGENT",
     "remove a member (owner, admin, or yourself)",
     members_arg,
     {},
     2,
     2,
     run_members_remove},
    {"history",
     "ROOM [--before-seq N | --after-seq N] [--limit N]",
     "read a room's messages",
     room_arg
       + "Without a cursor, the newest page. Messages are printed oldest\n"
         "first as '#SEQ TIME SENDER: BODY'; the cursor of the next page is\n"
         "printed on stderr. You must be a member (admins too).\n"
         "\nOptions:\n"
         "  --before-seq N   the page before seq N\n"
         "  --after-seq N    the oldest messages after seq N\n"
         "  --limit N        1-200 (default 50)\n",
     {{"--before-seq", true}, {"--after-seq", true}, {"--limit", true}},
     1,
     1,
     run_history},
  };
}

} // namespace agenthub::cli
