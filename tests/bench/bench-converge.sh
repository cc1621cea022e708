#!/usr/bin/env bash
# Convergence: how soon a lone browser is master, how long a group has no master when a better
# candidate arrives, and how soon a new server is visible through NetServerEnum2; browserd
# beside nmbd (+ smbd for NetServerEnum2) in full mode.
#
#   bench-converge.sh [--quick|--full] BINDIR [WORKDIR]
#
#   master alone   from the daemon's start to its "is master" log line (polled every 20 ms)
#   takeover gap   h1 is master; a preferred candidate (os level 65) starts on h2: from h1's
#                  "no longer master" line to h2's "is master" line (0 when h2 was master
#                  before h1 stepped down); also from h2's start to h2 master
#   visible        bench-enum loops NetServerEnum2 on an open session from h3; bench-flood
#                  sends one HostAnnouncement of a new name from h2: from that datagram to
#                  the first reply that lists the name
# Full mode repeats each measurement BENCH_RUNS times (default 3). Quick mode (ctest):
# browserd only, once.
set -euo pipefail
. "$(dirname "$0")/bench-lib.sh"
bl_init bench-converge "$@"
nl_up 3
H1=$(nl_ip h1); H2=$(nl_ip h2); H3=$(nl_ip h3)
if [ "$BL_MODE" = quick ]; then KINDS="browserd"; RUNS=1; else
  KINDS=${BENCH_KINDS:-browserd nmbd}; RUNS=${BENCH_RUNS:-3}; fi

bl_row "browser" "run" "master alone (s)" "takeover gap (s)" "candidate start to master (s)" \
  "announcement to NetServerEnum2 (ms)"
bl_row "---" "---" "---" "---" "---" "---"

now_us() { echo "${EPOCHREALTIME/./}"; }
# poll CMD every 20 ms for at most T s; prints the time it first held (us), fails otherwise
time_of() {
  local t=$1; shift
  local end=$(( $(now_us) + t * 1000000 ))
  while [ "$(now_us)" -lt "$end" ]; do
    if "$@"; then now_us; return 0; fi
    sleep 0.02
  done
  return 1
}
stepped_down() {
  case "$1" in
    browserd) nl_browserd_has "$2" "$(nl_re_role '(potential|backup|stopped)')" ;;
    nmbd) nl_file_has 'has stopped being a local master browser|no longer a local master' \
            "$(nl_nmbd_log "$2")" ;;
  esac
}
secs() { bl_calc "sprintf(\"%.2f\", ($1 - $2) / 1e6)"; }
stop_all() {
  local pid
  for pid in "${!NL_PID_NS[@]}"; do nl_stop "$pid" TERM 20; done
  NL_BROWSERD=(); NL_NMBD=()
  rm -rf "$NL_WORK"/h[123]/browserd "$NL_WORK"/h[123]/samba
}

run_once() {
  local kind=$1 run=$2 t0 t1 t2 t3 t4 alone gap cand vis name1=M1 name2=M2
  [ "$kind" = nmbd ] && { name1=H1; name2=H2; }
  # master alone (the browserd log is appended, so "since start" counts this run only)
  t0=$(now_us)
  bl_start "$kind" h1 "$name1"
  [ "$kind" = nmbd ] && bl_start_smbd h1
  t1=$(time_of 60 bl_is_master "$kind" h1) || nl_fail "$kind on h1 never became master"
  alone=$(secs "$t1" "$t0")
  # visible through NetServerEnum2 (smbd reads nmbd's browse.dat)
  local out=$NL_WORK/wait-$kind-$run.txt newname=NEW$run
  nl_exec h3 "$BL_BIN/bench-enum" --server "$H1" --src "$H3" --name "$name1" --seconds 60 \
    --wait-for "${newname}000000" > "$out" 2>&1 &
  local waiter=$!
  sleep 1
  local sent
  sent=$(nl_exec h2 "$BL_BIN/bench-flood" --src "$H2" --dest "$H1" --count 1 --rate 1 \
    --prefix "$newname" | awk '{print $NF}')
  if wait "$waiter"; then
    vis=$(bl_calc "sprintf(\"%.1f\", ($(awk '{print $NF}' "$out") - $sent) / 1000)")
  else
    vis="not seen in 60 s"
  fi
  # takeover by a preferred candidate
  t2=$(now_us)
  if [ "$kind" = browserd ]; then
    bl_start browserd h2 "$name2" os_level=65 preferred_master=true
  else
    bl_start nmbd h2 "$name2" "os level = 65" "preferred master = yes"
  fi
  # both watched in one loop: whichever happens first must not hide the other's time
  t3=""; t4=""
  local end=$(( $(now_us) + 90000000 ))
  while [ -z "$t3" ] || [ -z "$t4" ]; do
    [ "$(now_us)" -lt "$end" ] || nl_fail "$kind: no takeover by h2 within 90 s"
    [ -n "$t3" ] || { bl_is_master "$kind" h2 && t3=$(now_us); } || true
    [ -n "$t4" ] || { stepped_down "$kind" h1 && t4=$(now_us); } || true
    sleep 0.02
  done
  if [ "$t3" -gt "$t4" ]; then gap=$(secs "$t3" "$t4"); else gap=0.00; fi
  cand=$(secs "$t3" "$t2")
  bl_row "$kind" "$run" "$alone" "$gap" "$cand" "$vis"
  stop_all
}

for kind in $KINDS; do
  for run in $(seq "$RUNS"); do run_once "$kind" "$run"; done
done
exit 0
