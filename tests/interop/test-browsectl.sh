#!/usr/bin/env bash
# browsectl against a running browserd in a namespace LAN (issue 6):
#  - `browsectl servers` shows the servers `smbclient -L` gets from the same browserd;
#  - `browsectl --json servers` is one JSON object per line with the same names;
#  - `browsectl watch` on h1 prints the role change when a better browser (h2, preferred
#    master, os level 65) joins and takes over, and the election that decided it;
#  - both browserds exit 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
CTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient
nl_init interop-browsectl "${2:-}"
nl_need_browserd
[ -x "$CTL" ] || nl_fail "browsectl is not built next to browserd: $CTL"
nl_up 3
H1=$(nl_ip h1)

conf1=$(nl_browserd_conf h1 B1)
sock1=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf1")
nl_start_browserd h1 "$conf1"
nl_wait_for 15 "browserd B1 (h1) becomes master" nl_browserd_is_master h1
nl_probe h3 hostann LABGRP FILESRV --type 0x1003 --periodicity 60000 --comment "files here"
nl_wait_for 5 "B1 lists FILESRV" nl_browserd_has h1 "$(nl_re_added FILESRV)"

# the daemon's list, two ways, against what a legacy client gets
tab=$NL_WORK/browsectl-servers.txt
json=$NL_WORK/browsectl-servers.json
nl_exec h1 "$CTL" --socket "$sock1" servers > "$tab"
nl_exec h1 "$CTL" --socket "$sock1" --json servers > "$json"
smb=$NL_WORK/smbclient.txt
nl_exec h2 smbclient -s "$NL_WORK/h2/client/smb.conf" -L "$H1" -N \
  --option='client min protocol=NT1' > "$smb" 2>&1 || true
smb_names=$(awk '/Server +Comment/{on=1; next} /Workgroup +Master/{on=0} on && NF && $1 !~ /^-+$/ {print $1}' "$smb" | sort)
ctl_names=$("$NL_PY" -c '
import json, sys
names = set()
for line in open(sys.argv[1]):
    reply = json.loads(line)
    assert reply["v"] == 1 and reply["ok"] is True, reply
    for link in reply["result"]["links"]:
        names.update(e["name"] for e in link["servers"])
print("\n".join(sorted(names)))' "$json") || nl_fail "browsectl --json servers is not the JSON expected:
$(cat "$json")"
[ -n "$smb_names" ] || nl_fail "smbclient -L listed no servers:
$(cat "$smb")"
[ "$smb_names" = "$ctl_names" ] || nl_fail "browsectl and smbclient disagree:
browsectl: $ctl_names
smbclient: $smb_names"
for n in $smb_names; do
  grep -q "^ *$n " "$tab" || nl_fail "browsectl servers (table) lacks $n:
$(cat "$tab")"
done
nl_log "browsectl servers, --json and smbclient -L agree: $(echo $ctl_names)"

# watch a better browser take over
watch=$NL_WORK/watch.txt
nl_spawn h1 "$watch" "$CTL" --socket "$sock1" watch
nl_wait_for 5 "browsectl watch is attached" nl_file_has '.' "$watch"
conf2=$(nl_browserd_conf h2 B2 os_level=65 preferred_master=true)
nl_start_browserd h2 "$conf2"
nl_wait_for 20 "browserd B2 (h2) becomes master" nl_browserd_is_master h2
nl_wait_for 10 "browsectl watch shows B1 stepping down" \
  nl_file_has 'role.*master.*->.*potential|master -> potential' "$watch"
nl_wait_for 5 "browsectl watch shows the election B1 lost, with B2's criteria" \
  nl_file_has 'election.*lost.*B2' "$watch"
nl_log "watch: $(grep -E 'role|election' "$watch" | tr '\n' ';')"

nl_browserd_stop h2
nl_browserd_stop h1
exit 0
