// The HTTP layer's limits: body and header sizes, malformed requests. The
// hub answers with a clear status (or closes) and keeps serving.
#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/support/suite_hub.hpp"

#include <cstdio>
#include <future>
#include <ostream>

using namespace agenthub::testing;
namespace bdata = boost::unit_test::data;

namespace {

struct limits_hub : default_hub {};

/// Bytes; the hub's body limit (config/defaults.hpp http_max_body_bytes).
constexpr std::size_t max_body = 64 * 1024;

/// A JSON object of exactly `size` bytes: a valid name plus padding in an
/// unknown field (so a body that gets through is rejected with 422).
std::string json_of_size(std::size_t size) {
  std::string head = R"({"name":"padded","pad":")";
  std::string tail = R"("})";
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

/// The status code of the first response in `raw`, or 0 if none.
unsigned first_status(const std::string& raw) {
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || raw.size() < 12)
    return 0;
  return static_cast<unsigned>(std::stoi(raw.substr(9, 3)));
}

/// One malformed request: what it is and its bytes.
struct malformed {
  const char* what;
  std::string bytes;
};

std::ostream& operator<<(std::ostream& os, const malformed& m) {
  return os << m.what;
}

const std::vector<malformed> malformed_requests = {
  {"request line without target", "GARBAGE\r\n\r\n"},
  {"unknown HTTP version", "GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"},
  {"TLS client hello", std::string("\x16\x03\x01\x00\xa5\x01\x00\x00", 8)},
  {"NUL bytes", std::string("\0\0\0\0\r\n\r\n", 8)},
  {"bad content-length",
   "POST /api/v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"},
  {"header without colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"},
  {"bad percent escape in path", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
  {"relative target", "GET healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
  {"bad chunk size",
   "POST /api/v1/agents HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
   "chunked\r\n\r\nzz\r\n"},
};

} // namespace

AGENTHUB_HUB_SUITE(http_limits, limits_hub)

BOOST_AUTO_TEST_CASE(body_over_64_kib_is_413_and_creates_nothing) {
  auto before = hub.counts();
  auto r = hub.call("POST", "/api/v1/agents", hub.admin_jwt,
                    json_of_size(max_body + 1));
  BOOST_TEST(r.status == 413u);
  BOOST_TEST(r.error_code() == "payload_too_large");
  BOOST_TEST(hub.counts() == before);
  auto big = hub.call("POST", "/api/v1/agents", hub.admin_jwt,
                      json_of_size(65 * 1024 + 100));
  BOOST_TEST(big.status == 413u);
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(body_of_exactly_64_kib_reaches_validation) {
  auto before = hub.counts();
  auto r
    = hub.call("POST", "/api/v1/agents", hub.admin_jwt, json_of_size(max_body));
  BOOST_TEST(r.status == 422u);
  BOOST_TEST(r.error_code() == "validation_failed");
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(chunked_body_over_64_kib_is_413) {
  auto before = hub.counts();
  auto body = json_of_size(max_body + 1000);
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  auto got = hub.client().raw(
    "POST /api/v1/agents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
    + hub.admin_jwt
    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: "
      "chunked\r\n\r\n"
    + size + "\r\n" + body + "\r\n0\r\n\r\n");
  BOOST_TEST(first_status(got.received) == 413u);
  BOOST_TEST(hub.counts() == before);
}

BOOST_AUTO_TEST_CASE(headers_over_8_kib_are_431) {
  auto one = hub.client().request("GET", "/healthz",
                                  {{"X-Big", std::string(10 * 1024, 'a')}});
  BOOST_TEST(one.status == 431u);
  BOOST_TEST(one.error_code() == "headers_too_large");
  header_list many;
  for (int i = 0; i < 40; ++i)
    many.emplace_back("X-Filler-" + std::to_string(i), std::string(300, 'b'));
  auto r = hub.client().request("GET", "/healthz", many);
  BOOST_TEST(r.status == 431u);
  BOOST_TEST(hub.client().request("GET", "/healthz").status == 200u);
}

BOOST_AUTO_TEST_CASE(oversized_login_header_is_431_and_logs_nobody_in) {
  auto before = hub.counts();
  auto r = hub.client().request(
    "POST", "/api/v1/sessions",
    bearer(hub.admin_token + std::string(9 * 1024, 'A')));
  BOOST_TEST(r.status == 431u);
  BOOST_TEST(hub.counts() == before);
}

BOOST_DATA_TEST_CASE(malformed_request_gets_400_or_close_and_hub_stays_up,
                     bdata::make(malformed_requests), request) {
  auto got = hub.client().raw(request.bytes);
  auto status = first_status(got.received);
  BOOST_TEST((status == 400u || (got.received.empty() && got.closed)),
             "got " << got.received.size() << " bytes (closed: " << got.closed
                    << "): " << got.received.substr(0, 80));
  BOOST_TEST(hub.process().running());
  auto health = hub.client().request("GET", "/healthz");
  BOOST_TEST(health.status == 200u);
  BOOST_TEST(health.json["status"] == "ok");
}

BOOST_AUTO_TEST_CASE(half_sent_request_does_not_block_other_clients) {
  // A client that never finishes its headers must not stall the hub.
  http_client slow{hub.process().port()};
  auto got = std::async(std::launch::async, [&] {
    return slow.raw("GET /healthz HTTP/1.1\r\nHost: x\r\n",
                    std::chrono::milliseconds{2000});
  });
  BOOST_TEST(hub.client().request("GET", "/healthz").status == 200u);
  BOOST_TEST(got.get().received.empty());
}

BOOST_AUTO_TEST_CASE(keep_alive_requests_on_one_connection_are_answered) {
  auto got = hub.client().raw(
    "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto second = got.received.find("HTTP/1.1 200", 1);
  BOOST_TEST(first_status(got.received) == 200u);
  BOOST_TEST(second != std::string::npos);
  BOOST_TEST(got.closed);
}

BOOST_AUTO_TEST_SUITE_END()
