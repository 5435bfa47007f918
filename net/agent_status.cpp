// The disabled-agents set behind a reader/writer lock.
#include "net/agent_status.hpp"

#include <mutex>

namespace agenthub::net {

void agent_status::load(const std::vector<std::string>& disabled_ids) {
  std::unique_lock<std::shared_mutex> guard{mutex_};
  disabled_ = {disabled_ids.begin(), disabled_ids.end()};
}

void agent_status::set_disabled(const std::string& agent_id, bool disabled) {
  std::vector<std::function<void(const std::string&)>> notify;
  {
    std::unique_lock<std::shared_mutex> guard{mutex_};
    if (disabled) {
      disabled_.insert(agent_id);
      notify = listeners_;
    } else {
      disabled_.erase(agent_id);
    }
  }
  for (auto& f : notify)
    f(agent_id);
}

void agent_status::on_disabled(
  std::function<void(const std::string& agent_id)> f) {
  std::unique_lock<std::shared_mutex> guard{mutex_};
  listeners_.push_back(std::move(f));
}

bool agent_status::is_disabled(const std::string& agent_id) const {
  std::shared_lock<std::shared_mutex> guard{mutex_};
  return disabled_.count(agent_id) != 0;
}

} // namespace agenthub::net
