// Replays a fuzz target over its corpus without libFuzzer: the same
// LLVMFuzzerTestOneInput, called once per file, built by any compiler. This
// is how the corpora (and every crash reproducer added to them) run under
// ctest (`ctest -L fuzz_replay`).
//
//   replay_<target> <file-or-directory>...
//
// Each input runs in a child process, so one crashing reproducer does not
// hide the others: every failing file is named, then the exit code is 1.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

namespace {

namespace fs = std::filesystem;

/// Every regular file named by `args` (directories: their files, sorted).
std::vector<fs::path> inputs(int argc, char** argv) {
  std::vector<fs::path> out;
  for (int i = 1; i < argc; ++i) {
    fs::path p{argv[i]};
    if (fs::is_directory(p)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator{p})
        if (e.is_regular_file())
          files.push_back(e.path());
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else {
      out.push_back(p);
    }
  }
  return out;
}

/// Runs the target on one file in this process; the exit code of the child.
int run_one(const fs::path& f) {
  std::ifstream in{f, std::ios::binary};
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
    return 1;
  }
  std::vector<char> bytes{std::istreambuf_iterator<char>{in},
                          std::istreambuf_iterator<char>{}};
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                         bytes.size());
  return 0;
}

/// Runs one file in a child; true if it returned normally.
bool passes(const fs::path& f) {
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) {
    std::perror("replay: fork");
    return false;
  }
  if (pid == 0)
    ::_exit(run_one(f));
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid)
    return false;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return true;
  if (WIFSIGNALED(status))
    std::fprintf(stderr, "replay: FAILED %s (signal %d)\n", f.c_str(),
                 WTERMSIG(status));
  else
    std::fprintf(stderr, "replay: FAILED %s (exit %d)\n", f.c_str(),
                 WEXITSTATUS(status));
  return false;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <file-or-directory>...\n", argv[0]);
    return 2;
  }
  auto files = inputs(argc, argv);
  if (files.empty()) {
    std::fprintf(stderr, "replay: no inputs (an empty corpus is a setup "
                         "error)\n");
    return 1;
  }
  std::size_t failed = 0;
  for (const auto& f : files)
    if (!passes(f))
      ++failed;
  std::printf("replay: %zu of %zu inputs passed\n", files.size() - failed,
              files.size());
  return failed == 0 ? 0 : 1;
}
