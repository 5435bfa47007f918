// Fuzz target: ws_frame_parser on arbitrary client bytes, fed once whole and
// once in chunks whose sizes are derived from the input, plus the frame
// encoders and the UTF-8 validator.
// Invariants: both feedings give the same events; an error is the last
// event, stops the parser and nothing is consumed after it; events respect
// RFC 6455 (text is UTF-8, control payloads <= 125 bytes, close codes
// valid, messages within the limit); utf8_valid agrees with a reference
// validator; encoded frames have the length they announce.
#include "net/websocket_frame.hpp"

#include "../fuzz_check.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace agenthub::net;

namespace {

/// Reference UTF-8 check, written from Unicode Table 3-7 (well-formed byte
/// sequences), independent of the product's decoder-style loop.
bool utf8_reference(std::string_view s) {
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto in = [](unsigned char b, unsigned lo, unsigned hi) {
    return b >= lo && b <= hi;
  };
  while (i < s.size()) {
    unsigned char b = at(i);
    std::size_t n = s.size() - i;
    if (b <= 0x7F) {
      i += 1;
    } else if (in(b, 0xC2, 0xDF)) {
      if (n < 2 || !in(at(i + 1), 0x80, 0xBF))
        return false;
      i += 2;
    } else if (in(b, 0xE0, 0xEF)) {
      unsigned lo = b == 0xE0 ? 0xA0 : 0x80;
      unsigned hi = b == 0xED ? 0x9F : 0xBF;
      if (n < 3 || !in(at(i + 1), lo, hi) || !in(at(i + 2), 0x80, 0xBF))
        return false;
      i += 3;
    } else if (in(b, 0xF0, 0xF4)) {
      unsigned lo = b == 0xF0 ? 0x90 : 0x80;
      unsigned hi = b == 0xF4 ? 0x8F : 0xBF;
      if (n < 4 || !in(at(i + 1), lo, hi) || !in(at(i + 2), 0x80, 0xBF)
          || !in(at(i + 3), 0x80, 0xBF))
        return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

bool valid_close_code(std::uint16_t c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1011)
         || (c >= 3000 && c <= 4999);
}

/// FNV-1a: chunking and limit are a function of the input, so a saved
/// crash replays identically.
std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s)
    h = (h ^ c) * 1099511628211ULL;
  return h;
}

struct run {
  std::vector<ws_event> events;
  std::size_t consumed = 0;         ///< sum of feed() results
  std::size_t fed_before_error = 0; ///< bytes given before the failing feed
};

void check_events(const std::vector<ws_event>& events, std::size_t limit) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto& e = events[i];
    switch (e.kind) {
      case ws_event::text:
        AGENTHUB_FUZZ_CHECK(utf8_reference(e.payload));
        AGENTHUB_FUZZ_CHECK(e.payload.size() <= limit);
        break;
      case ws_event::binary:
        AGENTHUB_FUZZ_CHECK(e.payload.size() <= limit);
        break;
      case ws_event::ping:
      case ws_event::pong:
        AGENTHUB_FUZZ_CHECK(e.payload.size() <= 125);
        break;
      case ws_event::close:
        AGENTHUB_FUZZ_CHECK(e.payload.size() <= 123);
        AGENTHUB_FUZZ_CHECK(utf8_reference(e.payload));
        AGENTHUB_FUZZ_CHECK((e.code == 1005 && e.payload.empty())
                            || valid_close_code(e.code));
        break;
      case ws_event::error:
        AGENTHUB_FUZZ_CHECK(i + 1 == events.size());
        AGENTHUB_FUZZ_CHECK(e.code == 1002 || e.code == 1007 || e.code == 1009);
        AGENTHUB_FUZZ_CHECK(!e.payload.empty());
        break;
      default:
        AGENTHUB_FUZZ_CHECK(!"unknown event kind");
    }
  }
}

/// Feeds `bytes` in chunks of 1..`max_chunk` bytes (sizes from `seed`).
run feed_chunked(std::string_view bytes, std::size_t limit, std::uint64_t seed,
                 std::size_t max_chunk) {
  ws_frame_parser p{limit};
  run r;
  std::size_t off = 0;
  while (off < bytes.size()) {
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    std::size_t n = 1 + seed % max_chunk;
    n = std::min(n, bytes.size() - off);
    auto before = r.events.size();
    bool was_failed = p.failed();
    auto used = p.feed(bytes.data() + off, n, r.events);
    if (was_failed) {
      // After an error the parser takes nothing and says nothing.
      AGENTHUB_FUZZ_CHECK(used == 0);
      AGENTHUB_FUZZ_CHECK(r.events.size() == before);
    } else if (p.failed()) {
      r.fed_before_error = off;
      AGENTHUB_FUZZ_CHECK(used <= n);
    } else {
      AGENTHUB_FUZZ_CHECK(used == n);
    }
    AGENTHUB_FUZZ_CHECK(
      p.failed()
      == (!r.events.empty() && r.events.back().kind == ws_event::error));
    r.consumed += used;
    off += n;
  }
  return r;
}

void check_encoders(std::string_view bytes) {
  auto payload = bytes.substr(0, 70000); // all three length forms
  auto frame = ws_frame(ws_opcode::binary, payload);
  std::size_t header = payload.size() < 126       ? 2
                       : payload.size() <= 0xFFFF ? 4
                                                  : 10;
  AGENTHUB_FUZZ_CHECK(frame.size() == header + payload.size());
  AGENTHUB_FUZZ_CHECK(static_cast<unsigned char>(frame[0]) == 0x82);
  AGENTHUB_FUZZ_CHECK(
    frame.compare(header, std::string::npos, payload.data(), payload.size())
    == 0);
  auto close = ws_close_frame(4000, bytes);
  AGENTHUB_FUZZ_CHECK(close.size() >= 4 && close.size() <= 2 + 125);
  AGENTHUB_FUZZ_CHECK(static_cast<unsigned char>(close[0]) == 0x88);
  auto reason = std::string_view{close}.substr(4);
  AGENTHUB_FUZZ_CHECK(utf8_reference(reason));
  AGENTHUB_FUZZ_CHECK(bytes.substr(0, reason.size()) == reason);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string_view bytes{reinterpret_cast<const char*>(data), size};
  AGENTHUB_FUZZ_CHECK(utf8_valid(bytes) == utf8_reference(bytes));

  auto h = fnv1a(bytes);
  std::size_t limit = (h & 3) == 0 ? 125 : 64 * 1024;

  ws_frame_parser whole{limit};
  std::vector<ws_event> events;
  auto consumed = whole.feed(bytes.data(), bytes.size(), events);
  check_events(events, limit);
  bool failed = !events.empty() && events.back().kind == ws_event::error;
  AGENTHUB_FUZZ_CHECK(whole.failed() == failed);
  AGENTHUB_FUZZ_CHECK(failed ? consumed <= size : consumed == size);
  if (failed) {
    std::vector<ws_event> more;
    AGENTHUB_FUZZ_CHECK(whole.feed(bytes.data(), bytes.size(), more) == 0);
    AGENTHUB_FUZZ_CHECK(more.empty());
  }

  for (std::size_t max_chunk : {std::size_t{1}, std::size_t{7}, size + 1}) {
    auto r = feed_chunked(bytes, limit, h | 1, max_chunk);
    AGENTHUB_FUZZ_CHECK(r.events.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      AGENTHUB_FUZZ_CHECK(r.events[i].kind == events[i].kind);
      AGENTHUB_FUZZ_CHECK(r.events[i].payload == events[i].payload);
      AGENTHUB_FUZZ_CHECK(r.events[i].code == events[i].code);
    }
    // Bytes handed over before the failing feed were all taken (buffered);
    // the failing feed takes its bytes up to the failure point.
    if (failed)
      AGENTHUB_FUZZ_CHECK(r.consumed == std::max(consumed, r.fed_before_error));
    else
      AGENTHUB_FUZZ_CHECK(r.consumed == size);
  }
  check_encoders(bytes);
  return 0;
}
