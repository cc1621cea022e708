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
  target_compile_definitions(${target} PRIVATE G_LOG_DOMAIN="${target}"
    GLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 GLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74)
endfunction()
