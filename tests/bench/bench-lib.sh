# shellcheck shell=bash
# bench-lib.sh - what the lab benchmark scripts share, on top of tests/interop/netlab.sh.
# Source it after `set -euo pipefail`, then:
#
#   bl_init NAME "$@"             parses [--quick|--full] BINDIR [WORKDIR]; sets BL_MODE,
#                                 BL_BIN (browserd, browsectl and the bench tools), the lab
#   bl_start KIND HOST NAME [key=value...]   KIND browserd or nmbd (nmbd: smb.conf lines),
#                                 a master candidate, from a clean state and log directory;
#                                 its pid in BL_PID[HOST]
#   bl_start_smbd HOST            smbd on HOST with nmbd's smb.conf (NT1 allowed)
#   bl_wait_master KIND HOST T    wait up to T s for HOST to be the local master
#   bl_is_master KIND HOST        true once HOST logged that it is master
#   bl_count KIND HOST PREFIX     servers in HOST's list (browserd: all of them, from the
#                                 cheap `status` count, as polling the list itself would cost
#                                 the daemon more than what is measured; nmbd: those whose
#                                 name starts with PREFIX, from browse.dat)
#   bl_settle KIND HOST PREFIX N T   wait until N names are listed or T s without growth
#   bl_cpu PID / bl_rss_kb PID / bl_switches PID   CPU seconds, RSS, context switches
#   bl_row CELLS...               a Markdown table row on stdout (and in $NL_WORK/results.md)
#
# Measured daemons are started at log level "message" (browserd) and 1 (nmbd): the cost of
# debug logging is not what is compared.
. "$(dirname "${BASH_SOURCE[0]}")/../interop/netlab.sh"

BL_MODE=quick
BL_BIN=""
declare -A BL_PID=()

bl_init() {
  local name=$1; shift
  case "${1:-}" in
    --quick) BL_MODE=quick; shift ;;
    --full) BL_MODE=full; shift ;;
  esac
  BL_BIN=${1:?usage: $name [--quick|--full] BINDIR [WORKDIR]}
  BL_BIN=$(cd "$BL_BIN" && pwd)
  NL_BROWSERD_BIN=$BL_BIN/browserd
  local tool
  for tool in browserd browsectl bench-flood bench-probe bench-enum; do
    [ -x "$BL_BIN/$tool" ] || { echo "$name: $BL_BIN/$tool is not built" >&2; exit 1; }
  done
  nl_require
  nl_init "$name" "${2:-}"
  : > "$NL_WORK/results.md"
}

bl_row() {
  local line="|"
  local c
  for c in "$@"; do line+=" $c |"; done
  echo "$line" | tee -a "$NL_WORK/results.md"
}

bl_start() {
  local kind=$1 h=$2 name=$3; shift 3
  # every measurement starts from nothing: no saved list (browserd loads its state file),
  # no log of an earlier run (nmbd's "is now a local master browser" would count at once)
  rm -rf "${NL_WORK:?}/$h/browserd" "$NL_WORK/$h/samba"
  case "$kind" in
    browserd)
      local conf
      # One host sends every name: security.rate_per_source (issue 8; 50/s by default) would
      # measure the limiter, not ingestion, and nmbd has none. Off, as for a trusted LAN.
      conf=$(nl_browserd_conf "$h" "$name" max_servers=1000000 log_level='"message"' \
        security='{ rate_per_source = 0; }' "$@")
      nl_start_browserd "$h" "$conf"
      ;;
    nmbd)
      nl_start_nmbd "$h" "$NL_WORKGROUP" "log level = 1" "server min protocol = NT1" "$@"
      ;;
    *) nl_fail "bl_start: unknown kind $kind" ;;
  esac
  BL_PID[$h]=$NL_LAST_PID
}

bl_start_smbd() {
  local h=$1 d
  d=$NL_WORK/$h/samba
  # its own session: smbd signals its process group on the way out, which is our script
  nl_spawn "$h" "$d/log/smbd.stdout" setsid /usr/sbin/smbd --foreground --no-process-group \
    -s "$d/smb.conf" -l "$d/log"
  nl_wait_for 20 "smbd in $h listening on TCP 139" nl__tcp_bound "$h" 139
}
nl__tcp_bound() { nl_exec "$1" ss -Hltn "sport = :$2" | grep -c . > /dev/null; }

bl_is_master() {
  case "$1" in
    browserd) nl_browserd_is_master "$2" ;;
    nmbd) nl_nmbd_is_master "$2" ;;
  esac
}

bl_wait_master() { nl_wait_for "$3" "$1 on $2 becomes master" bl_is_master "$1" "$2"; }

bl_socket() { echo "$NL_STATE_ROOT/bdi$NL_ID/$1.control"; }

bl_count() {
  local kind=$1 h=$2 prefix=$3
  case "$kind" in
    browserd)
      "$BL_BIN/browsectl" --socket "$(bl_socket "$h")" --json status 2>/dev/null |
        grep -o '"servers": *[0-9]*' | head -1 | grep -o '[0-9]*$' || echo 0
      ;;
    nmbd)
      local f=$NL_WORK/$h/samba/cache/browse.dat   # Samba 4.17: the cache directory
      if [ -f "$f" ]; then grep -c "^\"$prefix" "$f" || true; else echo 0; fi
      ;;
  esac
}

# bl_settle KIND HOST PREFIX N PATIENCE: poll the list until it holds N names or has not grown
# for PATIENCE seconds; prints the count (nmbd does not always take every announcement)
bl_settle() {
  local kind=$1 h=$2 prefix=$3 n=$4 patience=$5 got prev=-1 since=$SECONDS
  while :; do
    got=$(bl_count "$kind" "$h" "$prefix")
    [ "$got" = "$prev" ] || { prev=$got; since=$SECONDS; }
    [ "$got" -lt "$n" ] && [ $((SECONDS - since)) -lt "$patience" ] || break
    sleep 0.2
  done
  echo "$got"
}

# /proc/PID/stat fields 14-17 (utime stime cutime cstime), in seconds
bl_cpu() {
  local hz
  hz=$(getconf CLK_TCK)
  awk -v hz="$hz" '{sub(/.*\) /, ""); print ($12 + $13 + $14 + $15) / hz}' "/proc/$1/stat"
}
bl_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
bl_switches() {
  awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ {n += $2} END {print n}' "/proc/$1/status"
}
# awk arithmetic for the tables: bl_calc 'EXPR' (printf format applied by the caller)
bl_calc() { awk "BEGIN {print $1}"; }
