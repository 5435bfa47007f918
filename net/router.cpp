// Path-pattern matching with literal-first precedence.
#include "net/router.hpp"

namespace agenthub::net {

std::string request_context::param(const std::string& name) const {
  auto i = params.find(name);
  return i == params.end() ? std::string{} : i->second;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/')
      ++i;
    auto j = path.find('/', i);
    if (j == std::string::npos)
      j = path.size();
    if (j > i)
      out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void router::add(std::string method, std::string pattern, access who,
                 handler fn, bool rate_limited) {
  route r{std::move(method), pattern,       who,
          rate_limited,      std::move(fn), split_path(pattern)};
  routes_.push_back(std::move(r));
}

namespace {

/// Matches segments; returns the number of literal segments, or -1.
int match_route(const route& r, const std::vector<std::string>& parts,
                std::map<std::string, std::string>& params) {
  if (r.segments.size() != parts.size())
    return -1;
  int literals = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = r.segments[i];
    if (!seg.empty() && seg[0] == ':') {
      params[seg.substr(1)] = parts[i];
    } else if (seg == parts[i]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

} // namespace

router::match router::find(const std::string& method,
                           const std::string& path) const {
  match best;
  int best_literals = -1;
  auto parts = split_path(path);
  for (const auto& r : routes_) {
    std::map<std::string, std::string> params;
    int literals = match_route(r, parts, params);
    if (literals < 0)
      continue;
    if (r.method != method) {
      if (best.allowed.find(r.method) == std::string::npos)
        best.allowed += (best.allowed.empty() ? "" : ", ") + r.method;
      continue;
    }
    if (literals > best_literals) {
      best_literals = literals;
      best.found = &r;
      best.params = std::move(params);
    }
  }
  return best;
}

} // namespace agenthub::net
