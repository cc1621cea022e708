#!/usr/bin/env bash
# Legacy clients get the browse list from browserd over SMB1 (issue 5): browserd is master on
# h1, two servers announce themselves from h2 and h3, and from h2:
#  - `smbclient -L B1 -N` (NT1, with and without SPNEGO; over TCP 139 and 445) lists IPC$,
#    every announced server with its comment, and the workgroup with its master;
#  - `nmap -p139 --script smb-mbenum`, filtered to print servers, returns PRINTSRV;
#  - every frame browserd sends on TCP 139/445, captured with tshark, decodes with no
#    malformed or expert-warning frame;
#  - browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require smbclient nmap
nl_init interop-smbclient "${2:-}"
nl_need_browserd
nl_up 3
H1=$(nl_ip h1)
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

conf=$(nl_browserd_conf h1 B1 server_string='"the browse master"')
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
nl_probe h2 hostann LABGRP FILESRV --type 0x1003 --periodicity 60000 --comment "files here"
nl_probe h3 hostann LABGRP PRINTSRV --type 0x1203 --periodicity 60000 --comment "2nd floor"
nl_wait_for 5 "browserd lists FILESRV" nl_browserd_has h1 "$(nl_re_added FILESRV)"
nl_wait_for 5 "browserd lists PRINTSRV" nl_browserd_has h1 "$(nl_re_added PRINTSRV)"

smbclient_list() { # OUT PORT SPNEGO
  local out=$1 port=$2 spnego=$3
  nl_exec h2 smbclient -s "$NL_WORK/h2/client/smb.conf" -L "$H1" -p "$port" -N \
    --option='client min protocol=NT1' --option="client use spnego=$spnego" \
    > "$out" 2>&1 || true
}
check_list() { # OUT what
  local out=$1 what=$2
  grep -Eq '^[[:space:]]+IPC\$[[:space:]]+IPC' "$out" || nl_fail "$what: no IPC\$ share:
$(cat "$out")"
  grep -Eq '^[[:space:]]+FILESRV[[:space:]]+files here' "$out" ||
    nl_fail "$what: FILESRV with its comment is missing:
$(cat "$out")"
  grep -Eq '^[[:space:]]+PRINTSRV[[:space:]]+2nd floor' "$out" ||
    nl_fail "$what: PRINTSRV with its comment is missing:
$(cat "$out")"
  grep -Eq '^[[:space:]]+B1[[:space:]]+the browse master' "$out" ||
    nl_fail "$what: browserd's own entry is missing:
$(cat "$out")"
  grep -Eq '^[[:space:]]+LABGRP[[:space:]]+B1' "$out" ||
    nl_fail "$what: the workgroup with its master is missing:
$(cat "$out")"
  nl_log "$what: IPC\$, B1, FILESRV, PRINTSRV and LABGRP -> B1 listed"
}
for port in 139 445; do
  for spnego in yes no; do
    out=$NL_WORK/smbclient-$port-$spnego.txt
    smbclient_list "$out" "$port" "$spnego"
    check_list "$out" "smbclient -L on port $port, spnego=$spnego"
  done
done

# nmap 7.93's smb-mbenum reads the record after a comment string from where that string
# ends (msrpc.lua), so it only copes with one entry: filter to a type only PRINTSRV has.
out=$NL_WORK/nmap.txt
nl_exec h2 nmap -n -Pn -p139 --script smb-mbenum --script-args smb-mbenum.filter=0x200 "$H1" \
  > "$out" 2>&1 || true
grep -q 'PRINTSRV' "$out" && grep -q '2nd floor' "$out" ||
  nl_fail "nmap smb-mbenum (print servers) does not list PRINTSRV with its comment:
$(cat "$out")"
nl_log "nmap smb-mbenum lists PRINTSRV: $(grep -m1 PRINTSRV "$out" | tr -s ' ')"

nl_browserd_stop h1
nl_capture_stop sw
bad=$(nl_tshark "$CAP" -Y "ip.src==$H1 && tcp.len > 0 && (_ws.malformed || _ws.expert.severity >= warning)" | wc -l)
[ "$bad" = 0 ] || nl_fail "$bad malformed or warned frames from browserd over TCP:
$(nl_tshark "$CAP" -Y "ip.src==$H1 && tcp.len > 0 && (_ws.malformed || _ws.expert.severity >= warning)" | head)"
frames=$(nl_tshark "$CAP" -Y "ip.src==$H1 && smb" | wc -l)
[ "$frames" -gt 0 ] || nl_fail "no SMB frames from browserd in the capture"
nl_log "$frames SMB frames from browserd, none malformed or warned"
exit 0
