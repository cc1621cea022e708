#!/usr/bin/env bash
# (a) Alone on a subnet, browserd becomes the local master browser within 10 s of its start,
# and `nmblookup -M LABGRP` run in another namespace finds it (its address, and only it).
# Asserts: the log line "lab0 LABGRP: role ... -> master" appears within 10 s; nmblookup -M
# answers "<browserd's IP> LABGRP<1d>" and no other address; browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require nmblookup
nl_init interop-master-alone "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)

conf=$(nl_browserd_conf h1 B1 os_level=20)
nl_start_browserd h1 "$conf"
nl_wait_for 10 "browserd (h1) logs 'lab0 LABGRP: role ... -> master' within 10 s of its start" \
  nl_browserd_is_master h1

OUT=$NL_WORK/nmblookup-M.txt
lookup() { nl_nmblookup h2 -M LABGRP > "$OUT" 2>&1 && grep -q "^$H1 LABGRP<1d>\$" "$OUT"; }
nl_wait_for 5 "nmblookup -M LABGRP from h2 finds $H1" lookup
addrs=$(grep -Ec '^[0-9.]+ LABGRP<1d>$' "$OUT" || true)
[ "$addrs" = 1 ] || nl_fail "nmblookup -M LABGRP: expected one answer, got:
$(cat "$OUT")"
nl_log "nmblookup -M LABGRP: $(grep LABGRP "$OUT")"

nl_browserd_stop h1
exit 0
