# Generates a C++ source holding every schema/NNNN_*.sql file, so the
# `agenthub` binary migrates without needing the source tree at runtime.
# Invoked as: cmake -DSCHEMA_DIR=... -DOUTPUT=... -P embed_migrations.cmake
file(GLOB sql_files "${SCHEMA_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT sql_files)
set(entries "")
foreach(f IN LISTS sql_files)
  get_filename_component(name "${f}" NAME_WE)
  file(READ "${f}" sql)
  string(APPEND entries "  {\"${name}\", R\"agenthub_sql(${sql})agenthub_sql\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated from schema/*.sql by cmake/embed_migrations.cmake. Do not edit.
#include \"persistence/migrate.hpp\"

namespace agenthub::db {

const std::vector<std::pair<std::string, std::string>>& embedded_sql() {
  static const std::vector<std::pair<std::string, std::string>> files = {
${entries}  };
  return files;
}

} // namespace agenthub::db
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
