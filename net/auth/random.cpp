// CSPRNG helpers on top of OpenSSL RAND_bytes.
#include "net/auth/random.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <stdexcept>

namespace agenthub::auth {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  // RAND_bytes takes an int length: draw in chunks of at most 1 MiB.
  constexpr std::size_t max_chunk = 1 << 20;
  for (std::size_t done = 0; done < n;) {
    const auto chunk = std::min(n - done, max_chunk);
    auto* dst = reinterpret_cast<unsigned char*>(out.data() + done);
    if (RAND_bytes(dst, static_cast<int>(chunk)) != 1)
      throw std::runtime_error("RAND_bytes failed");
    done += chunk;
  }
  return out;
}

std::string random_base32(std::size_t chars) {
  static constexpr char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  auto out = random_bytes(chars);
  // 32 divides 256, so the low 5 bits of a uniform byte are uniform.
  for (auto& c : out)
    c = alphabet[static_cast<unsigned char>(c) & 31];
  return out;
}

} // namespace agenthub::auth
