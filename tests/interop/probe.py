#!/usr/bin/python3
"""probe.py - send CIFS browser frames as real NetBIOS datagrams (UDP 138) inside a lab netns.

Standard library only; run it with /usr/bin/python3 inside a namespace of tests/interop/netlab.sh.
Layers, all encoded here: NetBIOS datagram (RFC 1002 4.4, big-endian) -> SMB_COM_TRANSACTION
mailslot write to \\MAILSLOT\\BROWSE ([MS-MAIL], little-endian) -> browser frame ([MS-BRWS]).

  probe.py [-i IFACE] [-n SRCNAME] [--to IP] [--sport PORT] COMMAND ...
    hostann WG NAME      HostAnnouncement (0x01) -> WG<1D>; --type, --periodicity (ms), --comment,
                         --os, --repeat N (0: until SIGTERM) --interval S; source name = NAME
    getbackup WG         GetBackupListRequest (0x09) -> WG<1D>; prints every GetBackupListResponse
                         with the same token; --count, --token, --timeout, --window,
                         --exactly N / --min N responses, --expect-name NAME (repeatable),
                         --expect-first NAME, --json
    annreq WG            AnnouncementRequest (0x02) -> WG<00> (--to-suffix 0x1d asks the master)
    election WG          RequestElection (0x08) -> WG<1E>; --os-level, --desire, --criteria,
                         --uptime (ms), --version, --server
    reset WG TARGET      ResetStateRequest (0x0E) -> TARGET<00> (direct unique); --flags
                         (0x01 STOP_MASTER, 0x02 CLEAR_ALL, 0x04 STOP)
    selftest             offline: the encoders against the worked examples of the protocol notes

Exit status: 0 ok, 1 an expectation failed (message on stderr), 2 usage or environment error.
"""
import argparse
import fcntl
import json
import random
import select
import signal
import socket
import struct
import sys
import time

BROWSE_SLOT = "\\MAILSLOT\\BROWSE"
MSBROWSE_RAW = b"\x01\x02__MSBROWSE__\x02"     # 15 bytes; suffix 0x01 completes the name

DGM_DIRECT_UNIQUE, DGM_DIRECT_GROUP, DGM_BROADCAST = 0x10, 0x11, 0x12
DGM_FLAG_FIRST = 0x02                       # F bit, B-node (SNT 0), no more fragments

OP_HOST_ANN, OP_ANN_REQ, OP_ELECTION = 0x01, 0x02, 0x08
OP_GETBACKUP_REQ, OP_GETBACKUP_RESP = 0x09, 0x0A
OP_DOMAIN_ANN, OP_LMB_ANN, OP_RESET = 0x0C, 0x0F, 0x0E
OP_NAMES = {0x01: "HostAnnouncement", 0x02: "AnnouncementRequest", 0x08: "RequestElection",
            0x09: "GetBackupListRequest", 0x0A: "GetBackupListResponse", 0x0B: "BecomeBackup",
            0x0C: "DomainAnnouncement", 0x0D: "MasterAnnouncement", 0x0E: "ResetStateRequest",
            0x0F: "LocalMasterAnnouncement"}

# workstation | server | NT: a plain file server that is not a browser (no BecomeBackup for it)
DEFAULT_SERVER_TYPE = 0x00001003


class ProbeError(Exception):
    pass


# ----------------------------------------------------------------------- NetBIOS names
def raw_name(name, suffix):
    """The 16 name bytes: upper-cased, space-padded to 15, then the suffix byte."""
    if name.upper() == "__MSBROWSE__":
        return MSBROWSE_RAW + bytes([suffix])
    if name == "*":
        return b"*" + b"\0" * 15
    text = name.upper().encode("ascii")
    if len(text) > 15:
        raise ProbeError("NetBIOS name %r is longer than 15 characters" % name)
    return text + b" " * (15 - len(text)) + bytes([suffix])


def encode_name(name, suffix):
    """Second-level encoding of a scope-less name: 0x20, 32 half-ASCII bytes, 0x00 (34 bytes)."""
    half = bytearray()
    for byte in raw_name(name, suffix):
        half.append(ord("A") + (byte >> 4))
        half.append(ord("A") + (byte & 0x0F))
    return bytes([32]) + bytes(half) + b"\0"


def decode_name(buf, pos):
    """-> (printable 'NAME<xx>', position after the name). Scope labels are skipped."""
    if pos >= len(buf) or buf[pos] != 32 or pos + 34 > len(buf):
        raise ProbeError("bad encoded NetBIOS name at offset %d" % pos)
    half = buf[pos + 1:pos + 33]
    raw = bytes(((half[i] - 65) << 4) | (half[i + 1] - 65) for i in range(0, 32, 2))
    pos += 33
    while buf[pos] != 0:                      # scope labels
        pos += 1 + buf[pos]
        if pos >= len(buf):
            raise ProbeError("truncated scope")
    pos += 1
    if raw[:15] == MSBROWSE_RAW:
        text = "__MSBROWSE__"
    else:
        text = raw[:15].decode("latin-1").rstrip(" \0")
    return "%s<%02x>" % (text, raw[15]), pos


# --------------------------------------------------------------- SMB mailslot write
def mailslot_write(data, slot=BROWSE_SLOT):
    """SMB_COM_TRANSACTION carrying a mailslot write, no padding (DataOffset 86 for BROWSE)."""
    slot_z = slot.encode("ascii") + b"\0"
    data_offset = 32 + 1 + 17 * 2 + 2 + len(slot_z)
    header = b"\xffSMB" + bytes([0x25]) + bytes(27)
    params = struct.pack(
        "<HHHHBBHIHHHHHBB",
        0,               # TotalParameterCount
        len(data),       # TotalDataCount
        0, 0,            # MaxParameterCount, MaxDataCount
        0, 0,            # MaxSetupCount, Reserved
        0,               # Flags
        0,               # Timeout
        0,               # Reserved2
        0, 0,            # ParameterCount, ParameterOffset
        len(data),       # DataCount
        data_offset,     # DataOffset, from the 0xFF of the SMB header
        3, 0)            # SetupCount, Reserved3
    setup = struct.pack("<HHH", 1, 1, 2)    # write mailslot, priority 1, second class
    byte_count = struct.pack("<H", len(slot_z) + len(data))
    return header + bytes([17]) + params + setup + byte_count + slot_z + data


def parse_mailslot(smb):
    """-> (mailslot name, data) of a mailslot write, or raise ProbeError."""
    if len(smb) < 70 or smb[:4] != b"\xffSMB" or smb[4] != 0x25:
        raise ProbeError("not an SMB transaction")
    if smb[32] != 17:
        raise ProbeError("WordCount %d, not 17" % smb[32])
    data_count, data_offset, setup_count = struct.unpack_from("<HHB", smb, 55)
    if setup_count != 3 or struct.unpack_from("<H", smb, 61)[0] != 1:
        raise ProbeError("not a mailslot write")
    end = smb.find(b"\0", 69)
    if end < 0:
        raise ProbeError("mailslot name not terminated")
    slot = smb[69:end].decode("latin-1")
    if data_offset + data_count > len(smb):
        raise ProbeError("data beyond the end of the message")
    return slot, smb[data_offset:data_offset + data_count]


# -------------------------------------------------------------------- NetBIOS datagram
def datagram(msg_type, src_ip, src_port, src, dst, user_data, dgm_id):
    """Direct/broadcast datagram: 14-byte header, source and destination names, user data."""
    names = encode_name(*src) + encode_name(*dst)
    return struct.pack(">BBH4sHHH", msg_type, DGM_FLAG_FIRST, dgm_id, socket.inet_aton(src_ip),
                       src_port, len(names) + len(user_data), 0) + names + user_data


def parse_datagram(pkt):
    """-> dict with type, source ip/port, names, mailslot, data (the browser frame)."""
    if len(pkt) < 14:
        raise ProbeError("datagram shorter than its header")
    msg_type, _flags, dgm_id, src_ip, src_port, _length, _offset = \
        struct.unpack_from(">BBH4sHHH", pkt, 0)
    if msg_type not in (DGM_DIRECT_UNIQUE, DGM_DIRECT_GROUP, DGM_BROADCAST):
        raise ProbeError("datagram type 0x%02x carries no data" % msg_type)
    src_name, pos = decode_name(pkt, 14)
    dst_name, pos = decode_name(pkt, pos)
    slot, data = parse_mailslot(pkt[pos:])
    return {"type": {0x10: "DIRECT_UNIQUE", 0x11: "DIRECT_GROUP", 0x12: "BROADCAST"}[msg_type],
            "id": dgm_id, "src_ip": socket.inet_ntoa(src_ip), "src_port": src_port,
            "src_name": src_name, "dst_name": dst_name, "mailslot": slot, "data": data}


# ---------------------------------------------------------------------- browser frames
def fixed_name16(name):
    text = name.upper().encode("ascii")[:15]
    return text + b"\0" * (16 - len(text))


def announcement(opcode, server, server_type, periodicity_ms, comment, os_major=6, os_minor=1,
                 update_count=0):
    """HostAnnouncement / LocalMasterAnnouncement / DomainAnnouncement (same 32-byte head)."""
    return (struct.pack("<BBI", opcode, update_count, periodicity_ms) + fixed_name16(server)
            + struct.pack("<BBIBBH", os_major, os_minor, server_type, 0x0F, 0x01, 0xAA55)
            + comment.encode("latin-1")[:42] + b"\0")


def announcement_request(response_name):
    return bytes([OP_ANN_REQ, 0]) + response_name.upper().encode("ascii")[:15] + b"\0"


def request_election(version, criteria, uptime_ms, server):
    return (struct.pack("<BBIII", OP_ELECTION, version, criteria, uptime_ms, 0)
            + server.upper().encode("ascii")[:15] + b"\0")


def getbackup_request(count, token):
    return struct.pack("<BBI", OP_GETBACKUP_REQ, count, token)


def parse_getbackup_response(data):
    if len(data) < 6 or data[0] != OP_GETBACKUP_RESP:
        raise ProbeError("not a GetBackupListResponse")
    count, token = struct.unpack_from("<BI", data, 1)
    names, pos = [], 6
    while pos < len(data) and len(names) < count:
        end = data.find(b"\0", pos)
        if end < 0:
            end = len(data)
        names.append(data[pos:end].decode("latin-1"))
        pos = end + 1
    return {"count": count, "token": token, "names": names}


# ------------------------------------------------------------------------- the socket
SIOCGIFADDR, SIOCGIFBRDADDR = 0x8915, 0x8919


def iface_addr(iface, request):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            res = fcntl.ioctl(s.fileno(), request, struct.pack("256s", iface.encode()[:15]))
        except OSError as e:
            raise ProbeError("interface %s: %s" % (iface, e.strerror))
    return socket.inet_ntoa(res[20:24])


class Link:
    """One UDP socket on the lab interface, bound to its address (port 138 when free)."""

    def __init__(self, iface, sport):
        self.iface = iface
        self.ip = iface_addr(iface, SIOCGIFADDR)
        self.bcast = iface_addr(iface, SIOCGIFBRDADDR)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, iface.encode())
        try:
            self.sock.bind((self.ip, sport))
        except OSError as e:
            note("cannot bind %s:%d (%s); using an ephemeral port" % (self.ip, sport, e.strerror))
            self.sock.bind((self.ip, 0))
        self.port = self.sock.getsockname()[1]

    def send(self, dst_ip, payload):
        self.sock.sendto(payload, (dst_ip, 138))

    def receive(self, deadline):
        """-> (payload, (ip, port)) or None once the deadline (time.monotonic()) has passed."""
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        ready, _, _ = select.select([self.sock], [], [], left)
        if not ready:
            return None
        return self.sock.recvfrom(2048)


def note(msg):
    print("probe: " + msg, file=sys.stderr, flush=True)


def send_frame(args, link, dst, frame, src_name=None, msg_type=DGM_DIRECT_GROUP):
    dst_ip = args.to or link.bcast
    src = (src_name or args.name, 0x00)
    pkt = datagram(msg_type, link.ip, link.port, src, dst, mailslot_write(frame),
                   random.randint(1, 0xFFFF))
    link.send(dst_ip, pkt)
    print("sent %s %s<%02x> -> %s<%02x> %s:%d -> %s:138 (%d bytes)"
          % (OP_NAMES.get(frame[0], "opcode 0x%02x" % frame[0]), src[0].upper(), src[1],
             dst[0].upper(), dst[1], link.ip, link.port, dst_ip, len(pkt)), flush=True)


# --------------------------------------------------------------------------- commands
def cmd_hostann(args):
    link = Link(args.iface, args.sport)
    opcode = {"host": OP_HOST_ANN, "lmb": OP_LMB_ANN, "domain": OP_DOMAIN_ANN}[args.opcode]
    dst = {"host": (args.workgroup, 0x1D), "lmb": (args.workgroup, 0x1E),
           "domain": ("__MSBROWSE__", 0x01)}[args.opcode]
    osmaj, osmin = (int(x) for x in args.os.split("."))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    sent = 0
    while not stop:
        frame = announcement(opcode, args.server, args.type, args.periodicity, args.comment,
                             osmaj, osmin, update_count=sent & 0xFF)
        send_frame(args, link, dst, frame, src_name=args.source or args.server)
        sent += 1
        if args.repeat and sent >= args.repeat:
            break
        deadline = time.monotonic() + args.interval
        while not stop and time.monotonic() < deadline:   # sleep, but wake on SIGTERM
            time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
    return 0


def cmd_getbackup(args):
    link = Link(args.iface, args.sport)
    token = args.token if args.token is not None else random.randint(1, 0xFFFFFFFF)
    send_frame(args, link, (args.workgroup, 0x1D), getbackup_request(args.count, token))
    print("token %d requested_count %d" % (token, args.count), flush=True)
    responses = []
    deadline = time.monotonic() + args.timeout
    while True:
        got = link.receive(deadline)
        if got is None:
            break
        payload, (ip, port) = got
        try:
            dg = parse_datagram(payload)
            if not dg["data"] or dg["data"][0] != OP_GETBACKUP_RESP:
                continue
            resp = parse_getbackup_response(dg["data"])
        except ProbeError as e:
            note("undecodable datagram from %s:%d: %s" % (ip, port, e))
            continue
        if resp["token"] != token:
            note("response from %s with another token %d ignored" % (ip, resp["token"]))
            continue
        resp.update({"from": "%s:%d" % (ip, port), "src_name": dg["src_name"],
                     "dst_name": dg["dst_name"], "dgram_type": dg["type"]})
        responses.append(resp)
        if args.json:
            print(json.dumps(resp), flush=True)
        else:
            print("GetBackupListResponse from %s %s -> %s %s token=%d count=%d names=%s"
                  % (resp["from"], dg["src_name"], dg["dst_name"], dg["type"], token,
                     resp["count"], ",".join(resp["names"])), flush=True)
        if len(responses) == 1:                 # count duplicates for a short window
            deadline = min(deadline, time.monotonic() + args.window)
    print("responses %d" % len(responses), flush=True)
    errors = []
    if args.exactly is not None and len(responses) != args.exactly:
        errors.append("expected exactly %d GetBackupListResponse(s) with token %d, got %d"
                      % (args.exactly, token, len(responses)))
    if args.exactly is None and len(responses) < args.min:
        errors.append("expected at least %d GetBackupListResponse(s) with token %d within "
                      "%.1fs, got %d" % (args.min, token, args.timeout, len(responses)))
    for resp in responses:
        if resp["count"] != len(resp["names"]):
            errors.append("response from %s: BackupServerCount %d but %d names"
                          % (resp["from"], resp["count"], len(resp["names"])))
        if args.count and resp["count"] > args.count:
            errors.append("response from %s: %d names, more than the %d requested"
                          % (resp["from"], resp["count"], args.count))
        for want in args.expect_name:
            if want.upper() not in (n.upper() for n in resp["names"]):
                errors.append("response from %s: %s is not among %s"
                              % (resp["from"], want, resp["names"]))
        if args.expect_first and (not resp["names"]
                                  or resp["names"][0].upper() != args.expect_first.upper()):
            errors.append("response from %s: first name is not %s: %s"
                          % (resp["from"], args.expect_first, resp["names"]))
        if resp["dgram_type"] != "DIRECT_UNIQUE":
            errors.append("response from %s sent as %s, not DIRECT_UNIQUE"
                          % (resp["from"], resp["dgram_type"]))
        if resp["dst_name"].upper() != "%s<00>" % args.name.upper():
            errors.append("response from %s addressed to %s, not to %s<00>"
                          % (resp["from"], resp["dst_name"], args.name.upper()))
    for e in errors:
        print("probe: FAIL: " + e, file=sys.stderr)
    return 1 if errors else 0


def cmd_annreq(args):
    link = Link(args.iface, args.sport)
    send_frame(args, link, (args.workgroup, args.to_suffix),
               announcement_request(args.response_name or args.name))
    return 0


def cmd_election(args):
    link = Link(args.iface, args.sport)
    criteria = args.criteria
    if criteria is None:
        criteria = (args.os_level << 24) | (0x010F << 8) | args.desire
    send_frame(args, link, (args.workgroup, 0x1E),
               request_election(args.version, criteria, args.uptime, args.server or args.name))
    print("criteria 0x%08x uptime %d" % (criteria, args.uptime), flush=True)
    return 0


def cmd_reset(args):
    link = Link(args.iface, args.sport)
    send_frame(args, link, (args.target, 0x00), bytes([OP_RESET, args.flags]),
               msg_type=DGM_DIRECT_UNIQUE)
    return 0


# ---------------------------------------------------------------------------- selftest
# The worked example of the protocol notes: HostAnnouncement from SERVER1 (192.168.1.10) to
# WORKGROUP<1D>, DGM_ID 1, periodicity 60000 ms, OS 6.1, type 0x00011003, comment "Samba test".
EXAMPLE_DGRAM_HEAD = bytes.fromhex(          # nbt.md 6.6: header, both names, then "ff SMB"
    "11 02 00 01 c0 a8 01 0a 00 8a 00 c5 00 00 20 46"
    "44 45 46 46 43 46 47 45 46 46 43 44 42 43 41 43"
    "41 43 41 43 41 43 41 43 41 43 41 43 41 41 41 00"
    "20 46 48 45 50 46 43 45 4c 45 48 46 43 45 50 46"
    "46 46 41 43 41 43 41 43 41 43 41 43 41 43 41 42"
    "4e 00 ff 53 4d 42 25 00")
EXAMPLE_SMB = bytes.fromhex(                 # mailslot.md 6: the SMB part, 129 bytes
    "ff 53 4d 42 25 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
    "11 00 00 2b 00 00 00 00 00 00 00 00 00 00 00 00"
    "00 00 00 00 00 00 00 2b 00 56 00 03 00 01 00 01"
    "00 02 00 3c 00 5c 4d 41 49 4c 53 4c 4f 54 5c 42"
    "52 4f 57 53 45 00 01 00 60 ea 00 00 53 45 52 56"
    "45 52 31 00 00 00 00 00 00 00 00 00 06 01 03 10"
    "01 00 0f 01 55 aa 53 61 6d 62 61 20 74 65 73 74"
    "00")


def cmd_selftest(_args):
    failures = []

    def check(what, got, want):
        if got != want:
            failures.append("%s:\n  got  %s\n  want %s" % (what, got.hex(), want.hex()))

    frame = announcement(OP_HOST_ANN, "SERVER1", 0x00011003, 60000, "Samba test")
    smb = mailslot_write(frame)
    check("mailslot write of the example HostAnnouncement", smb, EXAMPLE_SMB)
    pkt = datagram(DGM_DIRECT_GROUP, "192.168.1.10", 138, ("SERVER1", 0x00),
                   ("WORKGROUP", 0x1D), smb, 1)
    check("datagram head of the example", pkt[:len(EXAMPLE_DGRAM_HEAD)], EXAMPLE_DGRAM_HEAD)
    check("WORKGROUP<1D> encoding", encode_name("WORKGROUP", 0x1D)[1:33],
          b"FHEPFCELEHFCEPFFFACACACACACACABN")
    check("__MSBROWSE__<01> raw bytes", raw_name("__MSBROWSE__", 1),
          bytes.fromhex("01025f5f4d5342524f5753455f5f0201"))
    check("* raw bytes", raw_name("*", 0), b"*" + bytes(15))
    dg = parse_datagram(pkt)
    if (dg["src_name"], dg["dst_name"], dg["mailslot"], dg["data"]) != \
            ("SERVER1<00>", "WORKGROUP<1d>", BROWSE_SLOT, frame):
        failures.append("parse_datagram round trip: %r" % dg)
    resp = parse_getbackup_response(bytes([0x0A, 2]) + struct.pack("<I", 77) + b"B1\0H2\0")
    if resp != {"count": 2, "token": 77, "names": ["B1", "H2"]}:
        failures.append("GetBackupListResponse decode: %r" % resp)
    check("GetBackupListRequest", getbackup_request(4, 0x11223344),
          bytes.fromhex("090444332211"))
    check("RequestElection", request_election(1, 0x14010F02, 6000, "H1"),
          bytes.fromhex("08 01 020f0114 70170000 00000000 483100"))
    for f in failures:
        print("probe selftest: FAIL: " + f, file=sys.stderr)
    print("probe selftest: %d checks failed" % len(failures) if failures
          else "probe selftest: all encoder checks passed")
    return 1 if failures else 0


# ------------------------------------------------------------------------------- main
def int_auto(text):
    return int(text, 0)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-i", "--iface", default="lab0")
    ap.add_argument("-n", "--name", default="PROBE", help="datagram source name (<00>)")
    ap.add_argument("--to", help="unicast to this IP instead of the interface broadcast")
    ap.add_argument("--sport", type=int, default=138, help="UDP source port (138)")
    sub = ap.add_subparsers(dest="cmd", required=True)

    p = sub.add_parser("hostann")
    p.add_argument("workgroup")
    p.add_argument("server")
    p.add_argument("--source", help="datagram source name (default: the server name)")
    p.add_argument("--type", type=int_auto, default=DEFAULT_SERVER_TYPE)
    p.add_argument("--periodicity", type=int, default=720000, help="milliseconds")
    p.add_argument("--comment", default="announced by probe.py")
    p.add_argument("--os", default="6.1")
    p.add_argument("--opcode", choices=("host", "lmb", "domain"), default="host")
    p.add_argument("--repeat", type=int, default=1, help="frames to send; 0 = until SIGTERM")
    p.add_argument("--interval", type=float, default=60.0, help="seconds between frames")
    p.set_defaults(func=cmd_hostann)

    p = sub.add_parser("getbackup")
    p.add_argument("workgroup")
    p.add_argument("--count", type=int, default=4)
    p.add_argument("--token", type=int_auto)
    p.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for a response")
    p.add_argument("--window", type=float, default=1.0,
                   help="seconds to keep counting (duplicate) responses after the first")
    p.add_argument("--exactly", type=int)
    p.add_argument("--min", type=int, default=1)
    p.add_argument("--expect-name", action="append", default=[])
    p.add_argument("--expect-first", help="the first name of every response")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_getbackup)

    p = sub.add_parser("annreq")
    p.add_argument("workgroup")
    p.add_argument("--response-name")
    p.add_argument("--to-suffix", type=int_auto, default=0x00)
    p.set_defaults(func=cmd_annreq)

    p = sub.add_parser("election")
    p.add_argument("workgroup")
    p.add_argument("--os-level", type=int, default=1)
    p.add_argument("--desire", type=int_auto, default=0x02)
    p.add_argument("--criteria", type=int_auto)
    p.add_argument("--uptime", type=int, default=1000, help="milliseconds")
    p.add_argument("--version", type=int, default=1)
    p.add_argument("--server")
    p.set_defaults(func=cmd_election)

    p = sub.add_parser("reset")
    p.add_argument("workgroup")
    p.add_argument("target")
    p.add_argument("--flags", type=int_auto, default=0x01)
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("selftest")
    p.set_defaults(func=cmd_selftest)

    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except (ProbeError, OSError) as e:
        print("probe: error: %s" % e, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
