#!/bin/sh
# check-manpage-options.sh BROWSERD MANPAGE: every long option `BROWSERD --help` lists is
# documented in MANPAGE (groff writes "-" as "\-"), so the hand-written page cannot fall
# behind the command line. Run by ctest (browserd-manpage-options).
set -eu
bin=$1 page=$2
opts=$("$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$opts" ] || { echo "no options in $bin --help" >&2; exit 1; }
missing=0
for o in $opts; do
  groff=$(printf '%s' "$o" | sed 's/-/\\-/g')
  if ! grep -qF -- "$groff" "$page"; then
    echo "$page does not document $o" >&2
    missing=1
  fi
done
exit $missing
