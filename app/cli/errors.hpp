// Exit codes of the client subcommands and the failure that carries one.
#pragma once

#include <stdexcept>
#include <string>

namespace agenthub::cli {

/// Exit codes of `agenthub login|agents|tokens|rooms|send|tail|history|top`.
/// 2 means "usage" for every agenthub subcommand, server or client.
namespace exit_code {
constexpr int ok = 0;
constexpr int local = 1;         ///< this machine: config file, bad answer
constexpr int usage = 2;         ///< unknown command/option, bad argument
constexpr int refused = 3;       ///< the hub said no: 4xx (not 401/403)
constexpr int auth = 4;          ///< not logged in, 401, 403, agent disabled
constexpr int unavailable = 5;   ///< unreachable, timeout, 5xx, lost
constexpr int incomplete = 6;    ///< tail: --timeout before --count messages
constexpr int interrupted = 130; ///< SIGINT/SIGTERM (not tail/top: 0)
} // namespace exit_code

/// A failure that ends the command: one line for stderr and its exit code.
class failure : public std::runtime_error {
public:
  failure(int code, const std::string& message)
    : std::runtime_error(message), code_(code) {
  }
  /// The process exit code.
  int code() const {
    return code_;
  }

private:
  int code_;
};

/// A usage error (exit 2).
inline failure usage_error(const std::string& message) {
  return failure{exit_code::usage, message};
}

} // namespace agenthub::cli
