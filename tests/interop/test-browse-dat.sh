#!/usr/bin/env bash
# Samba co-existence (issue 10, docs/SAMBA.md): browserd beside a real smbd with no nmbd,
# browserd writing the browse list in browse.dat format (samba_browse_dat) and smbd serving
# it. browserd is master on h1 with its own SMB responder off (ports.session = 0,
# ports.smb = 0: smbd owns TCP 139/445 there); smbd 4.17 on h1 reads browse.dat from its
# `cache directory`, where a symlink points at the file browserd writes in its state
# directory (the set-up the docs give for the hardened unit). A server announces itself
# from h2 (probe.py). Asserts:
#  - the file appears, every line four tokens, with B1, FILESRV and LABGRP -> B1;
#  - it is not rewritten while the list stays the same (same inode after two periods), and
#    is replaced (new inode: temporary file and rename) once a second server announces;
#  - `smbclient -L` against smbd (SMB1, over TCP 445 and 139) from h2 lists FILESRV and
#    PRINTSRV with their comments and the workgroup with its master: BRWS-053 and BRWS-056
#    with smbd answering NetServerEnum2 from browserd's list; and again on 139 once smbd
#    runs with `disable netbios = yes` (what docs/SAMBA.md says it keeps doing);
#  - a reload (SIGHUP) that turns samba_browse_dat off removes the file;
#  - browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require smbclient smbd
nl_init interop-browse-dat "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)

# smbd on h1, no nmbd: SMB1 allowed (RAP needs it), state in the lab
smbd_conf=('netbios name = SMBD1' 'server string = smbd beside browserd' 'smb ports = 445 139'
           'server min protocol = NT1' 'map to guest = bad user')
nl_samba_conf h1 "$NL_WORKGROUP" "${smbd_conf[@]}"
sd=$NL_WORK/h1/samba

bd=$(nl_hostdir h1)/browserd
dat=$bd/state/browse.dat
ln -s "$dat" "$sd/cache/browse.dat"
conf=$(nl_browserd_conf h1 B1 server_string='"the browse master"' \
  samba_browse_dat="\"$dat\"" ports='{ session = 0; smb = 0; }')
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
start_smbd() {
  nl_start_smbd h1
  smbd_pid=$NL_LAST_PID
  nl_wait_for 5 "smbd in h1 listening on TCP 445" nl__tcp_bound h1 445
}
start_smbd

nl_probe h2 hostann LABGRP FILESRV --type 0x1003 --periodicity 60000 --comment "files here"
nl_wait_for 5 "browserd lists FILESRV" nl_browserd_has h1 "$(nl_re_added FILESRV)"
dat_has() { [ -f "$dat" ] && grep -q "^\"$1\" " "$dat"; }
nl_wait_for 12 "browse.dat lists FILESRV" dat_has FILESRV

# the format smbd splits: four tokens, the type in eight hex digits
bad=$(grep -Evc '^"[^"]+" +[0-9a-f]{8} "[^"]*" +"[^"]+"$' "$dat" || true)
[ "$bad" = 0 ] || nl_fail "browse.dat has $bad malformed lines:
$(cat "$dat")"
grep -Eq '^"LABGRP" +c0001000 "B1" +"LABGRP"$' "$dat" ||
  nl_fail "browse.dat lacks the workgroup line LABGRP -> B1:
$(cat "$dat")"
grep -Eq '^"B1" +[0-9a-f]{8} "the browse master" +"LABGRP"$' "$dat" ||
  nl_fail "browse.dat lacks browserd's own entry:
$(cat "$dat")"
grep -Eq '^"FILESRV" +4000100[0-9a-f] "files here" +"LABGRP"$' "$dat" ||
  nl_fail "browse.dat lacks FILESRV as a local server:
$(cat "$dat")"
[ "$(stat -c %a "$dat")" = 644 ] || nl_fail "browse.dat has mode $(stat -c %a "$dat"), not 644"
nl_log "browse.dat written: $(wc -l < "$dat") lines"

# unchanged list: no rewrite; a change: a new file renamed over the old one
inode=$(stat -c %i "$dat")
sleep 11
[ "$(stat -c %i "$dat")" = "$inode" ] || nl_fail "browse.dat was rewritten with an unchanged list"
nl_probe h2 hostann LABGRP PRINTSRV --type 0x1203 --periodicity 60000 --comment "2nd floor"
nl_wait_for 12 "browse.dat lists PRINTSRV" dat_has PRINTSRV
[ "$(stat -c %i "$dat")" != "$inode" ] || nl_fail "browse.dat was changed in place, not replaced"
nl_log "browse.dat kept while unchanged, replaced (new inode) when PRINTSRV came"

# Without SPNEGO, as the legacy clients browse: smbd's session setup then names its
# workgroup, which smbclient passes to NetServerEnum2. (An anonymous SPNEGO session leaves
# that domain empty and smbd 4.17 then matches no server line, nmbd's or ours: docs/SAMBA.md.)
smbd_lists() { # PORT WHAT
  local port=$1 what=$2 out=$NL_WORK/smbclient-$1-$2.txt re
  nl_exec h2 smbclient -s "$NL_WORK/h2/client/smb.conf" -L "$H1" -p "$port" -N \
    --option='client min protocol=NT1' --option='client use spnego=no' > "$out" 2>&1 || true
  for re in '^[[:space:]]+FILESRV[[:space:]]+files here' '^[[:space:]]+PRINTSRV[[:space:]]+2nd floor' \
            '^[[:space:]]+B1[[:space:]]+the browse master' '^[[:space:]]+LABGRP[[:space:]]+B1'; do
    grep -Eq "$re" "$out" || nl_fail "smbclient -L against smbd ($what, port $port) lacks /$re/:
$(cat "$out")"
  done
  nl_log "smbclient -L against smbd ($what) on $port lists B1, FILESRV, PRINTSRV and LABGRP -> B1"
}
smbd_lists 445 "disable netbios = no"
smbd_lists 139 "disable netbios = no"

# docs/SAMBA.md: with disable netbios = yes smbd still listens on 139 and serves the list
nl_stop "$smbd_pid" TERM 10
nl_samba_conf h1 "$NL_WORKGROUP" "${smbd_conf[@]}" 'disable netbios = yes'
start_smbd
smbd_lists 139 "disable netbios = yes"

# a reload that turns the key off removes the file, so smbd stops serving a stale list
conf=$(nl_browserd_conf h1 B1 server_string='"the browse master"' ports='{ session = 0; smb = 0; }')
kill -HUP "${NL_BROWSERD[h1]}"
dat_gone() { [ ! -e "$dat" ]; }
nl_wait_for 12 "browse.dat removed after a reload without samba_browse_dat" dat_gone
nl_browserd_has h1 "samba_browse_dat: removed $dat" || nl_fail "no log line for the removal"

nl_browserd_stop h1
exit 0
