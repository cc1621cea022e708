#!/usr/bin/env bash
# Crash safety (issue 8): browserd B1 (preferred master) on h1 is killed with SIGKILL KILLS
# times (default 50), at a random moment 0.3-8 s after the start every other time, and 2-5 s
# after it became master the others, while announcer.py on h2 adds a new server every
# 0.1 s. After every kill:
#  - the state file is valid JSON (the write is temp file, fsync, rename);
#  - every server announced while B1 was master, more than the write interval (1 s, plus
#    0.5 s of slack for scheduling) before the kill, is in it: at most the last write
#    interval is lost;
#  - nothing that was in the file before that start is lost (every lifetime is 36 min);
#  - the next start loads it ("loaded N saved entries" when it ran 2 s or more, never
#    "ignoring saved lists").
# At least a fifth of the kills must fall where that bound is checked (master long enough).
# Then a clean SIGTERM. About 5 s per kill.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
KILLS=${KILLS:-50}
nl_init interop-crash-safety "${2:-}"
nl_need_browserd
nl_up 2

conf=$(nl_browserd_conf h1 B1 preferred_master=true 'security={ rate_per_source=0; }')
state=$(nl_state_file h1)
announced=$NL_WORK/announced.txt
nl_spawn h2 "$NL_WORK/announcer.log" "$NL_PY" "$(dirname "$0")/announcer.py" "$announced" \
  --iface "$NL_IFACE"
announcer=$NL_LAST_PID

# the servers of the state file but B1 itself, which a start re-adds rather than loads
names_in_state() { "$NL_PY" -c '
import json, sys
s = json.load(open(sys.argv[1]))
sys.stdout.write("".join(n + "\n" for n in sorted(e["name"].upper() for e in s["servers"]) if n != "B1"))' "$state"; }
# the servers announced in [FROM_MS, TO_MS] (epoch ms)
announced_between() { awk -v a="$1" -v b="$2" '$2 >= a && $2 <= b {print "SRV" $1}' "$announced" | sort; }
master_since_ms() {  # epoch ms of this run's "-> master" line, from the log's timestamps
  [ -n "$master_ms" ] && return 0
  nl_browserd_is_master h1 && master_ms=$(nl_now_ms_epoch)
  return 0
}
nl_now_ms_epoch() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

checked=0
for i in $(seq "$KILLS"); do
  [ -f "$state" ] && names_in_state > "$NL_WORK/before.txt" || : > "$NL_WORK/before.txt"
  nl_start_browserd h1 "$conf"
  pid=$NL_LAST_PID
  start_ms=$(nl_now_ms_epoch)
  master_ms=""
  if [ $((i % 2)) = 1 ]; then
    # any moment 0.3-8 s after the start: while starting, electing or master
    delay_ms=$((300 + RANDOM % 7700))
    while [ $(( $(nl_now_ms_epoch) - start_ms )) -lt "$delay_ms" ]; do
      master_since_ms
      sleep 0.05
    done
  else
    # 2-5 s into being master, however long the start took on a loaded machine (so that
    # enough kills check the loss bound)
    while [ -z "$master_ms" ] && [ $(( $(nl_now_ms_epoch) - start_ms )) -lt 20000 ]; do
      master_since_ms
      sleep 0.05
    done
    [ -n "$master_ms" ] || nl_fail "kill $i: browserd did not become master within 20 s"
    sleep "$((2 + RANDOM % 3)).$((RANDOM % 10))"
    delay_ms=$(( $(nl_now_ms_epoch) - start_ms ))
  fi
  kill_ms=$(nl_now_ms_epoch)
  nl_stop "$pid" KILL 5
  unset "NL_BROWSERD[h1]"
  if [ -s "$NL_WORK/before.txt" ] && [ "$delay_ms" -ge 2000 ]; then  # (earlier: may not be up yet)
    nl_browserd_has h1 "loaded [0-9]+ saved entries" ||
      nl_fail "kill $i: the start did not load the saved list"
  fi
  nl_browserd_has h1 "ignoring saved lists" && nl_fail "kill $i: the saved list was refused:
$(grep 'ignoring' "$(nl_browserd_log h1)" | tail -1)"
  nl_browserd_check_log h1
  [ -f "$state" ] || { [ ! -s "$NL_WORK/before.txt" ] && continue; nl_fail "kill $i: the state file is gone"; }
  names_in_state > "$NL_WORK/after.txt" 2>"$NL_WORK/json-error.txt" ||
    nl_fail "kill $i: the state file is not valid JSON: $(cat "$NL_WORK/json-error.txt")"
  lost=$(comm -23 "$NL_WORK/before.txt" "$NL_WORK/after.txt")
  [ -z "$lost" ] || nl_fail "kill $i: entries saved before this start were lost: $lost"
  if [ -n "$master_ms" ]; then
    # what B1 heard as master (from 0.3 s after it became so) up to the write interval
    announced_between $((master_ms + 300)) $((kill_ms - 1500)) > "$NL_WORK/expected.txt"
    lost=$(comm -23 "$NL_WORK/expected.txt" "$NL_WORK/after.txt")
    [ -z "$lost" ] || nl_fail "kill $i (${delay_ms} ms after start, master for $((kill_ms - master_ms)) ms): lost more than the write interval: $(echo $lost)"
    [ -s "$NL_WORK/expected.txt" ] && checked=$((checked + 1))
  fi
  nl_log "kill $i after ${delay_ms} ms ($([ -n "$master_ms" ] && echo "master for $((kill_ms - master_ms)) ms" || echo 'not yet master')): $(wc -l < "$NL_WORK/after.txt") servers saved, valid"
done

[ $((checked * 5)) -ge "$KILLS" ] ||
  nl_fail "only $checked of $KILLS kills came late enough to check the loss bound"
nl_log "$KILLS kills: every file valid and loaded; loss bound checked on $checked of them"
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master after $KILLS kills" nl_browserd_is_master h1
nl_browserd_stop h1
nl_stop "$announcer" TERM 5
exit 0
