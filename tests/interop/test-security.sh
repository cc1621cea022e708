#!/usr/bin/env bash
# The security controls of issue 8 on a namespace LAN (docs/SECURITY.md). browserd B1 is
# master on h1 with
#   security = { trusted_masters = ["B1"]; names_deny = ["EVIL*"]; smb_from = [h2];
#                rate_per_source = 20; rate_burst = 40; }
# and asserts:
#  - name policy: GOOD1 (from h2) is listed, EVIL1 (from h3) is not; name-policy counted;
#  - ResetStateRequest STOP_MASTER|CLEAR_ALL from h3 is ignored (no reset_state_from): B1
#    stays master, `untrusted` counted;
#  - an untrusted rival's better RequestElection is not yielded to, and the log warns
#    "untrusted master ROGUE appeared";
#  - rate limit: 300 announcements at once from h3 are cut (rate_limited > 200 in stats),
#    said once in the log;
#    GOOD2 from h2 is still listed right after;
#  - smb_from: `smbclient -L` from h2 lists GOOD1; from h3 it is refused;
#  - peers = ["10.99.0.0/24"]: an announcement from 10.98.0.5 (h3, outside every served
#    subnet) is dropped as unrouted, one from 10.99.0.5 (h3, a listed peer) is listed;
#  - browserd exits 0 on SIGTERM with a clean log.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient
nl_init interop-security "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up 3
H1=$(nl_ip h1)
H2=$(nl_ip h2)

conf=$(nl_browserd_conf h1 B1 \
  "security={ trusted_masters=[\"B1\"]; names_deny=[\"EVIL*\"]; smb_from=[\"$H2\"]; peers=[\"10.99.0.0/24\"]; rate_per_source=20; rate_burst=40; }")
sock=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf")
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1

# stats as JSON: a Python expression over the first link's (L) and the daemon's (D) counters
stat() {
  nl_exec h1 "$CTL" --socket "$sock" --json stats |
    "$NL_PY" -c 'import json,sys; r=json.loads(sys.stdin.readline())["result"]; D=r["daemon"]; L=r["links"][0]; print('"$1"')'
}

# --- the name policy
nl_probe h2 hostann LABGRP GOOD1 --periodicity 60000 > /dev/null
nl_probe h3 hostann LABGRP EVIL1 --periodicity 60000 > /dev/null
nl_wait_for 5 "browserd lists GOOD1" nl_browserd_has h1 "$(nl_re_added GOOD1)"
sleep 1
nl_browserd_has h1 "$(nl_re_added EVIL1)" && nl_fail "EVIL1 entered the list despite names_deny"
[ "$(stat 'L["engine"]["dropped"]["name-policy"]')" -ge 1 ] ||
  nl_fail "name-policy drop not counted"
nl_log "names_deny: EVIL1 refused and counted, GOOD1 listed"

# --- ResetStateRequest from anyone: ignored
nl_probe h3 reset LABGRP B1 --flags 0x03 > /dev/null
sleep 2
nl_browserd_has h1 "LABGRP: role master -> " && nl_fail "B1 obeyed an untrusted ResetStateRequest"
[ "$(stat 'L["engine"]["dropped"]["untrusted"]')" -ge 1 ] || nl_fail "untrusted reset not counted"
nl_log "ResetStateRequest from h3 ignored and counted"

# --- a rival with better criteria: not yielded to, reported
for i in 1 2 3 4; do
  nl_probe h3 -n ROGUE election LABGRP --os-level 255 --desire 0x07 --uptime $((i * 1000000)) > /dev/null
  sleep 0.5
done
sleep 2
nl_browserd_has h1 "LABGRP: role master -> " && nl_fail "B1 yielded to the untrusted ROGUE"
nl_wait_for 3 "browserd warns of ROGUE" nl_browserd_has h1 "untrusted master ROGUE appeared"
nl_log "untrusted rival ROGUE: not yielded to, reported"

# --- the rate limit: one flooding source is cut, another is not
before=$(stat 'D["rate_limited"]')
nl_probe h3 hostann LABGRP FLOOD --periodicity 60000 --repeat 300 --interval 0 > /dev/null
limited=$(( $(stat 'D["rate_limited"]') - before ))
[ "$limited" -gt 200 ] || nl_fail "300 announcements from h3 at once: only $limited rate-limited"
nl_probe h2 hostann LABGRP GOOD2 --periodicity 60000 > /dev/null
nl_wait_for 3 "browserd lists GOOD2 during h3's flood" nl_browserd_has h1 "$(nl_re_added GOOD2)"
[ "$(nl_browserd_count h1 'sends more than security.rate_per_source')" = 1 ] ||
  nl_fail "the rate limit was not logged exactly once"
nl_log "rate limit: $limited of 300 from h3 dropped (logged once); h2 unaffected"

# --- smb_from: h2 served, h3 refused
list_from() { # HOST OUT
  nl_exec "$1" smbclient -s "$NL_WORK/$1/client/smb.conf" -L "$H1" -N \
    --option='client min protocol=NT1' > "$2" 2>&1 || true
}
list_from h2 "$NL_WORK/smb-h2.txt"
grep -Eq '^[[:space:]]+GOOD1[[:space:]]' "$NL_WORK/smb-h2.txt" ||
  nl_fail "smbclient -L from h2 (in smb_from) does not list GOOD1:
$(cat "$NL_WORK/smb-h2.txt")"
list_from h3 "$NL_WORK/smb-h3.txt"
grep -Eq '^[[:space:]]+GOOD1[[:space:]]' "$NL_WORK/smb-h3.txt" &&
  nl_fail "smbclient -L from h3 (not in smb_from) was served"
nl_log "smb_from: h2 served, h3 refused"

# --- peers: sources outside the served subnet, from h3's extra addresses, to the broadcast
GEN=$(dirname "$NL_BROWSERD_BIN")/flood-gen
nl_exec h3 ip addr add 10.98.0.5/32 dev "$NL_IFACE"
nl_exec h3 ip addr add 10.99.0.5/32 dev "$NL_IFACE"
unrouted=$(stat 'D["unrouted"]')
nl_exec h3 "$GEN" "$(nl_bcast)" 10.98.0.5 1 1 10 > /dev/null
sleep 1
[ "$(stat 'D["unrouted"]')" -gt "$unrouted" ] || nl_fail "an off-subnet source was not counted unrouted"
nl_browserd_has h1 "$(nl_re_added FLOOD000000)" && nl_fail "an off-subnet source was listed"
nl_exec h3 "$GEN" "$(nl_bcast)" 10.99.0.5 1 1 10 > /dev/null
nl_wait_for 3 "browserd lists the peer's server" nl_browserd_has h1 "$(nl_re_added FLOOD000000)"
nl_log "peers: 10.98.0.5 dropped as unrouted, 10.99.0.5 (listed peer) served"

nl_browserd_stop h1
exit 0
