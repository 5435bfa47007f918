// Time scaling of a replay: recorded seconds to deadlines after the start.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace agenthub::loadgen {

/// A replay speed: a factor (0.5 = half speed, 100 = a hundred times
/// faster) or `max`, as fast as possible (every deadline is the start).
struct replay_speed {
  bool as_fast_as_possible = false;
  double factor = 1.0;
};

/// Smallest and largest accepted speed factors.
constexpr double min_speed = 0.01;
constexpr double max_speed = 1000.0;

/// Parses "--speed": "max" or a number in [min_speed, max_speed].
std::optional<replay_speed> parse_speed(const std::string& text);

/// The deadline of an event recorded at `t` seconds, relative to the start
/// of the replay: t / factor, or zero at `max`. Negative t counts as 0.
std::chrono::nanoseconds scaled_deadline(double t, replay_speed speed);

/// The deadlines of a whole schedule (same order as `times`).
std::vector<std::chrono::nanoseconds>
scaled_deadlines(const std::vector<double>& times, replay_speed speed);

} // namespace agenthub::loadgen
