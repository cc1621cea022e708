/* The SMB1 codec both ways ([MS-CIFS] §2.2.3, §2.2.4): header, blocks, strings, status
 * values, NEGOTIATE, SESSION_SETUP_ANDX, TREE_CONNECT_ANDX and the small commands. The
 * client builders reproduce smbclient's requests of the capture byte for byte, and what
 * the parsers read from Samba's replies writes back to the same bytes. Transactions are in
 * test-ms-smb-trans.c. */
#include <libmailslot/ms-smb-commands.h>

#include <string.h>

#include "smb-harness.h"

#define BUF 2048

static const guint8 *
bytes_of(GBytes *b, gsize *len)
{
    return g_bytes_get_data(b, len);
}

/* Writes the header `h` into buf; returns a writer positioned after it. */
static MsWriter
start(guint8 *buf, gsize cap, const MsSmbHeader *h)
{
    MsWriter w = ms_writer_init(buf, cap);
    ms_smb_header_write(&w, h);
    return w;
}

static void
test_header_round_trip_and_kinds(void)
{
    g_autoptr(GBytes) smb = capture_smb(128);
    gsize len;
    const guint8 *d = bytes_of(smb, &len);
    MsSmbHeader h;
    CU_ASSERT_EQUAL(ms_smb_header_parse(d, len, &h), MS_OK);
    CU_ASSERT_EQUAL(h.command, MS_SMB_COM_NEGOTIATE);
    CU_ASSERT_EQUAL(h.flags, 0x18);
    CU_ASSERT_EQUAL(h.flags2, 0xC043);
    CU_ASSERT_EQUAL(h.pid, 65534);
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    ms_smb_header_write(&w, &h);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, MS_SMB_HEADER_LEN);

    /* RAP-007: SMB2 is recognised as such (frame 7), anything else is not SMB. */
    g_autoptr(GBytes) smb2 = capture_smb(7);
    const guint8 *d2 = bytes_of(smb2, &len);
    CU_ASSERT_EQUAL(ms_smb_header_parse(d2, len, &h), MS_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(ms_smb_header_parse((const guint8 *)"\xffSMX", 4, &h), MS_ERR_BAD_HEADER);
    for (gsize cut = 0; cut < MS_SMB_MIN_LEN; cut++)
        CU_ASSERT_NOT_EQUAL(ms_smb_header_parse(d, cut, &h), MS_OK);
}

/* Every prefix of every captured request fails to parse as a block: the structure check
 * that makes a truncated request close the connection. */
static void
test_blocks_refuse_every_truncation(void)
{
    static const guint frames[] = {128, 130, 132, 134, 136, 138, 158, 186, 190, 194, 196, 223};
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) smb = capture_smb(frames[i]);
        gsize len;
        const guint8 *d = bytes_of(smb, &len);
        MsSmbBlock b;
        CU_ASSERT_EQUAL(ms_smb_block_parse(d, len, MS_SMB_HEADER_LEN, d[4], &b), MS_OK);
        CU_ASSERT_TRUE(b.end <= len);
        for (gsize cut = MS_SMB_HEADER_LEN; cut < b.end; cut++) {
            g_autofree guint8 *exact = g_memdup2(d, cut);
            CU_ASSERT_NOT_EQUAL(ms_smb_block_parse(exact, cut, MS_SMB_HEADER_LEN, d[4], &b), MS_OK);
        }
    }
}

/* [MS-CIFS] §2.2.3.4: chains move forward only; 0xFF ends a chain whatever the offset
 * says (nmap's SESSION_SETUP, frame 190, carries AndXOffset 145 = its own length). */
static void
test_andx_next(void)
{
    g_autoptr(GBytes) nmap = capture_smb(190);
    MsSmbHeader h;
    MsSmbBlock b;
    smb_parse(nmap, &h, &b);
    guint8 cmd;
    gsize off;
    CU_ASSERT_EQUAL(ms_smb_block_next(&b, g_bytes_get_size(nmap), &cmd, &off), MS_OK);
    CU_ASSERT_EQUAL(cmd, MS_SMB_COM_NONE);

    g_autoptr(GBytes) chain = req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\H1\\IPC$");
    gsize len;
    const guint8 *d = bytes_of(chain, &len);
    smb_parse(chain, &h, &b);
    CU_ASSERT_EQUAL(ms_smb_block_next(&b, len, &cmd, &off), MS_OK);
    CU_ASSERT_EQUAL(cmd, MS_SMB_COM_TREE_CONNECT_ANDX);
    CU_ASSERT_EQUAL(off, b.end);
    MsSmbBlock t;
    CU_ASSERT_EQUAL(ms_smb_block_parse(d, len, off, cmd, &t), MS_OK);
    CU_ASSERT_EQUAL(t.end, len);

    /* backwards, into itself, and past the end */
    g_autofree guint8 *bad = g_memdup2(d, len);
    const gsize offsets[] = {MS_SMB_HEADER_LEN, b.end - 1, len, 0xFFFF};
    for (gsize i = 0; i < G_N_ELEMENTS(offsets); i++) {
        bad[MS_SMB_HEADER_LEN + 3] = (guint8)offsets[i];
        bad[MS_SMB_HEADER_LEN + 4] = (guint8)(offsets[i] >> 8);
        MsSmbBlock bb;
        CU_ASSERT_EQUAL(ms_smb_block_parse(bad, len, MS_SMB_HEADER_LEN, cmd, &bb), MS_OK);
        bb.command = MS_SMB_COM_SESSION_SETUP_ANDX;
        CU_ASSERT_EQUAL(ms_smb_block_next(&bb, len, &cmd, &off), MS_ERR_BAD_POINTER);
    }
    /* a non-AndX command ends a chain */
    MsSmbBlock echo = {.command = MS_SMB_COM_ECHO};
    CU_ASSERT_EQUAL(ms_smb_block_next(&echo, len, &cmd, &off), MS_OK);
    CU_ASSERT_EQUAL(cmd, MS_SMB_COM_NONE);
}

/* [MS-CIFS] §2.2.1.1: Unicode strings align to an even offset from the header, OEM ones
 * do not; conversion both ways keeps ASCII and non-ASCII text. */
static void
test_strings(void)
{
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    ms_writer_put_u8(&w, 0xAA); /* odd offset */
    MsSmbString s = ms_smb_str("Gr\xc3\xbc\xc3\x9f \xf0\x9f\x98\x80"); /* "Grüß 😀" */
    ms_smb_string_write(&w, 0, &s, TRUE, TRUE);
    CU_ASSERT_EQUAL(buf[1], 0); /* the pad */
    CU_ASSERT_EQUAL(w.len, 2 + 2 * 7 + 2); /* 5 BMP chars, a surrogate pair, the NUL */
    MsReader r = ms_reader_init(buf, w.len);
    r.pos = 1;
    MsSmbString back;
    CU_ASSERT_EQUAL(ms_smb_string_read(&r, TRUE, TRUE, &back), MS_OK);
    CU_ASSERT_EQUAL(r.pos, w.len);
    char text[32];
    ms_smb_string_to_utf8(&back, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, "Gr\xc3\xbc\xc3\x9f \xf0\x9f\x98\x80");
    /* written as 8-bit: UTF-8; read back as OEM: the code page is unknown, so '?' */
    w = ms_writer_init(buf, sizeof buf);
    ms_smb_string_write(&w, 0, &back, FALSE, TRUE);
    CU_ASSERT_EQUAL(w.len, strlen("Gr\xc3\xbc\xc3\x9f \xf0\x9f\x98\x80") + 1);
    r = ms_reader_init(buf, w.len);
    CU_ASSERT_EQUAL(ms_smb_string_read(&r, FALSE, TRUE, &back), MS_OK);
    ms_smb_string_to_utf8(&back, text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, "Gr?? ?");
    /* comparison ignores ASCII case and encoding */
    MsSmbString ipc_u = {(const guint8 *)"i\0p\0c\0$\0", 8, TRUE};
    CU_ASSERT_TRUE(ms_smb_string_equal(&ipc_u, "IPC$"));
    CU_ASSERT_FALSE(ms_smb_string_equal(&ipc_u, "IPC"));
    MsSmbString ipc = ms_smb_str("IPC");
    CU_ASSERT_FALSE(ms_smb_string_equal(&ipc, "IPC$"));
    /* unterminated, and a lone odd byte in Unicode */
    r = ms_reader_init((const guint8 *)"abc", 3);
    CU_ASSERT_EQUAL(ms_smb_string_read(&r, FALSE, FALSE, &back), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(r.pos, 0);
    r = ms_reader_init((const guint8 *)"a\0b", 3);
    CU_ASSERT_EQUAL(ms_smb_string_read(&r, TRUE, FALSE, &back), MS_ERR_TRUNCATED);
    /* a lone surrogate becomes '?' and output is cut to fit */
    MsSmbString lone = {(const guint8 *)"\x00\xd8x\0", 4, TRUE};
    ms_smb_string_to_utf8(&lone, text, 3);
    CU_ASSERT_STRING_EQUAL(text, "?x");
    ms_smb_string_to_utf8(&lone, text, 2);
    CU_ASSERT_STRING_EQUAL(text, "?");
}

/* [MS-CIFS] §2.2.2.4: each error has its NTSTATUS and its DOS pair; the STATUS_SMB_* codes
 * are the DOS pair itself. */
static void
test_status_table(void)
{
    static const struct {
        MsSmbError e;
        guint32 nt;
        guint8 klass;
        guint16 code;
    } cases[] = {
        {MS_SMB_SUCCESS, 0, 0, 0},
        {MS_SMB_E_BAD_COMMAND, 0x00160002, 2, 22},
        {MS_SMB_E_INVALID_PARAMETER, 0xC000000D, 1, 87},
        {MS_SMB_E_BAD_UID, 0x005B0002, 2, 91},
        {MS_SMB_E_BAD_TID, 0x00050002, 2, 5},
        {MS_SMB_E_BAD_NETWORK_NAME, 0xC00000CC, 2, 6},
        {MS_SMB_E_BAD_DEVICE_TYPE, 0xC00000CB, 2, 7},
        {MS_SMB_E_OBJECT_NAME_NOT_FOUND, 0xC0000034, 1, 2},
        {MS_SMB_E_NOT_SUPPORTED, 0xC00000BB, 1, 50},
        {MS_SMB_E_INSUFF_RESOURCES, 0xC0000205, 1, 8},
    };
    CU_ASSERT_EQUAL(G_N_ELEMENTS(cases), MS_SMB_ERROR_COUNT);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        guint32 dos = cases[i].klass | ((guint32)cases[i].code << 16);
        CU_ASSERT_EQUAL(ms_smb_error_ntstatus(cases[i].e), cases[i].nt);
        CU_ASSERT_EQUAL(ms_smb_error_dos(cases[i].e), dos);
        CU_ASSERT_EQUAL(ms_smb_error_status(cases[i].e, TRUE), cases[i].nt);
        CU_ASSERT_EQUAL(ms_smb_error_from_status(cases[i].nt, TRUE), cases[i].e);
        CU_ASSERT_EQUAL(ms_smb_error_from_status(dos, FALSE), cases[i].e);
        CU_ASSERT_STRING_NOT_EQUAL(ms_smb_error_to_string(cases[i].e), "unknown");
        /* on the wire: class, reserved, code (little-endian) */
        guint8 wire[4];
        MsWriter w = ms_writer_init(wire, 4);
        ms_writer_put_le32(&w, dos);
        CU_ASSERT_EQUAL(wire[0], cases[i].klass);
        CU_ASSERT_EQUAL(wire[1], 0);
        CU_ASSERT_EQUAL(wire[2] | (wire[3] << 8), cases[i].code);
    }
    CU_ASSERT_EQUAL(ms_smb_error_from_status(0xC0000001, TRUE), MS_SMB_ERROR_COUNT);
}

/* Parses a dialect list built from names and returns our choice. */
static guint16
choose(const char *const *names, guint n, MsSmbDialect *d)
{
    g_autoptr(GBytes) msg = req_negotiate(FLAGS2_SMBCLIENT, names, n);
    MsSmbHeader h;
    MsSmbBlock b;
    smb_parse(msg, &h, &b);
    MsSmbNegotiateRequest req;
    CU_ASSERT_EQUAL_FATAL(ms_smb_negotiate_request_parse(g_bytes_get_data(msg, NULL), &b, &req),
                          MS_OK);
    CU_ASSERT_EQUAL(req.count, n);
    return ms_smb_dialect_choose(&req, d);
}

/* RAP-010/011: NT LM 0.12 first, then the LAN Manager dialects, never a core one. */
static void
test_rap010_dialect_choice(void)
{
    static const char *const xp[] = {"PC NETWORK PROGRAM 1.0", "LANMAN1.0",
                                     "Windows for Workgroups 3.1a", "LM1.2X002", "LANMAN2.1",
                                     "NT LM 0.12"};
    static const char *const samba[] = {"NT LANMAN 1.0", "NT LM 0.12"};
    static const char *const samba_smb2[] = {"NT LANMAN 1.0", "NT LM 0.12", "SMB 2.002",
                                             "SMB 2.???"};
    static const char *const only_nt_lanman[] = {"NT LANMAN 1.0"};
    static const char *const os2[] = {"PC NETWORK PROGRAM 1.0", "XENIX CORE", "LANMAN1.0",
                                      "LM1.2X002", "LANMAN2.1"};
    static const char *const wfw[] = {"PC NETWORK PROGRAM 1.0", "MICROSOFT NETWORKS 3.0",
                                      "DOS LM1.2X002", "DOS LANMAN2.1",
                                      "Windows for Workgroups 3.1a"};
    static const char *const dos[] = {"PC NETWORK PROGRAM 1.0", "MICROSOFT NETWORKS 3.0"};
    static const char *const core[] = {"PC NETWORK PROGRAM 1.0", "MICROSOFT NETWORKS 1.03",
                                       "SMB 2.002"};
    static const char *const repeated[] = {"nt lm 0.12", "LANMAN1.0", "NT LM 0.12"};
    MsSmbDialect d;
    CU_ASSERT_EQUAL(choose(xp, G_N_ELEMENTS(xp), &d), 5);
    CU_ASSERT_EQUAL(d, MS_SMB_DIALECT_NT1);
    CU_ASSERT_EQUAL(choose(samba, G_N_ELEMENTS(samba), &d), 1);
    CU_ASSERT_EQUAL(choose(samba_smb2, G_N_ELEMENTS(samba_smb2), &d), 1);
    CU_ASSERT_EQUAL(choose(only_nt_lanman, 1, &d), 0);
    CU_ASSERT_EQUAL(d, MS_SMB_DIALECT_NT1);
    CU_ASSERT_EQUAL(choose(os2, G_N_ELEMENTS(os2), &d), 4);
    CU_ASSERT_EQUAL(d, MS_SMB_DIALECT_LANMAN);
    CU_ASSERT_EQUAL(choose(wfw, G_N_ELEMENTS(wfw), &d), 3);
    CU_ASSERT_EQUAL(d, MS_SMB_DIALECT_LANMAN);
    CU_ASSERT_EQUAL(choose(dos, G_N_ELEMENTS(dos), &d), 1);
    CU_ASSERT_EQUAL(d, MS_SMB_DIALECT_LANMAN);
    CU_ASSERT_EQUAL(choose(core, G_N_ELEMENTS(core), &d), MS_SMB_NO_DIALECT);
    CU_ASSERT_EQUAL(d, MS_SMB_DIALECT_NONE);
    CU_ASSERT_EQUAL(choose(repeated, G_N_ELEMENTS(repeated), &d), 2);
}

/* The capture's NEGOTIATE requests: smbclient's (128, byte for byte from our builder),
 * smbclient's with SMB2 dialects (44), nmap's with an empty dialect name (186). */
static void
test_negotiate_requests_of_capture(void)
{
    static const char *const samba[] = {"NT LANMAN 1.0", "NT LM 0.12"};
    g_autoptr(GBytes) smb = capture_smb(128);
    gsize len;
    const guint8 *d = bytes_of(smb, &len);
    MsSmbHeader h;
    ms_smb_header_parse(d, len, &h);
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_negotiate_request_write(&w, samba, 2), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);

    static const struct {
        guint frame;
        guint count;
        guint16 choice;
    } cases[] = {{128, 2, 1}, {44, 4, 1}, {186, 2, 0}, {76, 2, 1}};
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GBytes) m = capture_smb(cases[i].frame);
        MsSmbBlock b;
        smb_parse(m, &h, &b);
        MsSmbNegotiateRequest req;
        CU_ASSERT_EQUAL_FATAL(ms_smb_negotiate_request_parse(g_bytes_get_data(m, NULL), &b, &req),
                              MS_OK);
        CU_ASSERT_EQUAL(req.count, cases[i].count);
        MsSmbDialect dialect;
        CU_ASSERT_EQUAL(ms_smb_dialect_choose(&req, &dialect), cases[i].choice);
    }
}

/* Malformed dialect lists: words, no dialect, a wrong BufferFormat, no terminator. */
static void
test_negotiate_request_malformed(void)
{
    static const struct {
        const char *bytes;
        gsize len;
        guint8 wc;
    } cases[] = {
        {"", 0, 0},
        {"\x01NT LM 0.12", 12, 0},
        {"\x02NT LM 0.12", 11, 0},
        {"\x02NT LM 0.12\x00\x02", 13, 0},
        {"\x02NT LM 0.12", 12, 1},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        MsSmbBlock b = {.command = MS_SMB_COM_NEGOTIATE,
                        .word_count = cases[i].wc,
                        .words = (const guint8 *)"\0\0",
                        .byte_count = (guint16)cases[i].len,
                        .bytes = (const guint8 *)cases[i].bytes};
        MsSmbNegotiateRequest req;
        CU_ASSERT_NOT_EQUAL(ms_smb_negotiate_request_parse(NULL, &b, &req), MS_OK);
    }
}

/* Samba's NT1 reply (frame 129) parses, and writing what was parsed gives its bytes: our
 * writer lays the reply out as Samba does (names in UTF-16, unpadded, RAP-012). */
static void
test_rap012_negotiate_reply_nt1_round_trip(void)
{
    g_autoptr(GBytes) smb = capture_smb(129);
    gsize len;
    const guint8 *d = bytes_of(smb, &len);
    MsSmbHeader h;
    MsSmbBlock b;
    smb_parse(smb, &h, &b);
    MsSmbNegotiateReply r;
    CU_ASSERT_EQUAL_FATAL(ms_smb_negotiate_reply_parse(d, &b, &r), MS_OK);
    CU_ASSERT_EQUAL(r.dialect, MS_SMB_DIALECT_NT1);
    CU_ASSERT_EQUAL(r.dialect_index, 0);
    CU_ASSERT_EQUAL(r.security_mode, 3);
    CU_ASSERT_EQUAL(r.max_mpx_count, 50);
    CU_ASSERT_EQUAL(r.max_buffer_size, 16644);
    CU_ASSERT_EQUAL(r.capabilities, 0x0080f3fd);
    CU_ASSERT_EQUAL(r.challenge_len, 8);
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.domain, "LABGRP"));
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.server, "H1"));
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_write(&w, &r), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);
    /* the names may be missing ([MS-SMB] §2.2.4.5.2.2: ByteCount tells) */
    MsSmbBlock cut = b;
    cut.byte_count = 8;
    cut.end = cut.bytes_offset + 8;
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_parse(d, &cut, &r), MS_OK);
    CU_ASSERT_PTR_NULL(r.domain.data);
    cut.byte_count = 7;
    cut.end = cut.bytes_offset + 7;
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_parse(d, &cut, &r), MS_ERR_BAD_LENGTH);
}

/* The LAN Manager layout (WordCount 13) and "no dialect" (WordCount 1) both ways. */
static void
test_negotiate_reply_lanman_and_none(void)
{
    static const guint8 key[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    MsSmbNegotiateReply r = {0};
    r.dialect = MS_SMB_DIALECT_LANMAN;
    r.dialect_index = 4;
    r.security_mode = 3;
    r.max_buffer_size = 16644;
    r.max_mpx_count = 50;
    r.max_number_vcs = 1;
    r.session_key = 0x12345678;
    r.time_zone = -60;
    r.challenge = key;
    r.challenge_len = 8;
    ms_smb_dos_datetime_from_unix_us(G_GINT64_CONSTANT(1700000000000000), &r.server_time,
                                     &r.server_date);
    MsSmbHeader h = req_header(MS_SMB_COM_NEGOTIATE, 0, 0, 0, 0);
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_write(&w, &r), MS_OK);
    CU_ASSERT_EQUAL(w.len, MS_SMB_HEADER_LEN + 1 + 26 + 2 + 8);
    MsSmbBlock b;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x72, &b), MS_OK);
    MsSmbNegotiateReply back;
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_parse(buf, &b, &back), MS_OK);
    CU_ASSERT_EQUAL(back.dialect, MS_SMB_DIALECT_LANMAN);
    CU_ASSERT_EQUAL(back.dialect_index, 4);
    CU_ASSERT_EQUAL(back.security_mode, 3);
    CU_ASSERT_EQUAL(back.max_buffer_size, 16644);
    CU_ASSERT_EQUAL(back.session_key, 0x12345678);
    CU_ASSERT_EQUAL(back.time_zone, -60);
    CU_ASSERT_EQUAL(back.server_date, r.server_date);
    CU_ASSERT_EQUAL(back.server_time, r.server_time);
    CU_ASSERT_EQUAL(back.challenge_len, 8);
    TEST_ASSERT_BYTES_EQUAL(back.challenge, 8, key, 8);

    r = (MsSmbNegotiateReply){.dialect = MS_SMB_DIALECT_NONE, .dialect_index = MS_SMB_NO_DIALECT};
    w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_write(&w, &r), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf + MS_SMB_HEADER_LEN, w.len - MS_SMB_HEADER_LEN,
                            (const guint8 *)"\x01\xff\xff\x00\x00", 5);
    /* a challenge must be 0 or 8 bytes */
    r.dialect = MS_SMB_DIALECT_NT1;
    r.challenge = key;
    r.challenge_len = 4;
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_write(&w, &r), MS_ERR_INVALID_ARG);
}

/* [MS-CIFS] §2.2.1.4: 2023-11-14 22:13:20 UTC. */
static void
test_times(void)
{
    gint64 t = G_GINT64_CONSTANT(1700000000000000);
    CU_ASSERT_EQUAL(ms_smb_filetime_from_unix_us(t), G_GUINT64_CONSTANT(133444736000000000));
    guint16 tm, dt;
    ms_smb_dos_datetime_from_unix_us(t, &tm, &dt);
    CU_ASSERT_EQUAL(dt, ((2023 - 1980) << 9) | (11 << 5) | 14);
    CU_ASSERT_EQUAL(tm, (22 << 11) | (13 << 5) | 10);
    ms_smb_dos_datetime_from_unix_us(0, &tm, &dt); /* before 1980: clamped */
    CU_ASSERT_EQUAL(dt, (1 << 5) | 1);
    CU_ASSERT_EQUAL(tm, 0);
    /* 2000-02-29, a leap day */
    ms_smb_dos_datetime_from_unix_us(G_GINT64_CONSTANT(951782400) * G_USEC_PER_SEC, &tm, &dt);
    CU_ASSERT_EQUAL(dt, (20 << 9) | (2 << 5) | 29);
    CU_ASSERT_EQUAL(ms_smb_filetime_from_unix_us(G_MININT64), 0);
    CU_ASSERT_TRUE(ms_smb_filetime_from_unix_us(G_MAXINT64) <= (guint64)G_MAXINT64);
    ms_smb_dos_datetime_from_unix_us(G_MAXINT64, &tm, &dt); /* after 2107: clamped */
    CU_ASSERT_EQUAL(dt, (127 << 9) | (12 << 5) | 31);
}

/* smbclient's SESSION_SETUP (frame 130) from our builder, byte for byte; Samba's reply
 * (frame 131) parsed and rewritten to the same bytes. */
static void
test_session_setup_capture_both_ways(void)
{
    g_autoptr(GBytes) req = capture_smb(130);
    gsize len;
    const guint8 *d = bytes_of(req, &len);
    MsSmbHeader h;
    MsSmbBlock b;
    smb_parse(req, &h, &b);
    MsSmbSessionSetupRequest r;
    CU_ASSERT_EQUAL_FATAL(ms_smb_session_setup_request_parse(d, &b, TRUE, &r), MS_OK);
    CU_ASSERT_EQUAL(r.word_count, 13);
    CU_ASSERT_EQUAL(r.max_buffer_size, 65535);
    CU_ASSERT_EQUAL(r.max_mpx_count, 2);
    CU_ASSERT_EQUAL(r.capabilities, 0xc054);
    CU_ASSERT_EQUAL(r.password_len + r.unicode_password_len, 0);
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.account, "root"));
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.domain, "LABGRP"));
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.native_os, "Unix"));
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.native_lanman, "Samba"));
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    MsSmbSessionSetupRequest again = r;
    again.account = ms_smb_str("root");
    again.domain = ms_smb_str("LABGRP");
    again.native_os = ms_smb_str("Unix");
    again.native_lanman = ms_smb_str("Samba");
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_write(&w, 0, TRUE, &again), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);

    g_autoptr(GBytes) rep = capture_smb(131);
    d = bytes_of(rep, &len);
    smb_parse(rep, &h, &b);
    MsSmbSessionSetupReply sr;
    CU_ASSERT_EQUAL_FATAL(ms_smb_session_setup_reply_parse(d, &b, TRUE, &sr), MS_OK);
    CU_ASSERT_EQUAL(sr.action, MS_SMB_SESSION_ACTION_GUEST);
    CU_ASSERT_TRUE(ms_smb_string_equal(&sr.primary_domain, "LABGRP"));
    w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_session_setup_reply_write(&w, 0, TRUE, &sr), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);

    /* extended security (smbclient's frame 152, nmap's 190): the blob, nothing else */
    static const guint frames[] = {152, 190};
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) ext = capture_smb(frames[i]);
        smb_parse(ext, &h, &b);
        CU_ASSERT_EQUAL(ms_smb_session_setup_request_parse(g_bytes_get_data(ext, NULL), &b,
                                                           (h.flags2 & 0x8000) != 0, &r),
                        MS_OK);
        CU_ASSERT_EQUAL(r.word_count, 12);
        CU_ASSERT_TRUE(r.security_blob_len > 0);
    }
    r.word_count = 12;
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_write(&w, 0, TRUE, &r), MS_ERR_INVALID_ARG);
}

/* The LAN Manager form (WordCount 10, OEM strings) and the string-less reply both ways;
 * strings missing from the end read as empty. */
static void
test_session_setup_lanman_forms(void)
{
    static const guint8 pw[] = "SECRET";
    MsSmbSessionSetupRequest r = {0};
    r.word_count = 10;
    r.max_buffer_size = 4356;
    r.max_mpx_count = 1;
    r.password = pw;
    r.password_len = 6;
    r.account = ms_smb_str("GUEST");
    r.domain = ms_smb_str("WORKGROUP");
    r.native_os = ms_smb_str("DOS");
    r.native_lanman = ms_smb_str("LM 2.2");
    MsSmbHeader h = req_header(MS_SMB_COM_SESSION_SETUP_ANDX, FLAGS2_DOS, 0, 0, 1);
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_write(&w, 0, FALSE, &r), MS_OK);
    MsSmbBlock b;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x73, &b), MS_OK);
    CU_ASSERT_EQUAL(b.word_count, 10);
    MsSmbSessionSetupRequest back;
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_parse(buf, &b, FALSE, &back), MS_OK);
    CU_ASSERT_EQUAL(back.max_buffer_size, 4356);
    CU_ASSERT_EQUAL(back.password_len, 6);
    CU_ASSERT_TRUE(ms_smb_string_equal(&back.account, "guest"));
    CU_ASSERT_TRUE(ms_smb_string_equal(&back.native_lanman, "LM 2.2"));
    /* cut after the account: the rest is empty, not an error */
    MsSmbBlock cut = b;
    cut.byte_count = (guint16)(6 + 6);
    cut.end = cut.bytes_offset + cut.byte_count;
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_parse(buf, &cut, FALSE, &back), MS_OK);
    CU_ASSERT_TRUE(ms_smb_string_equal(&back.account, "GUEST"));
    CU_ASSERT_PTR_NULL(back.domain.data);
    /* a password longer than the bytes */
    cut.byte_count = 5;
    cut.end = cut.bytes_offset + 5;
    CU_ASSERT_EQUAL(ms_smb_session_setup_request_parse(buf, &cut, FALSE, &back),
                    MS_ERR_BAD_LENGTH);

    MsSmbSessionSetupReply sr = {.action = 0};
    w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_session_setup_reply_write(&w, 0, FALSE, &sr), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf + MS_SMB_HEADER_LEN, w.len - MS_SMB_HEADER_LEN,
                            (const guint8 *)"\x03\xff\x00\x00\x00\x00\x00\x00\x00", 9);
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x73, &b), MS_OK);
    CU_ASSERT_EQUAL(ms_smb_session_setup_reply_parse(buf, &b, FALSE, &sr), MS_OK);
    CU_ASSERT_PTR_NULL(sr.native_os.data);
}

/* smbclient's TREE_CONNECT (frame 132) from our builder, Samba's WordCount 7 reply (133)
 * rewritten to the same bytes, nmap's ASCII request without a password (194) parsed. */
static void
test_tree_connect_capture_both_ways(void)
{
    g_autoptr(GBytes) req = capture_smb(132);
    gsize len;
    const guint8 *d = bytes_of(req, &len);
    MsSmbHeader h;
    MsSmbBlock b;
    smb_parse(req, &h, &b);
    MsSmbTreeConnectRequest r;
    CU_ASSERT_EQUAL_FATAL(ms_smb_tree_connect_request_parse(d, &b, TRUE, &r), MS_OK);
    CU_ASSERT_EQUAL(r.flags, 0x000c);
    CU_ASSERT_EQUAL(r.password_len, 1);
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.path, "\\\\H1\\IPC$"));
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.service, "?????"));
    MsSmbString share;
    CU_ASSERT_TRUE(ms_smb_tree_path_share(&r.path, &share));
    CU_ASSERT_TRUE(ms_smb_string_equal(&share, "ipc$"));
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    MsSmbTreeConnectRequest again = r;
    again.path = ms_smb_str("\\\\H1\\IPC$");
    CU_ASSERT_EQUAL(ms_smb_tree_connect_request_write(&w, 0, TRUE, &again), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);

    g_autoptr(GBytes) rep = capture_smb(133);
    d = bytes_of(rep, &len);
    smb_parse(rep, &h, &b);
    MsSmbTreeConnectReply tr;
    CU_ASSERT_EQUAL_FATAL(ms_smb_tree_connect_reply_parse(d, &b, TRUE, &tr), MS_OK);
    CU_ASSERT_EQUAL(tr.word_count, 7);
    CU_ASSERT_EQUAL(tr.maximal_access, 0x1ff);
    CU_ASSERT_TRUE(ms_smb_string_equal(&tr.service, "IPC"));
    CU_ASSERT_EQUAL(tr.native_fs.len, 0);
    w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_tree_connect_reply_write(&w, 0, TRUE, &tr), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);

    g_autoptr(GBytes) nmap = capture_smb(194);
    smb_parse(nmap, &h, &b);
    CU_ASSERT_EQUAL_FATAL(ms_smb_tree_connect_request_parse(g_bytes_get_data(nmap, NULL), &b,
                                                            FALSE, &r),
                          MS_OK);
    CU_ASSERT_EQUAL(r.password_len, 0);
    CU_ASSERT_TRUE(ms_smb_string_equal(&r.path, "\\\\10.213.0.11\\IPC$"));

    /* the LAN Manager reply (WordCount 2) and the plain NT one (3) */
    const guint8 wcs[] = {2, 3};
    for (gsize i = 0; i < G_N_ELEMENTS(wcs); i++) {
        MsSmbTreeConnectReply x = {.word_count = wcs[i], .optional_support = 1,
                                   .service = ms_smb_str("IPC"), .native_fs = ms_smb_str("")};
        w = start(buf, sizeof buf, &h);
        CU_ASSERT_EQUAL(ms_smb_tree_connect_reply_write(&w, 0, FALSE, &x), MS_OK);
        CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x75, &b), MS_OK);
        CU_ASSERT_EQUAL(ms_smb_tree_connect_reply_parse(buf, &b, FALSE, &tr), MS_OK);
        CU_ASSERT_EQUAL(tr.word_count, wcs[i]);
        CU_ASSERT_TRUE(ms_smb_string_equal(&tr.service, "IPC"));
    }
    /* paths without a share */
    const char *no_share[] = {"IPC$", "\\\\H1\\", ""};
    for (gsize i = 0; i < G_N_ELEMENTS(no_share); i++) {
        MsSmbString p = ms_smb_str(no_share[i]);
        CU_ASSERT_FALSE(ms_smb_tree_path_share(&p, &share));
    }
}

/* ECHO, TREE_DISCONNECT, LOGOFF_ANDX both ways; Samba's replies (139, 224) match ours. */
static void
test_small_commands(void)
{
    MsSmbEcho e = {3, (const guint8 *)"ping", 4};
    MsSmbHeader h = req_header(MS_SMB_COM_ECHO, 0, 0, 0, 0);
    guint8 buf[BUF];
    MsWriter w = start(buf, sizeof buf, &h);
    CU_ASSERT_EQUAL(ms_smb_echo_write(&w, &e), MS_OK);
    MsSmbBlock b;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(buf, w.len, MS_SMB_HEADER_LEN, 0x2b, &b), MS_OK);
    MsSmbEcho back;
    CU_ASSERT_EQUAL(ms_smb_echo_parse(buf, &b, &back), MS_OK);
    CU_ASSERT_EQUAL(back.count, 3);
    TEST_ASSERT_BYTES_EQUAL(back.data, back.len, (const guint8 *)"ping", 4);

    static const guint frames[] = {139, 224};
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) rep = capture_smb(frames[i]);
        gsize len;
        const guint8 *d = bytes_of(rep, &len);
        ms_smb_header_parse(d, len, &h);
        w = start(buf, sizeof buf, &h);
        if (h.command == MS_SMB_COM_LOGOFF_ANDX)
            ms_smb_logoff_write(&w);
        else
            ms_smb_empty_write(&w);
        TEST_ASSERT_BYTES_EQUAL(buf, w.len, d, len);
    }
}

static CU_TestInfo tests[] = {
    {"header round trip, RAP-007 SMB2", test_header_round_trip_and_kinds},
    {"blocks refuse every truncation", test_blocks_refuse_every_truncation},
    {"AndX next link", test_andx_next},
    {"strings", test_strings},
    {"status table, both styles", test_status_table},
    {"RAP-010/011 dialect choice", test_rap010_dialect_choice},
    {"NEGOTIATE requests of the capture", test_negotiate_requests_of_capture},
    {"NEGOTIATE request malformed", test_negotiate_request_malformed},
    {"RAP-012 NT1 reply round trip (frame 129)", test_rap012_negotiate_reply_nt1_round_trip},
    {"NEGOTIATE LAN Manager and none replies", test_negotiate_reply_lanman_and_none},
    {"FILETIME and DOS date/time", test_times},
    {"SESSION_SETUP capture both ways (130/131)", test_session_setup_capture_both_ways},
    {"SESSION_SETUP LAN Manager forms", test_session_setup_lanman_forms},
    {"TREE_CONNECT capture both ways (132/133/194)", test_tree_connect_capture_both_ways},
    {"ECHO, TREE_DISCONNECT, LOGOFF (139/224)", test_small_commands},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-smb-codec", tests);
}
