// Mapping of database failures to client errors and log lines.
#include "net/rest/db_job.hpp"

namespace agenthub::net {

void log_db_failure(const char* what, const std::exception& e) {
  std::string msg = e.what();
  auto nl = msg.find('\n');
  if (nl != std::string::npos)
    msg.resize(nl);
  auto state = db::sqlstate_of(e);
  spdlog::error("database {} failed{}{}: {}", what,
                state.empty() ? "" : " sqlstate ", state, msg);
}

api_error db_failure_error(const std::exception& e) {
  if (db::is_connection_error(e))
    return api_error{503, "db_unavailable",
                     "the database is unavailable; retry shortly"};
  auto state = db::sqlstate_of(e);
  if (state == "40001" || state == "40P01")
    return api_error{503, "conflict_retry",
                     "concurrent update; retry the request"};
  return errors::internal();
}

} // namespace agenthub::net
