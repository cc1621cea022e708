#!/usr/bin/env bash
# Time-boxed fuzzing (issue 8): every libFuzzer target of a BROWSERD_FUZZ build runs for
# SECONDS from its seed corpus, JOBS at a time. New inputs go to a scratch corpus (the
# repository's corpus is only read); a crash, leak or sanitizer report fails the run and
# leaves its input in BUILD/fuzz-artifacts/<name>/ to be added to tests/fuzz/corpus/<name>/
# as a regression input once fixed (the replay tests then run it forever).
#   tests/fuzz/fuzz-timebox.sh BUILD_DIR [SECONDS] [JOBS]
set -euo pipefail
build=${1:?usage: $0 BUILD_DIR [SECONDS] [JOBS]}
seconds=${2:-${FUZZ_SECONDS:-60}}
jobs=${3:-$(nproc)}
corpus=$(cd "$(dirname "$0")" && pwd)/corpus
shopt -s nullglob
targets=("$build"/bin/fuzz-*)
[ ${#targets[@]} -gt 0 ] || { echo "fuzz-timebox: no fuzz-* in $build/bin (BROWSERD_FUZZ off?)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
artifacts=$build/fuzz-artifacts

run_one() {  # target binary
  local bin=$1 name
  name=$(basename "$bin"); name=${name#fuzz-}
  mkdir -p "$scratch/$name" "$artifacts/$name"
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$artifacts/$name/" "$scratch/$name" "$corpus/$name" \
       > "$artifacts/$name.log" 2>&1; then
    echo "fuzz-timebox: $name: ok, $(grep -Eo '^Done [0-9]+ runs' "$artifacts/$name.log" || echo 'done')"
  else
    echo "fuzz-timebox: $name: FAILED, input in $artifacts/$name/, log $artifacts/$name.log"
    tail -n 30 "$artifacts/$name.log"
    return 1
  fi
}
export -f run_one
export seconds scratch artifacts corpus
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {}
