#!/usr/bin/env bash
# A backup browserd answers legacy clients too (issue 5; BRWS-070, BRWS-074, RAP-059):
# browserd B1 is master on h1 and knows PRINTSRV (announced from h3); browserd B2 starts on
# h2 with a lower os level, and
#  - B1 asks B2 to become a backup (BecomeBackup), B2 copies B1's lists over SMB1
#    (NetServerEnum2 on B1's TCP 139) and says so: "copied N servers and M domains";
#  - `smbclient -L B2` (NT1, from h3) lists PRINTSRV with its comment, B1, and LABGRP with
#    its master B1: the backup serves the master's list, not only what it heard itself;
#  - `browsectl status` on B2 shows the copy from B1 (its address, ok);
#  - every frame B2 sends over TCP decodes in tshark with no malformed frame;
#  - both exit 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient
nl_init interop-backup-serve "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up 3
H1=$(nl_ip h1)
H2=$(nl_ip h2)
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

conf1=$(nl_browserd_conf h1 B1 os_level=40 server_string='"the browse master"')
nl_start_browserd h1 "$conf1"
nl_wait_for 15 "browserd B1 (h1) becomes master" nl_browserd_is_master h1
nl_probe h3 hostann LABGRP PRINTSRV --type 0x1203 --periodicity 60000 --comment "2nd floor"
nl_wait_for 5 "B1 lists PRINTSRV" nl_browserd_has h1 "$(nl_re_added PRINTSRV)"

conf2=$(nl_browserd_conf h2 B2 os_level=20 server_string='"the backup"')
sock2=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf2")
nl_start_browserd h2 "$conf2"
# B2 announces itself as a potential browser; B1 counts two browsers and wants one backup.
nl_wait_for 60 "B2 (h2) becomes a backup" nl_browserd_has h2 "$(nl_re_role backup)"
copied="$NL_IFACE $NL_WORKGROUP: copied [0-9]+ servers? and [0-9]+ domains? from B1"
nl_wait_for 20 "B2 copies B1's lists" nl_browserd_has h2 "$copied"
nl_log "B2: $(nl_browserd_log_since_start "$(nl_browserd_log h2)" | grep -Em1 "$copied")"
nl_browserd_has h2 "$(nl_re_added PRINTSRV)" || nl_fail "B2 did not add PRINTSRV from the copy"

out=$NL_WORK/smbclient-backup.txt
nl_exec h3 smbclient -s "$NL_WORK/h3/client/smb.conf" -L "$H2" -N \
  --option='client min protocol=NT1' > "$out" 2>&1 || true
grep -Eq '^[[:space:]]+PRINTSRV[[:space:]]+2nd floor' "$out" ||
  nl_fail "smbclient -L B2: PRINTSRV (known only to the master) is missing:
$(cat "$out")"
grep -Eq '^[[:space:]]+B1[[:space:]]+the browse master' "$out" ||
  nl_fail "smbclient -L B2: the master B1 is missing:
$(cat "$out")"
grep -Eq '^[[:space:]]+LABGRP[[:space:]]+B1' "$out" ||
  nl_fail "smbclient -L B2: LABGRP with its master B1 is missing:
$(cat "$out")"
nl_log "smbclient -L B2 (the backup) lists PRINTSRV, B1 and LABGRP -> B1"

status=$NL_WORK/browsectl-status-b2.txt
nl_exec h2 "$CTL" --socket "$sock2" status > "$status"
grep -Eq "^[[:space:]]+sync B1[[:space:]]+$H1, [0-9hms]+ ago: [0-9]+ servers?, [0-9]+ workgroups? in" \
  "$status" || nl_fail "browsectl status on B2 does not show the copy from B1:
$(cat "$status")"
grep -Eq '^[[:space:]]+role[[:space:]]+backup' "$status" ||
  nl_fail "browsectl status on B2 does not say backup:
$(cat "$status")"
nl_log "browsectl status on B2: $(grep -E 'sync B1' "$status" | tr -s ' ')"

nl_browserd_stop h2
nl_browserd_stop h1
nl_capture_stop sw
bad=$(nl_tshark "$CAP" -Y "(ip.src==$H2 || ip.src==$H1) && tcp.len > 0 && _ws.malformed" | wc -l)
[ "$bad" = 0 ] || nl_fail "$bad malformed SMB frames between the browsers:
$(nl_tshark "$CAP" -Y "(ip.src==$H2 || ip.src==$H1) && tcp.len > 0 && _ws.malformed" | head)"
enum=$(nl_tshark "$CAP" -Y "ip.src==$H2 && ip.dst==$H1 && lanman.function_code == 104" | wc -l)
[ "$enum" -gt 0 ] || nl_fail "no NetServerEnum2 from B2 to B1 in the capture"
nl_log "$enum NetServerEnum2 requests from B2 to B1, no malformed frame"
exit 0
