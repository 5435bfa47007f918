// UUIDv7 generation with a per-thread PRNG seeded from the OS.
#include "actors/uuid.hpp"

#include <chrono>
#include <cstdint>
#include <random>

namespace agenthub {

std::string make_uuid_v7() {
  // Ids need uniqueness, not secrecy: a seeded 64-bit PRNG per thread.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  auto ms = static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch())
      .count());
  std::uint64_t r1 = rng();
  std::uint64_t r2 = rng();
  unsigned char b[16];
  for (int i = 0; i < 6; ++i)
    b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | ((r1 >> 8) & 0x0f));
  b[7] = static_cast<unsigned char>(r1);
  b[8] = static_cast<unsigned char>(0x80 | ((r1 >> 16) & 0x3f));
  for (int i = 9; i < 16; ++i)
    b[i] = static_cast<unsigned char>(r2 >> (8 * (i - 9)));
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 0xf];
  }
  return out;
}

} // namespace agenthub
