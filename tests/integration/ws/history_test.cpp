// History in keyset pages by seq, over /ws (message:history) and REST
// (GET /api/v1/rooms/:id/messages): every page walk covers each seq once.
#include <boost/test/unit_test.hpp>

#include "tests/support/chat_setup.hpp"
#include "tests/support/suite_hub.hpp"

#include <functional>
#include <optional>

using namespace agenthub::testing;

namespace {

struct history_hub : default_hub {};

constexpr std::size_t total = 45;
constexpr int page_size = 7;

/// A room with `total` messages sent by a member, and a reader.
struct filled_room {
  chat_agent writer;
  chat_agent reader;
  chat_room room;
  std::unique_ptr<ws_client> reader_ws;
  std::vector<nlohmann::json> acks;
};

filled_room fill_room(hub_fixture& hub) {
  filled_room f;
  f.writer = make_chat_agent(hub, "historian");
  f.reader = make_chat_agent(hub, "reader");
  f.room = make_chat_room(hub, {f.writer, f.reader});
  auto w1 = connect_chat(hub, f.writer);
  auto w2 = connect_chat(hub, f.writer);
  f.acks = send_many({w1.get(), w2.get()}, f.room.id, total, "hist");
  f.reader_ws = connect_chat(hub, f.reader);
  return f;
}

/// One page: {"messages": [...], "nextCursor": n|null}.
using page_fetch = std::function<nlohmann::json(
  const char* cursor_name, std::optional<std::uint64_t> cursor)>;

/// Walks pages from the newest (beforeSeq) or the oldest (afterSeq) and
/// checks each page's shape; returns the seqs in the order they came.
std::vector<std::uint64_t> walk(const page_fetch& fetch, bool backward) {
  const char* name = backward ? "beforeSeq" : "afterSeq";
  std::optional<std::uint64_t> cursor;
  if (!backward)
    cursor = 0;
  std::vector<std::uint64_t> seen;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = fetch(name, cursor);
    const auto& msgs = page["messages"];
    BOOST_TEST_REQUIRE(msgs.is_array(), page.dump());
    BOOST_TEST(msgs.size() <= static_cast<std::size_t>(page_size));
    for (std::size_t i = 1; i < msgs.size(); ++i)
      BOOST_TEST(msgs[i]["seq"].get<std::uint64_t>()
                   == msgs[i - 1]["seq"].get<std::uint64_t>() + 1,
                 "page not ascending and contiguous: " << page.dump());
    std::vector<std::uint64_t> here;
    for (const auto& m : msgs)
      here.push_back(m["seq"].get<std::uint64_t>());
    seen.insert(backward ? seen.begin() : seen.end(), here.begin(), here.end());
    if (page["nextCursor"].is_null())
      return seen;
    // Another page exists only after a full one, and the cursor is the
    // page's edge in the walking direction.
    BOOST_TEST_REQUIRE(msgs.size() == static_cast<std::size_t>(page_size));
    auto next = page["nextCursor"].get<std::uint64_t>();
    BOOST_TEST(next == (backward ? here.front() : here.back()));
    cursor = next;
  }
  BOOST_FAIL("more than 100 pages");
  return seen;
}

page_fetch over_ws(ws_client& c, const std::string& room_id) {
  return [&c, room_id](const char* name, std::optional<std::uint64_t> cur) {
    nlohmann::json data = {{"roomId", room_id}, {"limit", page_size}};
    if (cur)
      data[name] = *cur;
    auto reply = c.request("message:history", data);
    BOOST_TEST_REQUIRE(reply["ok"] == true, reply.dump());
    BOOST_TEST(reply["data"]["roomId"] == room_id);
    return reply["data"];
  };
}

page_fetch over_rest(hub_fixture& hub, const std::string& jwt,
                     const std::string& room_id, std::uint64_t last_seq) {
  return [&hub, jwt, room_id, last_seq](const char* name,
                                        std::optional<std::uint64_t> cur) {
    auto path = "/api/v1/rooms/" + room_id
                + "/messages?limit=" + std::to_string(page_size);
    if (cur)
      path += std::string{"&"} + name + "=" + std::to_string(*cur);
    auto r = hub.get(path, jwt);
    BOOST_TEST_REQUIRE(r.status == 200u, r.body);
    BOOST_TEST(r.json["roomId"] == room_id);
    BOOST_TEST(r.json["lastSeq"] == last_seq);
    return r.json;
  };
}

} // namespace

AGENTHUB_HUB_SUITE(history, history_hub)

BOOST_AUTO_TEST_CASE(ws_history_pages_cover_every_seq_once) {
  auto f = fill_room(hub);
  auto fetch = over_ws(*f.reader_ws, f.room.id);
  BOOST_TEST(walk(fetch, true) == seq_range(1, total));
  BOOST_TEST(walk(fetch, false) == seq_range(1, total));
  // Pages carry the stored messages themselves (the body is the
  // clientMsgId in these sends).
  nlohmann::json last_ack;
  for (const auto& ack : f.acks)
    if (ack["seq"] == total)
      last_ack = ack;
  auto newest = fetch("beforeSeq", std::nullopt)["messages"];
  BOOST_TEST(newest.back()["id"] == last_ack["id"]);
  BOOST_TEST(newest.back()["body"] == newest.back()["clientMsgId"]);
  BOOST_TEST(newest.back()["senderId"] == f.writer.id);
  BOOST_TEST(newest.back()["createdAt"] == last_ack["createdAt"]);
}

BOOST_AUTO_TEST_CASE(rest_history_pages_cover_every_seq_once) {
  auto f = fill_room(hub);
  auto fetch = over_rest(hub, f.reader.jwt, f.room.id, total);
  BOOST_TEST(walk(fetch, true) == seq_range(1, total));
  BOOST_TEST(walk(fetch, false) == seq_range(1, total));
  // A page from the middle: the 7 seqs right after 20, and right below 20.
  auto after = fetch("afterSeq", 20)["messages"];
  BOOST_TEST(after.front()["seq"] == 21);
  BOOST_TEST(after.back()["seq"] == 27);
  auto before = fetch("beforeSeq", 20)["messages"];
  BOOST_TEST(before.front()["seq"] == 13);
  BOOST_TEST(before.back()["seq"] == 19);
}

BOOST_AUTO_TEST_CASE(ws_and_rest_history_return_the_same_messages) {
  auto f = fill_room(hub);
  auto ws_page = over_ws(*f.reader_ws, f.room.id)("afterSeq", 10);
  auto rest_page
    = over_rest(hub, f.reader.jwt, f.room.id, total)("afterSeq", 10);
  BOOST_TEST(ws_page["messages"] == rest_page["messages"]);
  BOOST_TEST(ws_page["nextCursor"] == rest_page["nextCursor"]);
}

BOOST_AUTO_TEST_CASE(history_refuses_bad_cursors_and_non_members) {
  auto f = fill_room(hub);
  auto& c = *f.reader_ws;
  auto both
    = c.request("message:history",
                {{"roomId", f.room.id}, {"beforeSeq", 10}, {"afterSeq", 2}});
  BOOST_TEST(frame_error_code(both) == "invalid_request");
  for (int limit : {0, 201}) {
    auto r
      = c.request("message:history", {{"roomId", f.room.id}, {"limit", limit}});
    BOOST_TEST(frame_error_code(r) == "invalid_request", "limit " << limit);
  }
  auto rest = hub.get("/api/v1/rooms/" + f.room.id
                        + "/messages?beforeSeq=10&afterSeq=2",
                      f.reader.jwt);
  BOOST_TEST(rest.status == 422u);
  BOOST_TEST(rest.error_code() == "validation_failed");

  auto outsider = make_chat_agent(hub, "outsider");
  auto o = connect_chat(hub, outsider);
  auto denied = o->request("message:history", {{"roomId", f.room.id}});
  BOOST_TEST(frame_error_code(denied) == "not_member");
  BOOST_TEST(
    hub.get("/api/v1/rooms/" + f.room.id + "/messages", outsider.jwt).status
    == 404u);
}

BOOST_AUTO_TEST_SUITE_END()
