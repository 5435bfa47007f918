// MCP tools: rooms, membership, send, read and a bounded long-poll.
#include "net/mcp_tools.hpp"

#include "actors/blocking_pool.hpp"
#include "actors/hub_runtime.hpp"
#include "actors/records_json.hpp"
#include "config/defaults.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/membership.hpp"
#include "persistence/message_store.hpp"
#include "persistence/room_store.hpp"

#include <algorithm>

namespace agenthub::net {

namespace {

using json = nlohmann::json;

json schema(json properties, json required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

json output(json properties, json required) {
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)}};
}

const json message_schema = {{"type", "object"}};
const json room_id
  = {{"type", "string"}, {"description", "Room id (UUID) or slug"}};

json tool(const char* name, const char* title, const char* description,
          json input, json out) {
  return {{"name", name},
          {"title", title},
          {"description", description},
          {"inputSchema", std::move(input)},
          {"outputSchema", std::move(out)}};
}

json build_tool_list() {
  json seq = {{"type", "integer"}, {"minimum", 0}};
  json limit = {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}};
  json messages = {{"type", "array"}, {"items", message_schema}};
  json page_out = output({{"roomId", {{"type", "string"}}},
                          {"lastSeq", seq},
                          {"messages", messages},
                          {"nextCursor", {{"type", {"integer", "null"}}}}},
                         {"roomId", "messages"});
  return json::array({
    tool(
      "list_rooms", "List rooms",
      "Rooms you belong to, and public rooms you may join.",
      schema(json::object(), json::array()),
      output({{"rooms", {{"type", "array"}, {"items", {{"type", "object"}}}}}},
             {"rooms"})),
    tool("join_room", "Join room",
         "Become a member of a public room (or confirm membership).",
         schema({{"roomId", room_id}}, {"roomId"}),
         output({{"roomId", {{"type", "string"}}},
                 {"slug", {{"type", "string"}}},
                 {"lastSeq", seq},
                 {"joined", {{"type", "boolean"}}}},
                {"roomId", "joined"})),
    tool("leave_room", "Leave room", "Stop being a member of a room.",
         schema({{"roomId", room_id}}, {"roomId"}),
         output(
           {{"roomId", {{"type", "string"}}}, {"left", {{"type", "boolean"}}}},
           {"roomId", "left"})),
    tool("send_message", "Send message",
         "Post a message to a room. Acknowledged only once stored; retry "
         "with the same clientMsgId to get the original {id, seq} back.",
         schema({{"roomId", room_id},
                 {"body", {{"type", "string"}, {"minLength", 1}}},
                 {"clientMsgId", {{"type", "string"}, {"maxLength", 128}}}},
                {"roomId", "body"}),
         output({{"id", {{"type", "string"}}},
                 {"roomId", {{"type", "string"}}},
                 {"seq", seq},
                 {"createdAt", {{"type", "string"}}},
                 {"duplicate", {{"type", "boolean"}}}},
                {"id", "roomId", "seq"})),
    tool("read_messages", "Read messages",
         "History of a room by seq: afterSeq for older-to-newer paging, "
         "beforeSeq (or nothing) for the newest.",
         schema({{"roomId", room_id},
                 {"afterSeq", seq},
                 {"beforeSeq", seq},
                 {"limit", limit}},
                {"roomId"}),
         page_out),
    tool("wait_for_messages", "Wait for messages",
         "Return as soon as a message after afterSeq is stored in the room, "
         "or after timeoutMs with none. Loop with the returned lastSeq to "
         "follow a conversation without polling.",
         schema({{"roomId", room_id},
                 {"afterSeq", seq},
                 {"timeoutMs",
                  {{"type", "integer"},
                   {"minimum", 0},
                   {"maximum", defaults::mcp_wait_max_ms}}},
                 {"limit", limit}},
                {"roomId", "afterSeq"}),
         output({{"roomId", {{"type", "string"}}},
                 {"lastSeq", seq},
                 {"messages", messages},
                 {"timedOut", {{"type", "boolean"}}}},
                {"roomId", "lastSeq", "messages", "timedOut"})),
  });
}

json ok(json structured) {
  auto text = structured.dump(-1, ' ', false, json::error_handler_t::replace);
  return {{"content", json::array({{{"type", "text"}, {"text", text}}})},
          {"structuredContent", std::move(structured)},
          {"isError", false}};
}

json fail(const std::string& code, const std::string& message) {
  return {{"content",
           json::array({{{"type", "text"}, {"text", code + ": " + message}}})},
          {"isError", true}};
}

/// Argument access with type checks; the first problem wins.
class args_reader {
public:
  explicit args_reader(const json& a) : a_(a) {
  }

  std::string str(const char* key, bool required) {
    auto i = a_.find(key);
    if (i == a_.end() || i->is_null()) {
      if (required)
        problem(std::string{key} + " is required");
      return {};
    }
    if (!i->is_string())
      problem(std::string{key} + " must be a string");
    return i->is_string() ? i->get<std::string>() : std::string{};
  }

  std::optional<std::int64_t> num(const char* key, std::int64_t min,
                                  std::int64_t max, bool required) {
    auto i = a_.find(key);
    if (i == a_.end() || i->is_null()) {
      if (required)
        problem(std::string{key} + " is required");
      return std::nullopt;
    }
    if (!i->is_number_integer() || i->get<std::int64_t>() < min
        || i->get<std::int64_t>() > max) {
      problem(std::string{key} + " must be an integer from "
              + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return i->get<std::int64_t>();
  }

  const std::string& error() const {
    return error_;
  }

private:
  void problem(std::string p) {
    if (error_.empty())
      error_ = std::move(p);
  }

  const json& a_;
  std::string error_;
};

/// Runs `work(tx, after_commit)` in a transaction on the database pool; a
/// result with isError rolls back, otherwise `after_commit` (if set) runs
/// once the transaction committed.
template <class Work>
void db_tool(hub_context& ctx, tool_done done, Work work) {
  bool queued = ctx.db.submit([done, work](worker_db& db) mutable {
    try {
      pqxx::work tx{db.get()};
      std::function<void()> after_commit;
      json r = work(tx, after_commit);
      if (!r.value("isError", false)) {
        tx.commit();
        if (after_commit)
          after_commit();
      }
      done(std::move(r));
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("mcp tool", e);
      auto err = db_failure_error(e);
      done(fail(err.code, err.message));
    }
  });
  if (!queued)
    done(fail("overloaded", "the hub is overloaded; retry shortly"));
}

json from_error(const api_error& e) {
  return fail(e.code, e.message);
}

} // namespace

const json& mcp_tool_list() {
  static const json tools = build_tool_list();
  return tools;
}

namespace {

void list_rooms(hub_context& ctx, const identity& who, tool_done done) {
  db_tool(ctx, done, [who](pqxx::work& tx, std::function<void()>&) {
    json rooms = json::array();
    for (const auto& v : db::list_visible_rooms(tx, who.agent_id, 500)) {
      auto r = db::to_json(v.room);
      r["member"] = v.member;
      rooms.push_back(r);
    }
    return ok({{"rooms", rooms}});
  });
}

void join_room(hub_context& ctx, const identity& who, const std::string& key,
               tool_done done) {
  auto* rt = &ctx.runtime;
  db_tool(ctx, done,
          [who, key, rt](pqxx::work& tx, std::function<void()>& after_commit) {
            auto c = add_member_checked(tx, rt, who, key, who.agent_id, true);
            if (c.error)
              return from_error(*c.error);
            after_commit = c.notify;
            return ok({{"roomId", c.room->id},
                       {"slug", c.room->slug},
                       {"lastSeq", c.room->last_seq},
                       {"joined", true}});
          });
}

void leave_room(hub_context& ctx, const identity& who, const std::string& key,
                tool_done done) {
  auto* rt = &ctx.runtime;
  db_tool(ctx, done,
          [who, key, rt](pqxx::work& tx, std::function<void()>& after_commit) {
            auto c = remove_member_checked(tx, rt, who, key, who.agent_id);
            if (c.error)
              return from_error(*c.error);
            after_commit = c.notify;
            return ok({{"roomId", c.room->id}, {"left", true}});
          });
}

/// Resolves a room id or slug the caller belongs to (on the database pool),
/// then runs `next` there with the room; errors go to `done`.
void with_member_room(hub_context& ctx, const identity& who,
                      const std::string& key, tool_done done,
                      std::function<void(const db::room_row&)> next) {
  bool queued = ctx.db.submit([who, key, done, next](worker_db& db) {
    std::optional<db::room_row> row;
    try {
      pqxx::read_transaction tx{db.get()};
      row = db::find_room(tx, key);
      if (row && !db::member_role(tx, row->id, who.agent_id))
        row.reset();
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("mcp tool", e);
      auto err = db_failure_error(e);
      return done(fail(err.code, err.message));
    }
    if (!row)
      return done(
        fail("not_member", "no such room, or you are not a member of it"));
    next(*row);
  });
  if (!queued)
    done(fail("overloaded", "the hub is overloaded; retry shortly"));
}

void send_message(hub_context& ctx, const identity& who, args_reader& a,
                  tool_done done) {
  auto key = a.str("roomId", true);
  auto body = a.str("body", true);
  auto cmid = a.str("clientMsgId", false);
  if (!a.error().empty())
    return done(fail("invalid_arguments", a.error()));
  if (body.empty() || body.size() > defaults::message_body_max_bytes
      || body.find('\0') != std::string::npos)
    return done(fail("invalid_arguments",
                     "body must be 1 to 32768 bytes without NUL characters"));
  // The same rule as /ws and Socket.IO (actors/session_commands.cpp).
  auto control = [](unsigned char c) { return c < 0x20 || c == 0x7f; };
  if (cmid.size() > defaults::client_msg_id_max_chars
      || std::any_of(cmid.begin(), cmid.end(), control))
    return done(fail("invalid_arguments",
                     "clientMsgId must be at most 128 printable characters"));
  auto* rt = &ctx.runtime;
  with_member_room(ctx, who, key, done, [=](const db::room_row& room) {
    rt->publish(who.agent_id, room.id, body, cmid,
                [done, room_id = room.id](outcome<send_result> r) {
                  if (!r.error_code.empty())
                    return done(fail(r.error_code, r.error_message));
                  done(ok({{"id", r.value.id},
                           {"roomId", room_id},
                           {"seq", r.value.seq},
                           {"createdAt", r.value.created_at},
                           {"duplicate", r.value.duplicate}}));
                });
  });
}

void read_messages(hub_context& ctx, const identity& who, args_reader& a,
                   tool_done done) {
  auto key = a.str("roomId", true);
  auto after = a.num("afterSeq", 0, INT64_MAX, false);
  auto before = a.num("beforeSeq", 1, INT64_MAX, false);
  auto limit = a.num("limit", 1, defaults::history_max_limit, false);
  if (!a.error().empty())
    return done(fail("invalid_arguments", a.error()));
  if (after && before)
    return done(
      fail("invalid_arguments", "give afterSeq or beforeSeq, not both"));
  db_tool(ctx, done, [=](pqxx::work& tx, std::function<void()>&) {
    auto room = db::find_room(tx, key);
    if (!room || !db::member_role(tx, room->id, who.agent_id))
      return fail("not_member", "no such room, or you are not a member of it");
    auto page = db::read_page(
      tx, room->id,
      before ? std::optional<std::uint64_t>(*before) : std::nullopt,
      after ? std::optional<std::uint64_t>(*after) : std::nullopt,
      static_cast<int>(limit.value_or(defaults::history_default_limit)));
    auto out = to_json(page);
    out["roomId"] = room->id;
    out["lastSeq"] = room->last_seq;
    return ok(out);
  });
}

void wait_for_messages(hub_context& ctx, const identity& who, args_reader& a,
                       tool_done done) {
  auto key = a.str("roomId", true);
  auto after = a.num("afterSeq", 0, INT64_MAX, true);
  auto timeout = a.num("timeoutMs", 0, defaults::mcp_wait_max_ms, false);
  auto limit = a.num("limit", 1, defaults::history_max_limit, false);
  if (!a.error().empty())
    return done(fail("invalid_arguments", a.error()));
  auto n = static_cast<int>(limit.value_or(defaults::history_default_limit));
  auto wait = std::chrono::milliseconds{
    timeout.value_or(defaults::mcp_wait_default_ms)};
  auto* rt = &ctx.runtime;
  auto since = static_cast<std::uint64_t>(*after);
  bool queued = ctx.db.submit([=](worker_db& db) {
    std::optional<db::room_row> room;
    db::message_page page;
    try {
      pqxx::read_transaction tx{db.get()};
      room = db::find_room(tx, key);
      if (room && !db::member_role(tx, room->id, who.agent_id))
        room.reset();
      if (room && room->last_seq > since)
        page = db::read_page(tx, room->id, std::nullopt, since, n);
    } catch (const std::exception& e) {
      if (db::is_connection_error(e))
        db.reset();
      log_db_failure("mcp tool", e);
      auto err = db_failure_error(e);
      return done(fail(err.code, err.message));
    }
    if (!room)
      return done(
        fail("not_member", "no such room, or you are not a member of it"));
    if (!page.messages.empty()) {
      // Already there: answer at once from the log.
      auto out = to_json(page);
      out["roomId"] = room->id;
      out["lastSeq"] = page.messages.back().seq;
      out["timedOut"] = false;
      out.erase("nextCursor");
      return done(ok(out));
    }
    // Nothing yet: wait in the room (the waiter also catches a commit that
    // lands between this read and its join).
    rt->wait_for_messages(who.agent_id, room->id, since,
                          static_cast<std::uint32_t>(n), wait,
                          [done, room_id = room->id](outcome<wait_result> r) {
                            if (!r.error_code.empty())
                              return done(fail(r.error_code, r.error_message));
                            json list = json::array();
                            for (const auto& m : r.value.messages)
                              list.push_back(to_json(m));
                            done(ok({{"roomId", room_id},
                                     {"lastSeq", r.value.last_seq},
                                     {"messages", list},
                                     {"timedOut", r.value.timed_out}}));
                          });
  });
  if (!queued)
    done(fail("overloaded", "the hub is overloaded; retry shortly"));
}

} // namespace

bool call_mcp_tool(hub_context& ctx, const identity& who,
                   const std::string& name, const nlohmann::json& args,
                   tool_done done) {
  static const json empty = json::object();
  const json& a = args.is_object() ? args : empty;
  if (!args.is_object() && !args.is_null()) {
    done(fail("invalid_arguments", "arguments must be an object"));
    return true;
  }
  args_reader r{a};
  if (name == "list_rooms")
    list_rooms(ctx, who, done);
  else if (name == "join_room" || name == "leave_room") {
    auto key = r.str("roomId", true);
    if (!r.error().empty())
      done(fail("invalid_arguments", r.error()));
    else if (name == "join_room")
      join_room(ctx, who, key, done);
    else
      leave_room(ctx, who, key, done);
  } else if (name == "send_message")
    send_message(ctx, who, r, done);
  else if (name == "read_messages")
    read_messages(ctx, who, r, done);
  else if (name == "wait_for_messages")
    wait_for_messages(ctx, who, r, done);
  else
    return false;
  return true;
}

} // namespace agenthub::net
