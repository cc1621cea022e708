#!/usr/bin/env bash
# Install the Debian 12 packages the project needs that are missing, by profile:
#   build    compile the daemon and its libraries
#   test     build + what scripts/test.sh runs (CUnit, tshark oracle, valgrind, clang/libFuzzer)
#   lab      the network-namespace LAN of tests/interop and scripts/demo.sh: Samba nmbd and
#            nmblookup as peers, tshark, iproute2, the system python3
#   package  build + the Debian packaging tools packaging/test-package.sh uses
#            (dpkg-buildpackage, debhelper, lintian)
# Usage: scripts/install-deps.sh PROFILE...   (as root when something is missing)
#
# Samba is installed with its services held back (policy-rc.d) and, if this script installed
# it, left disabled: its nmbd must never run in the root namespace, where it would broadcast on
# the real network. The lab starts its own nmbd processes inside network namespaces only.
set -euo pipefail

me=$(basename "$0")
PKG_BUILD=(build-essential cmake pkg-config libglib2.0-dev libconfig-dev libjson-glib-dev scdoc)
PKG_TEST=("${PKG_BUILD[@]}" libcunit1-dev tshark valgrind clang libclang-rt-14-dev)
PKG_LAB=(iproute2 python3 tshark samba samba-common-bin smbclient nmap)
PKG_PACKAGE=("${PKG_BUILD[@]}" debhelper devscripts dpkg-dev fakeroot lintian)

[ $# -ge 1 ] || { echo "usage: $me build|test|lab|package ..." >&2; exit 2; }
wanted=()
for profile in "$@"; do
  case "$profile" in
    build) wanted+=("${PKG_BUILD[@]}") ;;
    test)  wanted+=("${PKG_TEST[@]}") ;;
    lab)   wanted+=("${PKG_LAB[@]}") ;;
    package) wanted+=("${PKG_PACKAGE[@]}") ;;
    *) echo "$me: unknown profile '$profile' (build, test, lab, package)" >&2; exit 2 ;;
  esac
done

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -c "install ok installed" > /dev/null; }

missing=()
for p in "${wanted[@]}"; do
  installed "$p" || [[ " ${missing[*]-} " == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "$me: missing packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi

new_samba=0
[[ " ${missing[*]} " == *" samba "* ]] && new_samba=1

# Hold every service back while installing (a no-op when the machine already has a
# policy-rc.d: that one is left alone).
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# written by browserd %s during apt-get install; removed afterwards\nexit 101\n' \
    "$me" > "$policy"
  chmod 0755 "$policy"
  own_policy=1
fi
cleanup() { if [ "$own_policy" = 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

echo "$me: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

if [ "$new_samba" = 1 ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  # installed for the lab only: never start Samba's services in the root namespace at boot
  systemctl disable nmbd smbd samba-ad-dc >/dev/null 2>&1 || true
  echo "$me: Samba's nmbd/smbd services disabled (the lab runs its own, in namespaces)"
fi
