// The table of client subcommands: words, arguments, help and handler.
#pragma once

#include "app/cli/args.hpp"

#include <functional>
#include <string>
#include <vector>

namespace agenthub::cli {

/// One client subcommand, e.g. `rooms members add`.
struct command {
  std::string path;     ///< the command words: "rooms members add"
  std::string synopsis; ///< arguments and options: "ROOM AGENT"
  std::string summary;  ///< one line for `agenthub --help`
  std::string help;     ///< the rest of `--help`: details and options
  std::vector<option_spec> options;
  std::size_t min_args = 0; ///< positional arguments
  std::size_t max_args = 0;
  std::function<int(const parsed_args&)> run; ///< returns the exit code
};

/// login, logout, agents …, tokens …
std::vector<command> identity_commands();
/// rooms …, history
std::vector<command> room_commands();
/// send, tail
std::vector<command> messaging_commands();
/// top
std::vector<command> top_commands();

} // namespace agenthub::cli
