#!/usr/bin/env bash
# browserd as the domain master of a Samba local master (issue 7; BRWS-081, -083, -085):
# two subnets joined by a router that forwards no broadcast.
#  - h1 (subnet A): browserd B1, domain master (domain_master), a WINS client of h2, taking
#    traffic from subnet B (security.peers);
#  - h2 (subnet A): Samba nmbd as the WINS server only;
#  - h4 (subnet B): Samba nmbd as local master (a WINS client of h2) with smbd serving its
#    list; h3 and h5 announce a server on each subnet.
# Asserted:
#  - B1's LABGRP<1b> is in WINS (BRWS-085: registered because it is the domain master);
#  - the Samba LMB finds B1 through WINS and announces itself to it; B1 copies its local
#    list from smbd (NEARSRV of subnet B appears at B1 and in smbclient -L B1 on subnet A);
#  - the Samba LMB copies B1's whole list: FARSRV of subnet A is listed by smbclient -L
#    against smbd on subnet B;
#  - browsectl status on B1 shows the copy from the Samba LMB; B1 exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient smbd nmbd
nl_init interop-domain-samba-lmb "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up_routed 3 2
H1=$(nl_ip h1)
H2=$(nl_ip h2)
H4=$(nl_ip h4)

# WINS only on h2: no browsing there
nl_start_nmbd h2 "$NL_WORKGROUP" 'wins support = yes' 'local master = no' 'os level = 0'
conf1=$(nl_browserd_conf h1 B1 os_level=40 domain_master=true wins_server="\"$H2\"" \
  timers='{ domain_sync_ms = 4000; }' security="{ peers = [ \"$NL_NET2.0/24\" ]; }" \
  server_string='"the browserd domain master"')
sock1=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf1")
nl_start_browserd h1 "$conf1"
# the Samba local master of subnet B, with smbd for its list
nl_start_nmbd h4 "$NL_WORKGROUP" "wins server = $H2" 'name resolve order = wins bcast' \
  'preferred master = yes' 'os level = 65' 'smb ports = 139' 'server min protocol = NT1' \
  'map to guest = bad user'
nl_start_smbd h4

nl_wait_for 20 "B1 (subnet A) becomes master" nl_browserd_is_master h1
dmb_in_wins() {
  nl_nmblookup h3 -U "$H2" --recursion 'LABGRP#1b' 2>/dev/null | grep -c "^$H1 LABGRP<1b>\$" > /dev/null
}
nl_wait_for 15 "B1's LABGRP<1b> is registered in WINS" dmb_in_wins
nl_probe h3 hostann LABGRP FARSRV --type 0x1003 --periodicity 60000 --comment "far away"
nl_wait_for 5 "B1 lists FARSRV" nl_browserd_has h1 "$(nl_re_added FARSRV)"
nl_wait_for 60 "nmbd (h4) becomes local master of subnet B" nl_nmbd_is_master h4
nl_spawn h5 "$NL_WORK/nearsrv.log" "$NL_PY" "$NL_PROBE" -i "$NL_IFACE" hostann LABGRP NEARSRV \
  --type 0x1003 --periodicity 60000 --comment "over here" --repeat 0 --interval 20
near_pid=$NL_LAST_PID

# B1 copies the Samba LMB's list once it announces itself
nl_wait_for 150 "B1 copies NEARSRV from the Samba local master" \
  nl_browserd_has h1 "$(nl_re_added NEARSRV)"
nl_smb_lists h3 "$H1" NEARSRV "over here" ||
  nl_fail "smbclient -L B1 on subnet A does not list NEARSRV:
$(cat "$NL_LAST_OUT")"
st=$NL_WORK/status-b1.txt
nl_exec h1 "$CTL" --socket "$sock1" status > "$st"
grep -Eq "^[[:space:]]+sync H4[[:space:]]+$H4, [0-9hms]+ ago: [0-9]+ servers?" "$st" ||
  nl_fail "browsectl status on B1 shows no good copy from the Samba LMB:
$(cat "$st")"
nl_log "B1: $(grep -E 'sync H4' "$st" | tr -s ' ')"

# the Samba LMB copies the domain master's list
farsrv_at_smbd() { nl_smb_lists h5 "$H4" FARSRV "far away" --option='client use spnego=no'; }
nl_wait_for 150 "smbd on subnet B lists FARSRV (the Samba LMB copied B1's list)" farsrv_at_smbd
nl_log "subnet B (Samba) lists FARSRV from the browserd domain master"
nl_stop "$near_pid" TERM 5
nl_browserd_stop h1
exit 0
