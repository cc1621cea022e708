#!/usr/bin/env bash
# The flood of issue 8: flood-gen on h3 sends FLOOD_COUNT (default 1,000,000)
# HostAnnouncements from FLOOD_NAMES (100,000) server names at FLOOD_PPS (20,000/s) to
# browserd B1, master on h1 with max_servers = 20000 and the per-source rate limit off (it
# would drop all but a trickle of a single source: here the list caps are under test).
# Throughout, every half second, `browsectl status` is timed and browserd's RSS read.
# Asserts:
#  - `browsectl status` always answers within a second;
#  - the server list never exceeds max_servers, refusals are counted (list-full) and
#    logged once;
#  - browserd's peak RSS stays under FLOOD_RSS_MB (default 400: an ASan build);
#  - LEGIT1 and LEGIT2, announced by h2 before the flood, are still listed after it;
#  - browserd exits 0 on SIGTERM with a clean log.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
BIN=$(dirname "$NL_BROWSERD_BIN")
CTL=$BIN/browsectl
GEN=$BIN/flood-gen
COUNT=${FLOOD_COUNT:-1000000}
NAMES=${FLOOD_NAMES:-100000}
PPS=${FLOOD_PPS:-20000}
RSS_MB=${FLOOD_RSS_MB:-400}
CAP=20000
nl_init interop-flood "${2:-}"
nl_need_browserd
[ -x "$CTL" ] && [ -x "$GEN" ] || nl_fail "browsectl and flood-gen must be built next to browserd"
nl_up 3
H1=$(nl_ip h1)
H3=$(nl_ip h3)

# ASan's quarantine would otherwise count freed memory as in use for a long while
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16}
conf=$(nl_browserd_conf h1 B1 max_servers=$CAP 'security={ rate_per_source=0; }')
sock=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf")
nl_start_browserd h1 "$conf"
pid=${NL_BROWSERD[h1]}
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1
for n in LEGIT1 LEGIT2; do
  nl_probe h2 hostann LABGRP "$n" --periodicity 720000 --comment "legitimate" > /dev/null
  nl_wait_for 5 "browserd lists $n" nl_browserd_has h1 "$(nl_re_added "$n")"
done

stat() {  # VERB EXPR: a Python expression over the first link (L) of `browsectl --json VERB`
  local verb=$1; shift
  nl_exec h1 "$CTL" --socket "$sock" --json "$verb" |
    "$NL_PY" -c 'import json,sys; r=json.loads(sys.stdin.readline())["result"]; L=r["links"][0]; print('"$1"')'
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }

nl_spawn h3 "$NL_WORK/flood-gen.log" "$GEN" "$H1" "$H3" "$COUNT" "$NAMES" "$PPS"
gen=$NL_LAST_PID
max_ms=0 max_rss=0 samples=0
while nl_running "$gen"; do
  t0=${EPOCHREALTIME/./}
  timeout 5 ip netns exec "$(nl_ns h1)" "$CTL" --socket "$sock" status > /dev/null ||
    nl_fail "browsectl status failed during the flood"
  ms=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
  [ "$ms" -gt "$max_ms" ] && max_ms=$ms
  r=$(rss_kb); [ "$r" -gt "$max_rss" ] && max_rss=$r
  samples=$((samples + 1))
  nl_browserd_guard
  sleep 0.5
done
nl_stop "$gen" TERM 5
nl_log "$(cat "$NL_WORK/flood-gen.log")"
servers=$(stat status 'L["servers"]')
full=$(stat stats 'L["engine"]["dropped"]["list-full"]')
nl_log "during the flood ($samples samples): browsectl status at most ${max_ms} ms, RSS at most $((max_rss / 1024)) MiB; after: $servers servers listed, $full refused at the cap"
[ "$max_ms" -lt 1000 ] || nl_fail "browsectl status took ${max_ms} ms during the flood"
[ "$servers" -le "$CAP" ] || nl_fail "$servers servers listed, over max_servers $CAP"
[ "$full" -gt 0 ] || nl_fail "no announcement was refused at the cap: did the flood arrive?"
capped=$(nl_browserd_count h1 "browse list reached its cap")
[ "$capped" = 1 ] || nl_fail "the cap was logged $capped times, not once"
[ $((max_rss / 1024)) -lt "$RSS_MB" ] || nl_fail "RSS reached $((max_rss / 1024)) MiB (limit $RSS_MB)"
for n in LEGIT1 LEGIT2; do
  nl_exec h1 "$CTL" --socket "$sock" servers | grep -q "^ *$n " ||
    nl_fail "$n is no longer listed after the flood"
done
nl_log "LEGIT1 and LEGIT2 still listed"
nl_browserd_stop h1
exit 0
