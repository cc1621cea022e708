#!/usr/bin/env bash
# Ingestion: how many HostAnnouncements a master takes, what each costs, how soon its list is
# complete, and how well it still answers while flooded; browserd beside nmbd (full mode).
#
#   bench-ingest.sh [--quick|--full] BINDIR [WORKDIR]
#
# Lab: h1 the master under test, h2 the load generator (bench-flood: N distinct names at
# R/s, unicast to h1:138, sendmmsg), h3 the prober (bench-probe: a name query for the
# master's <00> name and a GetBackupListRequest every 20 ms, during the flood and 2 s after).
# Each case starts a fresh master, waits until it is master, floods, then polls its list
# until all N names are in it (or the case's patience runs out: what is then missing is lost).
#   accepted   names in the list at the end / N
#   complete   seconds from the last datagram sent to the list holding every name it will
#   cpu/ann    the master's CPU from the flood's start to completion, per announcement
#   rss/entry  (RSS after - RSS before) / names taken
# Quick mode (ctest): browserd only, 2,000 names at 20,000/s; fails only if nothing is taken.
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
bl_init bench-ingest "$@"
nl_up 3
H1=$(nl_ip h1); H2=$(nl_ip h2); H3=$(nl_ip h3)

if [ "$BL_MODE" = quick ]; then
  KINDS="browserd"; CASES="2000:20000"; PATIENCE=10
else
  KINDS=${BENCH_KINDS:-browserd nmbd}
  CASES=${BENCH_CASES:-1000:1000 10000:10000 50000:100000 100000:100000 50000:1000}
  PATIENCE=${BENCH_PATIENCE:-60}
fi

bl_row "master" "names" "rate sent/s" "accepted" "complete after last (s)" \
  "cpu/ann (us)" "rss/entry (B)" "name query p50/p99 (ms)" "backup list p50/p99 (ms)" \
  "probes lost"
bl_row "---" "---" "---" "---" "---" "---" "---" "---" "---" "---"

ms() { if [ "$1" -lt 0 ]; then echo "-"; else bl_calc "sprintf(\"%.2f\", $1 / 1000)"; fi; }

run_case() {
  local kind=$1 n=$2 rate=$3 pid name=M1 prefix=BN
  [ "$kind" = nmbd ] && name=H1
  bl_start "$kind" h1 "$name"
  pid=${BL_PID[h1]}
  bl_wait_master "$kind" h1 60
  sleep 1
  local cpu0 rss0 secs dir=$NL_WORK/$kind-$n-$rate
  mkdir -p "$dir"
  cpu0=$(bl_cpu "$pid"); rss0=$(bl_rss_kb "$pid")
  local base=0
  [ "$kind" = nmbd ] || base=$(bl_count "$kind" h1 "$prefix")   # browserd counts itself
  secs=$(( n / rate + 3 ))
  nl_exec h3 "$BL_BIN/bench-probe" nbns --src "$H3" --dest "$H1" --name "$name" --suffix 00 \
    --seconds "$secs" > "$dir/nbns.txt" 2>&1 &
  local p1=$!
  nl_exec h3 "$BL_BIN/bench-probe" backup --src "$H3" --dest "$H1" --name "$NL_WORKGROUP" \
    --seconds "$secs" > "$dir/backup.txt" 2>&1 &
  local p2=$!
  sleep 0.5
  nl_exec h2 "$BL_BIN/bench-flood" --src "$H2" --dest "$H1" --count "$n" --rate "$rate" \
    --prefix "$prefix" > "$dir/flood.txt"
  local last_us sent_rate got=0 prev=-1 stable_since done_us now
  last_us=$(awk '{print $NF}' "$dir/flood.txt")
  sent_rate=$(sed -E 's/.*\(([0-9]+)\/s\).*/\1/' "$dir/flood.txt")
  # poll the list until it has every name, or has not grown for PATIENCE seconds
  done_us=$last_us; stable_since=${EPOCHREALTIME/./}
  while :; do
    got=$(( $(bl_count "$kind" h1 "$prefix") - base ))
    now=${EPOCHREALTIME/./}
    if [ "$got" != "$prev" ]; then prev=$got; stable_since=$now; done_us=$now; fi
    [ "$got" -ge "$n" ] && break
    [ $(( (now - stable_since) / 1000000 )) -lt "$PATIENCE" ] || break
    sleep 0.05
  done
  local cpu1 rss1
  cpu1=$(bl_cpu "$pid"); rss1=$(bl_rss_kb "$pid")
  wait "$p1" "$p2" || true
  local nq bq
  nq=$(cat "$dir/nbns.txt"); bq=$(cat "$dir/backup.txt")
  field() { echo "$1" | sed -E "s/.* $2 (-?[0-9]+).*/\1/"; }
  bl_row "$kind" "$n" "$sent_rate" "$got ($(bl_calc "sprintf(\"%.1f\", 100 * $got / $n)")%)" \
    "$(bl_calc "sprintf(\"%.2f\", ($done_us - $last_us) / 1e6)")" \
    "$(bl_calc "sprintf(\"%.1f\", ($cpu1 - $cpu0) * 1e6 / $n)")" \
    "$(if [ "$got" -gt 0 ]; then bl_calc "sprintf(\"%.0f\", ($rss1 - $rss0) * 1024 / $got)"; else echo -; fi)" \
    "$(ms "$(field "$nq" p50_us)")/$(ms "$(field "$nq" p99_us)")" \
    "$(ms "$(field "$bq" p50_us)")/$(ms "$(field "$bq" p99_us)")" \
    "$(field "$nq" lost)+$(field "$bq" lost)"
  nl_stop "$pid" TERM 20
  unset "NL_BROWSERD[h1]" "NL_NMBD[h1]"
  LAST_GOT=$got
}

for c in $CASES; do
  for kind in $KINDS; do
    run_case "$kind" "${c%%:*}" "${c##*:}"
    [ "$BL_MODE" = full ] || [ "$LAST_GOT" -gt 0 ] || nl_fail "browserd took no announcement"
  done
done
exit 0
