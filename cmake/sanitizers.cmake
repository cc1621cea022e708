# ASan + UBSan for every target in the tree. UBSan is made fatal so a test that trips it
# fails instead of printing a warning nobody reads.
if(BROWSERD_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()

# For libFuzzer every library must carry coverage instrumentation, not only the fuzz target,
# or the fuzzer is blind inside the code it is meant to explore.
if(BROWSERD_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
