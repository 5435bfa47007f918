// The end-of-run invariant check.
#include "tools/loadgen/accounting.hpp"

namespace agenthub::loadgen {

run_results account(const std::vector<std::shared_ptr<connection>>& conns,
                    std::size_t room_count) {
  run_results r;
  std::vector<std::vector<acked_send>> acked(room_count);
  for (auto& c : conns) {
    for (auto& a : c->acked())
      acked[static_cast<std::size_t>(a.room)].push_back({a.seq, a.sent_ns});
    r.unanswered += c->unanswered();
    if (c->lost())
      ++r.connections_lost;
    if (!c->failure().empty() && r.failures.size() < 10)
      r.failures.push_back("connection " + std::to_string(c->spec().index)
                           + ": " + c->failure());
  }
  for (auto& room : acked)
    r.seq_conflicts += count_seq_conflicts(room);
  for (auto& c : conns) {
    // A recorded disconnect is checked up to its close targets.
    bool exempt = c->lost() || !c->failure().empty();
    for (auto& [room, t] : c->rooms()) {
      r.gaps += t.seqs.gaps();
      r.regressions += t.seqs.regressions();
      r.duplicates += t.seqs.duplicates();
      r.after_leave += t.after_leave;
      if (exempt || t.left || t.subscribed_ns < 0)
        continue;
      auto& sent = acked[static_cast<std::size_t>(room)];
      ++r.receivers_checked;
      for (auto& a : sent)
        if (a.sent_ns > t.subscribed_ns && a.seq <= t.close_target)
          ++r.expected_deliveries;
      r.missing += count_missing(t.seqs, t.subscribed_ns, sent, t.close_target);
    }
  }
  return r;
}

} // namespace agenthub::loadgen
