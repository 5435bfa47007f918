// Ctrl-C for the client commands: a flag the I/O loops poll.
#pragma once

namespace agenthub::cli {

/// Installs SIGINT/SIGTERM handlers that only set a flag (no SA_RESTART), so
/// long-running commands (`tail`, `top`) can stop cleanly.
void install_interrupt_handler();

/// True once SIGINT or SIGTERM arrived.
bool interrupted();

} // namespace agenthub::cli
