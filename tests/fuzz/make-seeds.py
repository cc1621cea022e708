#!/usr/bin/env python3
"""Writes seed corpora for the fuzz targets from the captures in tests/data/vectors.

Developer tool (stdlib only); its output under tests/fuzz/corpus/ is committed so that the
replay tests need nothing but the repository. Files are named by content hash, so running
it again adds nothing twice."""
import hashlib, os, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, '..', 'data', 'vectors')
CORPUS = os.path.join(HERE, 'corpus')


def udp_datagrams(path):
    """(source IPv4 address as 4 bytes, source port, destination port, payload) of every
    UDP frame of a capture."""
    data = open(path, 'rb').read()
    pos = 0
    while pos + 12 <= len(data):
        btype, blen = struct.unpack_from('<II', data, pos)
        if btype == 6:
            caplen = struct.unpack_from('<I', data, pos + 20)[0]
            pkt = data[pos + 28:pos + 28 + caplen]
            if pkt[12:14] == b'\x08\x00' and pkt[23] == 17:
                ihl = (pkt[14] & 0x0F) * 4
                udp = pkt[14 + ihl:]
                sport, dport, ulen = struct.unpack_from('>HHH', udp, 0)
                yield pkt[26:30], sport, dport, udp[8:ulen]
        pos += blen


def tcp_payloads(path):
    """(source port, destination port, payload) of every TCP segment with data."""
    data = open(path, 'rb').read()
    pos = 0
    while pos + 12 <= len(data):
        btype, blen = struct.unpack_from('<II', data, pos)
        if btype == 6:
            caplen = struct.unpack_from('<I', data, pos + 20)[0]
            pkt = data[pos + 28:pos + 28 + caplen]
            if pkt[12:14] == b'\x08\x00' and pkt[23] == 6:
                ihl = (pkt[14] & 0x0F) * 4
                tcp = pkt[14 + ihl:]
                sport, dport = struct.unpack_from('>HH', tcp, 0)
                payload = tcp[(tcp[12] >> 4) * 4:]
                if payload:
                    yield sport, dport, payload
        pos += blen


def udp_payloads(path):
    for _src, sport, dport, payload in udp_datagrams(path):
        yield sport, dport, payload


def save(target, blob):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(blob).hexdigest()[:16]
    with open(os.path.join(d, name), 'wb') as f:
        f.write(blob)


def reasm_record(step, dgram):
    return bytes([step]) + struct.pack('>H', len(dgram)) + dgram


def main():
    dgrams = []
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        for sport, dport, payload in udp_payloads(os.path.join(VECTORS, fn)):
            if 137 in (sport, dport):
                save('nbns', payload)
                save('name', payload[12:])
            elif 138 in (sport, dport):
                save('dgram', payload)
                save('mailslot', payload[14 + 34 + 34:])
                dgrams.append(payload)
    # Reassembly seeds: a whole datagram, and one split in two fragments (FIRST|MORE, then
    # a continuation at the right PACKET_OFFSET).
    for d in dgrams[:4]:
        save('reasm', reasm_record(0, d))
        names_end = 14 + 68
        data = d[names_end:]
        half = len(data) // 2
        first = bytearray(d[:names_end] + data[:half])
        first[1] = 0x03
        struct.pack_into('>H', first, 10, 68 + half)
        second = bytearray(d[:names_end] + data[half:])
        second[1] = 0x00
        struct.pack_into('>HH', second, 10, 68 + len(data) - half, half)
        save('reasm', reasm_record(0, bytes(first)) + reasm_record(1, bytes(second)))
        save('reasm', reasm_record(0, bytes(first)) + reasm_record(30, bytes(second)))
    brw_frame_seeds()
    brw_engine_seeds()
    name_table_seeds()
    rap_seeds()
    session_seeds()
    smb_seeds()


def mailslot_data(smb):
    """The Databytes of a mailslot write, found through DataCount/DataOffset ([MS-MAIL])."""
    if len(smb) < 59 or smb[:4] != b'\xffSMB':
        return None
    count, offset = struct.unpack_from('<HH', smb, 55)
    data = smb[offset:offset + count]
    return data if len(data) == count and count else None


def lm_announcement(opcode, stype, seconds, name, tail):
    return (struct.pack('<BBIBBH', opcode, 0, stype, 36, 0, seconds) + name + b'\0' +
            tail + b'\0')


def brw_frame_seeds():
    """Seeds for fuzz-brw-frame: the browser frame (Databytes) of every mailslot write in
    the captures, plus LAN Manager layouts (\\MAILSLOT\\LANMAN, brws.md 4.10), which the
    captures do not hold."""
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        for sport, dport, payload in udp_payloads(os.path.join(VECTORS, fn)):
            if 138 in (sport, dport) and len(payload) > 82 and payload[0] in (0x10, 0x11, 0x12):
                data = mailslot_data(payload[82:])
                if data:
                    save('brw-frame', data)
    save('brw-frame', lm_announcement(0x01, 0x00000203, 720, b'OS2SRV', b'LM host'))
    save('brw-frame', lm_announcement(0x0F, 0x00040003, 60, b'OS2LMB', b''))
    save('brw-frame', lm_announcement(0x0C, 0x80000000, 900, b'LMGROUP', b'OS2LMB'))
    save('brw-frame', bytes([0x02, 0x00]))


def engine_step(op, delay, payload=b''):
    return struct.pack('>BHH', op, delay, len(payload)) + payload


def brw_engine_seeds():
    """Scripts for fuzz-brw-engine (format in its header): each capture's datagrams as the
    network would deliver them, with the timers running between them, the engine's name
    registrations granted, and a sync answered; plus one that makes the engine master
    (timers run until its election is won and <1D> granted) and then replays a capture."""
    timers = engine_step(1, 2000)
    grant = engine_step(2, 10, b'\x01')
    win = engine_step(0x81, 5) * 8 + grant + grant + engine_step(1, 100)
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        steps = [grant, grant]
        for sport, dport, payload in udp_payloads(os.path.join(VECTORS, fn)):
            if 138 in (sport, dport):
                steps.append(engine_step(0, 300, payload))
                steps.append(timers)
        script = b''.join(steps)
        save('brw-engine', script)
        save('brw-engine', grant + grant + win + script + engine_step(3, 5, b'\x01' + b'SRV1'.ljust(16, b'\0')))
    save('brw-engine', grant + grant + win + engine_step(4, 1) + engine_step(1, 1000) +
         engine_step(5, 1, b'\x01') + engine_step(6, 1) + engine_step(0x81, 600))


def name_table_seeds():
    """Scripts for fuzz-name-table (format in its header; the step layout is the engine's):
    the names of H1 registered and held, then each capture's port-137 packets from their
    own sources, the timers running between them; and one that also resolves, releases,
    loses a name to a conflict demand and shuts down."""
    timers = engine_step(1, 300)
    hold = b''.join(engine_step(2, 0, bytes([i, 1 if i in (3, 5, 6) else 0]))
                    for i in (0, 2, 3, 5, 6, 4)) + timers * 4
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        steps = [hold]
        for src, sport, dport, payload in udp_datagrams(os.path.join(VECTORS, fn)):
            if 137 in (sport, dport):
                steps.append(engine_step(0, 20, src[3:] + payload))
                steps.append(timers)
        save('name-table', b''.join(steps))
    # H1<00> (NAMES[0]) taken by a conflict demand (0xAD87, RFC 1002 4.2.8) from .12.
    demand = (struct.pack('>6H', 0x0102, 0xAD87, 0, 1, 0, 0) + nb_name(b'H1', 0x00) +
              struct.pack('>HHIH', 0x20, 1, 0, 6) + bytes([0, 0, 10, 213, 0, 50]))
    save('name-table', hold + engine_step(4, 10, b'\x07') + engine_step(4, 10, b'\x04') +
         engine_step(1, 800) + engine_step(0, 10, b'\x0c' + demand) +
         engine_step(3, 10, b'\x02') + engine_step(1, 300) + engine_step(5, 10) +
         engine_step(0x81, 2))
    # A WINS client (op 6): names granted by the server (op 7) for 4 s, refreshed, one
    # refused, one WACKed then silent (broadcast fallback), resolutions answered, denied
    # and forged from a neighbour, then everything released.
    grant = engine_step(7, 20, b'\x00\x00\x04\x0c')
    wins = [engine_step(6, 0)]
    for i, group in ((0, 0), (3, 1), (2, 0)):
        wins += [engine_step(2, 0, bytes([i, group])), grant]
    wins += [engine_step(2, 0, b'\x04\x00'), engine_step(7, 10, b'\x06')]
    wins += [engine_step(2, 0, b'\x01\x00'), engine_step(7, 10, b'\x10\x00\x01'),
             engine_step(1, 1500), engine_step(1, 1500), timers * 4]
    wins += [engine_step(0x81, 2), grant, engine_step(0x81, 3), timers * 4, grant]
    wins += [engine_step(4, 10, b'\x07'), grant, engine_step(4, 10, b'\x04'),
             engine_step(7, 10, b'\x03'), timers * 4]
    wins += [engine_step(4, 10, b'\x07'), engine_step(0, 10, b'\x0c' + demand),
             engine_step(5, 10), engine_step(7, 10, b'\x00'), engine_step(0x81, 2)]
    save('name-table', b''.join(wins))


def rap_transactions(path):
    """(is_reply, parameters, data, MaxParameterCount, MaxDataCount) of every RAP
    SMB_COM_TRANSACTION over NBSS ([MS-CIFS] 2.2.4.33): requests with SetupCount 0 (WordCount
    14; a named pipe's DCE/RPC has 2) and every reply; offsets are from the SMB header."""
    for _sport, _dport, payload in tcp_payloads(path):
        smb = payload[4:]
        if payload[0] != 0 or smb[:4] != b'\xffSMB' or smb[4] != 0x25 or len(smb) < 35:
            continue
        words = 33
        if smb[9] & 0x80:
            if smb[32] != 10:
                continue
            pc, po, _pd, dc, do = struct.unpack_from('<5H', smb, words + 6)
            yield True, smb[po:po + pc], smb[do:do + dc], 0, 0
        elif smb[32] == 14:
            mpc, mdc = struct.unpack_from('<HH', smb, words + 4)
            pc, po, dc, do = struct.unpack_from('<4H', smb, words + 18)
            yield False, smb[po:po + pc], smb[do:do + dc], mpc, mdc


def rap_request_seed(flags, params, max_params=8, max_data=0xFFFF):
    """fuzz-rap-request's input: flags (role, converter, comment cut), MaxParameterCount,
    MaxDataCount (u16 LE), then the parameters."""
    return bytes([flags, max_params]) + struct.pack('<H', max_data) + params


def rap_response_seed(level, params, data):
    """fuzz-rap-response's input: the level asked, the parameters' length, them, the data."""
    return bytes([level, len(params)]) + params + data


def rap_seeds():
    """Seeds for fuzz-rap-request and fuzz-rap-response: every NetServerEnum2 request and
    reply of the captures (each request also as a backup with Windows' converter, as a
    potential browser, and with small limits), plus the calls the captures lack, built from
    rap.md §9 (NetShareEnum, NetServerGetInfo, NetWkstaGetInfo, NetServerEnum3, an unknown
    opcode, a wrong descriptor) and replies a hostile server could send."""
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        for is_reply, params, data, mpc, mdc in rap_transactions(os.path.join(VECTORS, fn)):
            if is_reply:
                save('rap-response', rap_response_seed(1, params, data))
                continue
            save('rap-request', rap_request_seed(0x00, params, mpc, mdc))
            save('rap-request', rap_request_seed(0x05, params, mpc, mdc))
            save('rap-request', rap_request_seed(0x0A, params))
            save('rap-request', rap_request_seed(0x00, params, 8, 60))
            save('rap-request', rap_request_seed(0x00, params, 4, 0))
    enum3 = (b'\xd7\x00WrLehDzz\x00B16BBDz\x00' + struct.pack('<HHI', 1, 0xFFE0, 0xFFFFFFFF) +
             b'LABGRP\x00FAKESRV1\x00')
    requests = [
        b'\x00\x00WrLeh\x00B13BWz\x00' + struct.pack('<HH', 1, 0xFFE0),
        b'\x00\x00WrLeh\x00B13BWzWWWzB9B\x00' + struct.pack('<HH', 2, 0xFFE0),
        b'\x0d\x00WrLh\x00B16BBDz\x00' + struct.pack('<HH', 1, 0xFFFF),
        b'\x0d\x00WrLh\x00B16BBDz\x00' + struct.pack('<HH', 1, 30),
        b'\x3f\x00WrLh\x00zzzBBzz\x00' + struct.pack('<HH', 10, 0xFFFF),
        enum3,
        b'\x68\x00WrLehDO\x00B16\x00' + struct.pack('<HHI', 0, 0xFFFF, 0xC0000000),
        b'\x5b\x00rL\x00DDBBBBWWBBWB\x00' + struct.pack('<H', 21),
        b'\x68\x00WrLeh\x00B16BBDz\x00' + struct.pack('<HH', 1, 0xFFFF),
    ]
    for params in requests:
        save('rap-request', rap_request_seed(0x00, params))
    # A reply with Windows' converter, an error, a 16-byte name, a pointer out of bounds.
    record = b'WIN7'.ljust(16, b'\0') + bytes([6, 1]) + struct.pack('<II', 0x00051003, 26 + 0x1685)
    save('rap-response', rap_response_seed(1, struct.pack('<4H', 0, 0x1685, 1, 1),
                                           record + b'Windows 7\0'))
    save('rap-response', rap_response_seed(1, struct.pack('<2H', 71, 0), b''))
    save('rap-response', rap_response_seed(0, struct.pack('<4H', 234, 0, 2, 9),
                                           b'A' * 16 + b'BB'.ljust(16, b'\0')))
    save('rap-response', rap_response_seed(1, struct.pack('<4H', 0, 0, 1, 1),
                                           record[:22] + struct.pack('<I', 0xFFFF) + b'x\0'))


def tcp_client_streams(path):
    """{(server port, client port): [payload, ...]} of what clients sent to ports 139 and
    445, in capture order."""
    streams = {}
    for sport, dport, payload in tcp_payloads(path):
        if dport in (139, 445):
            streams.setdefault((dport, sport), []).append(payload)
    return streams


def session_seeds():
    """Seeds for fuzz-session (format in its header): every client byte stream of the
    captures on port 139 (NBSS) and 445 (direct TCP), whole and cut into 1- and 64-byte
    pieces, and Samba's side of the port 139 streams, which a server must refuse."""
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        path = os.path.join(VECTORS, fn)
        for (port, _client), payloads in tcp_client_streams(path).items():
            direct = 1 if port == 445 else 0
            stream = b''.join(payloads)
            for chunk in (1, 64, 128):
                save('session', bytes([direct | ((chunk - 1) << 1)]) + stream)
        replies = b''.join(p for sport, _dport, p in tcp_payloads(path) if sport == 139)
        if replies:
            save('session', bytes([127 << 1]) + replies)


def smb_record(kind, payload):
    return struct.pack('>BH', kind, len(payload)) + payload


def smb_seeds():
    """Scripts for fuzz-smb (format in its header): each SMB1 client stream of the captures
    as raw bytes with no prelude (session request, NEGOTIATE, ... as sent); and the requests
    that follow the logon (TRANSACTION, NT_CREATE_ANDX, CLOSE, TREE_DISCONNECT, LOGOFF) as
    framed messages with the prelude's ids, after each prelude variant."""
    logon = (0x72, 0x73, 0x75)
    for fn in sorted(os.listdir(VECTORS)):
        if not fn.endswith('.pcapng'):
            continue
        for (port, _client), payloads in tcp_client_streams(os.path.join(VECTORS, fn)).items():
            smbs = [p[4:] for p in payloads if p[4:8] == b'\xffSMB']
            if not smbs:
                continue
            direct = 1 if port == 445 else 0
            save('smb', bytes([direct | 2]) + b''.join(smb_record(0, p) for p in payloads))
            later = b''.join(smb_record(3, m) for m in smbs if m[4] not in logon)
            if later:
                for flags in (0x00, 0x01, 0x04, 0x08):
                    save('smb', bytes([flags]) + later)
    # A NetServerEnum2 split into a primary and secondaries ([MS-CIFS] 2.2.4.33-34), which
    # the captures lack: the parameters 10 bytes at a time, and some data in the last part.
    params = (b'\x68\x00WrLehDz\x00B16BBDz\x00' + struct.pack('<HHI', 1, 0xFFFF, 0xFFFFFFFF) +
              b'LABGRP\x00')
    parts = [smb_trans_primary(params[:10], len(params), 4)]
    for at in range(10, len(params), 10):
        last = at + 10 >= len(params)
        parts.append(smb_trans_secondary(params[at:at + 10], at, len(params),
                                         b'DATA' if last else b'', 4))
    script = b''.join(smb_record(3, m) for m in parts)
    save('smb', bytes([0x00]) + script)
    save('smb', bytes([0x04]) + script)


def smb_header(command, mid):
    """An SMB1 request header ([MS-CIFS] 2.2.3.1): flags 0x18, Flags2 NT_STATUS|LONG_NAMES
    (ASCII strings), PID 0x1234; UID and TID are fuzz-smb's to fill in."""
    return (b'\xffSMB' + bytes([command]) + b'\0' * 4 + b'\x18' + struct.pack('<H', 0x4001) +
            b'\0' * 12 + struct.pack('<HHHH', 0, 0x1234, 0, mid))


def smb_trans_primary(params, total_params, total_data):
    """A TRANSACTION to \\PIPE\\LANMAN carrying the first parameter bytes (WordCount 14,
    ASCII name at 63, parameters at 76)."""
    name = b'\\PIPE\\LANMAN\x00'
    po = 63 + len(name)
    words = struct.pack('<HHHHBBHIHHHHHBB', total_params, total_data, 8, 0xFFFF, 0, 0, 0, 0,
                        0, len(params), po, 0, po + len(params), 0, 0)
    body = name + params
    return smb_header(0x25, 7) + bytes([14]) + words + struct.pack('<H', len(body)) + body


def smb_trans_secondary(params, displacement, total_params, data, total_data):
    """A TRANSACTION_SECONDARY (WordCount 8): parameters at 52 after a pad byte, data after."""
    po = 52
    do = po + len(params)
    words = struct.pack('<8H', total_params, total_data, len(params), po, displacement,
                        len(data), do, 0)
    body = b'\0' + params + data
    return smb_header(0x26, 7) + bytes([8]) + words + struct.pack('<H', len(body)) + body


def nb_name(text, suffix):
    """A NetBIOS name in its wire form (RFC 1001 14.1): 0x20, 32 letters, 0x00."""
    raw = text.ljust(15) + bytes([suffix])
    return b'\x20' + bytes(0x41 + n for c in raw for n in (c >> 4, c & 15)) + b'\x00'


if __name__ == '__main__':
    sys.exit(main())
