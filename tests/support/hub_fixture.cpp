// The standard integration-test setup and its request helpers.
#include "tests/support/hub_fixture.hpp"

#include "tests/support/jwt_forge.hpp"

#include <atomic>
#include <ostream>
#include <stdexcept>

namespace agenthub::testing {

namespace {

std::string describe(const std::string& what, const http_result& r) {
  return what + ": HTTP " + std::to_string(r.status) + " " + r.body;
}

} // namespace

bool row_counts::operator==(const row_counts& other) const {
  return agents == other.agents && tokens == other.tokens
         && audit == other.audit && revoked == other.revoked;
}

std::ostream& operator<<(std::ostream& os, const row_counts& c) {
  return os << "agents=" << c.agents << " tokens=" << c.tokens
            << " audit=" << c.audit << " revoked=" << c.revoked;
}

std::string unique_name(const std::string& prefix) {
  static std::atomic<unsigned> counter{0};
  return prefix + "-" + std::to_string(counter.fetch_add(1));
}

hub_fixture::hub_fixture(env_map extra_env) : jwt_secret(random_secret(48)) {
  start(extra_env);
  auto boot = run_command({"bootstrap-admin"}, base_env());
  if (boot.exit_code != 0 || boot.out.empty())
    throw std::runtime_error("bootstrap-admin failed with exit "
                             + std::to_string(boot.exit_code) + ": "
                             + boot.err);
  admin_token = boot.out.substr(0, boot.out.find('\n'));
  login_admin();
}

hub_fixture::~hub_fixture() {
  hub_.reset(); // before the database is dropped
}

env_map hub_fixture::base_env() const {
  return {{"DATABASE_URL", db.url()},
          {"JWT_SECRET", jwt_secret},
          {"LOG_LEVEL", "debug"}};
}

void hub_fixture::start(const env_map& extra_env) {
  auto env = base_env();
  for (const auto& [k, v] : extra_env)
    env[k] = v;
  hub_ = std::make_unique<hub_process>(env);
  hub_->start();
}

void hub_fixture::restart(const env_map& extra_env) {
  int code = hub_->stop();
  if (code != 0)
    throw std::runtime_error("hub exited with " + std::to_string(code)
                             + " on SIGTERM; log tail:\n" + hub_->log_tail());
  start(extra_env);
  login_admin();
}

void hub_fixture::crash_and_restart(const env_map& extra_env) {
  hub_->kill9();
  start(extra_env);
  login_admin();
}

void hub_fixture::login_admin() {
  auto r = login(admin_token);
  if (r.status != 200)
    throw std::runtime_error(describe("admin login", r));
  admin_jwt = r.json["token"].get<std::string>();
  admin_id = r.json["agent"]["id"].get<std::string>();
}

http_client hub_fixture::client(const std::string& source_ip) const {
  return hub_->client(source_ip);
}

http_result hub_fixture::call(const std::string& method,
                              const std::string& path, const std::string& jwt,
                              const std::string& body) const {
  return client().request(method, path,
                          jwt.empty() ? header_list{} : bearer(jwt), body);
}

http_result hub_fixture::get(const std::string& path,
                             const std::string& jwt) const {
  return call("GET", path, jwt);
}

http_result hub_fixture::post(const std::string& path, const std::string& jwt,
                              const nlohmann::json& body) const {
  return call("POST", path, jwt, body.dump());
}

http_result hub_fixture::patch(const std::string& path, const std::string& jwt,
                               const nlohmann::json& body) const {
  return call("PATCH", path, jwt, body.dump());
}

http_result hub_fixture::del(const std::string& path,
                             const std::string& jwt) const {
  return call("DELETE", path, jwt);
}

nlohmann::json hub_fixture::create_agent(const std::string& name,
                                         const std::string& role) {
  auto r = post("/api/v1/agents", admin_jwt, {{"name", name}, {"role", role}});
  if (r.status != 201)
    throw std::runtime_error(describe("create agent " + name, r));
  return r.json;
}

nlohmann::json hub_fixture::issue_token(const std::string& agent_id,
                                        const nlohmann::json& body) {
  auto r = post("/api/v1/agents/" + agent_id + "/tokens", admin_jwt, body);
  if (r.status != 201)
    throw std::runtime_error(describe("issue token", r));
  return r.json;
}

http_result hub_fixture::login(const std::string& api_token,
                               const std::string& source_ip) const {
  return client(source_ip).request("POST", "/api/v1/sessions",
                                   bearer(api_token));
}

agent_credentials hub_fixture::new_agent(const std::string& name,
                                         const std::string& role) {
  agent_credentials c;
  auto agent = create_agent(name, role);
  c.id = agent["id"].get<std::string>();
  c.name = name;
  c.role = role;
  c.api_token = issue_token(c.id)["token"].get<std::string>();
  auto r = login(c.api_token);
  if (r.status != 200)
    throw std::runtime_error(describe("login of " + name, r));
  c.jwt = r.json["token"].get<std::string>();
  return c;
}

std::string hub_fixture::jwt_for(const std::string& name,
                                 const std::string& role) {
  return new_agent(name, role).jwt;
}

row_counts hub_fixture::counts() {
  auto r = db.exec("SELECT (SELECT count(*) FROM agents),"
                   " (SELECT count(*) FROM api_tokens),"
                   " (SELECT count(*) FROM audit_events),"
                   " (SELECT count(*) FROM api_tokens"
                   "  WHERE revoked_at IS NOT NULL)");
  return {r[0][0].as<long long>(), r[0][1].as<long long>(),
          r[0][2].as<long long>(), r[0][3].as<long long>()};
}

long long hub_fixture::audit_count(const std::string& type) {
  return db.scalar("SELECT count(*) FROM audit_events WHERE type = $1", type);
}

bool hub_fixture::wait_audit_count(const std::string& type,
                                   long long expected) {
  return wait_until([&] { return audit_count(type) >= expected; },
                    request_timeout)
         && audit_count(type) == expected;
}

} // namespace agenthub::testing
