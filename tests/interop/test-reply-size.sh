#!/usr/bin/env bash
# The operator hears, once, when the server list nears what one 64 KiB NetServerEnum2 reply
# holds ([MS-BRWS] 1.6; issue 5): browserd on h1 starts with a saved list of 1,300 servers
# whose level-1 records take about 61 KB (93 % of 64 KiB), and
#  - its log has exactly one warning naming the server count and the byte size;
#  - a server announced afterwards (the list grows) brings no second warning;
#  - a list of 1,000 such servers (47 KB) brings none.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require
nl_init interop-reply-size "${2:-}"
nl_need_browserd
nl_up 2

# save_list HOST COUNT: a state file of COUNT servers with 20-byte comments
save_list() {
  local state
  state=$(nl_state_file "$1")
  mkdir -p "$(dirname "$state")"
  /usr/bin/python3 - "$state" "$2" "$NL_IFACE" "$NL_WORKGROUP" <<'PY'
import json, sys
path, n, iface, wg = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
servers = [{"name": "SRV%05d" % i, "type": 0x1003, "os_major": 6, "os_minor": 1,
            "comment": "twenty byte comment.", "source": "local", "expires_in_s": 600}
           for i in range(n)]
json.dump({"v": 1, "interface": iface, "workgroup": wg, "role": "stopped", "master": "",
           "servers": servers, "domains": []}, open(path, "w"))
PY
}
warning='near its 64 KiB limit'

save_list h1 1300
conf=$(nl_browserd_conf h1 B1)
nl_start_browserd h1 "$conf"
nl_wait_for 10 "browserd loads the saved list" nl_browserd_has h1 'loaded 1300 saved entries'
nl_wait_for 5 "browserd warns about the reply size" nl_browserd_has h1 "$warning"
line=$(nl_browserd_log_since_start "$(nl_browserd_log h1)" | grep -m1 "$warning")
echo "$line" | grep -Eq '1300 servers take 6[0-9]{4} bytes' ||
  nl_fail "the warning does not name the count and size: $line"
nl_log "warned: ${line#*: }"
nl_wait_for 15 "browserd becomes master" nl_browserd_is_master h1
nl_probe h2 hostann LABGRP ONEMORE --type 0x1003 --periodicity 60000 --comment "late"
nl_wait_for 5 "browserd lists ONEMORE" nl_browserd_has h1 "$(nl_re_added ONEMORE)"
n=$(nl_browserd_count h1 "$warning")
[ "$n" = 1 ] || nl_fail "$n reply-size warnings, expected exactly one"
nl_browserd_stop h1

save_list h1 1000
nl_start_browserd h1 "$conf"
nl_wait_for 10 "browserd loads 1000 saved entries" nl_browserd_has h1 'loaded 1000 saved entries'
nl_wait_for 15 "browserd becomes master" nl_browserd_is_master h1
nl_probe h2 hostann LABGRP ONEMORE --type 0x1003 --periodicity 60000 --comment "late"
nl_wait_for 5 "browserd lists ONEMORE" nl_browserd_has h1 "$(nl_re_added ONEMORE)"
n=$(nl_browserd_count h1 "$warning")
[ "$n" = 0 ] || nl_fail "a 47 KB list was warned about ($n warnings)"
nl_log "1,000 servers (47 KB): no warning"
nl_browserd_stop h1
exit 0
