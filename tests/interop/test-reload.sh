#!/usr/bin/env bash
# SIGHUP reloads the configuration file; a file that does not load changes nothing.
# Asserts, with browserd master on h1:
#  - a broken file + SIGHUP: the log says it keeps the running configuration and names the
#    problem as FILE:LINE; browserd stays up and master (no role change), its names answer;
#  - an unchanged file + SIGHUP: "unchanged", nothing else happens;
#  - a changed file (a new server_string) + SIGHUP: "reload: applying", browserd is master
#    again afterwards and announces the new comment (seen in the capture);
#  - browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require nmblookup
nl_init interop-reload "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)
CAP=$NL_WORK/bridge.pcapng
nl_capture sw "$CAP"

conf=$(nl_browserd_conf h1 B1 server_string='"first words"')
good=$(cat "$conf")
nl_start_browserd h1 "$conf"
pid=${NL_BROWSERD[h1]}
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
roles_before=$(nl_browserd_count h1 "$(nl_re_role)")

# 1. a broken file
printf '%s\nos_level = 999;\n' "$good" > "$conf"
kill -HUP "$pid"
nl_wait_for 5 "log: reload keeps the running configuration" \
  nl_browserd_has h1 "reload: keeping the running configuration"
nl_wait_for 2 "log: the problem as FILE:LINE" nl_browserd_has h1 "$conf:[0-9]+: .*os_level"
sleep 1 # nothing to wait for: checking that nothing happens
nl_browserd_guard
[ "$(nl_browserd_count h1 "$(nl_re_role)")" = "$roles_before" ] ||
  nl_fail "a broken file changed browserd's role"
nl_nmblookup h2 -M LABGRP | grep -c "^$H1 LABGRP<1d>" > /dev/null ||
  nl_fail "browserd no longer answers for LABGRP<1d> after a broken reload"

# 2. the same file again
printf '%s\n' "$good" > "$conf"
kill -HUP "$pid"
nl_wait_for 5 "log: reload finds the file unchanged" nl_browserd_has h1 "reload: .* unchanged"

# 3. a real change: the links restart with it, so browserd takes the master role again
masters_before=$(nl_browserd_count h1 "$(nl_re_role master)")
sed -i 's/first words/second words/' "$conf"
kill -HUP "$pid"
nl_wait_for 5 "log: reload applies the new file" nl_browserd_has h1 "reload: applying"
comment_seen() {
  nl_tshark "$CAP" -Y "ip.src==$H1 && browser.comment == \"second words\"" | grep -c . > /dev/null
}
nl_wait_for 20 "browserd announces the new comment" comment_seen
master_again() { [ "$(nl_browserd_count h1 "$(nl_re_role master)")" -gt "$masters_before" ]; }
nl_wait_for 15 "browserd is master again" master_again
nl_browserd_stop h1
nl_capture_stop sw
exit 0
