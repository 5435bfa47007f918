// Command-line options of agenthub-loadgen, and --help.
#pragma once

#include "tools/loadgen/client_codec.hpp"
#include "tools/loadgen/schedule.hpp"
#include "tools/loadgen/target.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace agenthub::loadgen {

/// Hard cap on connections: a load tool must stop by itself.
constexpr int max_connections = 20000;
/// Default body size in bytes.
constexpr int default_size = 128;

/// How the agents, tokens, JWTs and rooms come about.
enum class setup_kind {
  rest, ///< created through the REST API with an admin API token
  none, ///< nothing created: tokens from --jwt-file or any string (baseline)
};

/// Everything the command line can say.
struct options {
  target url;
  std::string url_text = "http://127.0.0.1:3000";
  std::optional<framing> framing_choice; ///< unset: ws (replay: recorded)
  bool replay = false;
  std::string recording_file;
  replay_speed speed;
  bool use_bodies = false;
  int connections = 0; ///< 0: rooms * members per room
  int connections_per_agent = 1;
  int rooms = 1;
  int members_per_room = 2;
  int senders = -1;               ///< per room; -1: every member
  double rate = 1.0;              ///< msgs/s per sender; 0: closed loop
  int window = 1;                 ///< closed loop: outstanding sends
  int size = default_size;        ///< body bytes (the stamp included)
  std::optional<double> duration; ///< seconds; default 10 (synthetic)
  std::uint64_t max_messages = 0; ///< 0: no limit
  double drain_timeout = 5.0;     ///< seconds
  double connect_timeout = 30.0;  ///< seconds for every connection to open
  int threads = 1;
  std::vector<std::string> source_ips;
  std::string admin_token;
  std::string reuse_file;
  setup_kind setup = setup_kind::rest;
  std::string jwt_file;
  int login_concurrency = 4;
  bool client_msg_id = false;
  bool allow_missing = false;
  bool json_only = false;
  int hub_pid = 0; ///< --hub-pid: read its CPU and RSS from /proc
};

/// What parsing ended with when it did not give options: the text to print
/// and the exit code (0 for --help on stdout, 2 for a usage error).
struct cli_exit {
  int code = 2;
  std::string text;
};

/// Parses argv (and AGENTHUB_ADMIN_TOKEN from the environment).
std::variant<options, cli_exit> parse_options(int argc, char** argv);

/// The --help text.
const char* help_text();

} // namespace agenthub::loadgen
