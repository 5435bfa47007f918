// Mapping of actor errors to client-facing codes and messages.
#include "actors/errc.hpp"

#include <caf/sec.hpp>

namespace agenthub {

caf::error make_error(errc x) {
  return caf::error{static_cast<std::uint8_t>(x), errc_category};
}

const char* to_code(errc x) {
  switch (x) {
    case errc::none:
      return "ok";
    case errc::not_member:
      return "not_member";
    case errc::room_not_found:
      return "room_not_found";
    case errc::room_archived:
      return "room_archived";
    case errc::overloaded:
      return "overloaded";
    case errc::db_unavailable:
      return "db_unavailable";
    case errc::invalid_request:
      return "invalid_request";
    case errc::client_msg_id_conflict:
      return "client_msg_id_conflict";
    case errc::internal:
      return "internal_error";
  }
  return "internal_error";
}

bool is_retryable(errc x) {
  return x == errc::overloaded || x == errc::db_unavailable;
}

namespace {

const char* message_of(errc x) {
  switch (x) {
    case errc::not_member:
      return "you are not a member of this room";
    case errc::room_not_found:
      return "no such room";
    case errc::room_archived:
      return "the room is archived";
    case errc::overloaded:
      return "the hub is overloaded; retry shortly";
    case errc::db_unavailable:
      return "the database is unavailable; retry shortly";
    case errc::invalid_request:
      return "invalid request";
    case errc::client_msg_id_conflict:
      return "this clientMsgId was already used for a message in another "
             "room; use a new one";
    default:
      return "internal error";
  }
}

} // namespace

error_info describe(const caf::error& e) {
  if (e.category() == errc_category) {
    auto x = static_cast<errc>(e.code());
    return {to_code(x), message_of(x)};
  }
  if (e.category() == caf::atom("system")) {
    auto s = static_cast<caf::sec>(e.code());
    if (s == caf::sec::request_timeout)
      return {"timeout", "the request timed out; retry (with the same "
                         "clientMsgId for sends)"};
    if (s == caf::sec::request_receiver_down)
      return {"unavailable", "the room restarted; retry"};
  }
  return {"internal_error", "internal error"};
}

} // namespace agenthub
