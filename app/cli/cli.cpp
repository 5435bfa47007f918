// Dispatch and help of the client subcommands.
#include "app/cli/cli.hpp"

#include "app/cli/command.hpp"
#include "app/cli/errors.hpp"
#include "app/cli/interrupt.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

namespace agenthub::cli {

namespace {

const std::vector<command>& all_commands() {
  static const std::vector<command> table = [] {
    std::vector<command> out;
    for (auto part : {identity_commands(), room_commands(),
                      messaging_commands(), top_commands()})
      for (auto& c : part)
        out.push_back(std::move(c));
    return out;
  }();
  return table;
}

const char* exit_codes_text =
  R"(Exit codes of the client commands:
  0  ok (tail and top also after Ctrl-C)
  1  local failure (config file, unexpected answer)
  2  usage error
  3  refused by the hub: HTTP 4xx other than 401/403 (not_found, name_taken,
     validation_failed, rate_limited, ...) or a WebSocket error reply
  4  authentication: not logged in, HTTP 401/403, agent disabled
  5  hub unreachable, timed out or failing (HTTP 5xx, db_unavailable)
  6  tail: --timeout passed before --count messages arrived
  130  interrupted (Ctrl-C) during any other command
)";

std::string words_of(const command& c) {
  return "agenthub " + c.path + (c.synopsis.empty() ? "" : " " + c.synopsis);
}

/// True if `c.path` is `words` or starts with `words` + ' '.
bool under(const command& c, const std::string& words) {
  return c.path == words || c.path.rfind(words + " ", 0) == 0;
}

std::string help_of(const command& c) {
  std::ostringstream out;
  auto summary = c.summary;
  summary[0] = static_cast<char>(std::toupper(summary[0]));
  out << "Usage: " << words_of(c) << "\n\n" << summary << ".\n";
  if (!c.help.empty())
    out << "\n" << c.help;
  out << "\nCommon options:\n"
      << "  --json    machine-readable output on stdout (JSON)\n"
      << "  --help    this text\n\n"
      << "The hub and API token come from 'agenthub login' (or AGENTHUB_URL\n"
      << "and AGENTHUB_TOKEN).\n\n"
      << exit_codes_text;
  return out.str();
}

std::string group_help(const std::string& words) {
  std::ostringstream out;
  out << "Usage: agenthub " << words << " <command>\n\nCommands:\n";
  for (const auto& c : all_commands())
    if (under(c, words))
      out << "  " << words_of(c) << "\n      " << c.summary << "\n";
  out << "\nRun 'agenthub " << words << " <command> --help' for details.\n";
  return out.str();
}

/// Finds the command whose path is the longest prefix of `words`; sets
/// `used` to the number of words it takes.
const command* find(const std::vector<std::string>& words, std::size_t& used) {
  const command* best = nullptr;
  for (const auto& c : all_commands()) {
    std::istringstream in(c.path);
    std::size_t n = 0;
    bool match = true;
    for (std::string w; in >> w; ++n)
      if (n >= words.size() || words[n] != w) {
        match = false;
        break;
      }
    if (match && (!best || n > used)) {
      best = &c;
      used = n;
    }
  }
  return best;
}

/// The group words the user typed (for a group help), e.g. "rooms members".
std::string known_group(const std::vector<std::string>& words) {
  std::string group;
  for (const auto& w : words) {
    auto next = group.empty() ? w : group + " " + w;
    bool any = false;
    for (const auto& c : all_commands())
      any = any || c.path.rfind(next + " ", 0) == 0;
    if (!any)
      break;
    group = next;
  }
  return group;
}

int dispatch(const std::vector<std::string>& argv) {
  std::size_t used = 0;
  const command* c = find(argv, used);
  if (!c) {
    auto group = known_group(argv);
    auto n = group.empty() ? std::size_t{0}
                           : 1
                               + static_cast<std::size_t>(
                                 std::count(group.begin(), group.end(), ' '));
    auto text = group_help(group);
    if (n < argv.size() && (argv[n] == "--help" || argv[n] == "-h")) {
      std::fputs(text.c_str(), stdout);
      return exit_code::ok;
    }
    auto what = n < argv.size() ? "unknown command '" + argv[n] + "'"
                                : std::string{"missing command"};
    std::fprintf(stderr, "agenthub: %s\n%s", what.c_str(), text.c_str());
    return exit_code::usage;
  }
  std::vector<std::string> rest(argv.begin() + used, argv.end());
  auto args = parse_args(rest, c->options);
  if (args.has("--help")) {
    std::fputs(help_of(*c).c_str(), stdout);
    return exit_code::ok;
  }
  if (args.positional.size() < c->min_args)
    throw usage_error("missing argument; usage: " + words_of(*c));
  if (args.positional.size() > c->max_args)
    throw usage_error("unexpected argument '" + args.positional[c->max_args]
                      + "'; usage: " + words_of(*c));
  return c->run(args);
}

} // namespace

bool is_client_command(const std::string& word) {
  for (const auto& c : all_commands())
    if (c.path == word || c.path.rfind(word + " ", 0) == 0)
      return true;
  return false;
}

int run(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  try {
    install_interrupt_handler();
    return dispatch(words);
  } catch (const failure& f) {
    std::fprintf(stderr, "agenthub: %s\n", f.what());
    if (f.code() == exit_code::usage)
      std::fprintf(stderr, "Run 'agenthub %s --help' for usage.\n",
                   words.empty() ? "" : words[0].c_str());
    return f.code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "agenthub: %s\n", e.what());
    return exit_code::local;
  }
}

std::string overview() {
  std::ostringstream out;
  out << "Client commands (talk to a running hub over REST and WebSocket;\n"
      << "'agenthub <command> --help' for options; --json for scripts):\n";
  for (const auto& c : all_commands()) {
    auto left = "  " + words_of(c);
    out << left;
    if (left.size() < 39)
      out << std::string(39 - left.size(), ' ');
    else
      out << "\n" << std::string(39, ' ');
    out << c.summary << "\n";
  }
  out << "\n" << exit_codes_text;
  return out.str();
}

} // namespace agenthub::cli
