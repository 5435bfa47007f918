// Parsing of the client subcommands' options.
#include "app/cli/args.hpp"

#include "app/cli/errors.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace agenthub::cli {

bool parsed_args::has(const std::string& name) const {
  return flags.count(name) > 0 || values.count(name) > 0;
}

std::optional<std::string> parsed_args::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end())
    return std::nullopt;
  return it->second;
}

long long parsed_args::get_int(const std::string& name, long long min,
                               long long max, long long fallback) const {
  auto v = get(name);
  if (!v)
    return fallback;
  errno = 0;
  char* end = nullptr;
  long long n = std::strtoll(v->c_str(), &end, 10);
  if (v->empty() || *end != '\0' || errno != 0 || n < min || n > max)
    throw usage_error(name + " must be an integer from " + std::to_string(min)
                      + " to " + std::to_string(max) + ", not '" + *v + "'");
  return n;
}

parsed_args parse_args(const std::vector<std::string>& args,
                       const std::vector<option_spec>& spec) {
  auto all = spec;
  all.push_back({"--json", false});
  all.push_back({"--help", false});
  parsed_args out;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (options_done || a.size() < 2 || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "-h") {
      out.flags.insert("--help");
      continue;
    }
    auto eq = a.find('=');
    auto name = a.substr(0, eq);
    auto it = std::find_if(all.begin(), all.end(), [&](const option_spec& o) {
      return o.name == name;
    });
    if (it == all.end())
      throw usage_error("unknown option " + name);
    if (!it->takes_value) {
      if (eq != std::string::npos)
        throw usage_error(name + " takes no value");
      out.flags.insert(name);
    } else if (eq != std::string::npos) {
      out.values[name] = a.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      out.values[name] = args[++i];
    } else {
      throw usage_error(name + " needs a value");
    }
  }
  return out;
}

} // namespace agenthub::cli
