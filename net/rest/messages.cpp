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
    auto page = db::read_page(
      tx, room->id,
      before_seq ? std::optional<std::uint64_t>(*before_seq) : std::nullopt,
      after_seq ? std::optional<std::uint64_t>(*after_seq) : std::nullopt,
      static_cast<int>(n));
    auto body = to_json(page);
    body["roomId"] = room->id;
    body["lastSeq"] = room->last_seq;
    return json_response(200, body);
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
