// Which persistence writer a room writes through (DB_WRITERS > 1). No CAF
// here, so tests that only check the spread need not compile the actors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace agenthub {

/// The writer of room `room_id` among `n`: FNV-1a of the id, so the choice
/// is the same in every build, every process and after every restart.
inline std::size_t writer_index(std::string_view room_id, std::size_t n) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : room_id) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return n == 0 ? 0 : static_cast<std::size_t>(h % n);
}

} // namespace agenthub
