#!/usr/bin/env bash
# (d) HostAnnouncements into browserd's server list, and expiry.
# Asserts, with browserd master on h1 and the probe announcing from h2:
#  - FAKE1 (type 0x1003, Periodicity 5 s) is "server added" in the log within 2 s of the frame
#    and in the state file within 3 s, with its type and comment, expiring in (5, 15] s;
#  - FAKE1, announced once, leaves after 3 periods: "server removed FAKE1" between 13.5 s and
#    18 s after the frame, and the state file drops it;
#  - FAKE3, re-announced every 3 s (Periodicity 3 s) all along, is never removed;
#  - FAKE2 announced with ServerType 0 is removed at once (within 2 s);
#  - browserd exits 0 on SIGTERM.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require
nl_init interop-host-announce "${2:-}"
nl_need_browserd
nl_up 3

conf=$(nl_browserd_conf h1 B1)
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1

# FAKE3 keeps announcing from h3 for the whole test
nl_spawn h3 "$NL_WORK/h3/fake3.log" "$NL_PY" "$NL_PROBE" -i lab0 hostann LABGRP FAKE3 \
  --periodicity 3000 --repeat 0 --interval 3 --comment "refreshing every 3 s"
FAKE3=$NL_LAST_PID
nl_wait_for 5 "browserd adds FAKE3" nl_browserd_has h1 "$(nl_re_added FAKE3)"

PERIOD_MS=5000
t_sent=$(nl_now_ms)
nl_probe h2 hostann LABGRP FAKE1 --type 0x1003 --periodicity "$PERIOD_MS" --comment "fake one"
nl_wait_for 2 "log: 'lab0 LABGRP: server added FAKE1'" nl_browserd_has h1 "$(nl_re_added FAKE1)"
nl_wait_for 3 "state file lists FAKE1" nl_state_has_server h1 FAKE1
entry=$(nl_state h1 '[e for e in s["servers"] if e["name"].upper() == "FAKE1"][0]')
nl_log "state entry: $entry"
nl_state h1 '[e for e in s["servers"] if e["name"].upper() == "FAKE1"][0]["type"] == 4099' >/dev/null ||
  nl_fail "FAKE1's type in the state file is not 4099 (0x1003): $entry"
nl_state h1 '[e for e in s["servers"] if e["name"].upper() == "FAKE1"][0]["comment"] == "fake one"' >/dev/null ||
  nl_fail "FAKE1's comment in the state file is not 'fake one': $entry"
nl_state h1 '5 < [e for e in s["servers"] if e["name"].upper() == "FAKE1"][0]["expires_in_s"] <= 15' >/dev/null ||
  nl_fail "FAKE1 should expire within (5, 15] s of its announcement (3 x 5 s): $entry"

# ServerType 0 = going away: removed at once
nl_probe h2 hostann LABGRP FAKE2 --periodicity 720000 --comment "fake two"
nl_wait_for 2 "browserd adds FAKE2" nl_browserd_has h1 "$(nl_re_added FAKE2)"
nl_probe h2 hostann LABGRP FAKE2 --type 0 --periodicity 720000
nl_wait_for 2 "log: 'server removed FAKE2' after its type-0 announcement" \
  nl_browserd_has h1 "$(nl_re_removed FAKE2)"
nl_wait_for 3 "state file drops FAKE2" nl_state_lacks_server h1 FAKE2

# FAKE1 said nothing more: it leaves after 3 x Periodicity = 15 s
nl_wait_for 25 "log: 'server removed FAKE1' (3 x 5 s after its announcement)" \
  nl_browserd_has h1 "$(nl_re_removed FAKE1)"
dt=$(($(nl_now_ms) - t_sent))
nl_log "FAKE1 removed $((dt / 1000)).$(((dt % 1000) / 100)) s after its announcement"
[ "$dt" -ge 13500 ] || nl_fail "FAKE1 removed after ${dt} ms, before 3 periods (15 s)"
[ "$dt" -le 18000 ] || nl_fail "FAKE1 removed after ${dt} ms, well after 3 periods (15 s)"
nl_wait_for 3 "state file drops FAKE1" nl_state_lacks_server h1 FAKE1

# FAKE3 refreshed all along: still there, never removed
nl_running "$FAKE3" || nl_fail "the FAKE3 announcer died: $(cat "$NL_WORK/h3/fake3.log")"
nl_state_has_server h1 FAKE3 || nl_fail "FAKE3 (announcing every 3 s) is missing from the state file"
[ "$(nl_browserd_count h1 "$(nl_re_removed FAKE3)")" = 0 ] ||
  nl_fail "FAKE3 was removed although it announced every 3 s"
nl_stop "$FAKE3" TERM 5

nl_browserd_stop h1
exit 0
