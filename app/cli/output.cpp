// Printing for the client subcommands: tables, JSON lines, safe text.
#include "app/cli/output.hpp"

#include <cinttypes>
#include <cmath>
#include <cstdio>

namespace agenthub::cli {

using nlohmann::json;

std::string terminal_safe(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  char buf[8];
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += c;
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else if (c == 0xc2 && i + 1 < s.size()
               && static_cast<unsigned char>(s[i + 1]) >= 0x80
               && static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      // C1 controls (U+0080-U+009F, e.g. CSI) act like ESC sequences.
      std::snprintf(buf, sizeof buf, "\\u%04x",
                    static_cast<unsigned char>(s[++i]));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string text_of(const json& j, const std::string& key) {
  if (!j.is_object())
    return "-";
  auto it = j.find(key);
  if (it == j.end() || it->is_null())
    return "-";
  if (it->is_string())
    return terminal_safe(it->get<std::string>());
  if (it->is_number_float()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", it->get<double>());
    return buf;
  }
  return terminal_safe(it->dump());
}

void print_json(const json& j) {
  auto text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void print_line(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void print_note(const std::string& line) {
  std::fprintf(stderr, "agenthub: %s\n", line.c_str());
}

table::table(std::vector<std::string> header) {
  rows_.push_back(std::move(header));
}

void table::add(std::vector<std::string> row) {
  for (auto& cell : row)
    cell = terminal_safe(cell);
  rows_.push_back(std::move(row));
}

namespace {

/// Display width: UTF-8 continuation bytes take no column.
std::size_t width_of(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xc0) != 0x80;
  return n;
}

} // namespace

void table::print(const std::string& empty_note) const {
  if (rows_.size() == 1) {
    print_line(empty_note);
    return;
  }
  std::vector<std::size_t> widths;
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i)
        widths.push_back(0);
      widths[i] = std::max(widths[i], width_of(row[i]));
    }
  for (const auto& row : rows_) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size())
        line += std::string(widths[i] - width_of(row[i]) + 2, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    print_line(line);
  }
}

std::string message_line(const json& message, const std::string& sender) {
  return "#" + text_of(message, "seq") + " " + text_of(message, "createdAt")
         + " " + terminal_safe(sender) + ": " + text_of(message, "body");
}

std::string short_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0)
    return "-";
  auto s = static_cast<std::int64_t>(seconds);
  char buf[32];
  if (s >= 86400)
    std::snprintf(buf, sizeof buf, "%" PRId64 "d%02" PRId64 "h", s / 86400,
                  (s % 86400) / 3600);
  else if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%" PRId64 "h%02" PRId64 "m", s / 3600,
                  (s % 3600) / 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%" PRId64 "m%02" PRId64 "s", s / 60,
                  s % 60);
  else
    std::snprintf(buf, sizeof buf, "%" PRId64 "s", s);
  return buf;
}

} // namespace agenthub::cli
