#!/usr/bin/env bash
# (f) Every packet browserd sends decodes cleanly in tshark.
# A bridge capture covers browserd's start (name registrations, finding the master, election,
# becoming master, announcements), answers to nmblookup (name queries, node status) and to
# the probe (GetBackupList, AnnouncementRequest, a lower RequestElection, HostAnnouncements),
# and its SIGTERM (forced election, releases).
# Asserts: no frame from browserd's address is malformed or carries an expert warning (or
# worse); and the capture is not vacuous: browserd sent name registrations, a positive name
# query response, a node status response, name releases, and the browser frames
# RequestElection, LocalMasterAnnouncement, DomainAnnouncement and GetBackupListResponse.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require nmblookup
nl_init interop-wire "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

conf=$(nl_browserd_conf h1 B1 os_level=32)
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
owns_1d() { nl_nmblookup h2 'LABGRP#1d' 2>/dev/null | grep -c "^$H1 LABGRP<1d>\$" > /dev/null; }
nl_wait_for 10 "browserd answers for LABGRP<1d>" owns_1d

nl_nmblookup h2 B1 > /dev/null || nl_fail "nmblookup B1 failed"
nl_nmblookup h2 -A "$H1" > /dev/null || nl_fail "nmblookup -A $H1 failed"
nl_probe h2 hostann LABGRP FAKE1 --periodicity 60000 > /dev/null
nl_probe h2 hostann LABGRP FAKE2 --type 0x00011003 --periodicity 60000 > /dev/null
nl_probe h2 getbackup LABGRP --min 1 > /dev/null || nl_fail "no GetBackupListResponse"
nl_probe h2 annreq LABGRP --to-suffix 0x1d > /dev/null
t_elect=$(date +%s.%N)
nl_probe h2 election LABGRP --os-level 1 > /dev/null

# wait for browserd's own RequestElection against the probe's lower one, then stop it
sent() { [ "$(nl_tshark "$CAP" -Y "ip.src==$H1 && ($1)" | wc -l)" -gt 0 ]; }
nl_wait_for 10 "browserd answers the lower election with a RequestElection" \
  sent "browser.command==0x08 && frame.time_epoch > $t_elect"
nl_wait_for 5 "a LocalMasterAnnouncement from browserd" sent "browser.command==0x0f"
nl_browserd_stop h1
nl_wait_for 5 "browserd's NAME RELEASEs in the capture" \
  sent "nbns.flags.opcode==6 && nbns.flags.response==0"
nl_capture_stop sw

summary=$(nl_tshark "$CAP" -Y "ip.src==$H1" -T fields -E separator=/s \
  -e _ws.col.Protocol -e nbns.flags.opcode -e nbns.flags.response -e nbns.type -e browser.command |
  sort | uniq -c | sed 's/^ *//')
nl_log "frames browserd sent (count proto opcode response rrtype command):"
echo "$summary" | sed 's/^/    /' >&2

bad=$(nl_tshark "$CAP" -Y "ip.src==$H1 && (_ws.malformed || _ws.expert.severity >= \"warning\")" \
  -T fields -e frame.number -e _ws.col.Info -e _ws.expert.message)
[ -z "$bad" ] || nl_fail "frames from browserd that tshark finds malformed or warns about:
$bad
(decode one with: tshark -r $CAP -V -Y 'frame.number==N')"

need() {  # WHAT FILTER
  local n
  n=$(nl_tshark "$CAP" -Y "ip.src==$H1 && ($2)" | wc -l)
  [ "$n" -gt 0 ] || nl_fail "browserd sent no $1 in the capture (filter: $2)"
}
need "name registration" "nbns.flags.opcode==5 && nbns.flags.response==0"
need "positive name query response" "nbns.flags.opcode==0 && nbns.flags.response==1 && nbns.type==0x20 && nbns.flags.rcode==0"
need "node status response" "nbns.flags.response==1 && nbns.type==0x21"
need "name release" "nbns.flags.opcode==6 && nbns.flags.response==0"
need "RequestElection" "browser.command==0x08"
need "LocalMasterAnnouncement" "browser.command==0x0f"
need "DomainAnnouncement" "browser.command==0x0c"
need "GetBackupListResponse" "browser.command==0x0a"
total=$(nl_tshark "$CAP" -Y "ip.src==$H1" | wc -l)
nl_log "$total frames from browserd, none malformed, no expert warning"
exit 0
