#!/usr/bin/env bash
# (g) SIGTERM: a master steps down on the wire, exits 0, and its list survives a restart.
# Asserts, with browserd master on h1 holding FAKE1 (announced from h2, Periodicity 12 min):
#  - the state file lists FAKE1 before the stop;
#  - on SIGTERM browserd exits 0, logs "role master -> stopped", and sends (bridge capture) a
#    RequestElection with Criteria 0 and NAME RELEASE requests for LABGRP<1d> and
#    __MSBROWSE__<01> before those of its other names, B1<00>, B1<20>, LABGRP<00>, LABGRP<1e>;
#  - afterwards `nmblookup -M LABGRP` finds no master;
#  - the state file written at exit still lists FAKE1, with at most its remaining lifetime;
#  - restarted, browserd is master again and rewrites the state file with FAKE1 in it, its
#    lifetime carried over (not reset to 36 min, not expired), without FAKE1 announcing again.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require nmblookup
nl_init interop-sigterm "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

conf=$(nl_browserd_conf h1 B1)
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
owns_1d() { nl_nmblookup h2 'LABGRP#1d' 2>/dev/null | grep -c "^$H1 LABGRP<1d>\$" > /dev/null; }
nl_wait_for 10 "browserd answers for LABGRP<1d>" owns_1d

nl_probe h2 hostann LABGRP FAKE1 --periodicity 720000 --comment "survives restarts"
nl_wait_for 3 "state file lists FAKE1" nl_state_has_server h1 FAKE1
FAKE1_EXP='[e for e in s["servers"] if e["name"].upper() == "FAKE1"][0]["expires_in_s"]'

t_stop=$(date +%s.%N)
nl_browserd_stop h1
nl_browserd_has h1 "$(nl_re_role stopped)" || nl_fail "no 'role master -> stopped' line at exit:
$(tail -n 15 "$(nl_browserd_log h1)")"
nl_browserd_has h1 "$NL_IFACE $NL_WORKGROUP: role master -> stopped" ||
  nl_log "note: the last role change was not 'master -> stopped'"

REL=$NL_WORK/releases.txt
releases() {
  nl_tshark "$CAP" -Y "ip.src==$H1 && nbns.flags.opcode==6 && nbns.flags.response==0 && frame.time_epoch >= $t_stop" \
    -T fields -e frame.number -e nbns.name > "$REL"
  grep -q 'B1<00>' "$REL" && grep -q 'LABGRP<1e>' "$REL"
}
nl_wait_for 5 "NAME RELEASE requests from browserd in the capture" releases
nl_capture_stop sw
releases || true
nl_log "releases (frame name): $(tr '\t\n' ' ;' < "$REL")"
first_frame() { awk -F'\t' -v re="$1" '$2 ~ re {print $1; exit}' "$REL"; }
declare -A rel=()
for n in 'LABGRP<1d>' '__MSBROWSE__.*<01>' 'B1<00>' 'B1<20>' 'LABGRP<00>' 'LABGRP<1e>'; do
  rel[$n]=$(first_frame "^[^,]*$n")
  [ -n "${rel[$n]}" ] || nl_fail "no NAME RELEASE for $n from browserd after SIGTERM"
done
for first in 'LABGRP<1d>' '__MSBROWSE__.*<01>'; do
  for later in 'B1<00>' 'B1<20>' 'LABGRP<00>' 'LABGRP<1e>'; do
    [ "${rel[$first]}" -lt "${rel[$later]}" ] ||
      nl_fail "$first released (frame ${rel[$first]}) after $later (frame ${rel[$later]})"
  done
done
forced=$(nl_tshark "$CAP" -Y "ip.src==$H1 && browser.command==0x08 && browser.election.criteria==0 && frame.time_epoch >= $t_stop" | wc -l)
[ "$forced" -ge 1 ] || nl_fail "no RequestElection with Criteria 0 (forced election) from browserd at SIGTERM"

if nl_nmblookup h2 -M LABGRP > "$NL_WORK/nmblookup-M.txt" 2>&1; then
  nl_fail "a master still answers for LABGRP<1d> after SIGTERM: $(cat "$NL_WORK/nmblookup-M.txt")"
fi

nl_state_has_server h1 FAKE1 || nl_fail "the state file written at exit lacks FAKE1:
$(cat "$(nl_state_file h1)")"
exp_exit=$(nl_state h1 "$FAKE1_EXP")
nl_state h1 "0 < $FAKE1_EXP <= 2160" > /dev/null ||
  nl_fail "FAKE1 expires_in_s $exp_exit at exit, expected within (0, 2160]"
cp "$(nl_state_file h1)" "$NL_WORK/state-at-exit.json"
mtime_exit=$(stat -c %Y.%y "$(nl_state_file h1)")
nl_log "state at exit: FAKE1 expires in $exp_exit s"

nl_start_browserd h1 "$conf"
nl_wait_for 15 "restarted browserd becomes master again" nl_browserd_is_master h1
rewritten() { [ "$(stat -c %Y.%y "$(nl_state_file h1)" 2>/dev/null)" != "$mtime_exit" ]; }
nl_wait_for 5 "the restarted browserd rewrites its state file" rewritten
nl_wait_for 3 "state file after restart lists FAKE1" nl_state_has_server h1 FAKE1
exp_restart=$(nl_state h1 "$FAKE1_EXP")
nl_log "after restart: FAKE1 expires in $exp_restart s (at exit: $exp_exit s)"
nl_state h1 "0 < $FAKE1_EXP <= $exp_exit" > /dev/null ||
  nl_fail "FAKE1's lifetime was not carried over: $exp_restart s after restart, $exp_exit s at exit"

nl_browserd_stop h1
exit 0
