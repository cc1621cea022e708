#!/usr/bin/env bash
# Browsing across subnets with browserd alone (issue 7; BRWS-080 .. -084): two subnets
# joined by a router namespace that forwards no broadcast. browserd B1 on h1 (subnet A) is
# domain master; browserd B3 on h3 (subnet B) is local master there and knows where B1 is
# (domain.master_address); B1 lists subnet B in security.peers. Lab timers: copies every 4 s.
#  - B3 announces itself to B1 (MasterAnnouncement, unicast across the router) and B1
#    copies B3's local list (NetServerEnum2 0x40000000 over TCP 139); B3 copies B1's list;
#  - FARSRV, announced on subnet A, is listed on subnet B by `browsectl --network servers`
#    and `smbclient -L B3`, within one copy period of B1 knowing it; NEARSRV, announced on
#    subnet B, is listed by `smbclient -L B1` on subnet A;
#  - `browsectl status` shows each side's copy from the other (ok);
#  - B3 also has a sync peer that does not exist (an unused address on subnet A): its
#    copies fail (shown in status with the reason) and stall nothing else;
#  - once FARSRV stops announcing and B1 expires it, B3 drops it too;
#  - the MasterAnnouncements decode in tshark; both daemons exit 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient
nl_init interop-domain "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up_routed 2 2
H1=$(nl_ip h1)
H3=$(nl_ip h3)
CAP=$NL_WORK/router.pcapng
nl_capture sw "$CAP"

timers='{ domain_sync_ms = 4000; lmb_expiry_ms = 20000; }'
# B1 takes MasterAnnouncements from subnet B only because security.peers lists it
conf1=$(nl_browserd_conf h1 B1 os_level=40 domain_master=true timers="$timers" \
  security="{ peers = [ \"$NL_NET2.0/24\" ]; }" server_string='"the domain master"')
DEAD=$NL_NET.99   # on subnet A, nobody there: connecting to it fails once ARP gives up
conf3=$(nl_browserd_conf h3 B3 timers="$timers" \
  domain="{ master_address = \"$H1\"; sync_peers = [ \"$DEAD\" ]; }" \
  server_string='"the subnet B master"')
sock1=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf1")
sock3=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf3")
nl_start_browserd h1 "$conf1"
nl_start_browserd h3 "$conf3"
nl_wait_for 20 "B1 (subnet A) becomes master" nl_browserd_is_master h1
nl_wait_for 20 "B3 (subnet B) becomes master" nl_browserd_is_master h3

# FARSRV keeps announcing on subnet A (5 s periodicity) until it is stopped
nl_spawn h2 "$NL_WORK/farsrv.log" "$NL_PY" "$NL_PROBE" -i "$NL_IFACE" hostann LABGRP FARSRV \
  --type 0x1003 --periodicity 5000 --comment "far away" --repeat 0 --interval 4
far_pid=$NL_LAST_PID
nl_probe h4 hostann LABGRP NEARSRV --type 0x1003 --periodicity 60000 --comment "over here"
nl_wait_for 5 "B1 lists FARSRV" nl_browserd_has h1 "$(nl_re_added FARSRV)"
t_known=$(nl_now_ms)
nl_wait_for 15 "B3 copies FARSRV from B1" nl_browserd_has h3 "$(nl_re_added FARSRV)"
nl_log "FARSRV reached subnet B $(( $(nl_now_ms) - t_known )) ms after B1 knew it"
nl_wait_for 15 "B1 copies NEARSRV from B3" nl_browserd_has h1 "$(nl_re_added NEARSRV)"

out=$NL_WORK/network-servers-h4.txt
nl_exec h4 "$CTL" --network servers -w LABGRP --timeout 3 > "$out" 2>&1 ||
  nl_fail "browsectl --network servers on h4 failed:
$(cat "$out")"
grep -Eq '^[[:space:]]*FARSRV[[:space:]].*far away' "$out" ||
  nl_fail "browsectl --network on subnet B does not list FARSRV:
$(cat "$out")"
nl_smb_lists h4 "$H3" FARSRV "far away" ||
  nl_fail "smbclient -L B3 on subnet B does not list FARSRV:
$(cat "$NL_LAST_OUT")"
nl_smb_lists h2 "$H1" NEARSRV "over here" ||
  nl_fail "smbclient -L B1 on subnet A does not list NEARSRV:
$(cat "$NL_LAST_OUT")"
nl_log "subnet B lists FARSRV (browsectl --network, smbclient -L B3); subnet A lists NEARSRV"

st1=$NL_WORK/status-b1.txt
st3=$NL_WORK/status-b3.txt
nl_exec h1 "$CTL" --socket "$sock1" status > "$st1"
nl_exec h3 "$CTL" --socket "$sock3" status > "$st3"
grep -Eq "^[[:space:]]+sync B3[[:space:]]+$H3, [0-9hms]+ ago: [0-9]+ servers?" "$st1" ||
  nl_fail "browsectl status on B1 shows no copy from B3:
$(cat "$st1")"
grep -Eq "^[[:space:]]+sync $H1[[:space:]]+$H1, [0-9hms]+ ago: [0-9]+ servers?" "$st3" ||
  nl_fail "browsectl status on B3 shows no copy from B1:
$(cat "$st3")"
grep -Eq 'server type.*domain-master' "$st1" ||
  nl_fail "B1 does not announce itself as domain master:
$(cat "$st1")"
nl_log "status: B1 $(grep -E 'sync B3' "$st1" | tr -s ' '); B3 $(grep -E "sync $H1" "$st3" | tr -s ' ')"
dead_failed() {
  nl_exec h3 "$CTL" --socket "$sock3" status > "$st3"
  grep -Eq "^[[:space:]]+sync $DEAD[[:space:]]+$DEAD, [0-9hms]+ ago: failed: " "$st3"
}
nl_wait_for 30 "B3's status shows the failed copy from the dead peer" dead_failed
nl_log "dead peer: $(grep -E "sync $DEAD" "$st3" | tr -s ' ')"

nl_stop "$far_pid" TERM 5
t_stop=$(nl_now_ms)
nl_wait_for 40 "B3 drops FARSRV after it stops" nl_browserd_has h3 "$(nl_re_removed FARSRV)"
nl_log "FARSRV gone from subnet B $(( $(nl_now_ms) - t_stop )) ms after it stopped (15.9 s of that is its expiry at B1)"

nl_browserd_stop h3
nl_browserd_stop h1
nl_capture_stop sw
ma=$(nl_tshark "$CAP" -Y "ip.src==$H3 && ip.dst==$H1 && browser.command == 0x0d" | wc -l)
[ "$ma" -gt 0 ] || nl_fail "no MasterAnnouncement from B3 to B1 in the capture"
bad=$(nl_tshark "$CAP" -Y "(ip.src==$H1 || ip.src==$H3) && _ws.malformed" | wc -l)
[ "$bad" = 0 ] || nl_fail "$bad malformed frames from the browsers:
$(nl_tshark "$CAP" -Y "(ip.src==$H1 || ip.src==$H3) && _ws.malformed" | head)"
nl_log "$ma MasterAnnouncements from B3 to B1, no malformed frame"
exit 0
