#!/usr/bin/env bash
# Sync peers without a domain master (issue 7: "static peers for networks without WINS"):
# browserd B1 on subnet A and B3 on subnet B, each the local master of its subnet, list
# each other in domain.sync_peers. Asserted:
#  - each announces itself to the other and copies the other's local list: ASRV (subnet A)
#    is listed by smbclient -L B3, BSRV (subnet B) by smbclient -L B1;
#  - a host that is neither a peer nor on B3's subnet (h2) is not heard: its datagram to
#    B3 is counted as unrouted and taken for nothing;
#  - both exit 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient
nl_init interop-sync-peers "${2:-}"
nl_need_browserd
nl_up_routed 2 2
H1=$(nl_ip h1)
H3=$(nl_ip h3)
timers='{ domain_sync_ms = 4000; }'
conf1=$(nl_browserd_conf h1 B1 timers="$timers" domain="{ sync_peers = [ \"$H3\" ]; }")
conf3=$(nl_browserd_conf h3 B3 timers="$timers" domain="{ sync_peers = [ \"$H1\" ]; }")
sock3=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf3")
nl_start_browserd h1 "$conf1"
nl_start_browserd h3 "$conf3"
nl_wait_for 20 "B1 becomes master of subnet A" nl_browserd_is_master h1
nl_wait_for 20 "B3 becomes master of subnet B" nl_browserd_is_master h3
nl_probe h2 hostann LABGRP ASRV --type 0x1003 --periodicity 60000 --comment "on A"
nl_probe h4 hostann LABGRP BSRV --type 0x1003 --periodicity 60000 --comment "on B"
nl_wait_for 15 "B3 copies ASRV from its peer B1" nl_browserd_has h3 "$(nl_re_added ASRV)"
nl_wait_for 15 "B1 copies BSRV from its peer B3" nl_browserd_has h1 "$(nl_re_added BSRV)"
lists() { # HOST ADDRESS NAME COMMENT
  nl_smb_lists "$@" || nl_fail "smbclient -L $2 from $1 does not list $3:
$(cat "$NL_LAST_OUT")"
}
lists h4 "$H3" ASRV "on A"
lists h2 "$H1" BSRV "on B"
nl_log "each subnet lists the other's server through its sync peer"

# h2 is no peer of B3: its datagram is dropped before the engine
before=$(nl_exec h3 "$CTL" --socket "$sock3" --json stats | /usr/bin/python3 -c '
import json, sys; print(json.load(sys.stdin)["result"]["daemon"]["unrouted"])')
nl_probe h2 --to "$H3" hostann LABGRP INTRUDER --opcode lmb --type 0x1003 --periodicity 60000
sleep 1
after=$(nl_exec h3 "$CTL" --socket "$sock3" --json stats | /usr/bin/python3 -c '
import json, sys; print(json.load(sys.stdin)["result"]["daemon"]["unrouted"])')
[ "$after" -gt "$before" ] || nl_fail "B3 did not count h2's datagram as unrouted ($before -> $after)"
nl_browserd_has h3 "INTRUDER" && nl_fail "B3 took a frame from a host that is no peer"
nl_log "a non-peer's datagram is counted unrouted and ignored ($before -> $after)"
nl_browserd_stop h3
nl_browserd_stop h1
exit 0
