// JSON rendering of messages and presence entries.
#include "actors/records_json.hpp"

namespace agenthub {

nlohmann::json to_json(const message_record& m) {
  return {{"id", m.id},
          {"roomId", m.room_id},
          {"seq", m.seq},
          {"senderId", m.sender_id},
          {"body", m.body},
          {"clientMsgId", m.client_msg_id.empty()
                            ? nlohmann::json(nullptr)
                            : nlohmann::json(m.client_msg_id)},
          {"createdAt", m.created_at}};
}

nlohmann::json to_json(const db::stored_message& m) {
  return to_json(message_record{m.id, m.room_id, m.seq, m.sender_id, m.body,
                                m.client_msg_id, m.created_at});
}

nlohmann::json to_json(const db::message_page& page) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& m : page.messages)
    list.push_back(to_json(m));
  return {{"messages", list},
          {"nextCursor", page.next_cursor ? nlohmann::json(*page.next_cursor)
                                          : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const presence_entry& p) {
  return {{"agentId", p.agent_id},
          {"status", p.status},
          {"lastSeen", p.last_seen.empty() ? nlohmann::json(nullptr)
                                           : nlohmann::json(p.last_seen)}};
}

} // namespace agenthub
