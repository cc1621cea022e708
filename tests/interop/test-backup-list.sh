#!/usr/bin/env bash
# (e) GetBackupListRequest -> exactly one correct GetBackupListResponse from browserd.
# Asserts, with browserd master on h1 and the probe (source name PROBE) on h2:
#  - a broadcast request (count 4, random token) gets exactly one response within 3 s (none
#    more within 2 s after it), sent DIRECT_UNIQUE to PROBE<00> at the request's source port,
#    the token echoed, BackupServerCount = number of names <= 4, browserd's name B1 first;
#  - the same with RequestedCount 1 and another token (at most one name, B1);
#  - a unicast request to browserd's address gets exactly one response too;
#  - browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require
nl_init interop-backup-list "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)

conf=$(nl_browserd_conf h1 B1)
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
# the master owns LABGRP<1d> once it has registered it: wait until it answers for it
owns_1d() { nl_nmblookup h2 'LABGRP#1d' 2>/dev/null | grep -c "^$H1 LABGRP<1d>\$" > /dev/null; }
nl_wait_for 10 "browserd answers for LABGRP<1d>" owns_1d

tok1=$(( (RANDOM << 15 | RANDOM) + 1 ))
nl_probe h2 getbackup LABGRP --count 4 --token "$tok1" --timeout 3 --window 2 --exactly 1 \
  --expect-first B1 || nl_fail "broadcast GetBackupListRequest (token $tok1): see above"
tok2=$(( tok1 ^ 0x5a5a5a ))
nl_probe h2 getbackup LABGRP --count 1 --token "$tok2" --timeout 3 --window 2 --exactly 1 \
  --expect-first B1 || nl_fail "broadcast GetBackupListRequest with RequestedCount 1: see above"
nl_probe h2 --to "$H1" getbackup LABGRP --count 4 --token 7 --timeout 3 --window 2 --exactly 1 \
  --expect-first B1 || nl_fail "unicast GetBackupListRequest: see above"

nl_browserd_stop h1
exit 0
