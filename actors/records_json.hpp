// JSON forms of the records that reach clients (camelCase, as the seed).
#pragma once

#include "actors/records.hpp"

#include "persistence/message_store.hpp"

#include <nlohmann/json.hpp>

namespace agenthub {

/// {id, roomId, seq, senderId, body, clientMsgId, createdAt}; clientMsgId is
/// null when the sender gave none.
nlohmann::json to_json(const message_record& m);

/// A stored message in the same form.
nlohmann::json to_json(const db::stored_message& m);

/// {"messages":[…], "nextCursor": seq|null} of a history page.
nlohmann::json to_json(const db::message_page& page);

/// {agentId, status, lastSeen}.
nlohmann::json to_json(const presence_entry& p);

} // namespace agenthub
