/* The SMB1 server machine against the capture: smbclient's SMB1 session on port 139
 * (frames 128-139) replayed request by request, our replies compared with Samba's; then
 * the commands, AndX chains and transactions (RAP-010..RAP-031). Errors in both styles
 * are in test-ms-smb-errors.c, hostile input in test-ms-smb-robust.c. */
#include <libmailslot/ms-smb-server.h>

#include <string.h>

#include "smb-harness.h"

static const guint8 *
data_of(GBytes *b, gsize *len)
{
    return g_bytes_get_data(b, len);
}

static void
set_canned(SmbHarness *h, guint reply_frame)
{
    g_autoptr(GBytes) smb = capture_smb(reply_frame);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(smb, &hd, &b);
    MsSmbTransPart p;
    CU_ASSERT_EQUAL_FATAL(ms_smb_trans_reply_parse(g_bytes_get_data(smb, NULL), &b, &p), MS_OK);
    if (h->lan_params)
        g_bytes_unref(h->lan_params);
    if (h->lan_data)
        g_bytes_unref(h->lan_data);
    h->lan_params = g_bytes_new(p.params, p.param_count);
    h->lan_data = g_bytes_new(p.data, p.data_count);
}

static void
assert_same_as_capture(GBytes *ours, guint frame)
{
    g_autoptr(GBytes) samba = capture_smb(frame);
    gsize a, b;
    const guint8 *x = data_of(ours, &a), *y = data_of(samba, &b);
    if (a != b || memcmp(x, y, a) != 0)
        fprintf(stderr, "reply differs from capture frame %u\n", frame);
    TEST_ASSERT_BYTES_EQUAL(x, a, y, b);
}

/* RAP-010, RAP-012, RAP-014: our NEGOTIATE reply to smbclient (frame 128) against
 * Samba's (129). Equal: the whole header (Flags 0x88, Flags2 0xC003, ids), WordCount 17,
 * MaxMpxCount, MaxNumberVcs, MaxBufferSize, MaxRawSize, SessionKey (configured), time zone,
 * DomainName and ServerName. Different, by design: DialectIndex 1 (we choose NT LM 0.12;
 * Samba its first table entry, "NT LANMAN 1.0", the same dialect), SecurityMode 0x01 and
 * ChallengeLength 0 (no challenge: nobody's password is checked), Capabilities 0x74
 * (only what we do), SystemTime (the clock), and ByteCount 20 instead of 28. */
static void
test_rap010_negotiate_vs_samba(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    g_autoptr(GBytes) req = capture_smb(128);
    GBytes *ours = harness_one_reply(&h, req);
    g_autoptr(GBytes) samba = capture_smb(129);
    gsize n;
    const guint8 *o = data_of(ours, &n);
    const guint8 *s = data_of(samba, NULL);
    TEST_ASSERT_BYTES_EQUAL(o, MS_SMB_HEADER_LEN, s, MS_SMB_HEADER_LEN);
    MsSmbHeader hd;
    MsSmbBlock b, sb;
    reply_parse(ours, &hd, &b);
    reply_parse(samba, &hd, &sb);
    MsSmbNegotiateReply r, sr;
    CU_ASSERT_EQUAL_FATAL(ms_smb_negotiate_reply_parse(o, &b, &r), MS_OK);
    CU_ASSERT_EQUAL_FATAL(ms_smb_negotiate_reply_parse(s, &sb, &sr), MS_OK);
    CU_ASSERT_EQUAL(r.dialect, MS_SMB_DIALECT_NT1);
    CU_ASSERT_EQUAL(r.max_mpx_count, sr.max_mpx_count);
    CU_ASSERT_EQUAL(r.max_number_vcs, sr.max_number_vcs);
    CU_ASSERT_EQUAL(r.max_buffer_size, sr.max_buffer_size);
    CU_ASSERT_EQUAL(r.max_raw_size, sr.max_raw_size);
    CU_ASSERT_EQUAL(r.session_key, sr.session_key);
    CU_ASSERT_EQUAL(r.time_zone, sr.time_zone);
    TEST_ASSERT_BYTES_EQUAL(r.domain.data, r.domain.len, sr.domain.data, sr.domain.len);
    TEST_ASSERT_BYTES_EQUAL(r.server.data, r.server.len, sr.server.data, sr.server.len);
    CU_ASSERT_EQUAL(r.dialect_index, 1);
    CU_ASSERT_EQUAL(sr.dialect_index, 0);
    CU_ASSERT_EQUAL(r.security_mode, MS_SMB_SECURITY_USER);
    CU_ASSERT_EQUAL(r.challenge_len, 0);
    CU_ASSERT_EQUAL(r.capabilities, 0x74);
    CU_ASSERT_FALSE(r.capabilities & MS_SMB_CAP_EXTENDED_SECURITY);
    CU_ASSERT_EQUAL(r.system_time, G_GUINT64_CONSTANT(133444736000000000));
    CU_ASSERT_EQUAL(b.byte_count, 20);
    CU_ASSERT_EQUAL(sb.byte_count, 28);
    harness_clear(&h);
}

/* The rest of that session, as smbclient sent it: SESSION_SETUP (130), TREE_CONNECT (132),
 * two NetServerEnum2 (134, 136) and TREE_DISCONNECT (138). With Samba's names and first
 * UID/TID configured and the LANMAN handler giving Samba's RAP answers, every reply is
 * Samba's byte for byte (131, 133, 135, 137, 139). RAP-015..RAP-019, RAP-025, RAP-031. */
static void
test_rap015_session_replays_byte_exact(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    g_autoptr(GBytes) neg = capture_smb(128);
    harness_one_reply(&h, neg);
    static const struct {
        guint request;
        guint reply;
    } steps[] = {{130, 131}, {132, 133}, {134, 135}, {136, 137}, {138, 139}};
    for (gsize i = 0; i < G_N_ELEMENTS(steps); i++) {
        if (steps[i].request == 134 || steps[i].request == 136)
            set_canned(&h, steps[i].reply);
        g_autoptr(GBytes) req = capture_smb(steps[i].request);
        assert_same_as_capture(harness_one_reply(&h, req), steps[i].reply);
    }
    CU_ASSERT_EQUAL(h.lan_calls, 2);
    /* the handler got the RAP parameters, with room for 8 of them (MaxParameterCount) */
    CU_ASSERT_EQUAL(h.seen_params->len, 33);
    CU_ASSERT_EQUAL(h.seen_params->data[0], 104);
    CU_ASSERT_EQUAL(h.seen_params_cap, 8);
    CU_ASSERT_EQUAL(h.seen_data_cap, 0xFFFF);
    const MsSmbServerCounters *c = ms_smb_server_counters(h.server);
    CU_ASSERT_EQUAL(c->requests, 6);
    CU_ASSERT_EQUAL(c->replies, 6);
    CU_ASSERT_EQUAL(c->sessions, 1);
    CU_ASSERT_EQUAL(c->trees, 1);
    CU_ASSERT_EQUAL(c->tree_disconnects, 1);
    CU_ASSERT_EQUAL(c->transactions, 2);
    harness_clear(&h);
}

/* RAP-023: smbclient's \srvsvc open (frame 158) fails with OBJECT_NAME_NOT_FOUND, where
 * Samba opened the pipe (159, FID 0x3b6d): any failure makes smbclient list shares by RAP
 * (its browse_host_rpc() returns false on a non-OK status). The connection goes on: the
 * NetServerEnum2 that follows (166) is answered as Samba did (167) but for Flags2, where
 * Samba echoes EXTENDED_SECURITY from the request (0xc803) and we do not (0xc003). */
static void
test_rap023_srvsvc_open_fails_then_rap(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    g_autoptr(GBytes) open = capture_smb_ids(158, uid, tid);
    GBytes *reply = harness_one_reply(&h, open);
    assert_error_reply(reply, MS_SMB_COM_NT_CREATE_ANDX, 0xC0000034, TRUE);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->pipe_opens, 1);

    set_canned(&h, 167);
    g_autoptr(GBytes) enum2 = capture_smb_ids(166, uid, tid);
    GBytes *ours = harness_one_reply(&h, enum2);
    g_autoptr(GBytes) samba = capture_smb_ids(167, uid, tid);
    gsize n, m;
    const guint8 *o = data_of(ours, &n), *s = data_of(samba, &m);
    CU_ASSERT_EQUAL_FATAL(n, m);
    CU_ASSERT_EQUAL(o[10] | (o[11] << 8), 0xc003);
    CU_ASSERT_EQUAL(s[10] | (s[11] << 8), 0xc803);
    TEST_ASSERT_BYTES_EQUAL(o, 10, s, 10);
    TEST_ASSERT_BYTES_EQUAL(o + 12, n - 12, s + 12, n - 12);
    harness_clear(&h);
}

/* nmap on port 445 (frames 186-224). It asks for extended security; we do not offer it,
 * so its SESSION_SETUP with a security blob (190) is refused and the connection stays
 * (RAP-018). Its ASCII TREE_CONNECT (194) and NetServerEnum2 (196) then work; our
 * TRANSACTION reply is Samba's (197) but for Flags2: 0x4003, where Samba echoes the
 * request's EXTENDED_SECURITY and SECURITY_SIGNATURE bits (0x4807) - we sign nothing.
 * TREE_DISCONNECT (221) and LOGOFF (223) likewise (222, 224). */
static void
test_rap018_nmap_session(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    g_autoptr(GBytes) neg = capture_smb(186);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(harness_one_reply(&h, neg), &hd, &b);
    CU_ASSERT_EQUAL(hd.flags2, 0x4003);
    MsSmbNegotiateReply nr;
    ms_smb_negotiate_reply_parse(data_of(harness_last(&h), NULL), &b, &nr);
    CU_ASSERT_EQUAL(nr.dialect_index, 0);

    g_autoptr(GBytes) ext = capture_smb(190);
    assert_error_reply(harness_one_reply(&h, ext), MS_SMB_COM_SESSION_SETUP_ANDX, 0xC000000D,
                       TRUE);
    g_autoptr(GBytes) ss = req_session_setup(0x6845 & ~MS_SMB_FLAGS2_EXTENDED_SECURITY, 0, 13,
                                             "guest", 65535);
    reply_parse(harness_one_reply(&h, ss), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    guint16 uid = hd.uid;
    g_autoptr(GBytes) tc = capture_smb_ids(194, uid, 0);
    reply_parse(harness_one_reply(&h, tc), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 3);
    guint16 tid = hd.tid;

    static const struct {
        guint request, reply;
    } steps[] = {{196, 197}, {221, 222}, {223, 224}};
    for (gsize i = 0; i < G_N_ELEMENTS(steps); i++) {
        if (steps[i].request == 196)
            set_canned(&h, 197);
        g_autoptr(GBytes) req = capture_smb_ids(steps[i].request, uid, tid);
        GBytes *ours = harness_one_reply(&h, req);
        g_autoptr(GBytes) samba = capture_smb_ids(steps[i].reply, uid, tid);
        gsize n, m;
        const guint8 *o = data_of(ours, &n), *s = data_of(samba, &m);
        CU_ASSERT_EQUAL_FATAL(n, m);
        CU_ASSERT_EQUAL(o[10] | (o[11] << 8), 0x4003);
        CU_ASSERT_EQUAL(s[10] | (s[11] << 8), 0x4807);
        TEST_ASSERT_BYTES_EQUAL(o, 10, s, 10);
        TEST_ASSERT_BYTES_EQUAL(o + 12, n - 12, s + 12, n - 12);
    }
    harness_clear(&h);
}

/* RAP-022: SESSION_SETUP + TREE_CONNECT in one message gets one chained reply carrying the
 * new UID and TID; the TID then serves a transaction. */
static void
test_rap022_chain(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    static const char *const nt[] = {"NT LM 0.12"};
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, nt, 1);
    harness_one_reply(&h, neg);
    g_autoptr(GBytes) chain = req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\*SMBSERVER\\ipc$");
    GBytes *reply = harness_one_reply(&h, chain);
    gsize len;
    const guint8 *d = data_of(reply, &len);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(reply, &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(hd.command, MS_SMB_COM_SESSION_SETUP_ANDX);
    CU_ASSERT_EQUAL(hd.uid, 38579);
    CU_ASSERT_EQUAL(hd.tid, 24885);
    MsSmbSessionSetupReply sr;
    CU_ASSERT_EQUAL(ms_smb_session_setup_reply_parse(d, &b, TRUE, &sr), MS_OK);
    CU_ASSERT_EQUAL(sr.action, 0); /* anonymous */
    CU_ASSERT_TRUE(ms_smb_string_equal(&sr.primary_domain, "LABGRP"));
    guint8 next;
    gsize off;
    CU_ASSERT_EQUAL(ms_smb_block_next(&b, len, &next, &off), MS_OK);
    CU_ASSERT_EQUAL(next, MS_SMB_COM_TREE_CONNECT_ANDX);
    MsSmbBlock t;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(d, len, off, next, &t), MS_OK);
    MsSmbTreeConnectReply tr;
    CU_ASSERT_EQUAL(ms_smb_tree_connect_reply_parse(d, &t, TRUE, &tr), MS_OK);
    CU_ASSERT_EQUAL(tr.word_count, 3);
    CU_ASSERT_TRUE(ms_smb_string_equal(&tr.service, "IPC"));
    CU_ASSERT_EQUAL(t.end, len);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->chains, 1);

    set_canned(&h, 135);
    static const guint8 rap[] = {104, 0, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0};
    g_autoptr(GBytes) trans = req_trans(FLAGS2_SMBCLIENT, hd.uid, hd.tid, 5, "\\PIPE\\LANMAN",
                                        rap, sizeof rap, NULL, 0, 8, 65535);
    reply_parse(harness_one_reply(&h, trans), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 10);
    harness_clear(&h);
}

/* A chain whose second link fails: the first reply, then an empty block named after the
 * failing command, its status in the header ([MS-CIFS] §3.3.5.2). */
static void
test_chain_second_link_fails(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    static const char *const nt[] = {"NT LM 0.12"};
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, nt, 1);
    harness_one_reply(&h, neg);
    g_autoptr(GBytes) chain = req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\H1\\C$");
    GBytes *reply = harness_one_reply(&h, chain);
    gsize len;
    const guint8 *d = data_of(reply, &len);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(reply, &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0xC00000CC);
    CU_ASSERT_EQUAL(hd.uid, 38579); /* the session exists */
    guint8 next;
    gsize off;
    CU_ASSERT_EQUAL(ms_smb_block_next(&b, len, &next, &off), MS_OK);
    CU_ASSERT_EQUAL(next, MS_SMB_COM_TREE_CONNECT_ANDX);
    MsSmbBlock t;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(d, len, off, next, &t), MS_OK);
    CU_ASSERT_EQUAL(t.word_count, 0);
    CU_ASSERT_EQUAL(t.byte_count, 0);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->errors[MS_SMB_E_BAD_NETWORK_NAME], 1);
    harness_clear(&h);
}

/* Only SESSION_SETUP + TREE_CONNECT chains are run: TREE_CONNECT followed by NT_CREATE
 * gets the tree and BAD_COMMAND for the rest. */
static void
test_chain_not_allowed(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    /* TREE_CONNECT linked to a copy of smbclient's NT_CREATE block (frame 158) */
    g_autoptr(GBytes) tc = req_tree_connect(FLAGS2_SMBCLIENT, uid, 0, "\\\\H1\\IPC$", "?????", 0);
    g_autoptr(GBytes) create = capture_smb(158);
    gsize tlen, clen;
    const guint8 *t = data_of(tc, &tlen), *c = data_of(create, &clen);
    g_autoptr(GByteArray) msg = g_byte_array_new();
    g_byte_array_append(msg, t, (guint)tlen);
    g_byte_array_append(msg, c + MS_SMB_HEADER_LEN, (guint)(clen - MS_SMB_HEADER_LEN));
    msg->data[MS_SMB_HEADER_LEN + 1] = MS_SMB_COM_NT_CREATE_ANDX;
    msg->data[MS_SMB_HEADER_LEN + 3] = (guint8)tlen;
    msg->data[MS_SMB_HEADER_LEN + 4] = (guint8)(tlen >> 8);
    g_autoptr(GBytes) chained = g_bytes_new(msg->data, msg->len);
    GBytes *reply = harness_one_reply(&h, chained);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(reply, &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0x00160002);
    CU_ASSERT_EQUAL(b.word_count, 3);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->pipe_opens, 0);
    harness_clear(&h);
}

/* RAP-031: TREE_DISCONNECT ends the TID; LOGOFF ends the UID and its trees. */
static void
test_rap031_disconnect_and_logoff(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    g_autoptr(GBytes) tdis = req_empty(MS_SMB_COM_TREE_DISCONNECT, FLAGS2_SMBCLIENT, uid, tid, 4);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(harness_one_reply(&h, tdis), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 0);
    assert_error_reply(harness_one_reply(&h, tdis), MS_SMB_COM_TREE_DISCONNECT, 0x00050002, TRUE);

    g_autoptr(GBytes) tc = req_tree_connect(FLAGS2_SMBCLIENT, uid, 0, "\\\\H1\\IPC$", "IPC", 0);
    reply_parse(harness_one_reply(&h, tc), &hd, &b);
    tid = hd.tid;
    g_autoptr(GBytes) logoff = req_logoff(FLAGS2_SMBCLIENT, uid);
    reply_parse(harness_one_reply(&h, logoff), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 2);
    assert_error_reply(harness_one_reply(&h, logoff), MS_SMB_COM_LOGOFF_ANDX, 0x005B0002, TRUE);
    g_autoptr(GBytes) tdis2 = req_empty(MS_SMB_COM_TREE_DISCONNECT, FLAGS2_SMBCLIENT, uid, tid, 5);
    assert_error_reply(harness_one_reply(&h, tdis2), MS_SMB_COM_TREE_DISCONNECT, 0x005B0002,
                       TRUE);
    const MsSmbServerCounters *c = ms_smb_server_counters(h.server);
    CU_ASSERT_EQUAL(c->logoffs, 1);
    CU_ASSERT_EQUAL(c->tree_disconnects, 1);
    harness_clear(&h);
}

/* Sessions and trees are bounded; a setup on a known UID re-authenticates it; the
 * DISCONNECT_TID flag of TREE_CONNECT gives the old tree back first. */
static void
test_tables_bounded(void)
{
    MsSmbServerConfig cfg;
    harness_samba_config(&cfg);
    cfg.max_sessions = 2;
    cfg.max_trees = 1;
    SmbHarness h;
    harness_init(&h, &cfg);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    MsSmbHeader hd;
    MsSmbBlock b;
    g_autoptr(GBytes) again = req_session_setup(FLAGS2_SMBCLIENT, uid, 13, "", 4356);
    reply_parse(harness_one_reply(&h, again), &hd, &b);
    CU_ASSERT_EQUAL(hd.uid, uid);
    g_autoptr(GBytes) second = req_session_setup(FLAGS2_SMBCLIENT, 0, 13, "", 4356);
    reply_parse(harness_one_reply(&h, second), &hd, &b);
    CU_ASSERT_NOT_EQUAL(hd.uid, uid);
    assert_error_reply(harness_one_reply(&h, second), MS_SMB_COM_SESSION_SETUP_ANDX,
                       0xC0000205, TRUE);

    g_autoptr(GBytes) tc = req_tree_connect(FLAGS2_SMBCLIENT, uid, tid, "\\\\H1\\IPC$", "IPC", 0);
    assert_error_reply(harness_one_reply(&h, tc), MS_SMB_COM_TREE_CONNECT_ANDX, 0xC0000205, TRUE);
    g_autoptr(GBytes) swap = req_tree_connect(FLAGS2_SMBCLIENT, uid, tid, "\\\\H1\\IPC$", "IPC",
                                              MS_SMB_TREE_DISCONNECT_TID);
    reply_parse(harness_one_reply(&h, swap), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_NOT_EQUAL(hd.tid, tid);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->errors[MS_SMB_E_INSUFF_RESOURCES], 2);
    harness_clear(&h);
}

/* ECHO: EchoCount replies numbered from 1, cut to the configured number; none for 0. */
static void
test_echo(void)
{
    MsSmbServerConfig cfg;
    harness_samba_config(&cfg);
    cfg.max_echo_replies = 2;
    SmbHarness h;
    harness_init(&h, &cfg);
    static const char *const nt[] = {"NT LM 0.12"};
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, nt, 1);
    harness_one_reply(&h, neg);
    g_autoptr(GBytes) echo = req_echo(FLAGS2_SMBCLIENT, 5, "hello");
    CU_ASSERT_EQUAL(harness_input(&h, echo), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL_FATAL(h.sent->len, 3);
    for (guint i = 1; i <= 2; i++) {
        MsSmbHeader hd;
        MsSmbBlock b;
        reply_parse(h.sent->pdata[i], &hd, &b);
        MsSmbEcho e;
        CU_ASSERT_EQUAL(ms_smb_echo_parse(g_bytes_get_data(h.sent->pdata[i], NULL), &b, &e), MS_OK);
        CU_ASSERT_EQUAL(e.count, i);
        TEST_ASSERT_BYTES_EQUAL(e.data, e.len, (const guint8 *)"hello", 5);
    }
    g_autoptr(GBytes) none = req_echo(FLAGS2_SMBCLIENT, 0, "x");
    CU_ASSERT_EQUAL(harness_input(&h, none), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, 3);
    harness_clear(&h);
}

/* RAP-029, RAP-030: a client with a 500-byte buffer gets the reply in parts, each within
 * it, the handler's writers capped by the request's MaxParameterCount/MaxDataCount. */
static void
test_rap029_reply_split_for_small_buffer(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    static const char *const nt[] = {"NT LM 0.12"};
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_DOS, nt, 1);
    harness_one_reply(&h, neg);
    MsSmbHeader hd;
    MsSmbBlock b;
    g_autoptr(GBytes) ss = req_session_setup(FLAGS2_DOS, 0, 13, "", 100); /* floored to 500 */
    reply_parse(harness_one_reply(&h, ss), &hd, &b);
    guint16 uid = hd.uid;
    g_autoptr(GBytes) tc = req_tree_connect(FLAGS2_DOS, uid, 0, "\\\\H1\\IPC$", "?????", 0);
    reply_parse(harness_one_reply(&h, tc), &hd, &b);
    guint16 tid = hd.tid;

    g_autofree guint8 *big = g_malloc(5000);
    for (guint i = 0; i < 5000; i++)
        big[i] = (guint8)(i * 13);
    h.lan_params = g_bytes_new("\0\0\0\0\x02\0\x02\0", 8);
    h.lan_data = g_bytes_new(big, 5000);
    static const guint8 rap[] = {104, 0, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0};
    g_autoptr(GBytes) trans = req_trans(FLAGS2_DOS, uid, tid, 9, "\\PIPE\\LANMAN", rap,
                                        sizeof rap, NULL, 0, 8, 6000);
    guint before = h.sent->len;
    CU_ASSERT_EQUAL(harness_input(&h, trans), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.seen_params_cap, 8);
    CU_ASSERT_EQUAL(h.seen_data_cap, 6000);
    guint parts = h.sent->len - before;
    CU_ASSERT_EQUAL(parts, 12);
    MsSmbTransAssembly a;
    ms_smb_trans_assembly_init(&a, 100000);
    MsSmbAssemblyResult r = MS_SMB_ASSEMBLY_ERROR;
    for (guint i = before; i < h.sent->len; i++) {
        GBytes *part = h.sent->pdata[i];
        CU_ASSERT_TRUE(g_bytes_get_size(part) <= 500);
        reply_parse(part, &hd, &b);
        CU_ASSERT_EQUAL(hd.mid, 9);
        CU_ASSERT_EQUAL(hd.status, 0);
        MsSmbTransPart p;
        CU_ASSERT_EQUAL_FATAL(ms_smb_trans_reply_parse(g_bytes_get_data(part, NULL), &b, &p), MS_OK);
        r = ms_smb_trans_assembly_add(&a, &p);
    }
    CU_ASSERT_EQUAL(r, MS_SMB_ASSEMBLY_DONE);
    TEST_ASSERT_BYTES_EQUAL(ms_smb_trans_assembly_data(&a), a.total_data, big, 5000);
    ms_smb_trans_assembly_clear(&a);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->trans_reply_parts, 11);

    /* a handler that writes more than it may: INVALID_PARAMETER, in DOS form here */
    h.lan_overflow = TRUE;
    assert_error_reply(harness_one_reply(&h, trans), MS_SMB_COM_TRANSACTION,
                       ms_smb_error_dos(MS_SMB_E_INVALID_PARAMETER), FALSE);
    h.lan_overflow = FALSE;
    h.lan_status = MS_ERR_TRUNCATED;
    assert_error_reply(harness_one_reply(&h, trans), MS_SMB_COM_TRANSACTION,
                       ms_smb_error_dos(MS_SMB_E_INVALID_PARAMETER), FALSE);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->handler_failed, 2);
    harness_clear(&h);
}

/* Builds a split TRANSACTION primary carrying the first `first` parameter bytes of
 * `params` (all `plen` announced). */
static GBytes *
split_primary(guint16 uid, guint16 tid, guint16 mid, const guint8 *params, gsize plen,
              gsize first, guint16 flags)
{
    MsSmbTransRequest r = {0};
    r.total_param_count = (guint16)plen;
    r.param_count = (guint16)first;
    r.max_param_count = 8;
    r.max_data_count = 1000;
    r.flags = flags;
    r.name = ms_smb_str("\\PIPE\\LANMAN");
    r.params = params;
    guint8 buf[1024];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader hd = req_header(MS_SMB_COM_TRANSACTION, FLAGS2_SMBCLIENT, uid, tid, mid);
    ms_smb_header_write(&w, &hd);
    CU_ASSERT_EQUAL(ms_smb_trans_request_write(&w, 0, TRUE, &r), MS_OK);
    return g_bytes_new(buf, w.len);
}

static GBytes *
secondary(guint16 uid, guint16 tid, guint16 mid, const guint8 *params, gsize plen, gsize from,
          gsize count)
{
    MsSmbTransPart p = {0};
    p.total_param_count = (guint16)plen;
    p.params = params + from;
    p.param_count = (guint16)count;
    p.param_displacement = (guint16)from;
    guint8 buf[1024];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader hd = req_header(MS_SMB_COM_TRANSACTION_SECONDARY, FLAGS2_SMBCLIENT, uid, tid, mid);
    ms_smb_header_write(&w, &hd);
    CU_ASSERT_EQUAL(ms_smb_trans_secondary_write(&w, 0, &p), MS_OK);
    return g_bytes_new(buf, w.len);
}

/* RAP-028: a split request: the interim response, silence for each secondary, and the
 * reply to the whole under the primary's MID. Secondaries of nothing are dropped; a bad
 * one ends the transaction with an error; one split request at a time. */
static void
test_rap028_split_request(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    set_canned(&h, 135);
    guint8 params[30];
    for (guint i = 0; i < sizeof params; i++)
        params[i] = (guint8)(i + 100);

    g_autoptr(GBytes) stray = secondary(uid, tid, 20, params, 30, 10, 20);
    guint before = h.sent->len;
    CU_ASSERT_EQUAL(harness_input(&h, stray), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, before);

    g_autoptr(GBytes) primary = split_primary(uid, tid, 20, params, 30, 10, 0);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(harness_one_reply(&h, primary), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 0); /* the interim response */
    /* a second split request while the first assembles */
    g_autoptr(GBytes) other = split_primary(uid, tid, 21, params, 30, 5, 0);
    assert_error_reply(harness_one_reply(&h, other), MS_SMB_COM_TRANSACTION, 0xC0000205, TRUE);
    /* a secondary with another MID is not ours */
    g_autoptr(GBytes) wrong_mid = secondary(uid, tid, 22, params, 30, 10, 10);
    before = h.sent->len;
    CU_ASSERT_EQUAL(harness_input(&h, wrong_mid), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, before);
    g_autoptr(GBytes) s1 = secondary(uid, tid, 20, params, 30, 10, 10);
    CU_ASSERT_EQUAL(harness_input(&h, s1), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, before);
    g_autoptr(GBytes) s2 = secondary(uid, tid, 20, params, 30, 20, 10);
    GBytes *final = harness_one_reply(&h, s2);
    reply_parse(final, &hd, &b);
    CU_ASSERT_EQUAL(hd.command, MS_SMB_COM_TRANSACTION);
    CU_ASSERT_EQUAL(hd.mid, 20);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 10);
    TEST_ASSERT_BYTES_EQUAL(h.seen_params->data, h.seen_params->len, params, 30);
    const MsSmbServerCounters *c = ms_smb_server_counters(h.server);
    CU_ASSERT_EQUAL(c->trans_interim, 1);
    CU_ASSERT_EQUAL(c->trans_secondaries, 2);
    CU_ASSERT_EQUAL(c->trans_unmatched, 2);

    /* a secondary that leaves the totals ends the transaction with INVALID_PARAMETER */
    g_autoptr(GBytes) p2 = split_primary(uid, tid, 30, params, 30, 10, 0);
    harness_one_reply(&h, p2);
    g_autoptr(GBytes) bad = secondary(uid, tid, 30, params, 20, 10, 20); /* total 20 < 30 */
    assert_error_reply(harness_one_reply(&h, bad), MS_SMB_COM_TRANSACTION, 0xC000000D, TRUE);
    g_autoptr(GBytes) late = secondary(uid, tid, 30, params, 30, 10, 20);
    before = h.sent->len;
    CU_ASSERT_EQUAL(harness_input(&h, late), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, before);

    /* a split request beyond max_trans_bytes is refused at once */
    g_autofree guint8 *huge = g_malloc0(20000);
    g_autoptr(GBytes) p3 = split_primary(uid, tid, 31, huge, 20000, 10, 0);
    assert_error_reply(harness_one_reply(&h, p3), MS_SMB_COM_TRANSACTION, 0xC0000205, TRUE);

    /* logging off drops a pending one */
    g_autoptr(GBytes) p4 = split_primary(uid, tid, 40, params, 30, 10, 0);
    harness_one_reply(&h, p4);
    g_autoptr(GBytes) logoff = req_logoff(FLAGS2_SMBCLIENT, uid);
    harness_one_reply(&h, logoff);
    g_autoptr(GBytes) orphan = secondary(uid, tid, 40, params, 30, 10, 20);
    before = h.sent->len;
    CU_ASSERT_EQUAL(harness_input(&h, orphan), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, before);
    CU_ASSERT_EQUAL(h.lan_calls, 1);
    harness_clear(&h);
}

/* [MS-CIFS] §2.2.4.33.1: NO_RESPONSE runs the call without a reply; DISCONNECT_TID ends
 * the tree after it. */
static void
test_trans_flags(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    set_canned(&h, 135);
    static const guint8 rap[] = {104, 0, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0};
    guint8 pbuf[32];
    memcpy(pbuf, rap, sizeof rap);
    g_autoptr(GBytes) quiet = split_primary(uid, tid, 50, pbuf, sizeof rap, sizeof rap,
                                            MS_SMB_TRANS_NO_RESPONSE);
    guint before = h.sent->len;
    CU_ASSERT_EQUAL(harness_input(&h, quiet), MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL(h.sent->len, before);
    CU_ASSERT_EQUAL(h.lan_calls, 1);
    g_autoptr(GBytes) last = split_primary(uid, tid, 51, pbuf, sizeof rap, sizeof rap,
                                           MS_SMB_TRANS_DISCONNECT_TID);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(harness_one_reply(&h, last), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    assert_error_reply(harness_one_reply(&h, last), MS_SMB_COM_TRANSACTION, 0x00050002, TRUE);
    harness_clear(&h);
}

/* Client and server, both halves of the codec, through a connection (session framing
 * included): every reply the client reads back with its parsers. */
static MsStatus
echo_lanman(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
            MsSmbTransOutput *reply, gpointer user_data)
{
    (void)data;
    (void)dlen;
    (void)user_data;
    ms_writer_put_le16(&reply->params, 0);
    ms_writer_put_le16(&reply->params, (guint16)plen);
    for (gsize i = 0; i < 3000; i++)
        ms_writer_put_u8(&reply->data, (guint8)(params[i % plen] + i));
    return MS_OK;
}

static GBytes *
conn_exchange(MsSmbConn *c, GBytes *smb, gboolean *open)
{
    g_autoptr(GByteArray) in = g_byte_array_new();
    guint8 hdr[4];
    MsWriter w = ms_writer_init(hdr, 4);
    ms_session_write_header(&w, MS_FRAMING_NBSS, 0, g_bytes_get_size(smb));
    g_byte_array_append(in, hdr, 4);
    g_byte_array_append(in, g_bytes_get_data(smb, NULL), (guint)g_bytes_get_size(smb));
    g_autoptr(GByteArray) out = g_byte_array_new();
    *open = ms_smb_conn_feed(c, in->data, in->len, 0, out);
    return g_bytes_new(out->data, out->len);
}

/* Reads the framed replies in `out` back as SMB messages (session responses skipped). */
static GPtrArray *
unframe(GBytes *out)
{
    GPtrArray *msgs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    g_autoptr(MsFramer) f = ms_framer_new(MS_FRAMING_NBSS, 70000);
    gsize len, pos = 0;
    const guint8 *d = g_bytes_get_data(out, &len);
    while (pos < len) {
        gsize used;
        MsFrame fr;
        MsFramerResult r = ms_framer_feed(f, d + pos, len - pos, &used, &fr);
        pos += used;
        CU_ASSERT_NOT_EQUAL_FATAL(r, MS_FRAMER_ERROR);
        if (r == MS_FRAMER_FRAME && fr.type == MS_NBSS_SESSION_MESSAGE)
            g_ptr_array_add(msgs, g_bytes_new(fr.payload, fr.len));
    }
    return msgs;
}

static void
test_client_server_round_trip(void)
{
    MsSessionConfig sc = {MS_FRAMING_NBSS, 0, "H1", NULL};
    MsSmbServerConfig cfg;
    harness_samba_config(&cfg);
    g_autoptr(MsSmbConn) c = ms_smb_conn_new(&sc, &cfg, echo_lanman, NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    gboolean open;
    /* the session request, from the client's builder */
    MsName called, calling;
    ms_name_init(&called, "H1", 0x20, NULL);
    ms_name_init(&calling, "BROWSECTL", 0x00, NULL);
    guint8 req[128];
    MsWriter w = ms_writer_init(req, sizeof req);
    ms_nbss_session_request_build(&w, &called, &calling);
    g_autoptr(GByteArray) out = g_byte_array_new();
    CU_ASSERT_TRUE(ms_smb_conn_feed(c, req, w.len, 0, out));
    MsFrame fr = {out->data[0], out->data + 4, out->len - 4};
    guint8 code;
    CU_ASSERT_EQUAL(ms_nbss_session_response_parse(&fr, &code), MS_OK);

    static const char *const dialects[] = {"NT LM 0.12"};
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, dialects, 1);
    g_autoptr(GBytes) r1 = conn_exchange(c, neg, &open);
    g_autoptr(GPtrArray) m1 = unframe(r1);
    CU_ASSERT_EQUAL_FATAL(m1->len, 1);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(m1->pdata[0], &hd, &b);
    MsSmbNegotiateReply nr;
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_parse(g_bytes_get_data(m1->pdata[0], NULL), &b, &nr),
                    MS_OK);
    CU_ASSERT_EQUAL(nr.dialect, MS_SMB_DIALECT_NT1);
    CU_ASSERT_TRUE(nr.max_buffer_size >= 1024);

    g_autoptr(GBytes) chain = req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\H1\\IPC$");
    g_autoptr(GBytes) r2 = conn_exchange(c, chain, &open);
    g_autoptr(GPtrArray) m2 = unframe(r2);
    reply_parse(m2->pdata[0], &hd, &b);
    MsSmbSessionSetupReply sr;
    CU_ASSERT_EQUAL(ms_smb_session_setup_reply_parse(g_bytes_get_data(m2->pdata[0], NULL), &b,
                                                     TRUE, &sr),
                    MS_OK);
    char domain[32];
    ms_smb_string_to_utf8(&sr.primary_domain, domain, sizeof domain);
    CU_ASSERT_STRING_EQUAL(domain, "LABGRP");

    static const guint8 rap[] = {104, 0, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0};
    g_autoptr(GBytes) trans = req_trans(FLAGS2_SMBCLIENT, hd.uid, hd.tid, 3, "\\PIPE\\LANMAN",
                                        rap, sizeof rap, NULL, 0, 8, 65535);
    g_autoptr(GBytes) r3 = conn_exchange(c, trans, &open);
    g_autoptr(GPtrArray) m3 = unframe(r3);
    CU_ASSERT_EQUAL(m3->len, 1);
    reply_parse(m3->pdata[0], &hd, &b);
    MsSmbTransPart p;
    CU_ASSERT_EQUAL_FATAL(ms_smb_trans_reply_parse(g_bytes_get_data(m3->pdata[0], NULL), &b, &p),
                          MS_OK);
    CU_ASSERT_EQUAL(p.param_count, 4);
    CU_ASSERT_EQUAL(p.data_count, 3000);
    CU_ASSERT_EQUAL(p.data[5], (guint8)(rap[5] + 5));
    CU_ASSERT_TRUE(open);
    CU_ASSERT_EQUAL(ms_session_counters(ms_smb_conn_session(c))->messages, 3);
}

/* The capture's client bytes of the port 139 session (frames 124-138), fed to one
 * connection all at once and one byte at a time, give the same bytes out. */
static GBytes *
replay_stream(gsize step)
{
    static const guint frames[] = {124, 128, 130, 132, 134, 136, 138};
    g_autoptr(GByteArray) in = g_byte_array_new();
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) p = capture_payload(frames[i]);
        g_byte_array_append(in, g_bytes_get_data(p, NULL), (guint)g_bytes_get_size(p));
    }
    MsSessionConfig sc = {MS_FRAMING_NBSS, 0, "H1", NULL};
    MsSmbServerConfig cfg;
    harness_samba_config(&cfg);
    g_autoptr(MsSmbConn) c = ms_smb_conn_new(&sc, &cfg, echo_lanman, NULL);
    GByteArray *out = g_byte_array_new();
    for (gsize pos = 0; pos < in->len; pos += step)
        CU_ASSERT_TRUE(ms_smb_conn_feed(c, in->data + pos, MIN(step, in->len - pos), 0, out));
    return g_byte_array_free_to_bytes(out);
}

static void
test_conn_any_split(void)
{
    g_autoptr(GBytes) whole = replay_stream(100000);
    g_autoptr(GBytes) bytewise = replay_stream(1);
    g_autoptr(GBytes) odd = replay_stream(7);
    CU_ASSERT_TRUE(g_bytes_equal(whole, bytewise));
    CU_ASSERT_TRUE(g_bytes_equal(whole, odd));
    g_autoptr(GPtrArray) msgs = unframe(whole);
    CU_ASSERT_EQUAL(msgs->len, 6); /* after the positive response, 6 SMB replies */
    g_autoptr(GBytes) first = capture_payload(126);
    TEST_ASSERT_BYTES_EQUAL(g_bytes_get_data(whole, NULL), 4, g_bytes_get_data(first, NULL), 4);
}

static CU_TestInfo tests[] = {
    {"RAP-010/012/014 NEGOTIATE vs Samba (128/129)", test_rap010_negotiate_vs_samba},
    {"RAP-015..019/025/031 session byte-exact (130-139)", test_rap015_session_replays_byte_exact},
    {"RAP-023 srvsvc open fails, RAP follows (158, 166)", test_rap023_srvsvc_open_fails_then_rap},
    {"RAP-018 nmap session (186-224)", test_rap018_nmap_session},
    {"RAP-022 chain", test_rap022_chain},
    {"chain: second link fails", test_chain_second_link_fails},
    {"chain: not allowed", test_chain_not_allowed},
    {"RAP-031 disconnect and logoff", test_rap031_disconnect_and_logoff},
    {"tables bounded", test_tables_bounded},
    {"echo", test_echo},
    {"RAP-029/030 reply split for small buffer", test_rap029_reply_split_for_small_buffer},
    {"RAP-028 split request", test_rap028_split_request},
    {"transaction flags", test_trans_flags},
    {"client <-> server round trip", test_client_server_round_trip},
    {"connection: any split", test_conn_any_split},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-smb-server", tests);
}
