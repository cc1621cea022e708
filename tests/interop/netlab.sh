# shellcheck shell=bash
# netlab.sh - an isolated LAN in network namespaces for browserd's interop tests and demo.
# Source it from a bash script (set -euo pipefail is assumed), then:
#
#   nl_init NAME [WORKDIR]        artifacts dir (default ./NAME, wiped), EXIT/INT/TERM trap
#   nl_up N                       a switch namespace and hosts h1..hN on one /24
#   nl_up_routed NA NB            two /24s joined by a router namespace "rt": h1..hNA on
#                                 the first, the next NB hosts on the second
#   nl_exec HOST CMD...           run CMD inside HOST's namespace (foreground)
#   nl_spawn HOST LOG CMD...      start CMD in HOST in the background; pid in NL_LAST_PID
#   nl_start_nmbd HOST WG [LINE]  Samba nmbd (smb.conf lines "key = value" override defaults)
#   nl_start_smbd HOST            Samba smbd with that host's smb.conf
#   nl_smb_lists HOST ADDR NAME COMMENT   smbclient -L ADDR from HOST lists NAME
#   nl_samba_conf HOST WG [LINE]  only its smb.conf (HOST/samba/smb.conf), e.g. for smbd
#   nl_browserd_conf HOST NAME [key=value...]   write a browserd config; path on stdout
#   nl_start_browserd HOST CONF [ARG...]        browserd -c CONF -f; pid in NL_LAST_PID
#   nl_capture HOST FILE          background tshark on HOST's lab0 (HOST "sw": the bridge)
#   nl_capture_stop HOST          end that capture cleanly (SIGINT)
#   nl_stop PID [SIG] [TIMEOUT]   signal a pid this lab started; status in NL_LAST_STATUS
#   nl_wait_for TIMEOUT WHAT CMD...   poll CMD until it succeeds, else fail saying WHAT
#   nl_down                       stop everything, delete the namespaces (the trap calls it)
#
# Isolation (checked by nl_up, which aborts if any of it does not hold): the bridge lives in
# its own namespace; each veth pair is created directly inside the namespaces, so no lab
# interface ever exists in the root namespace; hosts have lo and lab0 only, no default route,
# 255.255.255.255 routed to lab0, IPv6 disabled; no lab address in the root namespace.
# Processes run only via `ip netns exec`, and are stopped only by the pids the lab started, after
# `ip netns identify PID` confirms they are still in the lab's namespace.
#
# Instances: every nl_up takes the lowest free id N (1..250, under a lock): namespaces
# "bdi<N>-sw", "bdi<N>-h1"..., subnet 10.231.N.0/24, so labs run in parallel. A lab whose
# owning shell died without cleaning up is reclaimed by the next nl_up that meets it.

NL_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NL_PY=/usr/bin/python3
NL_PROBE=$NL_LIB_DIR/probe.py
NL_IFACE=lab0
NL_BRIDGE=br0
NL_NET_BASE=${NETLAB_NET_BASE:-10.231}
NL_NET2_BASE=${NETLAB_NET2_BASE:-10.232}   # nl_up_routed's second subnet
NL_STATE_ROOT=${NETLAB_STATE_ROOT:-/run/browserd-netlab}
NL_CAP_FILTER='udp port 137 or udp port 138 or tcp port 139 or tcp port 445'
NL_WORKGROUP=${NL_WORKGROUP:-LABGRP}

NL_ID=""            # instance number once nl_up has run
NL_PREFIX=""        # "bdi<N>-"
NL_NET=""           # "10.231.<N>"
NL_HOSTS=0
NL_SPLIT=0          # nl_up_routed: hosts above this one are on the second subnet
NL_NET2=""          # "10.232.<N>" once nl_up_routed has run
NL_WORK=""
NL_NAME=""
NL_T0=${EPOCHREALTIME/./}
NL_LAST_PID=""
NL_LAST_STATUS=""
NL_LAST_OUT=""      # nl_smb_lists' output file
declare -A NL_PID_NS=()       # pid -> namespace, for every process this lab started
declare -A NL_PID_WHAT=()     # pid -> description
declare -A NL_CAPTURE=()      # host -> tshark pid
declare -A NL_BROWSERD=()     # host -> browserd pid
declare -A NL_NMBD=()         # host -> nmbd pid

# ------------------------------------------------------------------------- messages
nl__ts() {
  local now=${EPOCHREALTIME/./}
  printf '%d.%01d' $(((now - NL_T0) / 1000000)) $((((now - NL_T0) / 100000) % 10))
}
nl_log()  { echo "[${NL_NAME:-netlab}${NL_ID:+ bdi$NL_ID} +$(nl__ts)s] $*" >&2; }
nl_fail() { echo "[${NL_NAME:-netlab}${NL_ID:+ bdi$NL_ID} +$(nl__ts)s] FAIL: $*" >&2; exit 1; }
nl_skip() { echo "[${NL_NAME:-netlab}] SKIP: $*" >&2; exit 77; }
# seconds since nl_init, with one decimal (for timing assertions: nl_now, then compare)
nl_now()  { nl__ts; }
# milliseconds since nl_init, an integer
nl_now_ms() { local now=${EPOCHREALTIME/./}; echo $(((now - NL_T0) / 1000)); }

# ------------------------------------------------------------------- preconditions
# Skip (exit 77) unless we are root and have the tools; the lab itself is made by nl_up.
nl_require() {
  [ "$(id -u)" = 0 ] || nl_skip "needs root (network namespaces)"
  local tool
  for tool in ip flock tshark "$NL_PY" "$@"; do
    command -v "$tool" >/dev/null 2>&1 ||
      nl_skip "$tool is not installed (scripts/install-deps.sh lab installs the lab's tools)"
  done
}

nl_init() {
  NL_NAME=$1
  NL_WORK=${2:-$PWD/$1}
  case "$NL_WORK" in /|"") nl_fail "refusing work dir '$NL_WORK'" ;; esac
  rm -rf "$NL_WORK"
  mkdir -p "$NL_WORK"
  NL_WORK=$(cd "$NL_WORK" && pwd)
  NL_T0=${EPOCHREALTIME/./}
  trap 'nl__on_exit' EXIT
  trap 'nl_log "interrupted"; exit 130' INT
  trap 'nl_log "terminated"; exit 143' TERM
}

nl__on_exit() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  nl_down
  if [ "$rc" -eq 0 ]; then
    nl_log "${NL_DONE_MSG:-PASS}"
  elif [ "$rc" -eq 77 ]; then
    :
  else
    nl_log "exit $rc; artifacts kept in $NL_WORK"
  fi
  exit "$rc"
}

# -------------------------------------------------------------------- small helpers
nl_ns()    { echo "${NL_PREFIX}$1"; }
nl__net_of() { local h=${1#h}; if [ "$NL_SPLIT" -gt 0 ] && [ "$h" -gt "$NL_SPLIT" ]; then echo "$NL_NET2"; else echo "$NL_NET"; fi; }
nl_ip()    { local h=${1#h}; echo "$(nl__net_of "$h").$((10 + h))"; }
nl_bcast() { echo "$(nl__net_of "${1:-h1}").255"; }
nl_hostdir() { mkdir -p "$NL_WORK/$1"; echo "$NL_WORK/$1"; }

nl__ns_exists() { [ -e "/run/netns/$1" ]; }

nl__need_host() {
  [ -n "$NL_ID" ] || nl_fail "no lab (call nl_up first)"
  [ "$1" = sw ] && return 0
  [ "$1" = rt ] && [ -n "$NL_NET2" ] && return 0
  [[ "$1" =~ ^h[0-9]+$ ]] && [ "${1#h}" -ge 1 ] && [ "${1#h}" -le "$NL_HOSTS" ] ||
    nl_fail "no host '$1' in this lab (h1..h$NL_HOSTS)"
}

# the process start time (clock ticks since boot), to tell a pid from a recycled one
nl__starttime() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

# pid alive (not a zombie) and in namespace $2
nl__pid_in_ns() {
  local pid=$1 ns=$2 state
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != Z ] || return 1
  [ "$(ip netns identify "$pid" 2>/dev/null)" = "$ns" ]
}

# poll "$@" every 0.2 s (NL_POLL_INTERVAL) until it succeeds (0) or TIMEOUT seconds pass (1)
nl_poll() {
  local timeout=$1; shift
  local end=$((${EPOCHREALTIME/./} + $(nl__usec "$timeout")))
  while :; do
    if "$@"; then return 0; fi
    [ "${EPOCHREALTIME/./}" -lt "$end" ] || return 1
    sleep "${NL_POLL_INTERVAL:-0.2}"
  done
}

# seconds ("12", "2.5") -> microseconds
nl__usec() {
  local int=${1%%.*} frac=0
  [[ "$1" == *.* ]] && frac=${1#*.}000000 && frac=$((10#${frac:0:6}))
  echo $((${int:-0} * 1000000 + frac))
}

# nl_wait_for TIMEOUT "what we wait for" CMD...: poll, fail the test with a clear message.
# While it waits, a browserd this lab started that dies fails the test at once.
nl_wait_for() {
  local timeout=$1 what=$2; shift 2
  local t0=${EPOCHREALTIME/./}
  if nl_poll "$timeout" nl__guarded "$@"; then
    local dt=$(((${EPOCHREALTIME/./} - t0) / 100000))
    nl_log "ok after $((dt / 10)).$((dt % 10))s: $what"
    return 0
  fi
  nl_fail "timed out after ${timeout}s waiting for: $what"
}
nl__guarded() { nl_browserd_guard; "$@"; }

# nl_observe SECONDS "what must hold" CMD...: CMD must keep succeeding for the whole period
# (checked every NL_POLL_INTERVAL, default 5 s here); the first failure fails the test
nl_observe() {
  local secs=$1 what=$2; shift 2
  nl_log "observing for ${secs}s: $what"
  if NL_POLL_INTERVAL=${NL_POLL_INTERVAL:-5} nl_poll "$secs" nl__violated "$@"; then
    nl_fail "no longer true after $(nl_now)s: $what"
  fi
  nl_log "held for ${secs}s: $what"
}
nl__violated() { nl_browserd_guard; ! "$@"; }

# Note: after a pipe this file uses `grep -c PATTERN > /dev/null`, never `grep -q`: with
# pipefail, grep -q's early exit can kill the writer with SIGPIPE and turn a match into a failure.

# true when FILE contains a line matching the extended regex
nl_file_has() { [ -f "$2" ] && grep -Eq -- "$1" "$2"; }

# ------------------------------------------------------------- instance allocation
nl__owner_alive() {  # bdi dir -> 0 if the shell that owns it still runs
  local dir=$1 pid st
  [ -f "$dir/owner" ] || return 1
  read -r pid st < "$dir/owner" || return 1
  [ -d "/proc/$pid" ] && [ "$(nl__starttime "$pid")" = "$st" ] &&
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]
}

# stop what a dead lab left behind: its recorded pids, then anything still inside its own
# namespaces (descendants of those pids), then the namespaces themselves
nl__reclaim() {
  local id=$1 dir=$NL_STATE_ROOT/bdi$1 pid ns what ns_name
  echo "[netlab] reclaiming lab bdi$id left by a dead owner" >&2
  if [ -f "$dir/pids" ]; then
    while read -r pid ns what; do
      nl__pid_in_ns "$pid" "$ns" && kill -KILL "$pid" 2>/dev/null || true
    done < "$dir/pids"
  fi
  for ns_name in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^bdi${id}-(sw|rt|h[0-9]+)\$"); do
    for pid in $(ip netns pids "$ns_name" 2>/dev/null); do
      nl__pid_in_ns "$pid" "$ns_name" && kill -KILL "$pid" 2>/dev/null || true
    done
    ip netns del "$ns_name" 2>/dev/null || true
  done
  rm -rf "$dir"
}

nl__allocate() {
  mkdir -p "$NL_STATE_ROOT"
  local lockfd id dir me=$BASHPID   # the shell that owns the lab (not a $(...) subshell)
  exec {lockfd}>"$NL_STATE_ROOT/lock"
  flock -w 60 "$lockfd" || nl_fail "cannot lock $NL_STATE_ROOT/lock"
  for id in $(seq 1 250); do
    dir=$NL_STATE_ROOT/bdi$id
    if [ -d "$dir" ]; then
      nl__owner_alive "$dir" && continue
      nl__reclaim "$id"
    fi
    # a namespace with our prefix that we have no record of: not ours, leave it alone
    ip netns list 2>/dev/null | awk '{print $1}' | grep -c "^bdi${id}-" > /dev/null && continue
    mkdir "$dir"
    echo "$me $(nl__starttime "$me")" > "$dir/owner"
    : > "$dir/pids"
    NL_ID=$id
    break
  done
  exec {lockfd}>&-
  [ -n "$NL_ID" ] || nl_fail "no free lab instance (1..250)"
  NL_PREFIX="bdi${NL_ID}-"
  NL_NET="$NL_NET_BASE.$NL_ID"
}

# -------------------------------------------------------------------------- nl_up
nl_up() {
  local n=${1:?nl_up N}
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 100 ] || nl_fail "nl_up: N must be 1..100"
  [ -n "$NL_WORK" ] || nl_fail "call nl_init first"
  [ -z "$NL_ID" ] || nl_fail "this shell already has lab bdi$NL_ID"
  nl__allocate
  NL_HOSTS=$n
  local sw i ns
  sw=$(nl_ns sw)
  # any failing command aborts the test (set -e); the EXIT trap deletes what was made
  ip netns add "$sw"
  ip netns exec "$sw" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$sw" link set lo up
  ip -n "$sw" link add "$NL_BRIDGE" type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  ip -n "$sw" link set "$NL_BRIDGE" up
  for i in $(seq "$n"); do nl__add_host "$i" "$NL_BRIDGE"; done
  nl__check_isolation
  for i in $(seq "$n"); do
    nl_poll 5 nl__link_up "h$i" || nl_fail "lab0 of h$i has no carrier"
  done
  nl_log "lab up: $n host(s) on $NL_NET.0/24, namespaces ${NL_PREFIX}sw ${NL_PREFIX}h1..h$n, work dir $NL_WORK"
}

# nl__new_ns NAME: a namespace with lo up and IPv6 off
nl__new_ns() {
  ip netns add "$1"
  ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$1" link set lo up
}

# nl__add_host I BRIDGE: host hI, its lab0 on BRIDGE of the switch namespace
nl__add_host() {
  local i=$1 br=$2 sw ns
  sw=$(nl_ns sw)
  ns=$(nl_ns "h$i")
  nl__new_ns "$ns"
  # both ends are born inside their namespaces: "port$i" in the switch, lab0 in the host
  ip -n "$sw" link add "port$i" type veth peer name "$NL_IFACE" netns "$ns"
  ip -n "$sw" link set "port$i" master "$br"
  ip -n "$sw" link set "port$i" up
  ip -n "$ns" addr add "$(nl_ip "h$i")/24" brd + dev "$NL_IFACE"
  ip -n "$ns" link set "$NL_IFACE" up
  # limited broadcast has no route without a default route: pin it to the lab link
  ip -n "$ns" route add 255.255.255.255/32 dev "$NL_IFACE"
  nl__client_conf "h$i"
}

# nl_up_routed NA NB: the LAN of nl_up NA (h1..hNA on $NL_NET.0/24, bridge br0), a second
# bridge br1 with h(NA+1)..h(NA+NB) on $NL_NET2.0/24, and a router namespace "rt" with
# $NL_NET.1 and $NL_NET2.1 that forwards unicast between them (never a broadcast: that is
# what browsing across subnets is about). Each host gets a route to the other subnet via
# its side of the router, still no default route.
nl_up_routed() {
  local na=${1:?nl_up_routed NA NB} nb=${2:?nl_up_routed NA NB} i sw rt side net br
  [[ "$nb" =~ ^[0-9]+$ ]] && [ "$nb" -ge 1 ] && [ $((na + nb)) -le 100 ] ||
    nl_fail "nl_up_routed: NB must be 1..(100 - NA)"
  nl_up "$na"
  NL_SPLIT=$na
  NL_NET2="$NL_NET2_BASE.$NL_ID"
  NL_HOSTS=$((na + nb))
  sw=$(nl_ns sw)
  rt=$(nl_ns rt)
  ip -n "$sw" link add br1 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
  ip -n "$sw" link set br1 up
  for i in $(seq $((na + 1)) $((na + nb))); do nl__add_host "$i" br1; done
  nl__new_ns "$rt"
  for side in 0 1; do
    net=$NL_NET; br=$NL_BRIDGE
    [ "$side" = 1 ] && { net=$NL_NET2; br=br1; }
    ip -n "$sw" link add "rt$side" type veth peer name "lab$side" netns "$rt"
    ip -n "$sw" link set "rt$side" master "$br"
    ip -n "$sw" link set "rt$side" up
    ip -n "$rt" addr add "$net.1/24" brd + dev "lab$side"
    ip -n "$rt" link set "lab$side" up
  done
  ip netns exec "$rt" sysctl -qw net.ipv4.ip_forward=1
  for i in $(seq "$NL_HOSTS"); do
    if [ "$i" -le "$na" ]; then
      ip -n "$(nl_ns "h$i")" route add "$NL_NET2.0/24" via "$NL_NET.1"
    else
      ip -n "$(nl_ns "h$i")" route add "$NL_NET.0/24" via "$NL_NET2.1"
    fi
  done
  nl__check_isolation
  if ip -4 -o addr show | grep -c "inet $NL_NET2\." > /dev/null; then
    nl_fail "ISOLATION: a lab address ($NL_NET2.x) is configured in the root namespace"
  fi
  for i in $(seq $((na + 1)) "$NL_HOSTS"); do
    nl_poll 5 nl__link_up "h$i" || nl_fail "lab0 of h$i has no carrier"
  done
  nl_log "routed lab: h1..h$na on $NL_NET.0/24, h$((na + 1))..h$NL_HOSTS on $NL_NET2.0/24, router ${NL_PREFIX}rt"
}

nl__link_up() { ip -n "$(nl_ns "$1")" link show "$NL_IFACE" | grep -c 'state UP' > /dev/null; }

nl__check_isolation() {
  local i ns links
  if ip -4 -o addr show | grep -c "inet $NL_NET\." > /dev/null; then
    nl_fail "ISOLATION: a lab address ($NL_NET.x) is configured in the root namespace"
  fi
  if ip -o link show | grep -Ec ": (port[0-9]+|$NL_IFACE)[@:]" > /dev/null; then
    nl_fail "ISOLATION: a lab interface shows up in the root namespace"
  fi
  for i in $(seq "$NL_HOSTS"); do
    ns=$(nl_ns "h$i")
    links=$(ip -n "$ns" -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort | tr '\n' ' ')
    [ "$links" = "$NL_IFACE lo " ] || nl_fail "ISOLATION: h$i has links '$links', expected lab0 and lo"
    [ -z "$(ip -n "$ns" route show default)" ] || nl_fail "ISOLATION: h$i has a default route"
    [ -z "$(ip -n "$ns" -6 addr show 2>/dev/null)" ] || nl_fail "ISOLATION: h$i has IPv6 addresses"
    [ "$(ip netns exec "$ns" cat /proc/sys/net/ipv6/conf/all/disable_ipv6)" = 1 ] ||
      nl_fail "ISOLATION: IPv6 is not disabled in h$i"
    # an address off the lab must be unroutable (the kernel says so; nothing is sent)
    if ip -n "$ns" route get 192.0.2.1 >/dev/null 2>&1; then
      nl_fail "ISOLATION: h$i has a route to 192.0.2.1"
    fi
    ip -n "$ns" route get 255.255.255.255 | grep -c "dev $NL_IFACE" > /dev/null ||
      nl_fail "ISOLATION: 255.255.255.255 is not routed to lab0 in h$i"
  done
}

# client smb.conf for nmblookup in HOST: broadcast resolution on lab0 only, state in the lab
nl__client_conf() {
  local h=$1 d
  d=$(nl_hostdir "$h")/client
  mkdir -p "$d"/{lock,state,cache,private,log}
  chmod 0700 "$d/private"
  cat > "$d/smb.conf" <<EOF
[global]
	workgroup = $NL_WORKGROUP
	netbios name = $(echo "$h" | tr a-z A-Z)C
	interfaces = $NL_IFACE
	bind interfaces only = yes
	name resolve order = bcast
	disable netbios = no
	lock directory = $d/lock
	state directory = $d/state
	cache directory = $d/cache
	private dir = $d/private
	pid directory = $d/lock
	logging = file
	log file = $d/log/client.log
EOF
}

# --------------------------------------------------------------------- running things
nl_exec() {
  local h=$1; shift
  nl__need_host "$h"
  ip netns exec "$(nl_ns "$h")" "$@"
}

nl_nmblookup() {
  local h=$1; shift
  nl_exec "$h" nmblookup -s "$NL_WORK/$h/client/smb.conf" "$@"
}

nl_probe() {
  local h=$1; shift
  nl_exec "$h" "$NL_PY" "$NL_PROBE" -i "$NL_IFACE" "$@"
}

nl__record() {  # pid ns what
  NL_PID_NS[$1]=$2
  NL_PID_WHAT[$1]=$3
  echo "$1 $2 $3" >> "$NL_STATE_ROOT/bdi$NL_ID/pids"
}

# nl_spawn HOST LOGFILE CMD...: background CMD in HOST, stdout+stderr to LOGFILE
nl_spawn() {
  local h=$1 log=$2; shift 2
  nl__need_host "$h"
  local ns
  ns=$(nl_ns "$h")
  mkdir -p "$(dirname "$log")"
  # `ip netns exec` execs CMD in place, so $! is CMD's own pid
  ip netns exec "$ns" "$@" > "$log" 2>&1 < /dev/null &
  NL_LAST_PID=$!
  nl__record "$NL_LAST_PID" "$ns" "$(basename "$1")@$h"
  nl_poll 5 nl__pid_in_ns "$NL_LAST_PID" "$ns" ||
    nl_fail "$(basename "$1") in $h exited at once (log $log): $(tail -5 "$log" 2>/dev/null)"
}

# nl_stop PID [SIGNAL] [TIMEOUT]: signal a pid this lab started (only while it is still in its
# namespace), wait for it to end (KILL after TIMEOUT s, default 10); exit status in NL_LAST_STATUS
nl_stop() {
  local pid=$1 sig=${2:-TERM} timeout=${3:-10}
  local ns=${NL_PID_NS[$pid]:-}
  NL_LAST_STATUS=""
  [ -n "$ns" ] || nl_fail "nl_stop: pid $pid was not started by this lab"
  if nl__pid_in_ns "$pid" "$ns"; then
    kill "-$sig" "$pid" 2>/dev/null || true
    if ! nl_poll "$timeout" nl__gone "$pid" "$ns"; then
      nl_log "pid $pid (${NL_PID_WHAT[$pid]}) ignored SIG$sig for ${timeout}s: KILL"
      nl__pid_in_ns "$pid" "$ns" && kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # our own child: reap it and keep its exit status
  if wait "$pid" 2>/dev/null; then NL_LAST_STATUS=0; else NL_LAST_STATUS=$?; fi
  unset "NL_PID_NS[$pid]" "NL_PID_WHAT[$pid]"
}
nl__gone() { ! nl__pid_in_ns "$1" "$2"; }

# is a lab pid still running?
nl_running() { local ns=${NL_PID_NS[$1]:-}; [ -n "$ns" ] && nl__pid_in_ns "$1" "$ns"; }

# -------------------------------------------------------------------------- capture
# nl_capture HOST FILE: tshark on HOST's lab0 ("sw": on the bridge, seeing every host)
nl_capture() {
  local h=$1 file=$2 ifc=$NL_IFACE log
  [ "$h" = sw ] && ifc=$NL_BRIDGE
  nl__need_host "$h"
  [ -z "${NL_CAPTURE[$h]:-}" ] || nl_fail "a capture already runs on $h"
  mkdir -p "$(dirname "$file")"
  rm -f "$file"
  log=$NL_WORK/$h/capture.log
  nl_spawn "$h" "$log" tshark -q -n -i "$ifc" -f "$NL_CAP_FILTER" -w "$file"
  NL_CAPTURE[$h]=$NL_LAST_PID
  nl_wait_for 20 "tshark capturing on $h:$ifc" nl_file_has 'Capturing on' "$log"
}

nl_capture_stop() {
  local h=$1 pid=${NL_CAPTURE[$1]:-}
  [ -n "$pid" ] || return 0
  nl_stop "$pid" INT 10
  unset "NL_CAPTURE[$h]"
}

# nl_tshark FILE [tshark args...]: read a capture (offline, outside the lab)
nl_tshark() { local f=$1; shift; tshark -n -r "$f" "$@" 2>/dev/null; }

# ------------------------------------------------------------------------------ nmbd
# nl_samba_conf HOST WORKGROUP [smb.conf line...]: HOST/samba/smb.conf for a Samba daemon of
# the lab (nmbd, smbd), state and logs under HOST/samba; later lines override the defaults
nl_samba_conf() {
  local h=$1 wg=$2; shift 2
  nl__need_host "$h"
  local d name
  d=$(nl_hostdir "$h")/samba
  name=$(echo "$h" | tr a-z A-Z)
  mkdir -p "$d"/{lock,state,cache,run,private,ncalrpc,log}
  chmod 0700 "$d/private"
  {
    cat <<EOF
[global]
	netbios name = $name
	workgroup = $wg
	server string = netlab $name
	interfaces = $NL_IFACE
	bind interfaces only = yes
	local master = yes
	os level = 20
	preferred master = no
	domain master = no
	lock directory = $d/lock
	state directory = $d/state
	cache directory = $d/cache
	pid directory = $d/run
	private dir = $d/private
	ncalrpc dir = $d/ncalrpc
	logging = file
	log level = 3
	max log size = 0
	debug hires timestamp = yes
	dns proxy = no
	wins support = no
	name resolve order = bcast
	disable netbios = no
	server role = standalone server
	load printers = no
	disable spoolss = yes
EOF
    local line
    for line in "$@"; do printf '\t%s\n' "$line"; done
  } > "$d/smb.conf"
  testparm -s "$d/smb.conf" > /dev/null 2> "$d/testparm.err" ||
    nl_fail "testparm rejected $d/smb.conf: $(cat "$d/testparm.err")"
}

# nl_start_nmbd HOST WORKGROUP [smb.conf line...]: later lines override the defaults
nl_start_nmbd() {
  local h=$1 d
  nl_samba_conf "$@"
  d=$NL_WORK/$h/samba
  nl_spawn "$h" "$d/log/nmbd.stdout" /usr/sbin/nmbd --foreground --no-process-group \
    -s "$d/smb.conf" -l "$d/log"
  NL_NMBD[$h]=$NL_LAST_PID
  nl_wait_for 20 "nmbd in $h listening on UDP 137/138" nl__udp_bound "$h" 138
}

# nl_start_smbd HOST: Samba smbd with HOST's smb.conf (nl_samba_conf or nl_start_nmbd
# wrote it); pid in NL_LAST_PID. setsid: smbd and the samba-dcerpcd it starts signal their
# whole process group when they stop, which must not be the test's.
nl_start_smbd() {
  local h=$1 d
  d=$NL_WORK/$h/samba
  [ -f "$d/smb.conf" ] || nl_fail "no smb.conf for $h (nl_samba_conf first)"
  nl_spawn "$h" "$d/log/smbd.stdout" setsid /usr/sbin/smbd --foreground --no-process-group \
    -s "$d/smb.conf" -l "$d/log"
  nl_wait_for 20 "smbd in $h listening on TCP 139" nl__tcp_bound "$h" 139
}

# nl_smb_lists HOST ADDRESS NAME COMMENT [OPTION...]: `smbclient -L ADDRESS -N` over SMB1
# from HOST (extra smbclient options after) lists server NAME with COMMENT (regexes). The
# output stays in NL_LAST_OUT for the failure message.
nl_smb_lists() {
  local h=$1 addr=$2 name=$3 comment=$4; shift 4
  NL_LAST_OUT=$NL_WORK/smbclient-$h-$addr.txt
  nl_exec "$h" smbclient -s "$NL_WORK/$h/client/smb.conf" -L "$addr" -N \
    --option='client min protocol=NT1' "$@" > "$NL_LAST_OUT" 2>&1 || true
  grep -Eq "^[[:space:]]+$name[[:space:]]+$comment" "$NL_LAST_OUT"
}

nl__tcp_bound() { nl_exec "$1" ss -Hltn "sport = :$2" | grep -c . > /dev/null; }
nl__udp_bound() { nl_exec "$1" ss -Hlun "sport = :$2" | grep -c . > /dev/null; }
nl_nmbd_log() { echo "$NL_WORK/$1/samba/log/log.nmbd"; }
nl_nmbd_is_master() { nl_file_has 'is now a local master browser' "$(nl_nmbd_log "$1")"; }

# --------------------------------------------------------------------------- browserd
NL_BROWSERD_BIN=${NL_BROWSERD_BIN:-}

# nl_browserd_conf HOST NAME [key=value...]: writes HOST's config (values are libconfig
# literals: os_level=65, preferred_master=true, workgroup='"OTHER"'); prints its path
nl_browserd_conf() {
  local h=$1 name=$2; shift 2
  local d
  d=$(nl_hostdir "$h")/browserd
  mkdir -p "$d/state"
  declare -A kv=(
    [workgroup]="\"$NL_WORKGROUP\""
    [netbios_name]="\"$name\""
    [server_string]="\"browserd on $name (netlab)\""
    [interfaces]="[\"$NL_IFACE\"]"
    [os_level]=20
    [preferred_master]=false
    [local_master]=true
    [domain_master]=false
    [state_dir]="\"$d/state\""
    [control_socket]="\"$NL_STATE_ROOT/bdi$NL_ID/$h.control\""   # short: sun_path holds 107
    [user]='""'
    [log_level]='"info"'
  )
  local order=(workgroup netbios_name server_string interfaces os_level preferred_master
               local_master domain_master state_dir control_socket user log_level)
  local pair key
  for pair in "$@"; do
    key=${pair%%=*}
    [ -n "${kv[$key]+x}" ] || order+=("$key")
    kv[$key]=${pair#*=}
  done
  {
    echo "# written by tests/interop/netlab.sh for $h"
    for key in "${order[@]}"; do echo "$key = ${kv[$key]};"; done
  } > "$d/browserd.conf"
  echo "$d/browserd.conf"
}

nl_need_browserd() {
  [ -n "$NL_BROWSERD_BIN" ] || nl_fail "no browserd binary given (NL_BROWSERD_BIN)"
  [ -x "$NL_BROWSERD_BIN" ] || nl_fail "browserd is not built: $NL_BROWSERD_BIN does not exist"
}

# nl_start_browserd HOST CONF [ARG...]: foreground daemon, stderr to HOST/browserd/browserd.log
# (appended, so a restart keeps the earlier lines)
nl_start_browserd() {
  local h=$1 conf=$2; shift 2
  nl_need_browserd
  local log
  log=$(nl_hostdir "$h")/browserd/browserd.log
  mkdir -p "$(dirname "$log")"
  local ns
  ns=$(nl_ns "$h")
  echo "=== netlab: start $(date +%T.%N)" >> "$log"
  ip netns exec "$ns" "$NL_BROWSERD_BIN" -c "$conf" -f "$@" >> "$log" 2>&1 < /dev/null &
  NL_LAST_PID=$!
  nl__record "$NL_LAST_PID" "$ns" "browserd@$h"
  NL_BROWSERD[$h]=$NL_LAST_PID
  nl_poll 5 nl__pid_in_ns "$NL_LAST_PID" "$ns" ||
    nl_fail "browserd in $h exited at once: $(tail -20 "$log")"
}

nl_browserd_log() { echo "$NL_WORK/$1/browserd/browserd.log"; }
nl_state_file() { echo "$NL_WORK/$1/browserd/state/${2:-$NL_IFACE}-${3:-$NL_WORKGROUP}.json"; }

# the log lines of the current run (after the last "=== netlab: start" marker)
nl_browserd_log_since_start() {
  awk '/^=== netlab: start/{buf=""; next} {buf=buf $0 "\n"} END{printf "%s", buf}' "$1"
}
nl_browserd_has() {  # HOST REGEX: the log of the current run has a matching line
  local log
  log=$(nl_browserd_log "$1")
  [ -f "$log" ] && nl_browserd_log_since_start "$log" | grep -Ec -- "$2" > /dev/null
}
nl_browserd_count() {  # HOST REGEX: number of matching lines in the current run
  local log
  log=$(nl_browserd_log "$1")
  [ -f "$log" ] || { echo 0; return 0; }
  nl_browserd_log_since_start "$log" | grep -Ec -- "$2" || true
}
# the contract's stable event lines (a prefix such as a timestamp is tolerated)
nl_re_role()    { echo "$NL_IFACE $NL_WORKGROUP: role [a-z-]+ -> ${1:-[a-z-]+}( |\$)"; }
nl_re_master()  { echo "$NL_IFACE $NL_WORKGROUP: master is ${1:-[A-Za-z0-9_.-]+}( |\$)"; }
nl_re_added()   { echo "$NL_IFACE $NL_WORKGROUP: server added $1( |\$)"; }
nl_re_removed() { echo "$NL_IFACE $NL_WORKGROUP: server removed $1( |\$)"; }
nl_browserd_is_master() { nl_browserd_has "$1" "$(nl_re_role master)"; }

# fail at once when a browserd this lab started is no longer running
nl_browserd_guard() {
  local h pid st
  for h in "${!NL_BROWSERD[@]}"; do
    pid=${NL_BROWSERD[$h]}
    nl_running "$pid" && continue
    st=0
    wait "$pid" 2>/dev/null || st=$?
    unset "NL_BROWSERD[$h]" "NL_PID_NS[$pid]" "NL_PID_WHAT[$pid]"
    nl_fail "browserd in $h died (exit status $st); last lines of $(nl_browserd_log "$h"):
$(tail -n 20 "$(nl_browserd_log "$h")")"
  done
}

# fail when HOST's browserd log shows a sanitizer report
nl_browserd_check_log() {
  local log
  log=$(nl_browserd_log "$1")
  if grep -Eq 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:|SUMMARY: [A-Za-z]*Sanitizer' "$log"; then
    nl_fail "browserd in $1 reported a sanitizer error ($log):
$(grep -E -m 20 -A 3 'Sanitizer|runtime error:' "$log")"
  fi
}

# nl_browserd_stop HOST: SIGTERM, require exit status 0 and a clean log
nl_browserd_stop() {
  local h=$1 pid=${NL_BROWSERD[$1]:-}
  [ -n "$pid" ] || nl_fail "no browserd of this lab runs in $h"
  nl_browserd_guard
  nl_stop "$pid" TERM 20
  unset "NL_BROWSERD[$h]"
  nl_browserd_check_log "$h"
  [ "$NL_LAST_STATUS" = 0 ] ||
    nl_fail "browserd in $h exited with status $NL_LAST_STATUS on SIGTERM; last lines:
$(tail -n 20 "$(nl_browserd_log "$h")")"
  nl_log "browserd in $h stopped by SIGTERM, exit status 0"
}

# nl_state HOST EXPR: evaluate a Python expression over the state file's JSON (s) and print it;
# fails (1) when the file is missing or not JSON. Example: nl_state h1 'len(s["servers"])'
nl_state() {
  local f
  f=$(nl_state_file "$1")
  [ -f "$f" ] || return 1
  "$NL_PY" - "$f" "$2" <<'EOF'
import json, sys
with open(sys.argv[1]) as fh:
    s = json.load(fh)
names = [e["name"].upper() for e in s.get("servers", [])]
r = eval(sys.argv[2], {"s": s, "names": names})
print(r if not isinstance(r, bool) else ("true" if r else "false"))
sys.exit(0 if r is not False else 1)
EOF
}
# true when the state file lists server NAME (false when missing/unreadable)
nl_state_has_server()   { nl_state "$1" "'$2'.upper() in names" >/dev/null 2>&1; }
nl_state_lacks_server() { nl_state "$1" "'$2'.upper() not in names" >/dev/null 2>&1; }

# --------------------------------------------------------------------------- nl_down
nl_down() {
  [ -n "$NL_ID" ] || return 0
  local h pid ns i
  for h in "${!NL_CAPTURE[@]}"; do nl_capture_stop "$h"; done
  for pid in "${!NL_PID_NS[@]}"; do nl_stop "$pid" TERM 5; done
  NL_BROWSERD=(); NL_NMBD=()
  # anything still inside our namespaces was forked by a process we started
  for ns in $(nl_ns sw) $(nl_ns rt) $(for i in $(seq "$NL_HOSTS"); do nl_ns "h$i"; done); do
    nl__ns_exists "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      if nl__pid_in_ns "$pid" "$ns"; then
        nl_log "stopping leftover pid $pid ($(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-60)) in $ns"
        kill -TERM "$pid" 2>/dev/null || true
        nl_poll 3 nl__gone "$pid" "$ns" || { nl__pid_in_ns "$pid" "$ns" && kill -KILL "$pid" 2>/dev/null; } || true
      fi
    done
  done
  for i in $(seq "$NL_HOSTS"); do
    ns=$(nl_ns "h$i")
    nl__ns_exists "$ns" && ip netns del "$ns"
  done
  for ns in $(nl_ns rt) $(nl_ns sw); do
    nl__ns_exists "$ns" && ip netns del "$ns"
  done
  rm -rf "${NL_STATE_ROOT:?}/bdi$NL_ID"
  nl_log "lab down"
  NL_ID=""
}
