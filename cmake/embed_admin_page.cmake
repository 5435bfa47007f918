# Generates a C++ source holding every file of web/admin/, so the `agenthub`
# binary serves its admin page without the source tree at runtime (like the
# schema migrations, see embed_migrations.cmake).
# Invoked as: cmake -DPAGE_DIR=... -DOUTPUT=... -P embed_admin_page.cmake
file(GLOB page_files "${PAGE_DIR}/*")
list(SORT page_files)
set(entries "")
foreach(f IN LISTS page_files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" body)
  string(FIND "${body}" ")agenthub_page\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter")
  endif()
  string(APPEND entries "  {\"${name}\", R\"agenthub_page(${body})agenthub_page\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated from web/admin/ by cmake/embed_admin_page.cmake. Do not edit.
#include \"net/rest/admin_page.hpp\"

namespace agenthub::net {

const std::vector<admin_page_file>& admin_page_files() {
  static const std::vector<admin_page_file> files = {
${entries}  };
  return files;
}

} // namespace agenthub::net
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
