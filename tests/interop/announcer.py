#!/usr/bin/python3
"""announcer.py - a changing browse list for the crash-safety test (issue 8).

Every INTERVAL seconds, a HostAnnouncement (12 min periodicity) of a new server SRV<k>,
k = 1, 2, ..., to LABGRP<1D>; each is logged as "k epoch_ms" to LOG (flushed), so the test
knows when each name was on the wire. Runs until SIGTERM.
  announcer.py LOG [--iface IFACE] [--interval S]
"""
import argparse
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probe  # noqa: E402


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--iface", default="lab0")
    ap.add_argument("--interval", type=float, default=0.1)
    args = ap.parse_args(argv)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    link = probe.Link(args.iface, 0)
    k = 0
    with open(args.log, "a") as log:
        while not stop:
            k += 1
            name = "SRV%d" % k
            frame = probe.announcement(probe.OP_HOST_ANN, name, 0x1003, 720000, "crash test")
            link.send(link.bcast, probe.datagram(probe.DGM_DIRECT_GROUP, link.ip, link.port,
                                                 (name, 0), ("LABGRP", 0x1D),
                                                 probe.mailslot_write(frame), k & 0xFFFF))
            log.write("%d %d\n" % (k, int(time.time() * 1000)))
            log.flush()
            time.sleep(args.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
