// The client subcommands of `agenthub`: talking to a running hub.
#pragma once

#include <string>

namespace agenthub::cli {

/// True if `word` starts a client subcommand (`login`, `rooms`, …).
bool is_client_command(const std::string& word);

/// Runs the client subcommand in argv[1..]; returns the exit code. Never
/// throws: failures are printed as one line on stderr.
int run(int argc, char** argv);

/// The client part of `agenthub --help`: commands and exit codes.
std::string overview();

} // namespace agenthub::cli
