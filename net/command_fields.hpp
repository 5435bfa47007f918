// The event payload fields shared by every framing (roomId, body, ...).
#pragma once

#include "actors/records.hpp"

#include <nlohmann/json_fwd.hpp>

namespace agenthub::net {

/// Reads roomId|slug, body, clientMsgId, afterSeq, beforeSeq and limit from
/// an event's data object into `cmd`. On a wrongly typed field it sets
/// `cmd.error_code` ("invalid_request") and `cmd.error_message` naming the
/// field, and returns false.
bool read_command_fields(const nlohmann::json& data, client_command& cmd);

} // namespace agenthub::net
