#!/usr/bin/env bash
# Copies the Samba captures from ../shared/vectors into tests/data/vectors and records, for
# every UDP frame, what tshark decodes in it. The golden-vector test compares our decoders
# with these fields, so tshark serves as the independent oracle without being needed when
# the tests run. Run by a developer when the captures change; the output is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-$here/../../../shared/vectors}
dst=$here/vectors
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install tshark)" >&2; exit 1; }
mkdir -p "$dst"
for cap in "$src"/*.pcapng; do
  name=$(basename "$cap" .pcapng)
  install -m 0644 "$cap" "$dst/$name.pcapng"
  {
    printf '# frame\tsport\tdport\tnbns.id\tnbns.flags\tnbns.name\tnbdgm.type\tnbdgm.id\t'
    printf 'nbdgm.source\tnbdgm.destination\tmailslot.name\tmalformed\n'
    tshark -r "$cap" -Y udp -T fields -E separator=/t -E occurrence=f \
      -e frame.number -e udp.srcport -e udp.dstport -e nbns.id -e nbns.flags -e nbns.name \
      -e nbdgm.type -e nbdgm.dgram_id -e nbdgm.source_name -e nbdgm.destination_name \
      -e mailslot.name -e _ws.malformed 2>/dev/null
  } > "$dst/$name.tsv"
  echo "$name: $(($(wc -l < "$dst/$name.tsv") - 1)) UDP frames"
done
