// Someone at a terminal: runs `agenthub <client command>` with a private
// CLI config file, against a hub of the test.
#pragma once

#include <nlohmann/json.hpp>

#include "tests/support/child_process.hpp"
#include "tests/support/hub_fixture.hpp"
#include "tests/support/temp_dir.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace agenthub::testing {

/// "http://127.0.0.1:<port>" of `hub`.
std::string url_of(hub_fixture& hub);

/// A command started in the background, with its output files.
struct started_command {
  std::unique_ptr<child_process> process;
  std::string out_path;
  std::string err_path;

  /// What it wrote to stdout / stderr so far.
  std::string out() const;
  std::string err() const;
};

/// A CLI user with its own config file (AGENTHUB_CLI_CONFIG in a temp dir).
class cli_user {
public:
  cli_user();

  /// Path of the config file.
  std::string config_path() const {
    return dir_.file("cli.json");
  }

  /// The environment the CLI runs with (minimal + AGENTHUB_CLI_CONFIG).
  env_map env() const;

  /// Runs `agenthub args...`.
  command_result run(const std::vector<std::string>& args,
                     std::chrono::milliseconds timeout
                     = std::chrono::milliseconds{60000}) const;

  /// `agenthub login --url <hub> --token <api_token>`; must exit 0.
  void login(hub_fixture& hub, const std::string& api_token) const;

  /// Runs `args` plus --json, requires exit 0 and returns stdout parsed.
  nlohmann::json json(std::vector<std::string> args) const;

  /// Starts `agenthub args...` without waiting (e.g. `tail`).
  started_command start(const std::vector<std::string>& args) const;

  /// A scratch file path in the user's directory.
  std::string file(const std::string& name) const {
    return dir_.file(name);
  }

private:
  temp_dir dir_;
  mutable int started_ = 0;
};

/// The non-empty lines of `text`.
std::vector<std::string> lines_of(const std::string& text);

/// Each line of `text` parsed as JSON.
std::vector<nlohmann::json> json_lines(const std::string& text);

/// "exit N; stdout: …; stderr: …" for assertion messages.
std::string describe(const command_result& r);

/// No sign of a crash, an uncaught exception or a sanitizer report.
void expect_no_crash(const command_result& r);

} // namespace agenthub::testing
