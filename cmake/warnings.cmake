# Warnings for our own code; third-party headers come in as -isystem.
function(agenthub_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wno-unused-parameter)
endfunction()
