#!/usr/bin/env bash
# test-package.sh: the operator's path through the Debian package, on this machine (root).
#  1. build the .deb (build-deb.sh) and `apt-get install` it;
#  2. `browserd --check-config -c /etc/browserd/browserd.conf` fails, since the packaged
#     file names no interface, and passes once the operator's one edit names one;
#  3. the INSTALLED browserd runs for a few seconds inside a network namespace of its own
#     (tests/interop/netlab.sh: the veth pair is born inside the lab's namespaces, the
#     real interfaces are never touched) with the packaged paths (user browserd,
#     /var/lib/browserd, /run/browserd/control), and the installed browsectl queries it;
#  4. `apt-get purge` leaves nothing behind but the browserd user and group (policy keeps
#     system users).
# lintian checks the build first: any tag not overridden (with its reason) in
# debian/browserd.lintian-overrides fails the test. The machine is left as it was found:
# the package purged, and the browserd user and group, which policy keeps, removed by the
# test when it was their installation that made them.
# The daemon is never started outside the namespace, and never through systemctl.
# Usage: packaging/test-package.sh [WORKDIR]  (default build-pkg/test-package)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/tests/interop/netlab.sh"
[ "$(id -u)" = 0 ] || nl_skip "needs root (apt-get, network namespaces)"
command -v ip >/dev/null || nl_skip "ip (iproute2) is not installed"
nl_init test-package "${1:-$root/build-pkg/test-package}"
debs=$NL_WORK/deb

# 1. build and install
"$root/packaging/build-deb.sh" "$debs" > "$NL_WORK/build-deb.log" 2>&1 ||
  nl_fail "build-deb.sh failed (log $NL_WORK/build-deb.log): $(tail -20 "$NL_WORK/build-deb.log")"
if dpkg -s browserd >/dev/null 2>&1; then nl_fail "browserd is already installed; purge it first"; fi
lint=$NL_WORK/lintian.txt
command -v lintian >/dev/null || nl_fail "lintian is not installed (scripts/install-deps.sh package)"
# the tags go to stdout (as root, lintian also warns on stderr that it is root)
lint_status=0
lintian -I --pedantic "$debs"/browserd_*.changes > "$lint" 2> "$NL_WORK/lintian.err" || lint_status=$?
[ ! -s "$lint" ] || nl_fail "lintian tags not overridden in debian/browserd.lintian-overrides:
$(cat "$lint")"
[ "$lint_status" = 0 ] || nl_fail "lintian failed ($lint_status): $(cat "$NL_WORK/lintian.err")"
nl_log "lintian -I --pedantic: no tag left (overrides in debian/browserd.lintian-overrides)"
had_user=0; getent passwd browserd >/dev/null && had_user=1
had_group=0; getent group browserd >/dev/null && had_group=1
# purge on the way out even when a check fails, then let netlab take the lab down and
# report with the status the script had
pkg_on_exit() {
  local rc=$?
  if dpkg -s browserd >/dev/null 2>&1; then apt-get purge -y browserd >/dev/null 2>&1; fi
  # the system user the package made stays after a purge (policy); the test made it
  if [ "$had_user" = 0 ] && getent passwd browserd >/dev/null; then userdel browserd; fi
  if [ "$had_group" = 0 ] && getent group browserd >/dev/null; then groupdel browserd; fi
  (exit "$rc")
  nl__on_exit
}
trap pkg_on_exit EXIT
# browserds of other labs may run on this machine: only one started from /usr/sbin counts
installed_browserd_runs() {
  local p
  for p in $(pgrep -x browserd); do
    [ "$(readlink "/proc/$p/exe" 2>/dev/null)" != /usr/sbin/browserd ] || return 0
  done
  return 1
}
apt-get install -y "$debs"/browserd_*_"$(dpkg --print-architecture)".deb > "$NL_WORK/install.log" 2>&1 ||
  nl_fail "apt-get install failed: $(tail -20 "$NL_WORK/install.log")"
nl_log "installed $(dpkg-query -W -f='${Package} ${Version}' browserd)"
for f in /usr/sbin/browserd /usr/bin/browsectl /etc/browserd/browserd.conf \
         /lib/systemd/system/browserd.service /usr/lib/sysusers.d/browserd.conf \
         /usr/lib/tmpfiles.d/browserd.conf /usr/share/man/man8/browserd.8.gz \
         /usr/share/man/man5/browserd.conf.5.gz /usr/share/man/man1/browsectl.1.gz \
         /usr/share/bash-completion/completions/browsectl /usr/share/doc/browserd/copyright \
         /usr/share/doc/browserd/SAMBA.md; do
  [ -e "$f" ] || nl_fail "the package did not install $f"
done
getent passwd browserd >/dev/null || nl_fail "postinst did not create the user browserd"
[ "$(stat -c %U:%a /var/lib/browserd)" = browserd:750 ] || nl_fail "/var/lib/browserd: $(stat -c %U:%a /var/lib/browserd)"
[ "$(stat -c %U:%a /run/browserd)" = browserd:750 ] || nl_fail "/run/browserd: $(stat -c %U:%a /run/browserd)"
grep -qx /etc/browserd/browserd.conf /var/lib/dpkg/info/browserd.conffiles ||
  nl_fail "/etc/browserd/browserd.conf is not a conffile"
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
  systemctl is-enabled --quiet browserd || nl_fail "browserd.service is not enabled"
  ! systemctl is-active --quiet browserd || nl_fail "the package started browserd.service"
else
  # no systemd running (a container): deb-systemd-helper still made the enablement link
  [ -L /etc/systemd/system/multi-user.target.wants/browserd.service ] ||
    nl_fail "browserd.service is not enabled"
fi
! installed_browserd_runs || nl_fail "a browserd runs after installation"

# 2. the packaged configuration refuses to run until an interface is named
out=$NL_WORK/check-packaged.txt
if /usr/sbin/browserd --check-config -c /etc/browserd/browserd.conf > "$out" 2>&1; then
  nl_fail "--check-config accepted the packaged file, which names no interface"
else
  status=$?
fi
[ "$status" = 1 ] || nl_fail "--check-config exited $status, not 1 (a configuration problem)"
grep -q 'interfaces is not set' "$out" || nl_fail "no clear message: $(cat "$out")"
grep -q 'interfaces up on this host' "$out" || nl_fail "no list of interfaces: $(cat "$out")"
nl_log "packaged config refused as expected: $(head -1 "$out")"
conf=/etc/browserd/browserd.conf
# the one edit an operator makes, in the conffile itself: name the interface (lab0, which
# exists only in the lab; the unit stays stopped, and the purge removes the edited file)
sed -i 's|^# interfaces = \[ "eth0" \];.*$|interfaces = [ "lab0" ];|' "$conf"
grep -q '^interfaces = \[ "lab0" \];$' "$conf" || nl_fail "could not edit the interfaces line"
nl_up 1
nl_exec h1 /usr/sbin/browserd --check-config -c "$conf" > "$NL_WORK/check-edited.txt" 2>&1 ||
  nl_fail "--check-config refused the edited file: $(cat "$NL_WORK/check-edited.txt")"
nl_log "edited config passes --check-config"

# 3. the installed daemon in the lab, as root so it drops to the packaged user itself
log=$NL_WORK/h1/browserd.log
nl_spawn h1 "$log" /usr/sbin/browserd -c "$conf" -f
pid=$NL_LAST_PID
nl_wait_for 10 "the control socket /run/browserd/control" test -S /run/browserd/control
nl_wait_for 10 "browserd runs as user browserd" \
  sh -c "[ \"\$(ps -o user= -p $pid)\" = browserd ]"
sleep 3
nl_running "$pid" || nl_fail "browserd exited: $(tail -20 "$log")"
st=$NL_WORK/status.txt
nl_exec h1 /usr/bin/browsectl status > "$st" 2>&1 || nl_fail "browsectl status failed: $(cat "$st")"
grep -q lab0 "$st" || nl_fail "browsectl status does not show lab0: $(cat "$st")"
nl_exec h1 /usr/bin/browsectl --json status > "$NL_WORK/status.json" 2>&1 ||
  nl_fail "browsectl --json status failed: $(cat "$NL_WORK/status.json")"
nl_exec h1 /usr/bin/browsectl servers > "$NL_WORK/servers.txt" 2>&1 ||
  nl_fail "browsectl servers failed: $(cat "$NL_WORK/servers.txt")"
nl_log "installed browsectl status:"
sed 's/^/    /' "$st" >&2
nl_stop "$pid" TERM 10
[ "$NL_LAST_STATUS" = 0 ] || nl_fail "browserd exited $NL_LAST_STATUS on SIGTERM: $(tail -20 "$log")"
nl_log "browserd stopped cleanly; state: $(ls /var/lib/browserd | tr '\n' ' ')"

# 4. purge: only the system user and group may stay
apt-get purge -y browserd > "$NL_WORK/purge.log" 2>&1 || nl_fail "apt-get purge failed: $(tail "$NL_WORK/purge.log")"
! dpkg -s browserd >/dev/null 2>&1 || nl_fail "browserd is still known to dpkg after purge"
left=""
for f in /usr/sbin/browserd /usr/bin/browsectl /etc/browserd /var/lib/browserd /run/browserd \
         /lib/systemd/system/browserd.service /usr/lib/sysusers.d/browserd.conf \
         /usr/lib/tmpfiles.d/browserd.conf /usr/share/doc/browserd \
         /usr/share/bash-completion/completions/browsectl \
         /etc/systemd/system/multi-user.target.wants/browserd.service \
         /var/lib/systemd/deb-systemd-helper-enabled/browserd.service.dsh-also; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || left="$left $f"
done
[ -z "$left" ] || nl_fail "left after purge:$left"
getent passwd browserd >/dev/null || nl_fail "purge removed the system user browserd (policy keeps it)"
nl_log "kept after purge (policy): the system user and group browserd$([ "$had_user" = 1 ] ||
  echo '; the test removes them on exit, as it made them')"
nl_log "PASS: install, check-config, run in the lab, browsectl, purge"
