#!/usr/bin/env bash
# The demo LAN, in one command on a fresh Debian 12 machine (as root):
#   installs what is missing (scripts/install-deps.sh), builds browserd (Release, build-demo/),
#   then builds a small LAN of network namespaces (tests/interop/netlab.sh; nothing leaves the
#   machine) and shows browserd at work:
#     h2  Samba nmbd "H2", os level 20: the local master browser at first
#     h3  Samba nmbd "H3", local master = no: a plain server that announces itself
#     h1  browserd "B1", os level 65, preferred master: joins, calls an election and wins
#     h4  the project's probe: announces a print server "PRINTSRV", then asks for the
#         backup list and for the master's name, as a client would
#   and prints browserd's log lines (roles, master, servers), what a legacy client sees
#   (smbclient -L over SMB1), and `browsectl status` and `browsectl servers`. Everything is
#   stopped and deleted on exit, also on failure or Ctrl-C.
# Usage: scripts/demo.sh [--hold]     (--hold: keep the LAN until Enter is pressed)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HOLD=0
[ "${1:-}" = --hold ] && HOLD=1

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
  echo "demo.sh: run as root: it installs packages and creates network namespaces" >&2
  exit 1
fi

say "packages"
./scripts/install-deps.sh build lab
echo "all there"

say "building browserd (Release) in build-demo/"
BIN=$ROOT/build-demo/bin/browserd
LOG=$ROOT/build-demo/build.log
mkdir -p build-demo
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=Release -DBROWSERD_TESTS=OFF > "$LOG" 2>&1 ||
  { cat "$LOG" >&2; echo "demo.sh: cmake failed" >&2; exit 1; }
targets=$(cmake --build build-demo --target help 2>/dev/null || true)
if ! grep -q '^\.\.\. browserd$' <<< "$targets"; then
  echo "demo.sh: browserd is not built: this checkout has no browserd daemon yet" \
       "(no 'browserd' build target). What exists today is tested by ./scripts/test.sh." >&2
  exit 2
fi
if ! cmake --build build-demo -j"$(nproc)" --target browserd browsectl >> "$LOG" 2>&1 || [ ! -x "$BIN" ]; then
  grep -E 'error|Error' "$LOG" | head -n 20 >&2 || true
  echo "demo.sh: browserd is not built: it does not compile (full log in $LOG)" >&2
  exit 2
fi
echo "built $BIN"

. "$ROOT/tests/interop/netlab.sh"
NL_BROWSERD_BIN=$BIN
CTL=$ROOT/build-demo/bin/browsectl
nl_require nmbd nmblookup testparm ss smbclient
NL_DONE_MSG="demo done: everything it started is stopped and its namespaces are deleted"
nl_init demo-lan "$ROOT/build-demo/demo-lan"

say "a LAN of 4 hosts in network namespaces"
nl_up 4
for h in h1 h2 h3 h4; do echo "  $h  $(nl_ip "$h")  (namespace $(nl_ns "$h"))"; done

say "Samba nmbd on h2 (os level 20) and h3 (local master = no)"
nl_start_nmbd h2 LABGRP "os level = 20" "server string = Samba on H2"
nl_start_nmbd h3 LABGRP "local master = no" "os level = 0" "server string = Samba on H3"
echo "waiting for H2 to win the first election (Samba takes ~25 s)..."
nl_wait_for 90 "H2 (nmbd) is the local master browser" nl_nmbd_is_master h2
nl_nmblookup h4 -M LABGRP | grep LABGRP | sed 's/^/  nmblookup -M LABGRP: /'

say "browserd B1 joins on h1 (os level 65, preferred master)"
conf=$(nl_browserd_conf h1 B1 os_level=65 preferred_master=true \
  server_string='"browserd demo"' log_level='"info"')
sed 's/^/  /' "$conf"
nl_start_browserd h1 "$conf"
nl_wait_for 60 "browserd (B1) is the local master browser" nl_browserd_is_master h1
nl_wait_for 30 "H2 (nmbd) has stepped down" \
  nl_file_has 'stopped being a local master browser' "$(nl_nmbd_log h2)"
owns_1d() { nl_nmblookup h4 -M LABGRP 2>/dev/null | grep -c "^$(nl_ip h1) LABGRP<1d>\$" > /dev/null; }
nl_wait_for 30 "nmblookup -M LABGRP finds B1" owns_1d
nl_nmblookup h4 -M LABGRP | grep LABGRP | sed 's/^/  nmblookup -M LABGRP: /'

say "a print server announces itself from h4 (every 60 s)"
nl_spawn h4 "$NL_WORK/h4/printsrv.log" "$NL_PY" "$NL_PROBE" -i lab0 hostann LABGRP PRINTSRV \
  --type 0x00001203 --periodicity 60000 --repeat 0 --interval 60 --comment "2nd floor printers"
echo "waiting for the browse list to fill (H2 and H3 answer B1's AnnouncementRequest)..."
for s in PRINTSRV H2 H3; do
  nl_wait_for 120 "B1's list holds $s" nl_state_has_server h1 "$s"
done

say "a client asks the master for its backup list (GetBackupListRequest from h4)"
nl_probe h4 -n CLIENT getbackup LABGRP --exactly 1 --expect-first B1 | sed 's/^/  /'

say "browserd's log (h1): roles, master, servers"
grep -E 'role |master is|server (added|removed)|domain (added|removed)' "$(nl_browserd_log h1)" |
  sed 's/^/  /'

say "a legacy client lists the network neighbourhood from B1 (smbclient -L over SMB1, from h4)"
nl_exec h4 smbclient -s "$NL_WORK/h4/client/smb.conf" -L "$(nl_ip h1)" -N \
  --option='client min protocol=NT1' 2>/dev/null | sed 's/^/  /' || true

say "browsectl status (browserd's control socket on h1)"
sock=$(sed -n 's/^control_socket = "\(.*\)";$/\1/p' "$conf")
"$CTL" --socket "$sock" status | sed 's/^/  /'

say "browsectl servers: the browse list B1 holds"
"$CTL" --socket "$sock" servers | sed 's/^/  /'

if [ "$HOLD" = 1 ]; then
  say "the LAN stays up: try  ip netns exec $(nl_ns h4) nmblookup -s $NL_WORK/h4/client/smb.conf -A $(nl_ip h1)"
  read -r -p "press Enter to tear it down " _ || true
fi
say "tearing the LAN down"
exit 0
