#!/usr/bin/env bash
# browsectl's command line, against a stand-in daemon (fake-browserd: the real control server
# in front of fake engines) on a Unix socket in a temporary directory; nothing touches the
# network. Checks: --help everywhere, usage errors (2), no daemon (3), no such workgroup or
# interface (4), --network (5), tables and --json for each command, the type filter,
# terminal escapes from the network shown harmless, elect and announce silent on success,
# watch seeing a forced election and ending when the daemon stops, and that the man page and
# the bash completion know every command and type word.
#   test-browsectl-cli.sh BROWSECTL FAKE_BROWSERD BROWSERD_SOURCE_DIR
set -euo pipefail
browsectl=$1
fake=$2
srcdir=$3
work=$(mktemp -d /tmp/browsectl-cli.XXXXXX)
sock=$work/control
daemon_pid=
watch_pid=
cleanup() {
  [ -z "$watch_pid" ] || kill "$watch_pid" 2>/dev/null || true
  [ -z "$daemon_pid" ] || kill "$daemon_pid" 2>/dev/null || true
  exec 3>&- 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

run() { # run EXPECTED_STATUS ARGS... ; stdout in $out, stderr in $err
  local want=$1; shift
  set +e
  "$browsectl" "$@" > "$work/out" 2> "$work/err"
  local got=$?
  set -e
  out=$(cat "$work/out"); err=$(cat "$work/err")
  [ "$got" -eq "$want" ] || fail "browsectl $* exited $got, expected $want
stdout: $out
stderr: $err"
}

# ---- without a daemon -------------------------------------------------------------------
run 0 --version
[[ $out =~ ^browsectl\ [0-9]+\.[0-9]+ ]] || fail "--version printed: $out"
run 0 --help
commands="status servers domains masters backups elect announce watch stats"
for c in $commands; do [[ $out == *"  $c "* ]] || fail "--help does not list $c"; done
for s in "0  success" "2  usage" "3  browserd cannot be reached" "4  browserd serves no such" "5  --network" "6  --network" "7  --network"; do
  [[ $out == *"$s"* ]] || fail "--help does not document exit status: $s"
done
for c in $commands; do
  run 0 "$c" --help
  [[ $out == *"browsectl $c [OPTION"* ]] || fail "$c --help does not name the command: $out"
  [[ $out == *"Exit status"* ]] || fail "$c --help does not document the exit statuses"
done
run 0 servers --help
for o in --socket --json --interface --workgroup --type; do
  [[ $out == *"$o"* ]] || fail "servers --help does not mention $o"
done

run 2
[[ $err == *"a command is needed"* ]] || fail "no command: $err"
run 2 frobnicate
[[ $err == *"unknown command 'frobnicate'"* ]] || fail "unknown command: $err"
run 2 --no-such-option status
run 2 status --no-such-option
[[ $err == *"--help"* ]] || fail "a usage error should point at --help: $err"
run 2 status extra
run 2 watch -i eth0 # watch takes no filter
run 2 -s "$sock" servers -t laserjet
[[ $err == *"'laserjet' is not a server type"* ]] || fail "bad -t: $err"

# --network without touching a network: the errors found before any packet is sent (the
# real exchange is tests/interop/test-browsectl-network.sh, in namespaces).
run 2 --network status
[[ $err == *"servers, domains and masters only"* ]] || fail "--network status: $err"
run 2 -s "$sock" masters # the daemon's view is `domains`
[[ $err == *"masters needs --network"* ]] || fail "masters without --network: $err"
run 4 --network servers -i nosuchif0 -w WORKGROUP
[[ $err == *"no such interface: nosuchif0"* ]] || fail "--network -i: $err"

run 3 -s "$work/nobody-here" status
[[ $err == *"cannot reach browserd at $work/nobody-here"* ]] || fail "no daemon: $err"
[[ $err == *"is browserd running"* ]] || fail "no daemon, no hint: $err"

# ---- the types, the man page, the completion ---------------------------------------------
run 0 --list-types
types=$out
[ "$(wc -l <<< "$types")" -ge 30 ] || fail "--list-types: $types"
for w in workstation server sql domain-controller backup-controller time-source print nt wfw \
         potential-browser backup-browser master-browser domain-master windows-9x; do
  grep -qx -- "$w" <<< "$types" || fail "--list-types lacks $w"
done
man=$srcdir/browsectl.1
for w in $types; do grep -qx -- ".B $w" "$man" || fail "browsectl.1 does not list the type $w"; done
for c in $commands; do grep -q "^\\\\fB$c\\\\fR" "$man" || fail "browsectl.1 does not document $c"; done
for s in 0 1 2 3 4 5 6 7; do grep -q "^\.B $s\$" "$man" || fail "browsectl.1 does not document exit status $s"; done
if command -v groff > /dev/null; then
  warnings=$(groff -man -ww -z "$man" 2>&1) || fail "groff: $warnings"
  [ -z "$warnings" ] || fail "groff warns about browsectl.1: $warnings"
fi
completion=$srcdir/browsectl.bash-completion
bash -n "$completion" || fail "the completion does not parse"
complete_words() { # complete_words WORD... : what completing the last word offers
  PATH=$(dirname "$browsectl"):$PATH bash -c '
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
    COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
    _browsectl; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@"
}
got=$(complete_words browsectl "")
for c in $commands; do grep -qx "$c" <<< "$got" || fail "completion lacks the command $c: $got"; done
got=$(complete_words browsectl servers -t mas)
grep -qx master-browser <<< "$got" || fail "completion of -t mas: $got"
got=$(complete_words browsectl servers --)
grep -qx -- --workgroup <<< "$got" || fail "completion of servers --: $got"

# ---- with a daemon ---------------------------------------------------------------------
mkfifo "$work/hold"
"$fake" "$sock" < "$work/hold" 2> "$work/daemon.log" &
daemon_pid=$!
exec 3> "$work/hold" # its stdin: it stops when this script ends, however it ends
for _ in $(seq 200); do [ -S "$sock" ] && break; sleep 0.05; done
[ -S "$sock" ] || fail "fake-browserd did not start: $(cat "$work/daemon.log")"

run 0 -s "$sock" status
[[ $out == "browserd "* ]] || fail "status: $out"
grep -Eq '^  role +master$' <<< "$out" || fail "status shows no master role: $out"
grep -Eq '^  server type +workstation, server, nt, potential-browser, master-browser$' <<< "$out" ||
  fail "status does not spell the server type: $out"
grep -q "^eth1 WORKGROUP (192.168.0.2)$" <<< "$out" || fail "status lacks eth1: $out"

run 0 -s "$sock" servers
grep -Eq '^  NAME +TYPE +COMMENT +SOURCE +HEARD +EXPIRES$' <<< "$out" || fail "servers header: $out"
grep -Eq '^  FILES +workstation, server, nt +Samba 4 +local +' <<< "$out" || fail "servers row: $out"
# (the daemon made the ESC U+FFFD; browsectl would make it '?')
[[ $out == *$'laser \xef\xbf\xbd[31mred'* ]] || fail "the comment with an escape: $out"
[[ $out != *$'\e'* ]] || fail "ESC in the output"
grep -q "^eth1 WORKGROUP: no servers known (this server is not a browser; no master is known)$" \
  <<< "$out" || fail "servers on eth1: $out"
run 0 -s "$sock" servers -i eth0 -t print
[ "$(grep -c '^  [A-Z]' <<< "$out")" -eq 2 ] || fail "-t print: $out" # header and PRINTSRV
[[ $out == *PRINTSRV* && $out != *FILES* ]] || fail "-t print: $out"
run 0 -s "$sock" servers -i eth0 -t 0x1000 -t print
[[ $out == *PRINTSRV* && $out == *FILES* ]] || fail "-t 0x1000 -t print: $out"
run 0 -s "$sock" --json servers -w workgroup
[ "$(wc -l <<< "$out")" -eq 1 ] || fail "--json prints more than the reply line: $out"
[[ $out == '{"v":1,"id":1,"ok":true,"result":{"links":[{"interface":"eth0",'* ]] ||
  fail "--json servers: $out"
run 0 -s "$sock" servers --json -i 10.0.1.5
[[ $out == *'"servers":[{"name":"B1"'* ]] || fail "--json after the command, -i by address: $out"
run 0 -s "$sock" domains
grep -Eq '^  OTHERGRP +OMASTER +local +' <<< "$out" || fail "domains: $out"
run 0 -s "$sock" backups
grep -Eq '^eth0 +WORKGROUP +master +B1 +B1$' <<< "$out" || fail "backups: $out"
run 0 -s "$sock" stats -i eth0
grep -Eq '^  engine\.sent\.request-election +[0-9]+$' <<< "$out" || fail "stats: $out"

run 4 -s "$sock" servers -w NOPE
[[ $err == *"browserd serves no workgroup 'NOPE' (it serves WORKGROUP)"* ]] || fail "-w NOPE: $err"
run 4 -s "$sock" elect -i wlan0
run 4 -s "$sock" --json status -i wlan0
[[ $out == *'"ok":false'*'"code":"no-such-interface"'* ]] || fail "--json error: $out"

# watch sees the election it did not ask for; elect and announce say nothing on success
"$browsectl" -s "$sock" watch > "$work/watch.out" 2> "$work/watch.err" &
watch_pid=$!
for _ in $(seq 200); do grep -q "^watching eth0" "$work/watch.out" && break; sleep 0.05; done
grep -q "^watching eth0 WORKGROUP: role master, master B1$" "$work/watch.out" ||
  fail "watch did not start: $(cat "$work/watch.out" "$work/watch.err")"
run 0 -s "$sock" elect -i eth0
[ -z "$out$err" ] || fail "elect printed: $out$err"
run 0 -s "$sock" announce
[ -z "$out$err" ] || fail "announce printed: $out$err"
run 1 -s "$sock" elect -i eth1
[[ $err == *"eth1 WORKGROUP: no election (role non-browser)"* ]] || fail "elect on a non-browser: $err"
for _ in $(seq 200); do grep -q "election won" "$work/watch.out" && break; sleep 0.05; done
grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} eth0 WORKGROUP: election won: criteria 0x[0-9a-f]{8}, uptime ' \
  "$work/watch.out" || fail "watch did not show the election: $(cat "$work/watch.out")"

# the daemon stops: the watcher is told, and exits 3
kill "$daemon_pid"
wait "$daemon_pid" || fail "fake-browserd failed: $(cat "$work/daemon.log")"
daemon_pid=
set +e
wait "$watch_pid"
status=$?
set -e
watch_pid=
[ "$status" -eq 3 ] || fail "watch exited $status when the daemon stopped: $(cat "$work/watch.err")"
grep -q "browserd is stopping" "$work/watch.err" || fail "watch: $(cat "$work/watch.err")"
[ ! -e "$sock" ] || fail "the daemon left its socket behind"
run 3 -s "$sock" status
echo "browsectl command line: ok"
