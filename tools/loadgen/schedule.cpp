// Time scaling of a replay.
#include "tools/loadgen/schedule.hpp"

#include <cmath>
#include <cstdlib>

namespace agenthub::loadgen {

std::optional<replay_speed> parse_speed(const std::string& text) {
  if (text == "max")
    return replay_speed{true, 0.0};
  if (text.empty())
    return std::nullopt;
  char* end = nullptr;
  double f = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(f) || f < min_speed
      || f > max_speed)
    return std::nullopt;
  return replay_speed{false, f};
}

std::chrono::nanoseconds scaled_deadline(double t, replay_speed speed) {
  if (speed.as_fast_as_possible || t <= 0)
    return std::chrono::nanoseconds{0};
  return std::chrono::nanoseconds{
    static_cast<std::int64_t>(std::llround(t / speed.factor * 1e9))};
}

std::vector<std::chrono::nanoseconds>
scaled_deadlines(const std::vector<double>& times, replay_speed speed) {
  std::vector<std::chrono::nanoseconds> out;
  out.reserve(times.size());
  for (double t : times)
    out.push_back(scaled_deadline(t, speed));
  return out;
}

} // namespace agenthub::loadgen
