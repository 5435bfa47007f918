// The --reuse file.
#include "tools/loadgen/reuse_file.hpp"

#include <nlohmann/json.hpp>

#include "tools/loadgen/setup_provider.hpp"
#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace agenthub::loadgen {

using json = nlohmann::json;

std::optional<fleet> load_reuse_file(const std::string& path,
                                     const std::string& shape) {
  std::ifstream in(path);
  if (!in)
    return std::nullopt;
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()
      || j.value("agenthub_loadgen_reuse", 0) != 1)
    throw setup_failure("--reuse " + path + ": not a loadgen reuse file");
  if (j.value("shape", "") != shape)
    throw setup_failure("--reuse " + path
                        + ": made for another scenario shape ("
                        + j.value("shape", "") + "); this run needs " + shape
                        + ". Delete the file or name another one.");
  fleet f;
  try {
    f.prefix = j.at("prefix").get<std::string>();
    for (auto& a : j.at("agents")) {
      agent_credentials c;
      c.id = a.at("id").get<std::string>();
      c.name = a.at("name").get<std::string>();
      c.api_token = a.at("token").get<std::string>();
      c.jwt = a.value("jwt", "");
      c.jwt_exp = a.value("jwtExp", std::int64_t{0});
      f.agents.push_back(std::move(c));
    }
    for (auto& r : j.at("rooms")) {
      room_entry e;
      e.id = r.at("id").get<std::string>();
      e.slug = r.at("slug").get<std::string>();
      e.members = r.at("members").get<std::vector<int>>();
      f.rooms.push_back(std::move(e));
    }
  } catch (const json::exception& e) {
    throw setup_failure("--reuse " + path + ": " + e.what());
  }
  return f;
}

void save_reuse_file(const std::string& path, const std::string& shape,
                     const fleet& f) {
  json agents = json::array();
  for (auto& a : f.agents)
    agents.push_back({{"id", a.id},
                      {"name", a.name},
                      {"token", a.api_token},
                      {"jwt", a.jwt},
                      {"jwtExp", a.jwt_exp}});
  json rooms = json::array();
  for (auto& r : f.rooms)
    rooms.push_back({{"id", r.id}, {"slug", r.slug}, {"members", r.members}});
  json j = {{"agenthub_loadgen_reuse", 1},
            {"shape", shape},
            {"prefix", f.prefix},
            {"agents", agents},
            {"rooms", rooms}};
  auto text = j.dump(1) + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    throw setup_failure("--reuse " + path + ": cannot write the file");
  auto n = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size()))
    throw setup_failure("--reuse " + path + ": short write");
}

} // namespace agenthub::loadgen
