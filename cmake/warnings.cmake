# Project-wide warning set. Applied to our own targets through browserd_target_defaults().
set(BROWSERD_WARNINGS
  -Wall -Wextra -Wformat=2 -Wshadow -Wpointer-arith -Wcast-qual -Wcast-align
  -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition -Wundef
  -Wvla -Wnull-dereference -Wimplicit-fallthrough -Wconversion -Wno-sign-conversion)
if(BROWSERD_WERROR)
  list(APPEND BROWSERD_WARNINGS -Werror)
endif()

function(browserd_target_defaults target)
  target_compile_options(${target} PRIVATE ${BROWSERD_WARNINGS})
  # CUnit's *_FATAL asserts leave by longjmp, which the optimiser cannot see, so in test
  # code -Wnull-dereference reports pointers the line before has already checked.
  get_target_property(_dir ${target} SOURCE_DIR)
  if(_dir MATCHES "/tests(/|$)")
    target_compile_options(${target} PRIVATE -Wno-null-dereference)
  endif()
  target_compile_definitions(${target} PRIVATE G_LOG_DOMAIN="${target}"
    GLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 GLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74)
endfunction()
