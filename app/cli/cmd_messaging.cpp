// `agenthub send` and the table entries of `send` and `tail`.
#include "app/cli/command.hpp"
#include "app/cli/errors.hpp"
#include "app/cli/hub_client.hpp"
#include "app/cli/hub_socket.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/output.hpp"
#include "app/cli/tail.hpp"

#include <iostream>
#include <memory>
#include <random>
#include <sstream>

namespace agenthub::cli {

using nlohmann::json;
using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

/// The hub answers a send within 30 s (or with `timeout`).
constexpr milliseconds ack_timeout{35000};
constexpr milliseconds connect_timeout{15000};

/// "cli-" and 128 random bits in hex: a fresh clientMsgId.
std::string random_client_msg_id() {
  std::random_device rd;
  std::string out = "cli-";
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    auto word = rd();
    for (int n = 0; n < 8; ++n, word >>= 4)
      out += hex[word & 15];
  }
  return out;
}

std::string body_argument(const std::string& arg) {
  if (arg != "-")
    return arg;
  std::stringstream text;
  text << std::cin.rdbuf();
  if (interrupted())
    throw failure{exit_code::interrupted, "interrupted"};
  auto body = text.str();
  if (!body.empty() && body.back() == '\n')
    body.pop_back();
  return body;
}

void print_ack(const parsed_args& a, json ack, const std::string& id) {
  ack["clientMsgId"] = id;
  if (a.json()) {
    print_json(ack);
    return;
  }
  auto where = "seq " + text_of(ack, "seq") + " in "
               + terminal_safe(a.positional[0]) + " (id " + text_of(ack, "id")
               + ", clientMsgId " + terminal_safe(id) + ")";
  print_line(ack.value("duplicate", false) ? "Already sent earlier: " + where
                                           : "Sent: " + where);
}

/// Ends `send` after an error reply that a retry cannot fix (exit 3).
[[noreturn]] void refuse(const parsed_args& a, const json& error) {
  auto code = error.value("code", "");
  auto text = "send to " + a.positional[0] + ": " + code + ": "
              + error.value("message", "");
  if (code == "not_member")
    text += " (agenthub rooms join " + a.positional[0] + ")";
  throw failure{exit_code::refused, text};
}

int run_send(const parsed_args& a) {
  auto body = body_argument(a.positional[1]);
  if (body.empty())
    throw usage_error("the message is empty");
  auto id = a.get("--client-msg-id").value_or(random_client_msg_id());
  auto budget = std::chrono::seconds{a.get_int("--timeout", 1, 3600, 60)};
  auto hub = hub_client::from_environment();
  auto give_up_at = clock_type::now() + budget;
  auto backoff = milliseconds{250};
  std::unique_ptr<hub_socket> sock;
  json frame{{"roomId", a.positional[0]}, {"body", body}, {"clientMsgId", id}};
  for (;;) {
    std::string problem;
    try {
      if (!sock)
        sock = std::make_unique<hub_socket>(hub, connect_timeout);
      auto reply = sock->request("message:send", frame, ack_timeout);
      if (reply.value("ok", false)) {
        print_ack(a, reply.value("data", json::object()), id);
        sock->close();
        return exit_code::ok;
      }
      auto error = reply.value("error", json::object());
      if (!retryable_ws_error(error.value("code", "")))
        refuse(a, error);
      problem = error.value("code", "") + ": " + error.value("message", "");
    } catch (const connection_closed& c) {
      sock.reset();
      if (!may_reconnect(c.info().code))
        throw failure{
          c.info().code == 4003 ? exit_code::auth : exit_code::refused,
          std::string{"the hub closed the connection: "} + c.what()};
      problem = c.what();
    } catch (const failure& f) {
      if (f.code() != exit_code::unavailable)
        throw;
      sock.reset();
      problem = f.what();
    }
    if (clock_type::now() + backoff > give_up_at)
      throw failure{exit_code::unavailable,
                    "send to " + a.positional[0] + " gave up: " + problem
                      + "; the message may or may not be stored: retry with "
                        "--client-msg-id "
                      + id + " (a retry is never stored twice)"};
    print_note("send: " + problem + "; retrying with the same clientMsgId");
    if (!pause_for(backoff))
      throw failure{exit_code::interrupted, "interrupted"};
    backoff = std::min(backoff * 2, milliseconds{5000});
  }
}

} // namespace

std::vector<command> messaging_commands() {
  return {
    {"send",
     "ROOM TEXT [--client-msg-id ID] [--timeout S]",
     "send a message (TEXT '-': stdin)",
     "ROOM is a room's slug or id; you must be a member. The message goes\n"
     "over the WebSocket and is acknowledged only once committed. Retryable\n"
     "failures (db_unavailable, overloaded, timeout, a lost connection) are\n"
     "retried with the same clientMsgId, so the message is stored at most\n"
     "once; a repeated command with the same --client-msg-id answers\n"
     "'Already sent earlier' with the original seq.\n"
     "\nOptions:\n"
     "  --client-msg-id ID  idempotency key, at most 128 bytes (default: a\n"
     "                      random 'cli-…' id, printed with the result)\n"
     "  --timeout S         give up retrying after S seconds (default 60)\n",
     {{"--client-msg-id", true}, {"--timeout", true}},
     2,
     2,
     run_send},
    {"tail",
     "ROOM [--after-seq N] [--count N] [--timeout S]",
     "follow a room's messages live",
     "ROOM is a room's slug or id; you must be a member. Prints each\n"
     "message as '#SEQ TIME SENDER: BODY' (--json: one message object per\n"
     "line). Status lines ('following ROOM (id) after seq N', reconnects)\n"
     "go to stderr. When the connection is lost (hub restart, network), it\n"
     "reconnects with backoff and resumes after the last seq printed: no\n"
     "gap, no duplicate. Ctrl-C stops it (exit 0).\n"
     "\nOptions:\n"
     "  --after-seq N  start with the messages after seq N (0: from the\n"
     "                 first); default: only new messages\n"
     "  --count N      exit 0 after N messages\n"
     "  --timeout S    exit after S seconds: 0, or 6 if --count was not\n"
     "                 reached\n",
     {{"--after-seq", true}, {"--count", true}, {"--timeout", true}},
     1,
     1,
     run_tail},
  };
}

} // namespace agenthub::cli
