// `agenthub tail`: one connection at a time; on loss, reconnect with
// backoff and rejoin with afterSeq = the last seq printed
// (docs/protocol.md, "Guarantees: Resume").
#include "app/cli/tail.hpp"

#include "app/cli/errors.hpp"
#include "app/cli/hub_client.hpp"
#include "app/cli/hub_socket.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/output.hpp"

#include <cstdint>
#include <optional>

namespace agenthub::cli {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

/// Reconnect backoff: 250 ms doubling to 5 s.
constexpr milliseconds first_backoff{250};
constexpr milliseconds max_backoff{5000};
/// Connecting and joining may take this long each (the hub answers a join
/// within 30 s or with `timeout`).
constexpr milliseconds connect_timeout{15000};
constexpr milliseconds join_timeout{35000};

class tailer {
public:
  /// Reads the options (throwing usage errors) before anything else.
  explicit tailer(const parsed_args& a) {
    room_ = a.positional[0];
    json_ = a.json();
    if (a.has("--after-seq"))
      last_
        = static_cast<std::uint64_t>(a.get_int("--after-seq", 0, INT64_MAX, 0));
    count_ = static_cast<std::uint64_t>(a.get_int("--count", 1, INT64_MAX, 0));
    if (a.has("--timeout"))
      deadline_
        = clock_type::now()
          + std::chrono::seconds{a.get_int("--timeout", 1, 365LL * 86400, 0)};
  }

  /// Follows the room until done; returns the exit code.
  int run(hub_client& hub) {
    hub_ = &hub;
    names_.emplace(hub);
    auto backoff = first_backoff;
    for (;;) {
      if (should_stop())
        return finish_code();
      try {
        hub_socket sock{*hub_, bounded(connect_timeout)};
        resyncing_ = false;
        join(sock);
        backoff = first_backoff;
        follow(sock);
        sock.close();
      } catch (const connection_closed& c) {
        auto code = c.info().code;
        if (!may_reconnect(code))
          throw failure{code == 4003 ? exit_code::auth : exit_code::refused,
                        "the hub closed the connection: " + close_text(c)};
        print_note("connection closed (" + close_text(c) + "); reconnecting");
      } catch (const failure& f) {
        if (f.code() == exit_code::interrupted)
          return exit_code::ok;
        if (f.code() != exit_code::unavailable)
          throw;
        print_note(std::string{f.what()} + "; retrying");
      }
      if (should_stop())
        continue;
      if (!pause_for(bounded(backoff)))
        return exit_code::ok;
      backoff = std::min(backoff * 2, max_backoff);
    }
  }

private:
  static std::string close_text(const connection_closed& c) {
    auto text = std::to_string(c.info().code);
    if (!c.info().reason.empty())
      text += " " + c.info().reason;
    return text;
  }

  /// True when --count is reached, --timeout has passed or Ctrl-C came.
  bool should_stop() const {
    return (count_ && printed_ >= count_) || interrupted()
           || (deadline_ && clock_type::now() >= *deadline_);
  }

  /// The exit code once `should_stop()`: 6 if --timeout cut --count short.
  int finish_code() const {
    if (!count_ || printed_ >= count_ || interrupted())
      return exit_code::ok;
    print_note("--timeout passed after " + std::to_string(printed_) + " of "
               + std::to_string(count_) + " messages");
    return exit_code::incomplete;
  }

  /// `d`, but not beyond the --timeout deadline (at least 1 ms).
  milliseconds bounded(milliseconds d) const {
    if (!deadline_)
      return d;
    auto left = std::chrono::duration_cast<milliseconds>(*deadline_
                                                         - clock_type::now());
    return std::max(milliseconds{1}, std::min(d, left));
  }

  void join(hub_socket& sock) {
    json data{{"roomId", room_}};
    if (last_)
      data["afterSeq"] = *last_;
    auto reply = sock.request("room:join", data, join_timeout);
    if (!reply.value("ok", false)) {
      auto err = reply.value("error", json::object());
      auto code = err.value("code", "");
      auto text
        = "tail " + room_ + ": " + code + ": " + err.value("message", "");
      if (retryable_ws_error(code))
        throw failure{exit_code::unavailable, text};
      if (code == "not_member")
        text += " (agenthub rooms join " + room_ + ")";
      throw failure{exit_code::refused, text};
    }
    auto d = reply.value("data", json::object());
    room_id_ = d.value("roomId", "");
    if (!last_)
      last_ = d.value("lastSeq", std::uint64_t{0});
    print_note("following " + terminal_safe(room_) + " (" + room_id_
               + ") after seq " + std::to_string(*last_));
  }

  void follow(hub_socket& sock) {
    while (!should_stop()) {
      auto frame = sock.next_event(bounded(milliseconds{250}));
      if (!frame)
        continue;
      auto type = frame->value("type", "");
      auto data = frame->value("data", json::object());
      if (type == "message:new" && data.value("roomId", "") == room_id_) {
        on_message(sock, data);
      } else if (type == "room:removed"
                 && data.value("roomId", "") == room_id_) {
        throw failure{exit_code::refused,
                      "you were removed from room " + room_};
      } else if (type == "error") {
        auto err = frame->value("error", json::object());
        print_note("hub error: " + err.value("code", "") + ": "
                   + err.value("message", ""));
      }
    }
  }

  void on_message(hub_socket& sock, const json& m) {
    auto seq = m.value("seq", std::uint64_t{0});
    if (seq <= *last_)
      return; // a replay of what was printed
    if (seq > *last_ + 1) {
      // A gap: ask for a replay after the last printed seq, once; the
      // messages after the join reply fill it in order.
      if (!resyncing_) {
        resyncing_ = true;
        join(sock);
      }
      return;
    }
    auto sender = json_ ? "" : names_->name_of(m.value("senderId", ""));
    json_ ? print_json(m) : print_line(message_line(m, sender));
    last_ = seq;
    ++printed_;
    resyncing_ = false;
  }

  hub_client* hub_ = nullptr;
  std::optional<agent_names> names_;
  std::string room_;
  std::string room_id_;
  bool json_ = false;
  std::optional<std::uint64_t> last_; ///< the last seq printed (or start)
  std::uint64_t count_ = 0;           ///< --count; 0: unlimited
  std::uint64_t printed_ = 0;
  std::optional<clock_type::time_point> deadline_; ///< --timeout
  bool resyncing_ = false; ///< a gap-filling join is under way
};

} // namespace

int run_tail(const parsed_args& a) {
  tailer t{a};
  auto hub = hub_client::from_environment();
  return t.run(hub);
}

} // namespace agenthub::cli
