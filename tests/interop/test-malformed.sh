#!/usr/bin/env bash
# The malformed-traffic campaign of issue 8: browserd B1, master on h1, takes thousands of
# mutated datagrams (UDP 138), name-service packets (UDP 137) and SMB exchanges (TCP 139)
# from mutate.py on h3 (MUTATE_UDP, default 6000; MUTATE_TCP, default 400; MUTATE_SEED to
# replay a run). The rate limit is off so every packet reaches the parsers; B1 trusts
# only itself as master, so a mutated election cannot legitimately demote it. Afterwards:
#  - browserd is alive and its log has no sanitizer report;
#  - GOOD1 (announced by h2 before the campaign) is still listed;
#  - a GetBackupListRequest from h2 is answered, B1 first;
#  - `smbclient -L` from h2 lists GOOD1;
#  - browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require smbclient
nl_init interop-malformed "${2:-}"
nl_need_browserd
nl_up 3
H1=$(nl_ip h1)

conf=$(nl_browserd_conf h1 B1 \
  'security={ trusted_masters=["B1"]; rate_per_source=0; }')
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
nl_probe h2 hostann LABGRP GOOD1 --periodicity 720000 --comment "still here" > /dev/null
nl_wait_for 5 "browserd lists GOOD1" nl_browserd_has h1 "$(nl_re_added GOOD1)"

seed_arg=()
[ -n "${MUTATE_SEED:-}" ] && seed_arg=(--seed "$MUTATE_SEED")
nl_exec h3 "$NL_PY" "$(dirname "$0")/mutate.py" "$H1" --iface "$NL_IFACE" \
  --udp "${MUTATE_UDP:-6000}" --tcp "${MUTATE_TCP:-400}" "${seed_arg[@]}" \
  > "$NL_WORK/mutate.log" 2>&1 || nl_fail "mutate.py failed: $(tail -5 "$NL_WORK/mutate.log")"
nl_log "$(tr '\n' ' ' < "$NL_WORK/mutate.log")"
nl_browserd_guard
nl_browserd_check_log h1

nl_probe h2 getbackup LABGRP --count 4 --timeout 3 --window 1 --min 1 --expect-first B1 \
  > /dev/null || nl_fail "no GetBackupListResponse after the campaign"
out=$NL_WORK/smbclient.txt
nl_exec h2 smbclient -s "$NL_WORK/h2/client/smb.conf" -L "$H1" -N \
  --option='client min protocol=NT1' > "$out" 2>&1 || true
grep -Eq '^[[:space:]]+GOOD1[[:space:]]+still here' "$out" ||
  nl_fail "smbclient -L after the campaign does not list GOOD1:
$(cat "$out")"
nl_log "after the campaign: alive, GOOD1 listed, GetBackupList and smbclient -L answered"
nl_browserd_stop h1
exit 0
