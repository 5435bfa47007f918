// State shared by the connections of a run.
#include "tools/loadgen/run_context.hpp"

#include <chrono>

namespace agenthub::loadgen {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           std::chrono::steady_clock::now().time_since_epoch())
    .count();
}

void error_table::add(const std::string& code) {
  std::lock_guard<std::mutex> g(m_);
  ++counts_[code.empty() ? "unknown" : code];
}

std::map<std::string, std::uint64_t> error_table::snapshot() const {
  std::lock_guard<std::mutex> g(m_);
  return counts_;
}

std::uint64_t error_table::total() const {
  std::lock_guard<std::mutex> g(m_);
  std::uint64_t n = 0;
  for (auto& [code, count] : counts_)
    n += count;
  return n;
}

void room_runtime::acked(std::uint64_t seq, std::int64_t sent_ns) {
  std::lock_guard<std::mutex> g(m_);
  if (seq > max_seq_) {
    max_seq_ = seq;
    max_seq_sent_ns_ = sent_ns;
  }
}

std::pair<std::uint64_t, std::int64_t> room_runtime::highest_acked() const {
  std::lock_guard<std::mutex> g(m_);
  return {max_seq_, max_seq_sent_ns_};
}

run_context::run_context(const options& o, const fleet& f)
  : opts(o), fl(f), rooms(f.rooms.size()) {
  for (std::size_t i = 0; i < f.rooms.size(); ++i) {
    rooms[i].id = f.rooms[i].id;
    room_index[f.rooms[i].id] = static_cast<int>(i);
    room_index[f.rooms[i].slug] = static_cast<int>(i);
  }
}

bool run_context::claim_send() {
  if (!sending.load(std::memory_order_relaxed))
    return false;
  if (opts.max_messages == 0)
    return true;
  if (tickets.fetch_add(1, std::memory_order_relaxed) < opts.max_messages)
    return true;
  sending.store(false, std::memory_order_relaxed);
  return false;
}

int run_context::room_of(const std::string& id_or_slug) const {
  auto it = room_index.find(id_or_slug);
  return it == room_index.end() ? -1 : it->second;
}

} // namespace agenthub::loadgen
