#!/usr/bin/env bash
# browsectl --network (no daemon on the asking host): browserd is master on h1, two servers
# announce themselves from h2 and h3, and from h2 `browsectl --network servers -w LABGRP`
# lists the same servers as `smbclient -L` does; `--network domains` lists LABGRP; and a
# workgroup nobody masters fails with exit 5 and a message naming the name query. Then
# Samba: nmbd + smbd on h3 master SAMBAGRP, and `--network servers -w SAMBAGRP` reads
# Samba's list over SMB1 (smbd allows NT1 here: its default minimum is SMB2), and
# `--network masters -w LABGRP` lists both workgroups with their masters.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
BROWSECTL=$(dirname "$NL_BROWSERD_BIN")/browsectl
nl_require smbclient
nl_init interop-browsectl-network "${2:-}"
nl_need_browserd
nl_up 3
H1=$(nl_ip h1)

conf=$(nl_browserd_conf h1 B1 server_string='"the browse master"')
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
nl_probe h2 hostann LABGRP FILESRV --type 0x1003 --periodicity 60000 --comment "files here"
nl_probe h3 hostann LABGRP PRINTSRV --type 0x1203 --periodicity 60000 --comment "2nd floor"
nl_wait_for 5 "browserd lists FILESRV" nl_browserd_has h1 "$(nl_re_added FILESRV)"
nl_wait_for 5 "browserd lists PRINTSRV" nl_browserd_has h1 "$(nl_re_added PRINTSRV)"

out=$NL_WORK/network-servers.txt
nl_exec h2 "$BROWSECTL" --network servers -w LABGRP --timeout 3 > "$out" 2>&1 ||
  nl_fail "browsectl --network servers failed:
$(cat "$out")"
smb=$NL_WORK/smbclient.txt
nl_exec h2 smbclient -s "$NL_WORK/h2/client/smb.conf" -L "$H1" -N \
  --option='client min protocol=NT1' > "$smb" 2>&1 || true
for name in B1 FILESRV PRINTSRV; do
  grep -Eq "^[[:space:]]+$name[[:space:]]" "$out" || nl_fail "browsectl --network lacks $name:
$(cat "$out")"
  grep -Eq "^[[:space:]]+$name[[:space:]]" "$smb" || nl_fail "smbclient -L lacks $name:
$(cat "$smb")"
done
nl_log "browsectl --network servers and smbclient -L both list B1, FILESRV, PRINTSRV"

out=$NL_WORK/network-domains.txt
nl_exec h2 "$BROWSECTL" --network domains -w LABGRP --timeout 3 > "$out" 2>&1 ||
  nl_fail "browsectl --network domains failed:
$(cat "$out")"
grep -Eq '^[[:space:]]+LABGRP[[:space:]]+B1' "$out" || nl_fail "no LABGRP -> B1:
$(cat "$out")"
nl_log "browsectl --network domains lists LABGRP with master B1"

out=$NL_WORK/network-masters.txt
nl_exec h2 "$BROWSECTL" --network masters -w LABGRP --bind "$(nl_ip h2)" --timeout 3 > "$out" 2>&1 ||
  nl_fail "browsectl --network masters failed:
$(cat "$out")"
grep -Eq "^[[:space:]]+LABGRP[[:space:]]+B1[[:space:]]+$H1\$" "$out" || nl_fail "masters: no LABGRP B1 $H1:
$(cat "$out")"
nl_log "browsectl --network masters: LABGRP -> B1 at $H1"

out=$NL_WORK/network-json.txt
nl_exec h2 "$BROWSECTL" --network --json servers -w LABGRP --timeout 3 > "$out" 2>&1 ||
  nl_fail "browsectl --network --json failed:
$(cat "$out")"
python3 - "$out" <<'PY' || nl_fail "--json: $(cat "$out")"
import json, sys
r = json.loads(open(sys.argv[1]).read())
assert r["ok"] is True
names = sorted(e["name"] for e in r["result"]["links"][0]["servers"])
assert names == ["B1", "FILESRV", "PRINTSRV"], names
PY
SCHEMA_CHECK=$(dirname "$NL_BROWSERD_BIN")/json-schema-check
"$SCHEMA_CHECK" "$(dirname "$0")/../../browserd/browsectl.schema.json" "$out" > /dev/null ||
  nl_fail "browsectl --network --json does not follow browserd/browsectl.schema.json"
out_m=$NL_WORK/network-json-masters.txt
nl_exec h2 "$BROWSECTL" --network --json masters -w LABGRP --timeout 3 > "$out_m" 2>&1 ||
  nl_fail "browsectl --network --json masters failed:
$(cat "$out_m")"
"$SCHEMA_CHECK" "$(dirname "$0")/../../browserd/browsectl.schema.json" "$out_m" > /dev/null ||
  nl_fail "browsectl --network --json masters does not follow the schema"
nl_log "browsectl --network --json: the daemon's envelope, three servers, the schema holds"

rc=0
out=$NL_WORK/network-nomaster.txt
nl_exec h2 "$BROWSECTL" --network servers -w NOSUCHGRP --timeout 1 > "$out" 2>&1 || rc=$?
[ "$rc" = 5 ] && grep -q 'name query for NOSUCHGRP<1d>' "$out" ||
  nl_fail "a workgroup without master: exit $rc, expected 5:
$(cat "$out")"
nl_log "no master: exit 5, $(head -1 "$out")"
# Samba as the master of its own workgroup.
nl_start_nmbd h3 SAMBAGRP "server min protocol = NT1" "os level = 33"
sconf=$(nl_hostdir h3)/samba/smb.conf
# In a process group of its own: smbd's parent signals its whole group when it stops,
# which would be this script's.
nl_spawn h3 "$(nl_hostdir h3)/samba/log/smbd.stdout" setsid /usr/sbin/smbd --foreground \
  --no-process-group -s "$sconf" -l "$(nl_hostdir h3)/samba/log"
nl_tcp_139() { nl_exec h3 ss -Hltn "sport = :139" | grep -c . > /dev/null; }
nl_wait_for 20 "smbd in h3 listening on TCP 139" nl_tcp_139
nl_wait_for 90 "nmbd (h3) becomes master of SAMBAGRP" nl_nmbd_is_master h3
out=$NL_WORK/network-samba.txt
samba_lists_h3() {
  nl_exec h2 "$BROWSECTL" --network servers -w SAMBAGRP --timeout 3 > "$out" 2>&1 &&
    grep -Eq '^[[:space:]]+H3[[:space:]]' "$out"
}
nl_wait_for 60 "browsectl --network servers -w SAMBAGRP lists H3 (from Samba)" samba_lists_h3
nl_log "from Samba: $(grep -E '^[[:space:]]+H3' "$out" | tr -s ' ')"
out=$NL_WORK/network-masters-both.txt
both_masters() {
  nl_exec h2 "$BROWSECTL" --network masters -w LABGRP --timeout 2 > "$out" 2>&1 &&
    grep -Eq "^[[:space:]]+SAMBAGRP[[:space:]]+H3[[:space:]]+$(nl_ip h3)\$" "$out" &&
    grep -Eq "^[[:space:]]+LABGRP[[:space:]]+B1[[:space:]]+$H1\$" "$out"
}
nl_wait_for 60 "browsectl --network masters lists LABGRP -> B1 and SAMBAGRP -> H3" both_masters

nl_browserd_stop h1
exit 0
