// The CLI user of the integration tests.
#include "tests/integration/cli/cli_user.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <stdexcept>

namespace agenthub::testing {

std::string url_of(hub_fixture& hub) {
  return "http://127.0.0.1:" + std::to_string(hub.process().port());
}

cli_user::cli_user() = default;

env_map cli_user::env() const {
  return minimal_environment({{"AGENTHUB_CLI_CONFIG", config_path()}});
}

command_result cli_user::run(const std::vector<std::string>& args,
                             std::chrono::milliseconds timeout) const {
  auto r = run_command(args, env(), timeout);
  expect_no_crash(r);
  return r;
}

void cli_user::login(hub_fixture& hub, const std::string& api_token) const {
  auto r = run({"login", "--url", url_of(hub), "--token", api_token});
  if (r.exit_code != 0)
    throw std::runtime_error("agenthub login failed: " + describe(r));
}

nlohmann::json cli_user::json(std::vector<std::string> args) const {
  args.push_back("--json");
  auto r = run(args);
  std::string shown;
  for (const auto& a : args)
    shown += a + " ";
  BOOST_TEST_REQUIRE(r.exit_code == 0, "agenthub " << shown << describe(r));
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  BOOST_TEST_REQUIRE(!j.is_discarded(), "not JSON: " << r.out);
  return j;
}

started_command cli_user::start(const std::vector<std::string>& args) const {
  auto n = std::to_string(++started_);
  std::vector<std::string> argv{agenthub_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  started_command out{nullptr, file("out" + n), file("err" + n)};
  out.process
    = std::make_unique<child_process>(argv, env(), out.out_path, out.err_path);
  return out;
}

std::string started_command::out() const {
  return read_text_file(out_path);
}

std::string started_command::err() const {
  return read_text_file(err_path);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty())
      out.push_back(line);
  return out;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  for (const auto& line : lines_of(text))
    out.push_back(nlohmann::json::parse(line, nullptr, false));
  return out;
}

std::string describe(const command_result& r) {
  return "exit " + std::to_string(r.exit_code) + "\n--- stdout:\n" + r.out
         + "--- stderr:\n" + r.err;
}

void expect_no_crash(const command_result& r) {
  for (const char* sign :
       {"terminate called", "what():", "Aborted", "Segmentation",
        "AddressSanitizer", "runtime error:", "LeakSanitizer"})
    BOOST_TEST(r.err.find(sign) == std::string::npos, "stderr shows '"
                                                        << sign << "':\n"
                                                        << r.err);
}

} // namespace agenthub::testing
