// The recording format of `agenthub serve --record FILE`: a parser.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace agenthub::loadgen {

/// The client events a recording may hold; anything else is `unknown`.
enum class recorded_kind {
  connect,
  disconnect,
  room_join,
  room_leave,
  message_send,
  message_history,
  presence_list,
  unknown,
};

/// The event kind for a recorded event name (`unknown` if not listed).
recorded_kind kind_of(const std::string& event_name);

/// One client event line: {"t","conn","agent","framing","event","room",
/// "size","clientMsgId","body"}.
struct recorded_event {
  double t = 0;          ///< seconds since the recording started
  std::int64_t conn = 0; ///< recorded connection number
  std::string agent;     ///< recorded agent id
  std::string framing;   ///< "ws" or "socketio" (may be empty)
  recorded_kind kind = recorded_kind::unknown;
  std::string event;               ///< the event name as recorded
  std::string room;                ///< room id or slug (may be empty)
  std::uint64_t size = 0;          ///< payload bytes
  bool client_msg_id = false;      ///< the client gave a clientMsgId
  std::optional<std::string> body; ///< only when bodies were recorded
  std::size_t line = 0;            ///< 1-based line number in the file
};

/// A line that could not be used, with its 1-based number and the reason.
struct recording_issue {
  std::size_t line = 0;
  std::string reason;
};

/// A parsed recording: the header, the usable events in file order, the
/// unusable lines, and the unknown event names with their counts.
struct recording {
  bool header_ok = false;
  int version = 0;
  std::string started;
  bool bodies = false;
  std::vector<recorded_event> events;
  std::vector<recording_issue> issues;
  std::map<std::string, std::uint64_t> unknown_events;
  /// Total unknown events (kept out of `events`, not an issue).
  std::uint64_t unknown_count() const;
};

/// Parses a recording. Never throws on bad input: a missing or bad header
/// leaves header_ok false (with an issue on line 1); a malformed line or an
/// event without its required fields becomes an issue and is skipped; an
/// unknown event name is counted. Blank lines are ignored.
recording parse_recording(std::istream& in);

/// Parses one event line (exposed for tests). Returns the reason when the
/// line is unusable.
std::optional<std::string> parse_event_line(const std::string& text,
                                            recorded_event& out);

} // namespace agenthub::loadgen
