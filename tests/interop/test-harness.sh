#!/usr/bin/env bash
# Harness self-test (no browserd needed): the probe's encoders against the protocol notes'
# worked examples, then a real LAN with Samba's nmbd as the peer the probe talks to:
#   - the lab is isolated (nl_up checks) and a second lab gets another id and subnet;
#   - nmbd alone becomes local master, `nmblookup -M LABGRP` from another host finds it;
#   - the probe's GetBackupListRequest gets nmbd's response (token echoed, names H1), both
#     broadcast and unicast; its HostAnnouncement, RequestElection and AnnouncementRequest
#     reach nmbd (its log says so);
#   - in a tshark capture of the bridge, every frame the probe sent decodes as the browser
#     command it meant, with no malformed frame and no expert warning;
#   - nl_stop ends nmbd by pid; nl_down leaves no namespace behind.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
WG=LABGRP

"$NL_PY" "$NL_PROBE" selftest || { echo "FAIL: probe encoders" >&2; exit 1; }

nl_require nmbd nmblookup testparm ss
nl_init interop-harness "${1:-}"
nl_up 3
H1=$(nl_ip h1); H2=$(nl_ip h2); H3=$(nl_ip h3)
lab_id=$NL_ID

# a second, independent lab at the same time: another id, another subnet
other=$(bash -c '. "$1"; nl_init interop-harness-2nd "$2"; nl_up 1 >/dev/null 2>&1; echo "$NL_ID $NL_NET"' \
        _ "$NL_LIB_DIR/netlab.sh" "$NL_WORK/second-lab")
[ -n "$other" ] && [ "${other%% *}" != "$NL_ID" ] && [ "${other#* }" != "$NL_NET" ] ||
  nl_fail "a second lab did not get its own id/subnet (got '$other', ours $NL_ID $NL_NET)"
ip netns list | awk '{print $1}' | grep -c "^bdi${other%% *}-" > /dev/null &&
  nl_fail "the second lab left namespaces behind"
nl_log "second lab ran as bdi${other%% *} on ${other#* }.0/24 and was cleaned up"

CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

nl_start_nmbd h1 "$WG"
NMBD=$NL_LAST_PID
nl_wait_for 60 "nmbd (h1) logs that it is the local master browser" nl_nmbd_is_master h1

master_found() { nl_nmblookup h2 -M "$WG" 2>/dev/null | grep -c "^$H1 $WG<1d>" > /dev/null; }
nl_wait_for 10 "nmblookup -M $WG from h2 finds $H1" master_found

# GetBackupList: nmbd handles a broadcast twice (0.0.0.0 and broadcast sockets), so >= 1
nl_probe h2 getbackup "$WG" --token 0x11223344 --min 1 --expect-name H1 ||
  nl_fail "no correct GetBackupListResponse from nmbd to a broadcast request"
nl_probe h2 --to "$H1" getbackup "$WG" --token 4242 --exactly 1 --expect-name H1 ||
  nl_fail "not exactly one GetBackupListResponse from nmbd to a unicast request"

LOG=$(nl_nmbd_log h1)
nl_probe h3 hostann "$WG" FAKE1 --periodicity 60000 --comment "netlab fake server"
nl_wait_for 10 "nmbd takes FAKE1's HostAnnouncement" \
  nl_file_has "process_host_announce: from FAKE1<00> IP $H3 to $WG<1d> for server FAKE1" "$LOG"

nl_probe h2 annreq "$WG"
nl_wait_for 10 "nmbd takes the AnnouncementRequest" \
  nl_file_has "process_announce_request: Announce request from PROBE<00> IP $H2 to $WG<00>" "$LOG"

# nmbd beats criteria 0x01010f02 and answers with RequestElections of its own (~3 s later)
h1_elections() { nl_tshark "$CAP" -Y "ip.src==$H1 && browser.command==0x08" | wc -l; }
before=$(h1_elections)
nl_probe h2 election "$WG" --os-level 1
nl_wait_for 10 "nmbd takes the RequestElection" \
  nl_file_has "process_election: Election request from PROBE at IP $H2" "$LOG"
more_elections() { [ "$(h1_elections)" -gt "$before" ]; }
nl_wait_for 15 "nmbd answers the low election with its own RequestElection" more_elections

nl_stop "$NMBD" TERM 10
nl_log "nmbd stopped, exit status $NL_LAST_STATUS"
nl_capture_stop sw
releases=$(nl_tshark "$CAP" -Y "ip.src==$H1 && nbns.flags.opcode==6 && !nbns.flags.response" \
             -T fields -e nbns.name | sort -u | tr '\n' ' ')
nl_log "NAME RELEASE requests nmbd sent when stopped: ${releases:-none}"

# --- the capture: what the probe sent decodes as meant, cleanly
probe_frames=$(nl_tshark "$CAP" -Y "(ip.src==$H2 || ip.src==$H3) && udp.port==138" \
                 -T fields -E separator=/s -e ip.src -e browser.command | sort | uniq -c | sed 's/^ *//')
nl_log "probe frames (count src command): $(echo "$probe_frames" | tr '\n' ';')"
for want in "$H2 0x09" "$H3 0x01" "$H2 0x02" "$H2 0x08"; do
  grep -q " $want\$" <<< "$probe_frames" || nl_fail "no frame '$want' from the probe in the capture"
done
bad=$(nl_tshark "$CAP" -Y "(ip.src==$H2 || ip.src==$H3) && (_ws.malformed || _ws.expert.severity >= \"warning\")")
[ -z "$bad" ] || nl_fail "probe frames tshark finds malformed or warns about:"$'\n'"$bad"
nresp=$(nl_tshark "$CAP" -Y "ip.src==$H1 && browser.command==0x0a && browser.backup.token==4242" | wc -l)
[ "$nresp" -eq 1 ] || nl_fail "expected 1 GetBackupListResponse with token 4242 on the wire, saw $nresp"

nl_down
ip netns list | awk '{print $1}' | grep -c "^bdi${lab_id}-" > /dev/null && nl_fail "nl_down left namespaces"
[ ! -d "$NL_STATE_ROOT/bdi$lab_id" ] || nl_fail "nl_down left $NL_STATE_ROOT/bdi$lab_id"
exit 0
