#!/usr/bin/env bash
# Memory and idleness: RSS per list entry at 10,000 and 100,000 entries, and wake-ups per
# second and CPU of an idle master with an empty and with a full list; browserd beside nmbd
# (full mode).
#
#   bench-memory.sh [--quick|--full] BINDIR [WORKDIR]
#
# Per size: a fresh master; RSS once it is master (empty list), then h2 announces N names
# (10,000/s; nmbd is given 1,000/s, the rate it takes best) and we wait until all are listed
# (or the list stopped growing for 30 s) and the daemon has been idle 5 s (browserd's state
# file is written by then):
#   bytes/entry  (RSS full - RSS empty) / names listed
# Idle: context switches (voluntary + involuntary, /proc/PID/status) and CPU over
# BENCH_IDLE seconds (default 120; quick 5), once with the empty list, once with the full
# one, at the sizes in BENCH_IDLE_SIZES (default 10000: the default max_servers). Nothing is announced meanwhile, so what wakes the daemon is its own timers.
# Quick mode (ctest): browserd only, 2,000 entries, 5 s idle.
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
bl_init bench-memory "$@"
nl_up 2
H1=$(nl_ip h1); H2=$(nl_ip h2)
if [ "$BL_MODE" = quick ]; then KINDS="browserd"; SIZES="2000"; IDLE=5; else
  KINDS=${BENCH_KINDS:-browserd nmbd}; SIZES=${BENCH_SIZES:-10000 100000}
  IDLE=${BENCH_IDLE:-120}; fi
IDLE_SIZES=${BENCH_IDLE_SIZES:-10000 2000}

bl_row "master" "entries listed" "RSS empty (KiB)" "RSS full (KiB)" "bytes/entry" \
  "idle wakeups/s empty" "idle wakeups/s full" "idle CPU empty (ms/min)" "idle CPU full (ms/min)"
bl_row "---" "---" "---" "---" "---" "---" "---" "---" "---"

# idle PID -> "wakeups/s cpu_ms_per_min" over IDLE seconds
idle() {
  local pid=$1 s0 c0 s1 c1
  case " $IDLE_SIZES " in *" $2 "*) ;; *) echo "- -"; return 0 ;; esac
  s0=$(bl_switches "$pid"); c0=$(bl_cpu "$pid")
  sleep "$IDLE"
  s1=$(bl_switches "$pid"); c1=$(bl_cpu "$pid")
  echo "$(bl_calc "sprintf(\"%.2f\", ($s1 - $s0) / $IDLE)")" \
    "$(bl_calc "sprintf(\"%.1f\", ($c1 - $c0) * 60000 / $IDLE)")"
}

run_size() {
  local kind=$1 n=$2 name=M1 rate=10000 pid
  [ "$kind" = nmbd ] && { name=H1; rate=1000; }
  bl_start "$kind" h1 "$name"
  pid=${BL_PID[h1]}
  bl_wait_master "$kind" h1 60
  sleep 5
  local rss0 idle0 rss1 idle1
  rss0=$(bl_rss_kb "$pid")
  idle0=$(idle "$pid" "$n")
  nl_exec h2 "$BL_BIN/bench-flood" --src "$H2" --dest "$H1" --count "$n" --rate "$rate" \
    --prefix BN > /dev/null
  local got
  got=$(bl_settle "$kind" h1 BN "$n" 30)
  [ "$kind" = nmbd ] || got=$((got - 1))   # browserd's count includes itself
  [ "$got" -gt 0 ] || nl_fail "$kind listed none of the $n names"
  sleep 5
  rss1=$(bl_rss_kb "$pid")
  idle1=$(idle "$pid" "$n")
  bl_row "$kind" "$got" "$rss0" "$rss1" "$(bl_calc "sprintf(\"%.0f\", ($rss1 - $rss0) * 1024 / $got)")" \
    "${idle0% *}" "${idle1% *}" "${idle0#* }" "${idle1#* }"
  nl_stop "$pid" TERM 20
  NL_BROWSERD=(); NL_NMBD=()
  rm -rf "$NL_WORK/h1/browserd" "$NL_WORK/h1/samba"
}

for n in $SIZES; do
  for kind in $KINDS; do run_size "$kind" "$n"; done
done
exit 0
