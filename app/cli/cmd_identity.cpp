// `agenthub login|logout`, `agents …` and `tokens …`.
#include "actors/time_format.hpp"

#include "app/cli/cli_config.hpp"
#include "app/cli/command.hpp"
#include "app/cli/errors.hpp"
#include "app/cli/hub_client.hpp"
#include "app/cli/interrupt.hpp"
#include "app/cli/output.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace agenthub::cli {

using nlohmann::json;

namespace {

std::string trimmed(std::string s) {
  auto end = s.find_last_not_of(" \t\r\n");
  s.erase(end == std::string::npos ? 0 : end + 1);
  return s.substr(std::min(s.size(), s.find_first_not_of(" \t\r\n")));
}

/// The API token from --token (or "-" for stdin) or --token-file.
std::string token_argument(const parsed_args& a) {
  auto given = a.get("--token");
  auto file = a.get("--token-file");
  if (given.has_value() == file.has_value())
    throw usage_error("give the API token with --token agt_… (or - for "
                      "stdin) or --token-file FILE");
  std::string token;
  if (file || *given == "-") {
    std::stringstream text;
    if (file) {
      std::ifstream in(*file);
      if (!in)
        throw failure{exit_code::local, "cannot read " + *file};
      text << in.rdbuf();
    } else {
      text << std::cin.rdbuf();
    }
    if (interrupted())
      throw failure{exit_code::interrupted, "interrupted"};
    token = trimmed(text.str());
  } else {
    token = *given;
  }
  if (token.rfind("agt_", 0) != 0)
    throw usage_error("the token must be an API token (agt_…), not a "
                      "session JWT");
  return token;
}

int run_login(const parsed_args& a) {
  auto url_text = a.get("--url");
  if (!url_text)
    throw usage_error("missing --url (e.g. http://127.0.0.1:3000)");
  std::string why;
  auto url = parse_hub_url(*url_text, why);
  if (!url)
    throw usage_error("--url: " + why);
  auto token = token_argument(a);
  auto path = config_path();
  hub_client hub{*url, token};
  auto session = hub.login();
  auto agent = session.value("agent", json::object());
  save_login(path, {url->to_string(), token, agent.value("id", ""),
                    agent.value("name", ""), agent.value("role", "")});
  if (a.json()) {
    print_json({{"url", url->to_string()},
                {"agent", agent},
                {"configFile", path},
                {"expiresAt", session.value("expiresAt", json(nullptr))}});
  } else {
    print_line("Logged in to " + url->to_string() + " as "
               + text_of(agent, "name") + " (" + text_of(agent, "role")
               + "). Saved to " + path + " (mode 0600).");
  }
  return exit_code::ok;
}

int run_logout(const parsed_args& a) {
  auto path = config_path();
  bool removed = remove_login(path);
  if (a.json())
    print_json({{"configFile", path}, {"removed", removed}});
  else
    print_line(removed ? "Removed " + path
                           + " (the API token itself stays valid; revoke it "
                             "with agenthub tokens revoke)"
                       : "Not logged in (no " + path + ")");
  return exit_code::ok;
}

std::string agent_status(const json& agent) {
  return agent.value("disabled", false) ? "disabled" : "enabled";
}

void print_agent(const json& agent, const std::string& verb) {
  print_line(verb + " agent " + text_of(agent, "name") + " (id "
             + text_of(agent, "id") + ", role " + text_of(agent, "role") + ", "
             + agent_status(agent) + ")");
}

int run_agents_create(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  json body{{"name", a.positional[0]}};
  if (auto d = a.get("--display-name"))
    body["displayName"] = *d;
  if (auto r = a.get("--role"))
    body["role"] = *r;
  auto agent = hub.call("POST", "/api/v1/agents", body);
  a.json() ? print_json(agent) : print_agent(agent, "Created");
  return exit_code::ok;
}

int run_agents_list(const parsed_args& a) {
  auto limit = a.get_int("--limit", 1, 200, 0);
  auto hub = hub_client::from_environment();
  auto list = get_list(hub, "/api/v1/agents", "agents", limit,
                       a.get("--after").value_or(""));
  if (a.json()) {
    print_json(list);
    return exit_code::ok;
  }
  table t{{"NAME", "ROLE", "STATUS", "DISPLAY NAME", "ID", "CREATED"}};
  for (const auto& ag : list["agents"])
    t.add({text_of(ag, "name"), text_of(ag, "role"), agent_status(ag),
           text_of(ag, "displayName"), text_of(ag, "id"),
           text_of(ag, "createdAt")});
  t.print("No agents.");
  if (list["nextCursor"].is_string())
    print_note("more: --after " + text_of(list, "nextCursor"));
  return exit_code::ok;
}

int run_agents_show(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto id = resolve_agent_id(hub, a.positional[0]);
  auto agent = hub.call("GET", "/api/v1/agents/" + id);
  if (a.json()) {
    print_json(agent);
    return exit_code::ok;
  }
  for (const char* key : {"name", "displayName", "role", "id", "createdAt",
                          "updatedAt", "disabledAt"})
    print_line(std::string{key} + ": " + text_of(agent, key));
  print_line("status: " + agent_status(agent));
  return exit_code::ok;
}

int set_disabled(const parsed_args& a, bool disabled) {
  auto hub = hub_client::from_environment();
  auto id = resolve_agent_id(hub, a.positional[0]);
  auto agent
    = hub.call("PATCH", "/api/v1/agents/" + id, {{"disabled", disabled}});
  a.json() ? print_json(agent)
           : print_agent(agent, disabled ? "Disabled" : "Enabled");
  return exit_code::ok;
}

int run_tokens_issue(const parsed_args& a) {
  json body = json::object();
  if (auto n = a.get("--name"))
    body["name"] = *n;
  if (a.has("--expires-in-days"))
    body["expiresInDays"] = a.get_int("--expires-in-days", 1, 3650, 0);
  if (auto at = a.get("--expires-at"))
    body["expiresAt"] = *at;
  auto hub = hub_client::from_environment();
  auto id = resolve_agent_id(hub, a.positional[0]);
  auto token = hub.call("POST", "/api/v1/agents/" + id + "/tokens", body);
  if (a.json()) {
    print_json(token);
    return exit_code::ok;
  }
  // The secret alone on stdout, so `T=$(agenthub tokens issue bot)` works.
  print_note("issued token " + text_of(token, "prefix") + " (id "
             + text_of(token, "id") + ", expires "
             + (token["expiresAt"].is_string() ? text_of(token, "expiresAt")
                                               : std::string{"never"})
             + "); it is shown only this once:");
  print_line(token.value("token", ""));
  return exit_code::ok;
}

std::string token_status(const json& t, const std::string& now) {
  if (t["revokedAt"].is_string())
    return "revoked";
  if (t["expiresAt"].is_string() && t["expiresAt"].get<std::string>() <= now)
    return "expired";
  return "active";
}

int run_tokens_list(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto agent = a.positional.empty() ? std::string{"me"} : a.positional[0];
  auto id = resolve_agent_id(hub, agent);
  auto list = hub.call("GET", "/api/v1/agents/" + id + "/tokens");
  if (a.json()) {
    print_json(list);
    return exit_code::ok;
  }
  auto now = now_iso8601();
  table t{
    {"PREFIX", "NAME", "STATUS", "CREATED", "LAST USED", "EXPIRES", "ID"}};
  for (const auto& tok : list.value("tokens", json::array()))
    t.add({text_of(tok, "prefix"), text_of(tok, "name"), token_status(tok, now),
           text_of(tok, "createdAt"), text_of(tok, "lastUsedAt"),
           text_of(tok, "expiresAt"), text_of(tok, "id")});
  t.print("No tokens.");
  return exit_code::ok;
}

int run_tokens_revoke(const parsed_args& a) {
  auto hub = hub_client::from_environment();
  auto token
    = hub.call("DELETE", "/api/v1/tokens/" + url_encode(a.positional[0]));
  if (a.json()) {
    print_json(token);
    return exit_code::ok;
  }
  print_line("Revoked token " + text_of(token, "prefix") + " (id "
             + text_of(token, "id") + ") at " + text_of(token, "revokedAt")
             + ". Session JWTs it produced stay valid for up to 15 minutes; "
               "disable the agent to cut it off at once.");
  return exit_code::ok;
}

} // namespace

std::vector<command> identity_commands() {
  const std::string agent_arg = "AGENT is an agent's name, its id, or 'me'.\n";
  return {
    {"login",
     "--url URL --token agt_…",
     "verify an API token and store URL + token",
     "Exchanges the API token for a session JWT (POST /api/v1/sessions) to\n"
     "check it, then stores the URL and the token in the CLI config file,\n"
     "created with mode 0600: $AGENTHUB_CLI_CONFIG, else\n"
     "$XDG_CONFIG_HOME/agenthub/cli.json, else ~/.config/agenthub/cli.json.\n"
     "\nOptions:\n"
     "  --url URL          the hub, e.g. http://127.0.0.1:3000 (plain HTTP)\n"
     "  --token TOKEN      the API token; '-' reads it from stdin (keeps it\n"
     "                     out of the process list and shell history)\n"
     "  --token-file FILE  read the API token from FILE\n",
     {{"--url", true}, {"--token", true}, {"--token-file", true}},
     0,
     0,
     run_login},
    {"logout",
     "",
     "forget the stored URL and token",
     "Deletes the CLI config file. The API token stays valid on the hub.\n",
     {},
     0,
     0,
     run_logout},
    {"agents create",
     "NAME [--display-name TEXT] [--role agent|admin]",
     "create an agent (admin)",
     "NAME matches ^[a-z0-9][a-z0-9_-]{0,63}$. Give it a token with\n"
     "'agenthub tokens issue NAME'.\n",
     {{"--display-name", true}, {"--role", true}},
     1,
     1,
     run_agents_create},
    {"agents list",
     "[--limit N] [--after NAME]",
     "list agents",
     "Without --limit, every page. With --limit N (1-200), one page of N\n"
     "agents after --after NAME; the next cursor is printed on stderr.\n",
     {{"--limit", true}, {"--after", true}},
     0,
     0,
     run_agents_list},
    {"agents show",
     "AGENT",
     "show one agent",
     agent_arg,
     {},
     1,
     1,
     run_agents_show},
    {"agents disable",
     "AGENT",
     "disable an agent (admin)",
     agent_arg
       + "Takes effect at once: REST calls and logins are refused and its\n"
         "open WebSocket connections are closed with 4003.\n",
     {},
     1,
     1,
     [](const parsed_args& a) { return set_disabled(a, true); }},
    {"agents enable",
     "AGENT",
     "enable a disabled agent (admin)",
     agent_arg,
     {},
     1,
     1,
     [](const parsed_args& a) { return set_disabled(a, false); }},
    {"tokens issue",
     "AGENT [--name L] [--expires-in-days N | --expires-at T]",
     "issue an API token (admin)",
     agent_arg
       + "Prints the token alone on stdout (details on stderr): it is shown\n"
         "only this once. Without an expiry the token never expires.\n"
         "\nOptions:\n"
         "  --name L               a label, 1-128 characters\n"
         "  --expires-in-days N    1-3650\n"
         "  --expires-at T         RFC 3339 with a zone, e.g. "
         "2027-01-31T12:00:00Z\n",
     {{"--name", true}, {"--expires-in-days", true}, {"--expires-at", true}},
     1,
     1,
     run_tokens_issue},
    {"tokens list",
     "[AGENT]",
     "list an agent's tokens (default: me)",
     agent_arg + "Revoked and expired tokens are listed too.\n",
     {},
     0,
     1,
     run_tokens_list},
    {"tokens revoke",
     "ID|PREFIX",
     "revoke an API token",
     "ID|PREFIX is the token's id or prefix (agt_wuk6iig6 or wuk6iig6).\n"
     "New logins with it fail at once; session JWTs it produced stay valid\n"
     "for up to 15 minutes (disable the agent to cut it off at once).\n",
     {},
     1,
     1,
     run_tokens_revoke},
  };
}

} // namespace agenthub::cli
