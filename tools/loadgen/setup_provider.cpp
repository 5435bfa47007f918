// The setup providers' factory, the run prefix, and --setup none.
#include "tools/loadgen/setup_provider.hpp"

#include "tools/loadgen/rest_setup.hpp"

#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>

namespace agenthub::loadgen {

namespace {

/// --setup none: no REST API. Tokens come from --jwt-file (cycled) or are
/// "loadgen-<i>"; rooms are named <prefix>-<r> and joined with room:join.
class none_setup : public setup_provider {
public:
  explicit none_setup(const options& o) : o_(o) {
  }

  fleet provide(const fleet_plan& plan, double) override {
    fleet f;
    f.report.provider = "none";
    f.prefix = make_run_prefix();
    f.join_rooms = true;
    f.ready_without_connected = true;
    std::vector<std::string> tokens;
    if (!o_.jwt_file.empty()) {
      std::ifstream in(o_.jwt_file);
      if (!in)
        throw setup_failure("--jwt-file " + o_.jwt_file + ": cannot read it");
      for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#')
          tokens.push_back(line);
      if (tokens.empty())
        throw setup_failure("--jwt-file " + o_.jwt_file + ": no token in it");
    }
    for (int i = 0; i < plan.agents; ++i) {
      agent_credentials a;
      a.name = f.prefix + "-a" + std::to_string(i);
      a.id = a.name;
      a.jwt = tokens.empty()
                ? "loadgen-" + std::to_string(i)
                : tokens[static_cast<std::size_t>(i) % tokens.size()];
      f.agents.push_back(std::move(a));
    }
    for (std::size_t r = 0; r < plan.room_members.size(); ++r) {
      room_entry e;
      e.slug = f.prefix + "-r" + std::to_string(r);
      e.id = e.slug;
      e.members = plan.room_members[r];
      f.rooms.push_back(std::move(e));
    }
    return f;
  }

private:
  const options& o_;
};

/// FNV-1a 64: a fingerprint that is the same in every build.
std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

} // namespace

std::string fleet_plan::shape() const {
  std::ostringstream members;
  for (auto& room : room_members) {
    for (int m : room)
      members << m << ',';
    members << ';';
  }
  std::ostringstream out;
  out << "agents=" << agents << " rooms=" << room_members.size()
      << " members=" << std::hex << fnv1a(members.str());
  return out.str();
}

std::string make_run_prefix() {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::random_device rd;
  std::string p = "lg";
  for (int i = 0; i < 6; ++i)
    p += alphabet[rd() % 32];
  return p;
}

std::unique_ptr<setup_provider> make_setup_provider(const options& opts) {
  if (opts.setup == setup_kind::none)
    return std::make_unique<none_setup>(opts);
  return make_rest_setup(opts);
}

} // namespace agenthub::loadgen
