#!/usr/bin/env bash
# Started as root with `user = "nobody"`, browserd binds its ports, then runs as nobody for
# good, and still does its job: it becomes master, lists an announced server in a state file
# that nobody owns, releases its names on SIGTERM (the bound sockets outlive root) and exits 0.
# Asserts: /proc/PID/status Uid and Gid are nobody's (real, effective, saved, filesystem), no
# supplementary group is root's, the state directory and file belong to nobody, the log says
# master, NAME RELEASEs go out after SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require
nl_init interop-privileges "${2:-}"
nl_need_browserd
[ "$(id -u)" = 0 ] || nl_skip "needs root to drop privileges from"
nobody_uid=$(id -u nobody) || nl_skip "no user 'nobody'"
nobody_gid=$(id -g nobody)
nl_up 2

state=$(nl_hostdir h1)/browserd/state
rm -rf "$state"   # browserd makes it and hands it to nobody
conf=$(nl_browserd_conf h1 B1 user='"nobody"')
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"
nl_start_browserd h1 "$conf"
pid=${NL_BROWSERD[h1]}
nl_wait_for 15 "browserd (h1) becomes master as nobody" nl_browserd_is_master h1

ids() { awk -v k="$1:" '$1 == k {print $2, $3, $4, $5}' "/proc/$pid/status"; }
[ "$(ids Uid)" = "$nobody_uid $nobody_uid $nobody_uid $nobody_uid" ] ||
  nl_fail "browserd's Uid line is '$(ids Uid)', not nobody's ($nobody_uid)"
[ "$(ids Gid)" = "$nobody_gid $nobody_gid $nobody_gid $nobody_gid" ] ||
  nl_fail "browserd's Gid line is '$(ids Gid)', not nobody's ($nobody_gid)"
groups=$(awk '$1 == "Groups:" {$1 = ""; print}' "/proc/$pid/status")
for g in $groups; do [ "$g" != 0 ] || nl_fail "browserd kept the root group: Groups:$groups"; done
nl_log "runs as uid $nobody_uid gid $nobody_gid, groups:${groups:- none}"

nl_probe h2 hostann LABGRP FAKE1 --type 0x1003 --periodicity 60000 --comment "as nobody"
nl_wait_for 5 "state file lists FAKE1" nl_state_has_server h1 FAKE1
[ "$(stat -c %u "$state")" = "$nobody_uid" ] || nl_fail "$state is not nobody's"
[ "$(stat -c %u "$(nl_state_file h1)")" = "$nobody_uid" ] || nl_fail "the state file is not nobody's"

nl_browserd_stop h1
releases() {
  nl_tshark "$CAP" -Y "ip.src==$(nl_ip h1) && nbns.flags.opcode==6 && nbns.flags.response==0" \
    -T fields -e nbns.name | grep -c LABGRP > /dev/null
}
nl_wait_for 5 "NAME RELEASEs from browserd after SIGTERM" releases
nl_capture_stop sw
exit 0
