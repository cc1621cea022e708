#!/usr/bin/env bash
# (c) browserd against a running Samba nmbd master (os level 20), two labs in parallel:
#  win:  browserd with os level 64 (preferred master, so it calls the election at start, as
#        [MS-BRWS] has a browser do to take over) joins: it becomes master, nmbd logs that it
#        stopped being master, `nmblookup -M LABGRP` finds only browserd;
#  lose: browserd with os level 1 (not preferred) joins: it logs "master is H1" and stays
#        non-master, and is quiet: it never sends a RequestElection, an LMA or a
#        DomainAnnouncement, nor registers LABGRP<1d>.
# Then, in both, OBSERVE_S seconds (default 360) without flapping: during that time no role
# change or "master is" line in browserd's log, no master change in nmbd's log, and in the bridge
# capture no RequestElection from anyone and LocalMasterAnnouncements from the master only;
# at the end nmblookup -M still finds the same single master. Each lab exits non-zero with
# a message on the first violation.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
WORK=${2:-$PWD/interop-election}
OBSERVE_S=${OBSERVE_S:-360}
nl_require nmbd nmblookup testparm ss
[ -x "$NL_BROWSERD_BIN" ] || { echo "FAIL: browserd is not built: $NL_BROWSERD_BIN" >&2; exit 1; }

scenario() {  # win|lose
  local mode=$1
  nl_init "interop-election-$mode" "$WORK/$mode"
  nl_up 3
  local H1 H2 CAP NLOG BLOG
  H1=$(nl_ip h1); H2=$(nl_ip h2)
  CAP=$NL_WORK/bridge.pcapng
  NLOG=$(nl_nmbd_log h1)
  nl_capture sw "$CAP"

  nl_start_nmbd h1 LABGRP "os level = 20" "preferred master = no"
  nl_wait_for 60 "nmbd (h1, os level 20) becomes local master" nl_nmbd_is_master h1

  local conf master
  if [ "$mode" = win ]; then
    conf=$(nl_browserd_conf h2 B2 os_level=64 preferred_master=true)
    master=B2
  else
    conf=$(nl_browserd_conf h2 B2 os_level=1 preferred_master=false)
    master=H1
  fi
  nl_start_browserd h2 "$conf"
  BLOG=$(nl_browserd_log h2)

  lookup_only() {  # IP: nmblookup -M answers with that address and no other
    nl_nmblookup h3 -M LABGRP > "$NL_WORK/nmblookup-M.txt" 2>&1 || return 1
    [ "$(grep -Ec '^[0-9.]+ LABGRP<1d>$' "$NL_WORK/nmblookup-M.txt")" = 1 ] &&
      grep -q "^$1 LABGRP<1d>\$" "$NL_WORK/nmblookup-M.txt"
  }
  if [ "$mode" = win ]; then
    nl_wait_for 60 "browserd (h2, os level 64) becomes master" nl_browserd_is_master h2
    nl_wait_for 30 "nmbd logs that it stopped being local master" \
      nl_file_has 'stopped being a local master browser' "$NLOG"
    nl_wait_for 30 "nmblookup -M LABGRP finds only browserd ($H2)" lookup_only "$H2"
  else
    nl_wait_for 30 "browserd (h2, os level 1) logs 'master is H1'" \
      nl_browserd_has h2 "$(nl_re_master H1)"
    nl_browserd_is_master h2 && nl_fail "browserd with os level 1 became master"
    nl_file_has 'stopped being a local master browser' "$NLOG" &&
      nl_fail "nmbd stopped being master because of browserd (os level 1)"
    nl_wait_for 10 "nmblookup -M LABGRP finds only nmbd ($H1)" lookup_only "$H1"
  fi

  # ---- the observation window: nothing may change any more
  local t0 roles0 masters0 nup0 ndown0
  t0=$(date +%s.%N)
  roles0=$(nl_browserd_count h2 "$(nl_re_role)")
  masters0=$(nl_browserd_count h2 "$(nl_re_master)")
  nup0=$(grep -c 'is now a local master browser' "$NLOG" || true)
  ndown0=$(grep -c 'stopped being a local master browser' "$NLOG" || true)
  steady() {
    [ "$(nl_browserd_count h2 "$(nl_re_role)")" = "$roles0" ] || { nl_log "browserd changed role: $(nl_browserd_log_since_start "$BLOG" | grep -E "$(nl_re_role)" | tail -1)"; return 1; }
    [ "$(nl_browserd_count h2 "$(nl_re_master)")" = "$masters0" ] || { nl_log "browserd changed master: $(nl_browserd_log_since_start "$BLOG" | grep -E "$(nl_re_master)" | tail -1)"; return 1; }
    [ "$(grep -c 'is now a local master browser' "$NLOG" || true)" = "$nup0" ] || { nl_log "nmbd became master again"; return 1; }
    [ "$(grep -c 'stopped being a local master browser' "$NLOG" || true)" = "$ndown0" ] || { nl_log "nmbd stopped being master"; return 1; }
  }
  nl_observe "$OBSERVE_S" "no role or master change in browserd's and nmbd's logs" steady
  nl_wait_for 10 "nmblookup -M LABGRP still finds only $master" lookup_only "$([ $mode = win ] && echo "$H2" || echo "$H1")"
  nl_browserd_stop h2
  nl_capture_stop sw

  # ---- the capture
  local elections lmas
  # browserd's exit (SIGTERM) may send a forced election; only frames before it count
  local t_end
  t_end=$(nl_tshark "$CAP" -Y "ip.src==$H2 && browser.command==0x08 && browser.election.criteria==0" \
    -T fields -e frame.time_epoch | head -1)
  # (tshark cannot compare frame.time_epoch with literals past 2^31: no far-future sentinel)
  [ -n "$t_end" ] || t_end=$(($(date +%s) + 86400))
  elections=$(nl_tshark "$CAP" -Y "browser.command==0x08 && frame.time_epoch >= $t0 && frame.time_epoch < $t_end" \
    -T fields -E separator=/s -e frame.time_relative -e ip.src -e browser.server -e browser.election.criteria)
  [ -z "$elections" ] || nl_fail "RequestElection frames during the ${OBSERVE_S}s window (time src server criteria):
$elections"
  lmas=$(nl_tshark "$CAP" -Y "browser.command==0x0f && frame.time_epoch >= $t0 && frame.time_epoch < $t_end" \
    -T fields -e browser.server | sort | uniq -c | sed 's/^ *//')
  nl_log "LocalMasterAnnouncements in the window (count server): $(echo "$lmas" | tr '\n' ';')"
  # the master announces at least every 4 min early on (LMA ramp 2, 2, 4 min; nmbd 1, 2, 3 ...)
  if [ "$OBSERVE_S" -ge 300 ] && [ -z "$lmas" ]; then
    nl_fail "no LocalMasterAnnouncement at all during the ${OBSERVE_S}s window"
  fi
  [ -z "$lmas" ] || [ "$(echo "$lmas" | awk '{print $2}' | sort -u)" = "$master" ] ||
    nl_fail "LocalMasterAnnouncements from other than $master in the window: $lmas"
  if [ "$mode" = lose ]; then
    local noisy
    noisy=$(nl_tshark "$CAP" -Y "ip.src==$H2 && frame.time_epoch < $t_end && (browser.command==0x08 || browser.command==0x0f || browser.command==0x0c || (nbns.flags.opcode==5 && nbns.name contains \"LABGRP<1d>\"))" \
      -T fields -E separator=/s -e frame.time_relative -e _ws.col.Info)
    [ -z "$noisy" ] || nl_fail "browserd with the lower os level was not quiet:
$noisy"
  fi
  exit 0
}

pids=()
for mode in win lose; do
  mkdir -p "$WORK"
  ( scenario "$mode" ) > "$WORK/$mode.log" 2>&1 &
  pids+=($!)
done
# a TERM/INT to this script ends both labs cleanly (each subshell's trap takes its lab down)
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait; exit 143' TERM INT
rc=0
i=0
for mode in win lose; do
  st=0
  wait "${pids[$i]}" || st=$?
  echo "===== scenario $mode: exit $st ($WORK/$mode.log)"
  cat "$WORK/$mode.log"
  [ "$st" = 0 ] || rc=1
  i=$((i + 1))
done
[ "$rc" = 0 ] && echo "PASS: both scenarios held for ${OBSERVE_S}s" || echo "FAIL: see the scenario logs above" >&2
exit "$rc"
