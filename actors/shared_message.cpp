// The framing encoder table and the lazy per-framing encoding.
#include "actors/shared_message.hpp"

#include <atomic>

namespace agenthub {

namespace {

std::array<std::atomic<framing_encoder>, framing_count> encoders{};

} // namespace

void register_framing_encoder(framing f, framing_encoder enc) {
  encoders[static_cast<std::size_t>(f)].store(enc);
}

const std::shared_ptr<const std::string>&
encoded_message::bytes(framing f) const {
  auto i = static_cast<std::size_t>(f);
  std::call_once(once_[i], [&] {
    auto enc = encoders[i].load();
    bytes_[i]
      = std::make_shared<const std::string>(enc ? enc(record_) : std::string{});
  });
  return bytes_[i];
}

} // namespace agenthub
