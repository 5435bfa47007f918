// Fuzz target: sio::decode on arbitrary Socket.IO packet text (what follows
// the Engine.IO `4`), then sio::to_command on every accepted EVENT.
// Invariants: nothing throws; an accepted packet obeys the §B.1/§B.2 payload
// rules and has nothing after its JSON payload; re-encoding it decodes to
// the same packet; the command echoes the ack id as its ref and names an
// event unless it carries an error.
#include "net/socketio_codec.hpp"

#include <nlohmann/json.hpp>

#include "../fuzz_check.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>

using namespace agenthub;
using namespace agenthub::net::sio;

namespace {

bool reserved(const nlohmann::json& name) {
  static const char* names[]
    = {"connect",       "connect_error", "disconnect",
       "disconnecting", "newListener",   "removeListener"};
  return name.is_string()
         && std::find(std::begin(names), std::end(names),
                      name.get<std::string>())
              != std::end(names);
}

/// The JSON part of a packet: after the type, `<n>-`, `<nsp>,` and ack id.
std::string_view payload_text(std::string_view s) {
  std::size_t i = 1;
  auto digits = [&] {
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
  };
  if (s[0] == '5' || s[0] == '6') {
    digits();
    ++i; // the '-'
  }
  if (i < s.size() && s[i] == '/') {
    auto comma = s.find(',', i);
    i = comma == std::string_view::npos ? s.size() : comma + 1;
  }
  digits();
  return s.substr(std::min(i, s.size()));
}

/// §B.1 payload rules of an accepted packet.
void check_payload(const packet& p) {
  const auto& d = p.data;
  switch (p.type) {
    case packet_type::connect:
      AGENTHUB_FUZZ_CHECK(!d || d->is_object());
      break;
    case packet_type::disconnect:
      AGENTHUB_FUZZ_CHECK(!d);
      break;
    case packet_type::event:
    case packet_type::binary_event:
      AGENTHUB_FUZZ_CHECK(d && d->is_array() && !d->empty());
      AGENTHUB_FUZZ_CHECK((*d)[0].is_number() || (*d)[0].is_string());
      AGENTHUB_FUZZ_CHECK(!reserved((*d)[0]));
      break;
    case packet_type::ack:
    case packet_type::binary_ack:
      AGENTHUB_FUZZ_CHECK(d && d->is_array());
      break;
    case packet_type::connect_error:
      AGENTHUB_FUZZ_CHECK(d && (d->is_object() || d->is_string()));
      break;
    default:
      AGENTHUB_FUZZ_CHECK(!"packet type outside 0..6");
  }
}

/// decode(encode(p)) == p for the types the hub encodes (no attachments).
void check_round_trip(const packet& p) {
  if (p.type == packet_type::binary_event || p.type == packet_type::binary_ack)
    return;
  auto text = AGENTHUB_FUZZ_NO_THROW(encode(p.type, p.nsp, p.ack_id, p.data));
  AGENTHUB_FUZZ_CHECK(text.size() >= 2 && text[0] == '4');
  auto again = AGENTHUB_FUZZ_NO_THROW(decode(std::string_view{text}.substr(1)));
  const auto* q = std::get_if<packet>(&again);
  AGENTHUB_FUZZ_CHECK(q != nullptr);
  AGENTHUB_FUZZ_CHECK(q->type == p.type);
  AGENTHUB_FUZZ_CHECK(q->nsp == p.nsp);
  AGENTHUB_FUZZ_CHECK(q->ack_id == p.ack_id);
  AGENTHUB_FUZZ_CHECK(q->data.has_value() == p.data.has_value());
  if (p.data)
    AGENTHUB_FUZZ_CHECK(q->data->dump() == p.data->dump());
}

void check_command(const packet& p) {
  auto c = AGENTHUB_FUZZ_NO_THROW(to_command(p));
  AGENTHUB_FUZZ_CHECK(c.ref == (p.ack_id ? std::to_string(*p.ack_id) : ""));
  AGENTHUB_FUZZ_CHECK(c.error_code.empty() == c.error_message.empty());
  AGENTHUB_FUZZ_CHECK(c.error_code.empty()
                      || c.error_code == "invalid_request");
  const auto& name = (*p.data)[0];
  if (!name.is_string())
    AGENTHUB_FUZZ_CHECK(c.error_code == "invalid_request");
  else
    AGENTHUB_FUZZ_CHECK(c.event == name.get<std::string>());
  // client_command: event "" means invalid, so it must carry an error.
  if (c.error_code.empty())
    AGENTHUB_FUZZ_CHECK(!c.event.empty());
  AGENTHUB_FUZZ_CHECK(c.after_seq >= -1 && c.before_seq >= -1 && c.limit >= -1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view text{reinterpret_cast<const char*>(data), size};
  auto r = AGENTHUB_FUZZ_NO_THROW(decode(text));
  if (const auto* err = std::get_if<std::string>(&r)) {
    AGENTHUB_FUZZ_CHECK(!err->empty());
    return 0;
  }
  const auto& p = std::get<packet>(r);
  // §B.2: the type digit, then (types 5/6) 0..10 attachments, a namespace
  // starting with `/` and without a comma, and an ack id of <= 15 digits.
  AGENTHUB_FUZZ_CHECK(!text.empty()
                      && text[0] == '0' + static_cast<int>(p.type));
  bool binary
    = p.type == packet_type::binary_event || p.type == packet_type::binary_ack;
  AGENTHUB_FUZZ_CHECK(p.attachments >= 0 && p.attachments <= 10);
  AGENTHUB_FUZZ_CHECK(binary || p.attachments == 0);
  AGENTHUB_FUZZ_CHECK(!p.nsp.empty() && p.nsp[0] == '/');
  AGENTHUB_FUZZ_CHECK(p.nsp.find(',') == std::string::npos);
  AGENTHUB_FUZZ_CHECK(!p.ack_id || *p.ack_id < 1000000000000000ULL);
  // Nothing may follow the JSON payload (nlohmann stops at a NUL byte).
  if (p.data)
    AGENTHUB_FUZZ_CHECK(agenthub::fuzz::no_nul(payload_text(text)));
  check_payload(p);
  check_round_trip(p);
  if (p.type == packet_type::event || p.type == packet_type::binary_event)
    check_command(p);
  return 0;
}
