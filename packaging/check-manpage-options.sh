#!/bin/sh
# check-manpage-options.sh PROGRAM MANPAGE [COMMAND...]: the options of `PROGRAM --help`
# (and of `PROGRAM COMMAND --help` for each COMMAND) and those of the generated roff page
# MANPAGE agree, both ways:
#  - every option in the option column of a --help (short and long) is in the page, in bold;
#  - every option the page shows in bold is one the program knows (its --help names it),
#    so the page cannot document an option that was renamed or removed.
# Run by ctest (browserd-manpage-options, browsectl-manpage-options) on the pages scdoc
# generates from packaging/man/*.scd.
set -eu
bin=$1 page=$2
shift 2
help=$("$bin" --help)
for cmd in "$@"; do help="$help
$("$bin" "$cmd" --help)"; done

# the option column: "  -c, --config=FILE   text" -> -c --config
listed=$(printf '%s\n' "$help" | sed -n 's/^  *\(-[^ ].*\)$/\1/p' | sed 's/   .*//' |
         grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z-]*' | tr -d ' ,' | sort -u)
# anything option-like the help text names, descriptions included ("see --list-types")
named=$(printf '%s\n' "$help" | grep -oE -- '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z-]*' |
        sed 's/^[^-]*//' | sort -u)
# what the page shows in bold: \fB-c\fR, \fB--config\fR (a generator may write \- for -)
documented=$(sed 's/\\-/-/g' "$page" | grep -oE -- '\\fB--?[A-Za-z][A-Za-z-]*' |
             sed 's/^\\fB//' | sort -u)

[ -n "$listed" ] || { echo "no options in $bin --help" >&2; exit 1; }
[ -n "$documented" ] || { echo "no options in $page" >&2; exit 1; }
status=0
for o in $listed; do
  printf '%s\n' "$documented" | grep -qx -- "$o" || {
    echo "$page does not document $o (in $(basename "$bin") --help)" >&2; status=1; }
done
for o in $documented; do
  printf '%s\n' "$named" | grep -qx -- "$o" || {
    echo "$page documents $o, which $(basename "$bin") --help does not know" >&2; status=1; }
done
exit $status
