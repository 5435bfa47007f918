// Per-room delivery invariants.
#include "tools/loadgen/delivery_tracker.hpp"

#include <algorithm>
#include <iterator>

namespace agenthub::loadgen {

bool seq_tracker::has(std::uint64_t seq) const {
  auto it = ranges_.upper_bound(seq);
  if (it == ranges_.begin())
    return false;
  --it;
  return seq <= it->second;
}

void seq_tracker::insert(std::uint64_t seq) {
  // Join with the interval ending at seq - 1 and/or starting at seq + 1.
  auto next = ranges_.upper_bound(seq);
  bool joins_prev = false;
  auto prev = next;
  if (prev != ranges_.begin()) {
    --prev;
    joins_prev = prev->second + 1 == seq;
  }
  bool joins_next = next != ranges_.end() && next->first == seq + 1;
  if (joins_prev && joins_next) {
    prev->second = next->second;
    ranges_.erase(next);
  } else if (joins_prev) {
    prev->second = seq;
  } else if (joins_next) {
    auto last = next->second;
    ranges_.erase(next);
    ranges_.emplace(seq, last);
  } else {
    ranges_.emplace(seq, seq);
  }
}

delivery_verdict seq_tracker::observe(std::uint64_t seq) {
  ++deliveries_;
  if (has(seq)) {
    ++duplicates_;
    return delivery_verdict::duplicate;
  }
  insert(seq);
  delivery_verdict v;
  if (!have_last_) {
    v = delivery_verdict::first;
  } else if (seq == last_ + 1) {
    v = delivery_verdict::in_order;
  } else if (seq > last_) {
    ++gaps_;
    v = delivery_verdict::gap;
  } else {
    ++regressions_;
    v = delivery_verdict::regression;
  }
  // After a regression the receiver's position is the highest seq it saw.
  if (!have_last_ || seq > last_)
    last_ = seq;
  have_last_ = true;
  return v;
}

void seq_tracker::reset_epoch() {
  have_last_ = false;
}

std::uint64_t seq_tracker::distinct() const {
  std::uint64_t n = 0;
  for (auto& [first, last] : ranges_)
    n += last - first + 1;
  return n;
}

std::uint64_t count_missing(const seq_tracker& receiver,
                            std::int64_t subscribed_ns,
                            const std::vector<acked_send>& acked,
                            std::uint64_t max_seq) {
  std::uint64_t missing = 0;
  for (auto& a : acked)
    if (a.sent_ns > subscribed_ns && a.seq <= max_seq && !receiver.has(a.seq))
      ++missing;
  return missing;
}

std::uint64_t count_seq_conflicts(std::vector<acked_send> acked) {
  std::sort(
    acked.begin(), acked.end(),
    [](const acked_send& a, const acked_send& b) { return a.seq < b.seq; });
  std::uint64_t conflicts = 0;
  for (std::size_t i = 1; i < acked.size(); ++i)
    if (acked[i].seq == acked[i - 1].seq)
      ++conflicts;
  return conflicts;
}

} // namespace agenthub::loadgen
