// GET /api/v1/rooms/:id/messages: history in keyset pages by seq.
#include "actors/records_json.hpp"
#include "config/defaults.hpp"
#include "net/rest/db_job.hpp"
#include "net/rest/query_params.hpp"
#include "net/rest/routes.hpp"
#include "net/router.hpp"
#include "persistence/message_store.hpp"
#include "persistence/room_store.hpp"

#include <limits>

namespace agenthub::net {

namespace {

void list_messages(hub_context& ctx, request_context rc, responder done) {
  auto limit = int_param(rc, "limit", defaults::history_default_limit, 1,
                         defaults::history_max_limit);
  auto before = opt_int_param(rc, "beforeSeq", 1,
                              std::numeric_limits<std::int64_t>::max());
  auto after = opt_int_param(rc, "afterSeq", 0,
                             std::numeric_limits<std::int64_t>::max());
  for (auto* err :
       {std::get_if<api_error>(&limit), std::get_if<api_error>(&before),
        std::get_if<api_error>(&after)})
    if (err)
      return done(error_response(*err));
  auto n = std::get<long long>(limit);
  auto before_seq = std::get<0>(before);
  auto after_seq = std::get<0>(after);
  if (before_seq && after_seq)
    return done(error_response(
      errors::validation("give beforeSeq or afterSeq, not both")));
  auto key = rc.param("id");
  auto who = *rc.who;
  with_db(ctx, done, [=](pqxx::work& tx) {
    auto room = db::find_room(tx, key);
    if (!room
        || (!who.is_admin() && !db::member_role(tx, room->id, who.agent_id)))
      return error_response(errors::not_found("room"));
    // One extra row tells whether another page exists.
    auto rows
      = after_seq
          ? db::read_after(tx, room->id, static_cast<std::uint64_t>(*after_seq),
                           static_cast<int>(n + 1))
          : db::read_before(tx, room->id,
                            before_seq ? static_cast<std::uint64_t>(*before_seq)
                                       : room->last_seq + 1,
                            static_cast<int>(n + 1));
    bool more = rows.size() > static_cast<std::size_t>(n);
    if (more) {
      if (after_seq)
        rows.pop_back();
      else
        rows.erase(rows.begin());
    }
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : rows)
      list.push_back(
        to_json(message_record{m.id, m.room_id, m.seq, m.sender_id, m.body,
                               m.client_msg_id, m.created_at}));
    nlohmann::json next = nullptr;
    if (more && !rows.empty())
      next = after_seq ? rows.back().seq : rows.front().seq;
    return json_response(200, {{"roomId", room->id},
                               {"lastSeq", room->last_seq},
                               {"messages", list},
                               {"nextCursor", next}});
  });
}

} // namespace

void add_message_routes(router& r, hub_context& ctx) {
  r.add("GET", "/api/v1/rooms/:id/messages", access::agent,
        [&ctx](request_context rc, responder done) {
          list_messages(ctx, std::move(rc), std::move(done));
        });
}

} // namespace agenthub::net
