#!/usr/bin/env bash
# The protocol core does no I/O, reads no clock, draws no unseeded randomness and never
# touches a main loop (docs/ARCHITECTURE.md). This checks the undefined symbols of the core
# static libraries: check-core-symbols.sh LIB.a...
set -euo pipefail
forbidden='^(socket|bind|connect|listen|accept4?|send|sendto|sendmsg|sendmmsg|recv|recvfrom|recvmsg|recvmmsg|read|write|open|openat|fopen|poll|select|epoll_.*|time|clock_gettime|gettimeofday|rand|random|srand|getrandom|g_get_monotonic_time|g_get_real_time|g_date_time_new_now.*|g_random_.*|g_main_.*|g_source_.*|g_socket_.*|g_io_channel_.*|g_timeout_add.*|g_idle_add.*|g_file_.*|g_log_structured.*|g_message|g_warning)$'
status=0
for lib in "$@"; do
  bad=$(nm -u --format=just-symbols "$lib" | sed 's/@.*//' | grep -E "$forbidden" | sort -u || true)
  if [ -n "$bad" ]; then
    echo "$(basename "$lib") uses what the protocol core must not:" $bad
    status=1
  else
    echo "$(basename "$lib"): no I/O, clock, randomness or main-loop symbols"
  fi
done
exit $status
