// Which agents are disabled: checked on every authenticated request.
#pragma once

#include <functional>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace agenthub::net {

/// The set of disabled agent ids. A session JWT stays cryptographically
/// valid for 15 minutes; this set is what makes disabling an agent take
/// effect at once. Loaded at startup, updated by the agents API.
class agent_status {
public:
  /// Replaces the whole set (startup).
  void load(const std::vector<std::string>& disabled_ids);

  /// Marks one agent disabled or enabled.
  void set_disabled(const std::string& agent_id, bool disabled);

  /// True if the agent is disabled.
  bool is_disabled(const std::string& agent_id) const;

  /// Registers a callback run when an agent gets disabled (open WebSocket
  /// connections of that agent are closed by it).
  void on_disabled(std::function<void(const std::string& agent_id)> f);

private:
  std::vector<std::function<void(const std::string&)>> listeners_;
  mutable std::shared_mutex mutex_;
  std::unordered_set<std::string> disabled_;
};

} // namespace agenthub::net
