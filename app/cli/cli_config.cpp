// Reading and writing the CLI's login file (mode 0600, atomic replace).
#include "app/cli/cli_config.hpp"

#include <nlohmann/json.hpp>

#include "app/cli/errors.hpp"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace agenthub::cli {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

failure file_error(const std::string& what, const std::string& path) {
  return failure{exit_code::local,
                 what + " " + path + ": " + std::strerror(errno)};
}

/// mkdir -p with mode 0700 for every directory it creates.
void make_parents(const std::string& path) {
  for (auto pos = path.find('/', 1); pos != std::string::npos;
       pos = path.find('/', pos + 1)) {
    auto dir = path.substr(0, pos);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      throw file_error("cannot create directory", dir);
  }
}

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

} // namespace

std::string config_path() {
  if (auto p = env("AGENTHUB_CLI_CONFIG"); !p.empty())
    return p;
  if (auto x = env("XDG_CONFIG_HOME"); !x.empty())
    return x + "/agenthub/cli.json";
  if (auto h = env("HOME"); !h.empty())
    return h + "/.config/agenthub/cli.json";
  throw failure{exit_code::local,
                "cannot place the CLI config file: set AGENTHUB_CLI_CONFIG, "
                "XDG_CONFIG_HOME or HOME"};
}

std::optional<stored_login> load_login(const std::string& path) {
  struct stat st = {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT)
      return std::nullopt;
    throw file_error("cannot read", path);
  }
  if ((st.st_mode & 077) != 0)
    std::fprintf(stderr,
                 "agenthub: warning: %s is readable by others; it holds an "
                 "API token (chmod 600 it)\n",
                 path.c_str());
  std::ifstream in(path);
  if (!in)
    throw file_error("cannot read", path);
  std::stringstream text;
  text << in.rdbuf();
  auto j = nlohmann::json::parse(text.str(), nullptr, false);
  if (!j.is_object())
    throw failure{exit_code::local,
                  path + " is not a JSON object; run agenthub login again"};
  stored_login out;
  out.url = field(j, "url");
  out.token = field(j, "token");
  if (auto a = j.find("agent"); a != j.end() && a->is_object()) {
    out.agent_id = field(*a, "id");
    out.agent_name = field(*a, "name");
    out.role = field(*a, "role");
  }
  if (out.url.empty() || out.token.empty())
    throw failure{exit_code::local,
                  path + " lacks url or token; run agenthub login again"};
  return out;
}

void save_login(const std::string& path, const stored_login& login) {
  make_parents(path);
  nlohmann::json j{{"url", login.url},
                   {"token", login.token},
                   {"agent",
                    {{"id", login.agent_id},
                     {"name", login.agent_name},
                     {"role", login.role}}}};
  auto text = j.dump(2) + "\n";
  auto tmp = path + ".tmp." + std::to_string(::getpid());
  // O_EXCL + 0600 from the start: the token is never readable by others,
  // not even between open and chmod.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw file_error("cannot create", tmp);
  bool ok = ::fchmod(fd, 0600) == 0;
  for (std::size_t off = 0; ok && off < text.size();) {
    auto n = ::write(fd, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR)
      continue;
    ok = n > 0;
    off += ok ? static_cast<std::size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    saved = ok ? errno : saved;
    ::unlink(tmp.c_str());
    errno = saved;
    throw file_error("cannot write", path);
  }
}

bool remove_login(const std::string& path) {
  if (::unlink(path.c_str()) == 0)
    return true;
  if (errno == ENOENT)
    return false;
  throw file_error("cannot remove", path);
}

} // namespace agenthub::cli
