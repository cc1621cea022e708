#!/usr/bin/env bash
# The demo LAN (browserd as master browser in network namespaces, browsectl showing the
# list) arrives with the daemon. Until then this says so rather than pretend.
echo "demo.sh: the demo needs the browserd daemon, which is not built yet." >&2
echo "demo.sh: what exists today is tested by ./scripts/test.sh." >&2
exit 2
