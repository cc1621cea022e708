#!/usr/bin/env bash
# Records, for every browser frame (\MAILSLOT\BROWSE or \MAILSLOT\LANMAN) in the captures of
# tests/data/vectors, the fields tshark decodes in it, in vectors/<capture>.browser.tsv. The
# browse-proto golden-vector test compares our decoder with these fields, so tshark serves as
# the independent oracle without being needed when the tests run. Run by a developer when the
# captures change (after refresh-vectors.sh); the output is committed.
#
# Multi-valued fields (the names of a GetBackupListResponse) are joined with ','; a field that
# does not apply to a frame is empty. browser.backup.count is RequestedCount in a
# GetBackupListRequest and BackupServerCount in a GetBackupListResponse; browser.server is the
# MachineGroup in a DomainAnnouncement, whose LMB name is browser.mb_server.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here/vectors}
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
fields=(
  frame.number mailslot.name browser.command browser.update_count browser.period
  browser.server browser.mb_server browser.os_major browser.os_minor browser.server_type
  browser.proto_major browser.proto_minor browser.sig browser.mysterious_field browser.comment
  browser.election.version browser.election.criteria browser.uptime browser.backup.count
  browser.backup.token browser.backup.server browser.browser_to_promote
  browser.response_computer_name browser.reset_cmd browser.unused _ws.malformed
)
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done
for cap in "$dir"/*.pcapng; do
  name=$(basename "$cap" .pcapng)
  out=$dir/$name.browser.tsv
  {
    printf '# %s\n' "$(IFS=$'\t'; echo "${fields[*]}")"
    tshark -r "$cap" -Y browser -T fields -E separator=/t -E occurrence=a -E aggregator=, \
      "${args[@]}" 2>/dev/null
  } > "$out"
  echo "$name: $(($(wc -l < "$out") - 1)) browser frames"
done
