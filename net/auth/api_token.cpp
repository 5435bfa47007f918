// API tokens: "agt_" + base32 prefix + "_" + base64url secret.
#include "net/auth/api_token.hpp"

#include "config/defaults.hpp"
#include "net/auth/base64.hpp"
#include "net/auth/random.hpp"

namespace agenthub::auth {

namespace {

constexpr std::string_view token_tag = "agt_";
constexpr std::size_t prefix_chars = defaults::api_token_prefix_chars;
/// Unpadded base64url length of the secret: ceil(bytes * 8 / 6).
constexpr std::size_t secret_chars
  = (defaults::api_token_secret_bytes * 8 + 5) / 6;
constexpr std::size_t token_chars
  = token_tag.size() + prefix_chars + 1 + secret_chars;
/// Characters; anything longer is rejected before any other work.
constexpr std::size_t max_token_chars = 128;

static_assert(secret_chars == 43, "32 bytes are 43 base64url characters");
static_assert(token_chars <= max_token_chars);

bool is_base32_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
}

bool is_prefix(std::string_view text) {
  if (text.size() != prefix_chars)
    return false;
  for (const char c : text)
    if (!is_base32_char(c))
      return false;
  return true;
}

bool has_tag(std::string_view text) {
  return text.substr(0, token_tag.size()) == token_tag;
}

} // namespace

std::optional<api_token_parts> parse_api_token(std::string_view token) {
  if (token.size() > max_token_chars || token.size() != token_chars
      || !has_tag(token))
    return std::nullopt;
  const auto prefix = token.substr(token_tag.size(), prefix_chars);
  const auto separator = token_tag.size() + prefix_chars;
  if (!is_prefix(prefix) || token[separator] != '_')
    return std::nullopt;
  // Positional split: the secret itself may contain '_'.
  const auto secret = token.substr(separator + 1);
  const auto decoded = base64url_decode(secret);
  if (!decoded || decoded->size() != defaults::api_token_secret_bytes)
    return std::nullopt;
  return api_token_parts{std::string{prefix}, std::string{secret}};
}

new_api_token generate_api_token() {
  auto prefix = random_base32(prefix_chars);
  const auto secret
    = base64url_encode(random_bytes(defaults::api_token_secret_bytes));
  auto token = std::string{token_tag} + prefix + '_' + secret;
  return new_api_token{std::move(token), std::move(prefix)};
}

std::optional<std::string> normalize_token_prefix(std::string_view text) {
  if (has_tag(text))
    text.remove_prefix(token_tag.size());
  if (!is_prefix(text))
    return std::nullopt;
  return std::string{text};
}

} // namespace agenthub::auth
