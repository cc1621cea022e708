#!/usr/bin/env bash
# WINS client mode (issue 7) against Samba's nmbd as the WINS server (`wins support = yes`):
# nmbd on h1 is the server (and no browser), browserd B2 on h2 has wins_server = h1, h3 is a
# client. Asserts:
#  - nmbd's WINS holds browserd's names: `nmblookup -U h1 --recursion` from h3 answers h2's
#    address for B2<00> and B2<20>; browserd sent every registration, LABGRP<1d> too once
#    master, unicast to h1 (0x2900, ONT H) and h1 granted it. (nmbd grants <1d> but does
#    not keep it: a local master's name is the subnet's business, "Ignoring request to
#    register name LABGRP<1d>"; WINS keeps <1b>, the domain master's.);
#  - browserd refreshes its names before the TTL nmbd granted (10 s here) runs out: NAME
#    REFRESH REQUESTs (opcode 8, 0x4000) to h1, answered positively, and WINS still
#    answers B2<20> after three refreshes (more than one TTL later);
#  - `browsectl --json status` shows B2<20> as registered with WINS, `stats` the counters;
#  - browserd resolves a name only WINS knows: GHOST<00> is registered with nmbd from h3
#    (nothing on h3 answers broadcasts), GHOST announces itself as a potential browser, and
#    master B2's BecomeBackup reaches h3 unicast after a unicast query to h1 (0x0100) that
#    h1 answered, with no broadcast query for GHOST<00>;
#  - on SIGTERM browserd releases its names from WINS by unicast (opcode 6 to h1), and
#    `nmblookup -U h1 --recursion B2#20` fails afterwards; browserd exits 0;
#  - the capture decodes with no malformed frame.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require nmblookup
nl_init interop-wins "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up 3
H1=$(nl_ip h1)
H2=$(nl_ip h2)
H3=$(nl_ip h3)
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

# nmbd as a WINS server only: it takes no part in browsing, so B2 is the master. It grants
# every name for 10 s, so that refreshes happen within the test.
nl_start_nmbd h1 LABGRP 'wins support = yes' 'local master = no' 'min wins ttl = 10' \
  'max wins ttl = 10'

# GHOST<00> exists only in WINS: registered from h3 by hand (RFC 1002 4.2.2, unicast, RD).
register_ghost() {
  nl_exec h3 "$NL_PY" - "$H1" "$H3" <<'EOF'
import socket, struct, sys
server, me = sys.argv[1], sys.argv[2]
name = b'GHOST'.ljust(15) + b'\x00'
encoded = bytes([0x20]) + bytes(c for b in name for c in (0x41 + (b >> 4), 0x41 + (b & 15))) + b'\0'
pkt = (struct.pack('>6H', 0x4711, 0x2900, 1, 0, 0, 1) + encoded + struct.pack('>HH', 0x20, 1) +
       b'\xc0\x0c' + struct.pack('>HHIHH', 0x20, 1, 3600, 6, 0x6000) + socket.inet_aton(me))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
for _ in range(3):
    s.sendto(pkt, (server, 137))
    try:
        reply = s.recv(576)
    except socket.timeout:
        continue
    if reply[:2] == b'\x47\x11' and reply[3] & 0x0F == 0:
        sys.exit(0)
sys.exit(1)
EOF
}

wins_answers() {  # QUERY IP SHOWN: nmbd's WINS answers QUERY with IP
  nl_nmblookup h3 -U "$H1" --recursion "$1" > "$NL_WORK/wins-query.txt" 2>&1 &&
    grep -q "^$2 $3\$" "$NL_WORK/wins-query.txt"
}
wins_lacks() {  # QUERY
  ! nl_nmblookup h3 -U "$H1" --recursion "$1" > "$NL_WORK/wins-query.txt" 2>&1
}

conf=$(nl_browserd_conf h2 B2 wins_server="\"$H1\"")
sock=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf")
nl_start_browserd h2 "$conf"
nl_wait_for 15 "browserd B2 (h2) becomes master" nl_browserd_is_master h2
for q in "B2:B2<00>" "B2#20:B2<20>"; do
  nl_wait_for 10 "WINS (h1) answers '${q%%:*}' with $H2" wins_answers "${q%%:*}" "$H2" "${q#*:}"
done
nl_log "nmbd's WINS holds B2<00> and B2<20> at $H2"

refreshes_answered() {  # N: at least N refreshes of B2<20> answered positively by h1
  local n
  n=$(nl_tshark "$CAP" -Y "ip.src==$H1 && ip.dst==$H2 && nbns.flags.response==1 && \
    nbns.flags.rcode==0 && nbns.flags.recavail==1 && nbns.name contains \"B2<20>\"" | wc -l)
  # the registration's answer and N refreshes' answers
  [ "$n" -gt "$1" ]
}
nl_wait_for 30 "h1 answers three refreshes of B2<20>" refreshes_answered 3
refreshes=$(nl_tshark "$CAP" -Y "ip.src==$H2 && ip.dst==$H1 && nbns.flags.opcode==8" \
  -T fields -e nbns.flags | sort | uniq -c)
[ -n "$refreshes" ] || nl_fail "no NAME REFRESH REQUEST (opcode 8) went from h2 to h1"
echo "$refreshes" | grep -q ' 0x4000$' || nl_fail "refreshes are not 0x4000: $refreshes"
nl_wait_for 5 "WINS (h1) still answers B2<20> after three refreshes" \
  wins_answers 'B2#20' "$H2" 'B2<20>'
nl_log "B2 refreshed its names (0x4000 to h1, $(echo $refreshes)); WINS still has B2<20>"

status=$NL_WORK/browsectl-status.json
nl_exec h2 "$CTL" --socket "$sock" --json status > "$status"
"$NL_PY" -c '
import json, sys
reply = json.loads(open(sys.argv[1]).readline())
names = {n["name"]: n for n in reply["result"]["links"][0]["names"]}
assert names["B2<20>"]["wins"] is True and names["B2<20>"]["state"] == "held", names
' "$status" || nl_fail "browsectl --json status does not show B2<20> registered with WINS:
$(cat "$status")"
stats=$NL_WORK/browsectl-stats.json
nl_exec h2 "$CTL" --socket "$sock" --json stats > "$stats"
wins_stats=$("$NL_PY" -c '
import json, sys
reply = json.loads(open(sys.argv[1]).readline())
w = reply["result"]["links"][0]["name_table"]["wins"]
assert w["registered"] >= 6 and w["silent"] == 0 and w["refused"] == 0, w
print(w)' "$stats") || nl_fail "browsectl --json stats: unexpected WINS counters:
$(cat "$stats")"
nl_log "browsectl: B2<20> registered with WINS; counters $wins_stats"

# GHOST, a potential browser, gets promoted at B2's next backup review (once a minute). Its
# WINS record lives 10 s: registered just before it announces itself.
nl_wait_for 20 "nmbd (h1) grants GHOST<00> registered from h3" register_ghost
nl_wait_for 5 "WINS (h1) knows GHOST<00> at h3" wins_answers GHOST "$H3" 'GHOST<00>'
nl_probe h3 hostann LABGRP GHOST --type 0x00011003 --periodicity 720000
become_backup_to_h3() {
  [ -n "$(nl_tshark "$CAP" -Y "ip.src==$H2 && ip.dst==$H3 && browser.command==0x0b")" ]
}
nl_wait_for 100 "B2 sends BecomeBackup to GHOST at h3 (unicast)" become_backup_to_h3

nl_browserd_stop h2
nl_wait_for 5 "WINS (h1) no longer knows B2<20>" wins_lacks 'B2#20'
nl_log "nmbd's WINS released B2<20>"
nl_capture_stop sw

# ---- the wire ------------------------------------------------------------------------
req() {  # DISPLAY-FILTER: frames browserd (h2) sent to the server (h1)
  nl_tshark "$CAP" -Y "ip.src==$H2 && ip.dst==$H1 && udp.dstport==137 && $1" -T fields \
    -e nbns.name -e nbns.flags
}
regs=$(req 'nbns.flags.opcode==5 && nbns.flags.response==0 && nbns.flags.broadcast==0')
for n in 'B2<00>' 'B2<20>' 'LABGRP<1d>' 'LABGRP<00>' 'LABGRP<1e>'; do
  echo "$regs" | grep -q "^$n" || nl_fail "no unicast registration of $n to h1; sent:
$regs"
done
echo "$regs" | awk -F'\t' '{print $NF}' | sort -u | grep -qvx '0x2900' &&
  nl_fail "registrations to h1 with flags other than 0x2900: $regs"
granted=$(nl_tshark "$CAP" -Y "ip.src==$H1 && ip.dst==$H2 && nbns.flags.opcode==5 && \
  nbns.flags.response==1 && nbns.flags.rcode==0" | wc -l)
[ "$granted" -ge 5 ] || nl_fail "h1 granted only $granted registrations"
ont=$(nl_tshark "$CAP" -Y "ip.src==$H2 && nbns.flags.opcode==5 && nbns.flags.response==0" \
  -T fields -e nbns.nb_flags.ont | sort -u)
[ "$ont" = 3 ] || [ "$ont" = "0x3" ] || [ "$ont" = "0x03" ] ||
  nl_fail "browserd's registrations carry ONT '$ont', not H (3)"
nl_log "B2 registered its names by unicast with h1 (0x2900, ONT H); h1 granted $granted"

q=$(req 'nbns.flags.opcode==0 && nbns.flags.response==0 && nbns.flags.broadcast==0 && nbns.name contains "GHOST"')
[ -n "$q" ] || nl_fail "B2 did not ask h1 for GHOST<00>"
echo "$q" | grep -q '0x0100' || nl_fail "B2's query for GHOST<00> is not 0x0100: $q"
ans=$(nl_tshark "$CAP" -Y "ip.src==$H1 && ip.dst==$H2 && nbns.flags.response==1 && \
  nbns.flags.opcode==0 && nbns.flags.rcode==0 && nbns.addr==$H3" | wc -l)
[ "$ans" -ge 1 ] || nl_fail "h1 did not answer B2's query for GHOST<00> with $H3"
bq=$(nl_tshark "$CAP" -Y "ip.src==$H2 && nbns.flags.broadcast==1 && nbns.flags.opcode==0 && \
  nbns.name contains \"GHOST\"" | wc -l)
[ "$bq" = 0 ] || nl_fail "B2 broadcast $bq queries for GHOST<00> although WINS knew it"
nl_log "B2 resolved GHOST<00> through WINS only (unicast 0x0100 to h1, answered $H3)"

rel=$(req 'nbns.flags.opcode==6 && nbns.flags.broadcast==0')
for n in 'B2<00>' 'B2<20>'; do
  echo "$rel" | grep -q "^$n" || nl_fail "no unicast release of $n to h1; sent:
$rel"
done
nl_log "B2 released its names to h1 by unicast: $(echo "$rel" | awk -F'[,\t]' '{print $1}' | tr '\n' ' ')"

bad=$(nl_tshark "$CAP" -Y '_ws.malformed || _ws.expert.severity==error' | wc -l)
[ "$bad" = 0 ] || nl_fail "$bad malformed frames in $CAP:
$(nl_tshark "$CAP" -Y '_ws.malformed || _ws.expert.severity==error' | head)"
nl_log "capture: $(nl_tshark "$CAP" | wc -l) frames, none malformed"
exit 0
