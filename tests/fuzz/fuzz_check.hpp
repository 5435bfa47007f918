// Invariant checks of the fuzz targets: always on (NDEBUG or not), so the
// ctest replay built by g++ fails exactly where libFuzzer would crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

namespace agenthub::fuzz {

/// Reports a broken invariant and aborts (libFuzzer saves the input).
[[noreturn]] inline void check_failed(const char* what, const char* file,
                                      int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, what);
  std::abort();
}

/// Runs `f`, turning any exception into a failed check: the codecs promise
/// never to throw on client input.
template <class F>
auto no_throw(F&& f, const char* what, const char* file, int line) {
  try {
    return f();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s:%d: %s threw: %s\n", file, line, what, e.what());
  } catch (...) {
    std::fprintf(stderr, "%s:%d: %s threw a non-std exception\n", file, line,
                 what);
  }
  std::abort();
}

/// True if `json_text`, accepted by a JSON parser, has no raw NUL byte.
/// RFC 8259 allows none (control characters in strings must be escaped),
/// but nlohmann's lexer takes '\0' for the end of input and ignores what
/// follows, so this catches text accepted with a tail.
inline bool no_nul(std::string_view json_text) {
  return json_text.find('\0') == std::string_view::npos;
}

} // namespace agenthub::fuzz

/// Aborts with the condition's text unless `cond` holds.
#define AGENTHUB_FUZZ_CHECK(cond)                                              \
  do {                                                                         \
    if (!(cond))                                                               \
      ::agenthub::fuzz::check_failed(#cond, __FILE__, __LINE__);               \
  } while (false)

/// Evaluates `expr`, aborting if it throws.
#define AGENTHUB_FUZZ_NO_THROW(expr)                                           \
  ::agenthub::fuzz::no_throw([&] { return expr; }, #expr, __FILE__, __LINE__)
