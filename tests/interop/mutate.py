#!/usr/bin/python3
"""mutate.py - the malformed-traffic generator of the interop campaign (issue 8).

Standard library only; run with /usr/bin/python3 inside a lab namespace of netlab.sh. It
takes well-formed seeds and sends mutated copies at a target browserd:
  * UDP 138: browser frames built by probe.py's encoders (every opcode, both mailslots) and
    the datagram fuzz corpus (tests/fuzz/corpus/dgram), mutated;
  * UDP 137: the name-service fuzz corpus (tests/fuzz/corpus/nbns) and name queries,
    mutated;
  * TCP 139: NetBIOS session request, NEGOTIATE, SESSION_SETUP_ANDX, TREE_CONNECT_ANDX to
    IPC$ and a NetServerEnum2 TRANSACTION, with one message of the exchange mutated (or
    random bytes, truncations, absurd length fields).
Mutations: bit flips, interesting bytes (00 ff 7f 80), truncation, random tails, splices of
two seeds, and length fields overwritten. The seed of the random generator is printed, so a
failing campaign can be replayed with --seed.

  mutate.py TARGET_IP --iface IFACE [--udp N] [--tcp N] [--seed S]
"""
import argparse
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import probe  # noqa: E402  (the encoders of the lab's frames)

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus")
INTERESTING = (0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE)


def corpus(name):
    d = os.path.join(CORPUS, name)
    out = []
    for f in sorted(os.listdir(d)):
        with open(os.path.join(d, f), "rb") as fh:
            data = fh.read()
        if 0 < len(data) <= 1400:
            out.append(data)
    return out


def mutate(rng, data, others):
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        how = rng.randrange(7)
        if how == 0 and b:                      # bit flip
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        elif how == 1 and b:                    # interesting byte
            b[rng.randrange(len(b))] = rng.choice(INTERESTING)
        elif how == 2 and len(b) > 1:           # truncation
            del b[rng.randrange(1, len(b)):]
        elif how == 3:                          # random tail
            b += os.urandom(rng.randint(1, 64))
        elif how == 4 and others:               # splice
            o = rng.choice(others)
            cut = rng.randrange(len(b) + 1)
            b = b[:cut] + o[rng.randrange(len(o) + 1):]
        elif how == 5 and len(b) >= 2:          # a 16-bit field set to an extreme
            i = rng.randrange(len(b) - 1)
            b[i:i + 2] = struct.pack("<H", rng.choice((0, 1, 0x7FFF, 0xFFFF, len(b) + 1)))
        elif how == 6 and b:                    # byte duplication (shifts every field)
            i = rng.randrange(len(b))
            b[i:i] = b[i:i + rng.randint(1, 8)]
    return bytes(b[:1400])


def browse_seeds(src_ip):
    """Mailslot datagrams of every browser opcode, from MUTANT<00> at src_ip."""
    frames = [
        probe.announcement(probe.OP_HOST_ANN, "MUTANT", 0x1003, 60000, "seed"),
        probe.announcement(probe.OP_LMB_ANN, "MUTANT", 0x41003, 60000, "seed"),
        probe.announcement(probe.OP_DOMAIN_ANN, "MUTGRP", 0x80001000, 60000, "MUTANT"),
        probe.announcement_request("MUTANT"),
        probe.request_election(1, 0x01010F02, 1000, "MUTANT"),
        probe.getbackup_request(4, 1234),
        bytes([0x0B]) + b"MUTANT\0",           # BecomeBackup
        bytes([0x0E, 0x04]),                    # ResetStateRequest STOP
        bytes([0x0D]) + b"MUTANT\0",           # MasterAnnouncement
    ]
    out = []
    for f in frames:
        for slot in (probe.BROWSE_SLOT, "\\MAILSLOT\\LANMAN"):
            out.append(probe.datagram(probe.DGM_DIRECT_GROUP, src_ip, 138, ("MUTANT", 0),
                                      ("LABGRP", 0x1D), probe.mailslot_write(f, slot), 7))
    return out


def nbns_query(name, suffix, tid):
    return (struct.pack(">HHHHHH", tid, 0x0110, 1, 0, 0, 0) + probe.encode_name(name, suffix)
            + struct.pack(">HH", 0x20, 1))


# ------------------------------------------------------------------------------ SMB1
def smb(cmd, words=b"", data=b"", uid=0, tid=0, mid=1):
    hdr = (b"\xffSMB" + bytes([cmd]) + bytes(4) + bytes([0x18]) + struct.pack("<H", 0xC801)
           + bytes(12) + struct.pack("<HHHH", tid, 0xFEFF, uid, mid))
    return hdr + bytes([len(words) // 2]) + words + struct.pack("<H", len(data)) + data


def nbss(msg, kind=0x00):
    return struct.pack(">BBH", kind, 0, len(msg)) + msg


def session_request(called):
    return nbss(probe.encode_name(called, 0x20) + probe.encode_name("MUTANT", 0x00), 0x81)


def smb_exchange(called):
    negotiate = smb(0x72, data=b"\x02NT LM 0.12\0\x02LANMAN2.1\0")
    setup = smb(0x73, struct.pack("<BBHHHHIHHII", 0xFF, 0, 0, 4356, 1, 0, 0, 0, 0, 0, 0x5C),
                data=b"\0\0\0\0Unix\0Samba\0")
    tree = smb(0x75, struct.pack("<BBHHH", 0xFF, 0, 0, 0, 1),
               data=b"\0\\\\" + called.encode() + b"\\IPC$\0?????\0", uid=100)
    params = (struct.pack("<H", 104) + b"WrLehDz\0B16BBDz\0"
              + struct.pack("<HHI", 1, 4096, 0xFFFFFFFF))
    name = b"\\PIPE\\LANMAN\0"
    poff = 32 + 1 + 14 * 2 + 2 + len(name)
    trans = smb(0x25, struct.pack("<HHHHBBHIHHHHHBB", len(params), 0, 10, 4096, 0, 0, 0, 0, 0,
                                  len(params), poff, 0, poff + len(params), 0, 0),
                data=name + params, uid=100, tid=1)
    return [session_request(called), nbss(negotiate), nbss(setup), nbss(tree), nbss(trans)]


def tcp_session(rng, target, called, all_msgs):
    msgs = smb_exchange(called)
    bad = rng.randrange(len(msgs))
    style = rng.randrange(4)
    if style == 0:
        msgs[bad] = mutate(rng, msgs[bad], all_msgs)
    elif style == 1:                                    # absurd NBSS length
        msgs[bad] = struct.pack(">BBH", 0, rng.choice((0, 1)), rng.choice((0xFFFF, 0))) + msgs[bad][4:]
    elif style == 2:                                    # truncated mid-message, then close
        msgs = msgs[:bad] + [msgs[bad][:rng.randrange(1, len(msgs[bad]))]]
    else:                                               # garbage after a valid start
        msgs = msgs[:bad] + [os.urandom(rng.randint(1, 300))]
    try:
        with socket.create_connection((target, 139), timeout=2) as s:
            for m in msgs:
                s.sendall(m)
                s.settimeout(0.2)
                try:
                    s.recv(65536)
                except (socket.timeout, ConnectionError):
                    pass
    except OSError:
        pass                                            # refused or reset: fine, it is data


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("target")
    ap.add_argument("--iface", default="lab0")
    ap.add_argument("--called", default="B1")
    ap.add_argument("--udp", type=int, default=5000)
    ap.add_argument("--tcp", type=int, default=300)
    ap.add_argument("--seed", type=int, default=int.from_bytes(os.urandom(4), "little"))
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    print("mutate: seed %d" % args.seed, flush=True)
    link = probe.Link(args.iface, 0)
    dgram_seeds = browse_seeds(link.ip) + corpus("dgram")
    nbns_seeds = [nbns_query("B1", 0x20, 1), nbns_query("LABGRP", 0x1D, 2)] + corpus("nbns")
    ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ns.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    ns.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, args.iface.encode())
    ns.bind((link.ip, 0))
    for i in range(args.udp):
        to = args.target if rng.random() < 0.7 else link.bcast
        if rng.random() < 0.6:
            link.sock.sendto(mutate(rng, rng.choice(dgram_seeds), dgram_seeds), (to, 138))
        else:
            ns.sendto(mutate(rng, rng.choice(nbns_seeds), nbns_seeds), (to, 137))
        if i % 200 == 199:
            time.sleep(0.05)   # stay near the rate limit's budget; the point is the parsers
    all_msgs = smb_exchange(args.called)
    for _ in range(args.tcp):
        tcp_session(rng, args.target, args.called, all_msgs)
    print("mutate: sent %d datagrams and %d TCP sessions" % (args.udp, args.tcp), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
