#!/usr/bin/env bash
# build-deb.sh [OUTDIR]: build the Debian package of browserd from this checkout, without
# touching it: the source (no build directories, no .git) is copied to a temporary
# directory, packaging/debian becomes debian/ there, and `dpkg-buildpackage -us -uc -b`
# runs in it. The .deb, .buildinfo and .changes land in OUTDIR (default build-pkg/deb).
# Needs: debhelper devscripts dpkg-dev fakeroot and the Build-Depends of debian/control
# (`dpkg-checkbuilddeps` says which are missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-pkg/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/browserd
mkdir "$src"
# only what is in the source tree proper: build trees and VCS data stay behind
tar -C "$root" --exclude='./.git' --exclude='./build*' --exclude='./out' -cf - . |
  tar -C "$src" -xf -
rm -rf "$src/debian"
cp -r "$src/packaging/debian" "$src/debian"

(cd "$src" && dpkg-buildpackage -us -uc -b)
rm -f "$out"/browserd_*.deb "$out"/browserd-dbgsym_*.deb "$out"/browserd_*.buildinfo \
  "$out"/browserd_*.changes
cp "$tmp"/browserd_*.deb "$tmp"/*.buildinfo "$tmp"/*.changes "$out"/
cp "$tmp"/browserd-dbgsym_*.deb "$out"/ 2>/dev/null || true
ls -1 "$out"
