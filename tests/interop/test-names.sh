#!/usr/bin/env bash
# (b) browserd's NetBIOS names, seen by Samba's nmblookup from another namespace.
# Asserts, once browserd is master: name queries for B1<00>, B1<20>, LABGRP<00>, LABGRP<1e> and
# LABGRP<1d> each answer with browserd's address; `nmblookup -A IP` and `nmblookup -S B1`
# (query, then node status) both list B1<00>, B1<20> and LABGRP<1d> as unique names and
# LABGRP<00>, LABGRP<1e>, __MSBROWSE__<01> as group names, all ACTIVE; browserd exits 0.
set -euo pipefail
. "$(dirname "$0")/netlab.sh"
NL_BROWSERD_BIN=${1:?usage: $0 PATH/TO/browserd [WORKDIR]}
nl_require nmblookup
nl_init interop-names "${2:-}"
nl_need_browserd
nl_up 2
H1=$(nl_ip h1)

conf=$(nl_browserd_conf h1 B1)
nl_start_browserd h1 "$conf"
nl_wait_for 15 "browserd (h1) becomes master" nl_browserd_is_master h1

resolves() {  # QUERY SHOWN
  nl_nmblookup h2 "$1" > "$NL_WORK/query.txt" 2>&1 && grep -q "^$H1 $2\$" "$NL_WORK/query.txt"
}
for q in "B1:B1<00>" "B1#20:B1<20>" "LABGRP#00:LABGRP<00>" "LABGRP#1e:LABGRP<1e>" "LABGRP#1d:LABGRP<1d>"; do
  nl_wait_for 5 "nmblookup '${q%%:*}' from h2 answers '$H1 ${q#*:}'" resolves "${q%%:*}" "${q#*:}"
done

# node status lines: "\tB1              <20> -         B <ACTIVE>" -> "B1<20> unique active"
status_table() {
  awk '/<[0-9a-f][0-9a-f]> -/ {
         name = substr($0, 2, 15); sub(/ +$/, "", name)
         if (name ~ /__MSBROWSE__/) name = "__MSBROWSE__"
         match($0, /<[0-9a-f][0-9a-f]>/); sfx = substr($0, RSTART, 4)
         print name sfx, ($0 ~ /<GROUP>/ ? "group" : "unique"), ($0 ~ /<ACTIVE>/ ? "active" : "not-active")
       }' "$1" | sort
}
WANT=$(printf '%s\n' "B1<00> unique active" "B1<20> unique active" "LABGRP<1d> unique active" \
  "LABGRP<00> group active" "LABGRP<1e> group active" "__MSBROWSE__<01> group active" | sort)

check_status() {  # FILE WHAT
  local have missing
  have=$(status_table "$1")
  missing=$(comm -23 <(echo "$WANT") <(echo "$have"))
  [ -z "$missing" ] || nl_fail "$2 lacks (or misflags):
$missing
it lists:
$have"
  nl_log "$2 lists: $(echo "$have" | tr '\n' ';')"
  extra=$(comm -13 <(echo "$WANT") <(echo "$have"))
  [ -z "$extra" ] || nl_log "$2 also lists: $(echo "$extra" | tr '\n' ';')"
}

nl_nmblookup h2 -A "$H1" > "$NL_WORK/status-A.txt" 2>&1 || nl_fail "nmblookup -A $H1 failed:
$(cat "$NL_WORK/status-A.txt")"
check_status "$NL_WORK/status-A.txt" "node status (nmblookup -A $H1)"

nl_nmblookup h2 -S B1 > "$NL_WORK/status-S.txt" 2>&1 || nl_fail "nmblookup -S B1 failed:
$(cat "$NL_WORK/status-S.txt")"
grep -q "^$H1 B1<00>\$" "$NL_WORK/status-S.txt" || nl_fail "nmblookup -S B1 did not resolve B1 to $H1"
check_status "$NL_WORK/status-S.txt" "node status (nmblookup -S B1)"

nl_browserd_stop h1
exit 0
