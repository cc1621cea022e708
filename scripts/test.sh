#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine (run as root): installs the Debian
# packages that are missing (scripts/install-deps.sh), then builds and tests four ways:
#   build/           -Werror, ASan+UBSan: unit, sim, fuzz replay, oracle, then the interop
#                    labs (network namespaces only) on their own so their timings hold
#   build-valgrind/  -Werror, no sanitizers: the unit tests under valgrind memcheck
#   build-fuzz/      clang + libFuzzer: the fuzz targets build and replay their corpora
#                    (and the unit tests run under clang's sanitizers), then each target
#                    fuzzes for FUZZ_SECONDS (default 60; 0 skips) from its corpus
#   build-rel/       -Werror at -O2 (Release): the benchmarks run (results: BENCHMARKS.md)
# and then the operator's path through the Debian package (packaging/test-package.sh): the
# .deb built with dpkg-buildpackage and checked by lintian, installed with apt-get, the
# installed daemon run in a namespace and queried with the installed browsectl, purged;
# the machine is left as it was found.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
# packages for the build, the test tools, the namespace LAN of tests/interop and packaging
./scripts/install-deps.sh test lab package

echo "== build/ (ASan+UBSan, -Werror): all tests"
cmake -S . -B build -DBROWSERD_WERROR=ON -DBROWSERD_SANITIZE=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs" -LE "interop|bench"
ctest --test-dir build --output-on-failure -j"$jobs" -L interop

echo "== build-valgrind/ (valgrind memcheck): unit tests"
cmake -S . -B build-valgrind -DBROWSERD_WERROR=ON -DBROWSERD_VALGRIND=ON >/dev/null
cmake --build build-valgrind -j"$jobs"
ctest --test-dir build-valgrind --output-on-failure -j"$jobs" -L unit

echo "== build-fuzz/ (clang, libFuzzer): fuzz targets"
CC=clang cmake -S . -B build-fuzz -DBROWSERD_WERROR=ON -DBROWSERD_SANITIZE=ON \
  -DBROWSERD_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs"
# the unit tests too: clang's UBSan finds what gcc's does not (arithmetic on NULL)
ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L "fuzz|unit"
if [ "${FUZZ_SECONDS:-60}" -gt 0 ] && command -v clang > /dev/null; then
  tests/fuzz/fuzz-timebox.sh build-fuzz "${FUZZ_SECONDS:-60}" "$jobs"
fi

echo "== build-rel/ (Release, -Werror): benchmarks"
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DBROWSERD_WERROR=ON >/dev/null
cmake --build build-rel -j"$jobs"
ctest --test-dir build-rel --output-on-failure -L bench

echo "== build-pkg/ (dpkg-buildpackage): install, run, query and purge the package"
packaging/test-package.sh build-pkg/test-package
