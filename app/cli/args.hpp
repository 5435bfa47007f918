// Command-line options of the client subcommands.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace agenthub::cli {

/// One option a command accepts.
struct option_spec {
  std::string name;         ///< with dashes: "--limit"
  bool takes_value = false; ///< "--limit 5" / "--limit=5", else a flag
};

/// The arguments after the command words.
struct parsed_args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values; ///< last one wins
  std::set<std::string> flags;

  /// True if flag or valued option `name` was given.
  bool has(const std::string& name) const;
  /// The value of option `name`, if given.
  std::optional<std::string> get(const std::string& name) const;
  /// The value of `name` as an integer in [min, max]; `fallback` if absent.
  /// Throws a usage error naming the option otherwise.
  long long get_int(const std::string& name, long long min, long long max,
                    long long fallback) const;
  /// `--json` was given.
  bool json() const {
    return has("--json");
  }
};

/// Parses `args` against `spec` (plus --json and --help/-h, accepted
/// everywhere). Options may come anywhere; "--" ends them. Throws a usage
/// error for an unknown option or a missing value.
parsed_args parse_args(const std::vector<std::string>& args,
                       const std::vector<option_spec>& spec);

} // namespace agenthub::cli
