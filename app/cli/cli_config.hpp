// The CLI's stored login: hub URL and API token in a 0600 JSON file.
#pragma once

#include <optional>
#include <string>

namespace agenthub::cli {

/// What `agenthub login` stores.
struct stored_login {
  std::string url;   ///< canonical hub URL
  std::string token; ///< the API token (agt_…): a secret
  std::string agent_id;
  std::string agent_name;
  std::string role;
};

/// The config file: $AGENTHUB_CLI_CONFIG, else
/// $XDG_CONFIG_HOME/agenthub/cli.json, else ~/.config/agenthub/cli.json.
/// Throws failure (exit 1) when none of these variables is set.
std::string config_path();

/// Reads the stored login; nullopt if the file does not exist. Throws
/// failure (exit 1) if it cannot be read or parsed. Warns on stderr when
/// the file is readable by others.
std::optional<stored_login> load_login(const std::string& path);

/// Writes `login` to `path` atomically with mode 0600, creating missing
/// parent directories with mode 0700. Throws failure (exit 1).
void save_login(const std::string& path, const stored_login& login);

/// Removes the file; false if there was none. Throws failure (exit 1).
bool remove_login(const std::string& path);

} // namespace agenthub::cli
