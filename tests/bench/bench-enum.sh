#!/usr/bin/env bash
# NetServerEnum2: requests/s, latency and CPU per request of a master serving its list over
# SMB1, with 1 and 8 clients keeping their sessions open (bench-enum); browserd beside smbd
# serving the same list (nmbd takes the announcements and writes browse.dat, smbd reads it).
#
#   bench-enum.sh [--quick|--full] BINDIR [WORKDIR]
#
# Lab: h1 the server, h2 fills its list (bench-flood, empty comments so that 2,000 entries fit
# one 64 KiB reply), h3 the clients. CPU is every process in h1's namespace (smbd forks a
# child per client). Quick mode (ctest): browserd only, 300 entries, 1 and 2 clients, 2 s.
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
bl_init bench-enum "$@"
nl_up 3
H1=$(nl_ip h1); H2=$(nl_ip h2); H3=$(nl_ip h3)

if [ "$BL_MODE" = quick ]; then
  KINDS="browserd"; SIZES="300"; CLIENTS="1 2"; SECS=2
else
  KINDS=${BENCH_KINDS:-browserd samba}; SIZES=${BENCH_SIZES:-2000 10000}; CLIENTS="1 8"
  SECS=${BENCH_SECONDS:-10}
fi

bl_row "server" "entries in list" "clients" "requests/s" "p50 (ms)" "p99 (ms)" \
  "entries per reply" "cpu/request (us)"
bl_row "---" "---" "---" "---" "---" "---" "---" "---"

run_size() {
  local kind=$1 n=$2 name count_kind=$1 rate=5000
  if [ "$kind" = browserd ]; then
    name=M1; bl_start browserd h1 M1
  else
    # nmbd takes every announcement at 1,000/s (issue 9's figures), not at 10,000/s
    name=H1; count_kind=nmbd; rate=1000
    bl_start nmbd h1 H1
    bl_start_smbd h1
  fi
  bl_wait_master "$count_kind" h1 60
  nl_exec h2 "$BL_BIN/bench-flood" --src "$H2" --dest "$H1" --count "$n" --rate "$rate" \
    --prefix BN --comment "" > /dev/null
  # nmbd does not take every name even at 1,000/s (10,000: ~9,000): serve what it holds
  local got
  got=$(bl_settle "$count_kind" h1 BN "$n" 30)
  nl_log "$kind lists $got of the $n names"
  local c out
  for c in $CLIENTS; do
    out=$(nl_exec h3 "$BL_BIN/bench-enum" --server "$H1" --src "$H3" --name "$name" \
      --clients "$c" --seconds "$SECS" --netns "/run/netns/$(nl_ns h1)") ||
      nl_fail "bench-enum against $kind failed: $out"
    echo "$kind $n $out" >> "$NL_WORK/raw.txt"
    f() { echo "$out" | sed -E "s/.*$1 (-?[0-9.]+).*/\1/"; }
    bl_row "$kind" "$n" "$c" "$(f req_per_s)" "$(bl_calc "sprintf(\"%.3f\", $(f p50_us) / 1000)")" \
      "$(bl_calc "sprintf(\"%.3f\", $(f p99_us) / 1000)")" "$(f entries) of $(f available)" \
      "$(f cpu_us_per_req)"
    [ "$(f requests)" -gt 0 ] || nl_fail "no NetServerEnum2 answered by $kind"
  done
  local pid
  for pid in "${!NL_PID_NS[@]}"; do nl_stop "$pid" TERM 20; done
  NL_BROWSERD=(); NL_NMBD=()
}

for n in $SIZES; do
  for kind in $KINDS; do run_size "$kind" "$n"; done
done
exit 0
