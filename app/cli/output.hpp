// Human and --json output of the client subcommands.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace agenthub::cli {

/// `s` with control characters (C0, DEL, C1) escaped, so text from the hub
/// cannot move the cursor or retitle the terminal.
std::string terminal_safe(const std::string& s);

/// `j[key]` for a human: strings as is (terminal-safe), numbers and
/// booleans printed, null or missing as "-".
std::string text_of(const nlohmann::json& j, const std::string& key);

/// Prints `j` as one compact line on stdout and flushes.
void print_json(const nlohmann::json& j);

/// Prints one line on stdout and flushes.
void print_line(const std::string& line);

/// Prints a note on stderr ("agenthub: …"), for status a script ignores.
void print_note(const std::string& line);

/// Columns aligned by their widest cell; the first row is the header.
class table {
public:
  explicit table(std::vector<std::string> header);
  /// Adds a row (cells are made terminal-safe).
  void add(std::vector<std::string> row);
  /// Prints the table on stdout, or `empty_note` when there are no rows.
  void print(const std::string& empty_note) const;

private:
  std::vector<std::vector<std::string>> rows_;
};

/// "#12 2026-11-22T05:13:39.860Z researcher: hello" for a message object.
std::string message_line(const nlohmann::json& message,
                         const std::string& sender);

/// "3d04h", "1h02m", "5m07s", "42s" for a duration in seconds.
std::string short_duration(double seconds);

} // namespace agenthub::cli
