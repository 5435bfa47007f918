// GET /metrics: the families operators rely on, route patterns as labels,
// and a body promtool accepts.
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"
#include "tests/support/temp_dir.hpp"
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

using namespace agenthub::testing;

namespace {

struct metrics_hub : default_hub {};

/// Runs `promtool check metrics` on `body`; returns its exit status and
/// output.
std::pair<int, std::string> promtool_check(const std::string& body) {
  temp_dir dir;
  auto out = dir.file("promtool.out");
  auto cmd
    = std::string{AGENTHUB_PROMTOOL} + " check metrics >" + out + " 2>&1";
  FILE* p = popen(cmd.c_str(), "w");
  if (p == nullptr)
    throw std::runtime_error("popen failed for: " + cmd);
  std::fwrite(body.data(), 1, body.size(), p);
  int status = pclose(p);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return {code, read_text_file(out)};
}

/// The lines of `body` that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& body,
                                        const std::string& prefix) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto nl = body.find('\n', pos);
    auto line = body.substr(pos, nl == std::string::npos ? nl : nl - pos);
    if (line.rfind(prefix, 0) == 0)
      out.push_back(line);
    pos = nl == std::string::npos ? body.size() : nl + 1;
  }
  return out;
}

} // namespace

AGENTHUB_HUB_SUITE(metrics, metrics_hub)

BOOST_AUTO_TEST_CASE(metrics_are_prometheus_text_without_auth) {
  auto r = hub.client().request("GET", "/metrics");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.header("content-type").rfind("text/plain; version=0.0.4", 0)
             == 0u);
  BOOST_TEST(r.body.find("# TYPE ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(request_counter_is_labelled_by_route_pattern) {
  auto agent = hub.create_agent(unique_name("metered"));
  auto id = agent["id"].get<std::string>();
  BOOST_TEST(hub.get("/api/v1/agents", hub.admin_jwt).status == 200u);
  BOOST_TEST(hub.get("/api/v1/agents/" + id, hub.admin_jwt).status == 200u);
  auto body = hub.client().request("GET", "/metrics").body;
  auto counters = lines_starting(body, "agenthub_http_requests_total{");
  BOOST_TEST_REQUIRE(!counters.empty());
  auto has = [&](const std::string& label) {
    for (const auto& l : counters)
      if (l.find(label) != std::string::npos)
        return true;
    return false;
  };
  BOOST_TEST(has("route=\"/api/v1/agents\""));
  BOOST_TEST(has("route=\"/api/v1/agents/:id\""));
  BOOST_TEST(has("route=\"/api/v1/sessions\""));
  BOOST_TEST(has("status_code=\"201\""));
  // Never an id in a label: that would be one series per agent.
  BOOST_TEST(body.find(id) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(unmatched_paths_share_one_route_label) {
  hub.client().request("GET", "/no/such/path/abc123");
  auto body = hub.client().request("GET", "/metrics").body;
  BOOST_TEST(body.find("route=\"unmatched\"") != std::string::npos);
  BOOST_TEST(body.find("abc123") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_include_db_argon2_and_process_families) {
  // The fixture's admin login ran one Argon2 verification and queries.
  auto body = hub.client().request("GET", "/metrics").body;
  for (const char* family :
       {"agenthub_http_requests_total",
        "agenthub_http_request_duration_seconds",
        "agenthub_db_query_duration_seconds", "agenthub_argon2_verify_seconds",
        "process_resident_memory_bytes", "process_cpu_seconds_total",
        "process_open_fds"}) {
    BOOST_TEST_CONTEXT("family " << family) {
      BOOST_TEST(body.find(std::string{"# TYPE "} + family + " ")
                 != std::string::npos);
    }
  }
  auto argon2 = lines_starting(body, "agenthub_argon2_verify_seconds_count ");
  BOOST_TEST_REQUIRE(argon2.size() == 1u);
  BOOST_TEST(std::stod(argon2[0].substr(argon2[0].find(' ') + 1)) >= 1.0);
  BOOST_TEST(
    !lines_starting(body, "agenthub_db_query_duration_seconds_count{").empty());
}

BOOST_AUTO_TEST_CASE(metrics_pass_promtool_check) {
  BOOST_TEST_REQUIRE(access(AGENTHUB_PROMTOOL, X_OK) == 0,
                     "promtool is required (apt-get install prometheus); "
                     "found: '" AGENTHUB_PROMTOOL "'");
  // Exercise error statuses and the rate-limit counter's absence alike.
  hub.client().request("GET", "/api/v1/agents/me");
  hub.client().request("DELETE", "/healthz");
  auto body = hub.client().request("GET", "/metrics").body;
  auto [code, output] = promtool_check(body);
  BOOST_TEST(code == 0, "promtool check metrics failed:\n" << output);
}

BOOST_AUTO_TEST_SUITE_END()
