// Fuzz target: decode_ws_json on arbitrary text (one /ws text message), and
// the /ws encoders on arbitrary refs, codes, names and payloads.
// Invariants: nothing throws; accepted JSON has nothing after it; a command
// without error names its event; an error has a documented code and a
// message; a readable ref is echoed exactly; every encoded reply, error and
// event is valid JSON of the documented shape, whatever bytes it was given.
#include "net/websocket_frame.hpp"
#include "net/ws_json_codec.hpp"

#include <nlohmann/json.hpp>

#include "../fuzz_check.hpp"

#include <cstdint>
#include <string>
#include <string_view>

using namespace agenthub;
using namespace agenthub::net;
using json = nlohmann::json;

namespace {

/// Parses encoder output, which must always be one valid JSON object.
json parse_object(const std::string& text) {
  auto j = json::parse(text, nullptr, false);
  AGENTHUB_FUZZ_CHECK(!j.is_discarded());
  AGENTHUB_FUZZ_CHECK(j.is_object());
  return j;
}

void check_decoded(std::string_view text, const client_command& c) {
  AGENTHUB_FUZZ_CHECK(c.error_code.empty() == c.error_message.empty());
  AGENTHUB_FUZZ_CHECK(c.error_code.empty() || c.error_code == "invalid_json"
                      || c.error_code == "invalid_frame"
                      || c.error_code == "invalid_request");
  // client_command: event "" means invalid, so it must carry an error.
  if (c.error_code.empty())
    AGENTHUB_FUZZ_CHECK(!c.event.empty() && c.event.size() <= 64);
  AGENTHUB_FUZZ_CHECK(c.ref.size() <= 128);
  // Text accepted as JSON has nothing after the document (nlohmann stops at
  // a NUL byte).
  if (c.error_code != "invalid_json")
    AGENTHUB_FUZZ_CHECK(agenthub::fuzz::no_nul(text));
  AGENTHUB_FUZZ_CHECK(c.after_seq >= -1 && c.before_seq >= -1 && c.limit >= -1);
  // The ref, when the decoder kept one, is the client's ref exactly. Text
  // refused as a whole (invalid_json: not JSON, a NUL byte, too deep) has no
  // readable ref, though nlohmann may accept the part before a NUL.
  if (c.error_code == "invalid_json")
    return;
  auto doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("ref"))
    return;
  const auto& ref = doc["ref"];
  if (ref.is_string() && ref.get_ref<const std::string&>().size() <= 128)
    AGENTHUB_FUZZ_CHECK(c.ref == ref.get<std::string>());
  else if (ref.is_number_integer())
    AGENTHUB_FUZZ_CHECK(c.ref == ref.dump());
}

void check_reply(const std::string& ref, const json& data) {
  auto j = parse_object(AGENTHUB_FUZZ_NO_THROW(encode_ws_reply(ref, data)));
  AGENTHUB_FUZZ_CHECK(j["type"] == "reply" && j["ok"] == true);
  AGENTHUB_FUZZ_CHECK(j["ref"].is_string());
  if (utf8_valid(ref))
    AGENTHUB_FUZZ_CHECK(j["ref"].get<std::string>() == ref);
}

void check_error(const std::string& ref, const std::string& code,
                 const std::string& message) {
  auto j
    = parse_object(AGENTHUB_FUZZ_NO_THROW(encode_ws_error(ref, code, message)));
  AGENTHUB_FUZZ_CHECK(j["error"].is_object());
  AGENTHUB_FUZZ_CHECK(j["error"]["code"].is_string());
  AGENTHUB_FUZZ_CHECK(j["error"]["message"].is_string());
  if (ref.empty()) {
    AGENTHUB_FUZZ_CHECK(j["type"] == "error" && !j.contains("ref"));
  } else {
    AGENTHUB_FUZZ_CHECK(j["type"] == "reply" && j["ok"] == false);
    if (utf8_valid(ref))
      AGENTHUB_FUZZ_CHECK(j["ref"].get<std::string>() == ref);
  }
}

/// The shared `message:new` frame: one unmasked final text frame whose
/// payload is the event JSON.
void check_message_frame(const message_record& m) {
  auto frame = AGENTHUB_FUZZ_NO_THROW(encode_ws_message_frame(m));
  AGENTHUB_FUZZ_CHECK(frame.size() >= 2);
  AGENTHUB_FUZZ_CHECK(static_cast<unsigned char>(frame[0]) == 0x81);
  auto len = static_cast<unsigned char>(frame[1]);
  AGENTHUB_FUZZ_CHECK(len < 0x80); // server frames are unmasked
  std::size_t header = len == 126 ? 4 : len == 127 ? 10 : 2;
  AGENTHUB_FUZZ_CHECK(frame.size() >= header);
  auto j = parse_object(frame.substr(header));
  AGENTHUB_FUZZ_CHECK(j["type"] == "message:new");
  AGENTHUB_FUZZ_CHECK(j["data"]["seq"] == m.seq);
  AGENTHUB_FUZZ_CHECK(j["data"]["clientMsgId"].is_null()
                      == m.client_msg_id.empty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto c = AGENTHUB_FUZZ_NO_THROW(decode_ws_json(text));
  check_decoded(text, c);

  // Replies to the decoded ref and to raw input bytes (any byte values,
  // invalid UTF-8 included: the encoders replace, never throw).
  std::string raw{text.substr(0, 200)};
  json payload = {{"room", c.room}, {"body", c.body}, {"raw", raw}};
  check_reply(c.ref, payload);
  check_reply(raw, payload);
  check_error(c.ref, c.error_code.empty() ? "unknown_event" : c.error_code,
              c.error_message);
  check_error(raw, raw, raw);
  auto ev = parse_object(AGENTHUB_FUZZ_NO_THROW(encode_ws_event(raw, payload)));
  AGENTHUB_FUZZ_CHECK(ev["type"].is_string() && ev["data"].is_object());

  message_record m;
  m.id = raw;
  m.room_id = c.room;
  m.seq = size;
  m.sender_id = c.event;
  m.body = std::string{text};
  m.client_msg_id = c.client_msg_id;
  m.created_at = c.ref;
  check_message_frame(m);
  return 0;
}
