# Fuzz targets of the pure codecs (tests/fuzz/<target>/fuzz_<target>.cpp).
#
#   AGENTHUB_FUZZ=ON (clang only): fuzz_<target>, a libFuzzer binary built
#     with -fsanitize=fuzzer,address,undefined; `ninja agenthub_fuzzers`
#     builds them all. Run nightly (tests/fuzz/CMakeLists.txt says how).
#   Always: replay_<target>, the same LLVMFuzzerTestOneInput driven by
#     tests/fuzz/replay_main.cpp over the target's corpus/, registered with
#     ctest under the label `fuzz_replay` (CI runs the corpora with g++).
#
# Each target compiles the few product .cpp files it needs directly, so it
# links neither CAF nor the database or HTTP libraries.
if(AGENTHUB_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "AGENTHUB_FUZZ=ON needs clang for libFuzzer, e.g. "
    "-DCMAKE_CXX_COMPILER=clang++-14 (found ${CMAKE_CXX_COMPILER_ID})")
endif()

# -fno-sanitize-recover: a UBSan finding aborts, so libFuzzer saves the input.
set(AGENTHUB_FUZZ_SANITIZERS -fsanitize=address,undefined
  -fno-sanitize-recover=all -fno-omit-frame-pointer)

if(AGENTHUB_FUZZ AND NOT TARGET agenthub_fuzzers)
  add_custom_target(agenthub_fuzzers)
endif()

# agenthub_fuzz_target(<name>
#   SOURCES <product .cpp files, relative to the repo root>...
#   HEADERS_OF <targets whose include directories are needed, not linked>...
#   LIBS <libraries to link>...)
# Expects <name>/fuzz_<name>.cpp and <name>/corpus/ beside the calling
# CMakeLists.txt, and replay_main.cpp in that directory.
function(agenthub_fuzz_target name)
  cmake_parse_arguments(F "" "" "SOURCES;HEADERS_OF;LIBS" ${ARGN})
  set(dir ${CMAKE_CURRENT_SOURCE_DIR}/${name})
  list(TRANSFORM F_SOURCES PREPEND ${PROJECT_SOURCE_DIR}/)
  set(targets replay_${name})
  if(AGENTHUB_FUZZ)
    list(APPEND targets fuzz_${name})
  endif()

  add_executable(replay_${name} ${dir}/fuzz_${name}.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/replay_main.cpp ${F_SOURCES})
  if(AGENTHUB_FUZZ)
    add_executable(fuzz_${name} ${dir}/fuzz_${name}.cpp ${F_SOURCES})
    target_compile_options(fuzz_${name} PRIVATE -fsanitize=fuzzer
      ${AGENTHUB_FUZZ_SANITIZERS})
    target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer
      ${AGENTHUB_FUZZ_SANITIZERS})
    # The replay of a fuzz build runs under the same sanitizers.
    target_compile_options(replay_${name} PRIVATE ${AGENTHUB_FUZZ_SANITIZERS})
    target_link_options(replay_${name} PRIVATE ${AGENTHUB_FUZZ_SANITIZERS})
    add_dependencies(agenthub_fuzzers fuzz_${name})
  endif()

  foreach(t IN LISTS targets)
    foreach(h IN LISTS F_HEADERS_OF)
      target_include_directories(${t} SYSTEM PRIVATE
        $<TARGET_PROPERTY:${h},INTERFACE_INCLUDE_DIRECTORIES>)
    endforeach()
    target_link_libraries(${t} PRIVATE ${F_LIBS})
    agenthub_warnings(${t})
  endforeach()

  add_test(NAME fuzz_replay_${name} COMMAND replay_${name} ${dir}/corpus)
  set_tests_properties(fuzz_replay_${name} PROPERTIES LABELS fuzz_replay
    TIMEOUT 120)
endfunction()
