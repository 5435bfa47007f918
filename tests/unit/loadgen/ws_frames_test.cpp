// Client-side RFC 6455 framing: masked frames out, server frames in.
#include "tools/loadgen/ws_frames.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace agenthub::loadgen;
namespace bdata = boost::unit_test::data;

namespace {

/// An unmasked server frame with FIN set.
std::string server_frame_bytes(ws_op op, const std::string& payload) {
  std::string out;
  out.push_back(static_cast<char>(0x80 | static_cast<int>(op)));
  auto n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(126);
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8)
      out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  return out + payload;
}

/// Decodes a client frame: checks the header, unmasks the payload.
std::string unmask_client_frame(const std::string& f, int& op) {
  auto b0 = static_cast<unsigned char>(f[0]);
  auto b1 = static_cast<unsigned char>(f[1]);
  BOOST_TEST((b0 & 0x80) != 0); // FIN
  BOOST_TEST((b1 & 0x80) != 0); // masked
  op = b0 & 0x0F;
  std::size_t len = b1 & 0x7F, at = 2;
  if (len == 126) {
    len = (static_cast<unsigned char>(f[2]) << 8)
          | static_cast<unsigned char>(f[3]);
    at = 4;
  } else if (len == 127) {
    len = 0;
    for (int i = 2; i < 10; ++i)
      len = (len << 8)
            | static_cast<unsigned char>(f[static_cast<std::size_t>(i)]);
    at = 10;
  }
  auto key = f.substr(at, 4);
  std::string out = f.substr(at + 4);
  BOOST_TEST(out.size() == len);
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char>(out[i] ^ key[i % 4]);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ws_frames)

BOOST_DATA_TEST_CASE(client_frames_unmask_to_the_payload,
                     bdata::make({0, 1, 7, 8, 9, 125, 126, 127, 65535, 65536,
                                  70001}),
                     size) {
  std::string payload;
  for (int i = 0; i < size; ++i)
    payload.push_back(static_cast<char>('a' + i % 26));
  std::string out;
  append_client_frame(out, ws_op::text, payload, 0xA1B2C3D4u);
  int op = -1;
  BOOST_TEST(unmask_client_frame(out, op) == payload);
  BOOST_TEST(op == 1);
}

BOOST_DATA_TEST_CASE(server_frames_parse_at_every_length,
                     bdata::make({0, 1, 125, 126, 127, 65535, 65536}), size) {
  std::string payload(static_cast<std::size_t>(size), 'x');
  auto bytes = server_frame_bytes(ws_op::text, payload) + "tail";
  server_frame f;
  std::size_t used = 0;
  BOOST_TEST(
    (parse_server_frame(bytes, 1 << 20, f, used) == frame_status::complete));
  BOOST_TEST(used == bytes.size() - 4);
  BOOST_TEST(f.payload.size() == payload.size());
  BOOST_TEST(f.fin);
  BOOST_TEST((f.op == ws_op::text));
  // Every strict prefix is incomplete.
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, used / 2, used - 1})
    BOOST_TEST((parse_server_frame(std::string_view(bytes).substr(0, cut),
                                   1 << 20, f, used)
                == frame_status::incomplete));
}

BOOST_AUTO_TEST_CASE(bad_server_frames_are_invalid) {
  server_frame f;
  std::size_t used = 0;
  auto parse = [&](std::string bytes, std::size_t max = 1 << 20) {
    return parse_server_frame(bytes, max, f, used);
  };
  BOOST_TEST((parse("\x81\x81"
                    "abcd"
                    "x")
              == frame_status::invalid));                    // masked
  BOOST_TEST((parse("\xC1\x01x") == frame_status::invalid)); // RSV1
  BOOST_TEST((parse("\x83\x01x") == frame_status::invalid)); // opcode 3
  BOOST_TEST((parse(std::string("\x89\x7E\x00\x7E", 4))
              == frame_status::invalid)); // ping > 125
  BOOST_TEST((parse(std::string("\x09\x00", 2))
              == frame_status::invalid)); // fragmented ping
  BOOST_TEST((parse(server_frame_bytes(ws_op::text, std::string(100, 'x')), 99)
              == frame_status::invalid)); // over the limit
}

BOOST_AUTO_TEST_CASE(control_frames_and_close_payload) {
  server_frame f;
  std::size_t used = 0;
  auto ping = server_frame_bytes(ws_op::ping, "hi");
  BOOST_TEST(
    (parse_server_frame(ping, 100, f, used) == frame_status::complete));
  BOOST_TEST((f.op == ws_op::ping));
  BOOST_TEST(std::string(f.payload) == "hi");
  BOOST_TEST(close_payload(1000) == std::string("\x03\xE8", 2));
}

BOOST_AUTO_TEST_CASE(masks_vary) {
  mask_source m(42);
  auto a = m.next(), b = m.next(), c = m.next();
  BOOST_TEST(a != b);
  BOOST_TEST(b != c);
}

BOOST_AUTO_TEST_SUITE_END()
