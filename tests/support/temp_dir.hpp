// A private temporary directory that removes itself.
#pragma once

#include <string>

namespace agenthub::testing {

/// A fresh directory under $TMPDIR (or /tmp), deleted with its contents by
/// the destructor.
class temp_dir {
public:
  /// Creates the directory; throws std::runtime_error if that fails.
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  /// Absolute path of the directory.
  const std::string& path() const {
    return path_;
  }

  /// Path of `name` inside the directory.
  std::string file(const std::string& name) const {
    return path_ + "/" + name;
  }

private:
  std::string path_;
};

/// The whole contents of the file at `path` ("" if it cannot be read).
std::string read_text_file(const std::string& path);

/// Writes `text` to the file at `path`, replacing it; throws on failure.
void write_text_file(const std::string& path, const std::string& text);

} // namespace agenthub::testing
