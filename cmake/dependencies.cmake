# Every dependency comes from a Debian package (tools/install-deps.sh).
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS system unit_test_framework)
find_package(nlohmann_json 3 REQUIRED)
find_package(spdlog REQUIRED)
find_package(OpenSSL REQUIRED)
# Debian's prometheus-cpp ships no version file: a versioned find fails.
find_package(prometheus-cpp CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)

# CAF 0.17 ships neither a CMake config nor a .pc file.
find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY caf_core REQUIRED)
find_library(CAF_IO_LIBRARY caf_io REQUIRED)
add_library(caf::core INTERFACE IMPORTED)
target_link_libraries(caf::core INTERFACE ${CAF_CORE_LIBRARY} Threads::Threads)
target_include_directories(caf::core SYSTEM INTERFACE ${CAF_INCLUDE_DIR})
add_library(caf::io INTERFACE IMPORTED)
target_link_libraries(caf::io INTERFACE ${CAF_IO_LIBRARY} caf::core)

find_path(ARGON2_INCLUDE_DIR argon2.h REQUIRED)
find_library(ARGON2_LIBRARY argon2 REQUIRED)
add_library(argon2::argon2 INTERFACE IMPORTED)
target_link_libraries(argon2::argon2 INTERFACE ${ARGON2_LIBRARY})
target_include_directories(argon2::argon2 SYSTEM INTERFACE ${ARGON2_INCLUDE_DIR})

# Boost/Beast headers as system headers: g++ 12 warns inside them.
add_library(agenthub_boost INTERFACE)
target_link_libraries(agenthub_boost INTERFACE Boost::headers Boost::system
  Threads::Threads)
target_compile_definitions(agenthub_boost INTERFACE
  BOOST_BEAST_USE_STD_STRING_VIEW BOOST_ASIO_NO_DEPRECATED)
