#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (run as root): installs the Debian
# packages that are missing, then builds and tests three ways:
#   build/           -Werror, ASan+UBSan: every ctest label (unit, fuzz replay, oracle, ...)
#   build-valgrind/  -Werror, no sanitizers: the unit tests under valgrind memcheck
#   build-fuzz/      clang + libFuzzer: the fuzz targets build (a short fuzz run is issue 8's)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(build-essential cmake pkg-config libglib2.0-dev libconfig-dev libcunit1-dev
          libjson-glib-dev tshark valgrind clang libclang-rt-14-dev)

install_missing_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: missing packages (${missing[*]}); run as root to install them" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

jobs=$(nproc)
install_missing_packages

echo "== build/ (ASan+UBSan, -Werror): all tests"
cmake -S . -B build -DBROWSERD_WERROR=ON -DBROWSERD_SANITIZE=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build-valgrind/ (valgrind memcheck): unit tests"
cmake -S . -B build-valgrind -DBROWSERD_WERROR=ON -DBROWSERD_VALGRIND=ON >/dev/null
cmake --build build-valgrind -j"$jobs"
ctest --test-dir build-valgrind --output-on-failure -j"$jobs" -L unit

echo "== build-fuzz/ (clang, libFuzzer): fuzz targets"
CC=clang cmake -S . -B build-fuzz -DBROWSERD_WERROR=ON -DBROWSERD_SANITIZE=ON \
  -DBROWSERD_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L fuzz
