#!/usr/bin/env bash
# The full benchmark run behind BENCHMARKS.md: every lab benchmark in --full mode, one after
# the other (never in parallel: they measure CPU), then the simulation. Needs root and the
# lab packages (scripts/install-deps.sh lab); about 25 minutes.
#
#   tests/bench/run-all.sh BUILD_DIR [OUT_DIR]
#
# BUILD_DIR is a Release build (cmake -DCMAKE_BUILD_TYPE=Release; the tools are in
# BUILD_DIR/bin). Each benchmark's table goes to OUT_DIR/<name>.md (default
# BUILD_DIR/bench-results), its logs and raw outputs to OUT_DIR/<name>/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR [OUT_DIR]}" && pwd)
out=${2:-$build/bench-results}
mkdir -p "$out"
out=$(cd "$out" && pwd)
{
  echo "# run-all.sh $(date -u +%FT%TZ) on $(uname -n): $(nproc) CPUs, $(uname -r)"
  echo "# browserd $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'),"\
    "$(/usr/sbin/nmbd --version 2>/dev/null || echo 'no nmbd')"
} > "$out/run.txt"
# BENCH_ONLY="memory converge" runs a subset
for b in ${BENCH_ONLY:-ingest enum memory converge}; do
  echo "== bench-$b" >&2
  # one failing benchmark does not stop the others; its log says why
  bash "$here/bench-$b.sh" --full "$build/bin" "$out/$b" 2> "$out/$b.log" ||
    echo "bench-$b FAILED (exit $?): see $out/$b.log" | tee -a "$out/run.txt"
  cp "$out/$b/results.md" "$out/$b.md" 2>/dev/null || true
  cat "$out/$b.md" 2>/dev/null || true
done
echo "== bench-sim" >&2
"$build/bin/bench-sim" | tee "$out/sim.txt"
