#!/usr/bin/env bash
# Browsing across subnets mixed with Samba (issue 7; BRWS-080, -081, -083): two subnets
# joined by a router that forwards no broadcast.
#  - h1 (subnet A): Samba nmbd as local and domain master (domain master = yes), with smbd
#    serving nmbd's list (browse.dat) over SMB1;
#  - h3 (subnet B): browserd B3, local master there, a WINS client of nmbd (wins_server):
#    it registers its names there and finds the domain master by asking WINS for
#    LABGRP<1b> (domain.master_address is left empty).
# Asserted:
#  - B3's names are in nmbd's WINS, and B3 found the domain master through it;
#  - B3 announces itself to nmbd (MasterAnnouncement to LABGRP<1b>) and nmbd copies B3's
#    list (NetServerEnum2 over TCP 139 to B3): NEARSRV, announced on subnet B, is listed by
#    smbclient -L against smbd on subnet A;
#  - B3 copies the domain master's list from smbd: FARSRV, announced on subnet A, is listed
#    by smbclient -L B3 and browsectl --network on subnet B;
#  - browsectl status on B3 shows the copy from h1 (ok); browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient smbd nmbd
nl_init interop-domain-samba "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up_routed 2 2
H1=$(nl_ip h1)
H3=$(nl_ip h3)

# Samba on h1: nmbd as domain master, smbd answering NetServerEnum2 from nmbd's browse.dat
nl_start_nmbd h1 "$NL_WORKGROUP" 'domain master = yes' 'wins support = yes' 'preferred master = yes' \
  'os level = 65' 'smb ports = 139' 'server min protocol = NT1' 'map to guest = bad user'
nl_start_smbd h1
nl_spawn h2 "$NL_WORK/farsrv.log" "$NL_PY" "$NL_PROBE" -i "$NL_IFACE" hostann LABGRP FARSRV \
  --type 0x1003 --periodicity 60000 --comment "far away" --repeat 0 --interval 20
probe_pid=$NL_LAST_PID
conf3=$(nl_browserd_conf h3 B3 timers='{ domain_sync_ms = 4000; }' \
  wins_server="\"$H1\"" server_string='"the subnet B master"')
sock3=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf3")
nl_start_browserd h3 "$conf3"
nl_wait_for 20 "B3 (subnet B) becomes master" nl_browserd_is_master h3
nl_probe h4 hostann LABGRP NEARSRV --type 0x1003 --periodicity 60000 --comment "over here"
nl_wait_for 5 "B3 lists NEARSRV" nl_browserd_has h3 "$(nl_re_added NEARSRV)"
nl_wait_for 60 "nmbd (h1) becomes local master" nl_nmbd_is_master h1
nl_wait_for 30 "nmbd (h1) becomes domain master" \
  nl_file_has 'now a domain master browser' "$(nl_nmbd_log h1)"
b3_in_wins() {
  nl_nmblookup h2 -U "$H1" --recursion 'B3#20' 2>/dev/null | grep -c "^$H3 B3<20>\$" > /dev/null
}
nl_wait_for 10 "B3<20> is registered in nmbd's WINS" b3_in_wins
nl_wait_for 30 "B3 finds the domain master through WINS" \
  nl_browserd_has h3 "$NL_IFACE $NL_WORKGROUP: domain master at $H1\$"

# subnet A's server reaches subnet B through smbd's answer to B3's copy
nl_wait_for 60 "B3 copies FARSRV from the Samba domain master" \
  nl_browserd_has h3 "$(nl_re_added FARSRV)"
nl_smb_lists h4 "$H3" FARSRV "far away" ||
  nl_fail "smbclient -L B3 on subnet B does not list FARSRV:
$(cat "$NL_LAST_OUT")"
out=$NL_WORK/network-servers-h4.txt
nl_exec h4 "$CTL" --network servers -w LABGRP --timeout 3 > "$out" 2>&1 ||
  nl_fail "browsectl --network servers on h4 failed:
$(cat "$out")"
grep -Eq '^[[:space:]]*FARSRV[[:space:]]' "$out" ||
  nl_fail "browsectl --network on subnet B does not list FARSRV:
$(cat "$out")"
nl_log "subnet B lists FARSRV (from nmbd's list through smbd)"

# subnet B's server reaches Samba: nmbd copies B3's list after its MasterAnnouncement (nmbd
# 4.17 checks its LMB cache for new masters about once a minute)
nearsrv_at_smbd() { nl_smb_lists h2 "$H1" NEARSRV "over here" --option='client use spnego=no'; }
nl_wait_for 150 "smbd on subnet A lists NEARSRV (nmbd copied B3's list)" nearsrv_at_smbd
nl_file_has 'Local master announce from B3' "$(nl_nmbd_log h1)" ||
  nl_fail "nmbd logged no MasterAnnouncement from B3"
nl_log "subnet A (Samba) lists NEARSRV from browserd's list"

st=$NL_WORK/status-b3.txt
nl_exec h3 "$CTL" --socket "$sock3" status > "$st"
grep -Eq "^[[:space:]]+sync $H1[[:space:]]+$H1, [0-9hms]+ ago: [0-9]+ servers?" "$st" ||
  nl_fail "browsectl status on B3 shows no good copy from h1:
$(cat "$st")"
nl_stop "$probe_pid" TERM 5
nl_browserd_stop h3
exit 0
