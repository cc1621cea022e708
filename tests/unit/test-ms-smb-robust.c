/* Hostile input to the SMB server machine: every request cut at every offset closes the
 * connection without a reply (RAP-026's "no crash"), non-SMB1 and malformed chains close it
 * (RAP-007), and mutated captured requests never crash it nor draw a reply our own client
 * parser refuses. */
#include <libmailslot/ms-smb-server.h>

#include <string.h>

#include "smb-harness.h"

/* Where the structure of a request ends: the end of the last block of its chain. */
static gsize
structure_end(GBytes *req)
{
    gsize len;
    const guint8 *d = g_bytes_get_data(req, &len);
    MsSmbBlock blocks[4];
    guint n;
    CU_ASSERT_EQUAL_FATAL(ms_smb_chain_parse(d, len, d[4], blocks, 4, &n), MS_OK);
    return blocks[n - 1].end;
}

typedef enum { FRESH, LOGGED_ON } State;

/* Feeds every strict prefix of `req` (up to where its structure ends) to a server in
 * `state`; each must close the connection with no reply. */
static void
assert_every_truncation_closes(GBytes *req, State state)
{
    gsize end = structure_end(req);
    const guint8 *d = g_bytes_get_data(req, NULL);
    for (gsize cut = 0; cut < end; cut++) {
        SmbHarness h;
        harness_init(&h, NULL);
        guint16 uid, tid;
        if (state == LOGGED_ON)
            harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
        guint before = h.sent->len;
        g_autoptr(GBytes) prefix = g_bytes_new(d, cut);
        CU_ASSERT_EQUAL(harness_input(&h, prefix), MS_SMB_CLOSE);
        CU_ASSERT_EQUAL(h.sent->len, before);
        MsSmbCloseReason why = ms_smb_server_close_reason(h.server);
        CU_ASSERT_TRUE(why == MS_SMB_CLOSE_MALFORMED || why == MS_SMB_CLOSE_NOT_SMB1);
        harness_clear(&h);
    }
}

static void
test_truncated_negotiate_closes(void)
{
    static const guint frames[] = {128, 186, 44};
    for (gsize i = 0; i < G_N_ELEMENTS(frames); i++) {
        g_autoptr(GBytes) req = capture_smb(frames[i]);
        assert_every_truncation_closes(req, FRESH);
    }
}

/* The UID and TID of harness_logon() with the Samba config: the first handed out. */
#define UID 38579
#define TID 24885

static void
test_truncated_requests_close(void)
{
    static const guint8 rap[] = {104, 0, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0};
    GBytes *reqs[] = {
        capture_smb_ids(130, 0, 0),      /* SESSION_SETUP, NT form */
        capture_smb_ids(152, 0, 0),      /* SESSION_SETUP, extended security */
        capture_smb_ids(132, UID, 0),    /* TREE_CONNECT */
        capture_smb_ids(134, UID, TID),  /* TRANSACTION */
        capture_smb_ids(138, UID, TID),  /* TREE_DISCONNECT */
        capture_smb_ids(158, UID, TID),  /* NT_CREATE_ANDX */
        capture_smb_ids(196, UID, TID),  /* nmap's TRANSACTION */
        capture_smb_ids(223, UID, TID),  /* LOGOFF_ANDX */
        req_session_setup(FLAGS2_DOS, 0, 10, "GUEST", 4356),
        req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\H1\\IPC$"),
        req_trans(FLAGS2_SMBCLIENT, UID, TID, 3, "\\PIPE\\LANMAN", rap, sizeof rap,
                  (const guint8 *)"data", 4, 8, 100),
        req_echo(FLAGS2_SMBCLIENT, 1, "echo"),
        req_empty(0x2D, FLAGS2_SMBCLIENT, UID, TID, 3),
    };
    for (gsize i = 0; i < G_N_ELEMENTS(reqs); i++) {
        assert_every_truncation_closes(reqs[i], LOGGED_ON);
        g_bytes_unref(reqs[i]);
    }
}

/* A split request's secondary, cut anywhere, closes too. */
static void
test_truncated_secondary_closes(void)
{
    guint8 params[20] = {0};
    MsSmbTransPart p = {20, 0, params + 10, 10, 0, 10, NULL, 0, 0, 0};
    guint8 buf[256];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader hd = req_header(MS_SMB_COM_TRANSACTION_SECONDARY, FLAGS2_SMBCLIENT, UID, TID, 3);
    ms_smb_header_write(&w, &hd);
    ms_smb_trans_secondary_write(&w, 0, &p);
    g_autoptr(GBytes) req = g_bytes_new(buf, w.len);
    assert_every_truncation_closes(req, LOGGED_ON);
}

/* RAP-007 and the header rules: SMB2, non-SMB bytes, a reply sent to us. */
static void
test_rap007_not_smb1_closes(void)
{
    g_autoptr(GBytes) smb2 = capture_smb(7);
    g_autoptr(GBytes) neg = capture_smb(128);
    gsize len;
    g_autofree guint8 *reply_flag = g_memdup2(g_bytes_get_data(neg, NULL), g_bytes_get_size(neg));
    len = g_bytes_get_size(neg);
    reply_flag[9] |= MS_SMB_FLAGS_REPLY;
    g_autoptr(GBytes) as_reply = g_bytes_new(reply_flag, len);
    g_autoptr(GBytes) junk = g_bytes_new("GET / HTTP/1.0\r\n\r\n", 18);
    struct {
        GBytes *msg;
        MsSmbCloseReason why;
    } cases[] = {
        {smb2, MS_SMB_CLOSE_NOT_SMB1},
        {junk, MS_SMB_CLOSE_NOT_SMB1},
        {as_reply, MS_SMB_CLOSE_NOT_A_REQUEST},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        SmbHarness h;
        harness_init(&h, NULL);
        CU_ASSERT_EQUAL(harness_input(&h, cases[i].msg), MS_SMB_CLOSE);
        CU_ASSERT_EQUAL(h.sent->len, 0);
        CU_ASSERT_EQUAL(ms_smb_server_close_reason(h.server), cases[i].why);
        CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->closed[cases[i].why], 1);
        harness_clear(&h);
    }
}

/* Chains that loop back, point past the end, or run longer than any client's close the
 * connection before any link is acted on. */
static void
test_malformed_chains_close(void)
{
    g_autoptr(GBytes) chain = req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\H1\\IPC$");
    gsize len;
    const guint8 *d = g_bytes_get_data(chain, &len);
    MsSmbBlock first;
    CU_ASSERT_EQUAL_FATAL(ms_smb_block_parse(d, len, MS_SMB_HEADER_LEN, 0x73, &first), MS_OK);
    gsize second_at = first.end;
    const guint8 and_x_at = MS_SMB_HEADER_LEN + 3;

    /* the second link pointing back at the first; past the end */
    const gsize bad_offsets[] = {MS_SMB_HEADER_LEN, len + 10};
    for (gsize i = 0; i < G_N_ELEMENTS(bad_offsets); i++) {
        g_autofree guint8 *m = g_memdup2(d, len);
        m[and_x_at] = (guint8)bad_offsets[i];
        m[and_x_at + 1] = (guint8)(bad_offsets[i] >> 8);
        g_autoptr(GBytes) msg = g_bytes_new(m, len);
        SmbHarness h;
        harness_init(&h, NULL);
        static const char *const nt[] = {"NT LM 0.12"};
        g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, nt, 1);
        harness_one_reply(&h, neg);
        CU_ASSERT_EQUAL(harness_input(&h, msg), MS_SMB_CLOSE);
        CU_ASSERT_EQUAL(h.sent->len, 1);
        CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->sessions, 0);
        harness_clear(&h);
    }

    /* five links: TREE_CONNECT blocks each pointing at the next */
    g_autoptr(GByteArray) many = g_byte_array_new();
    g_byte_array_append(many, d, (guint)second_at);
    gsize tc_len = len - second_at;
    for (guint i = 0; i < 4; i++) {
        gsize at = many->len;
        g_byte_array_append(many, d + second_at, (guint)tc_len);
        if (i < 3) {
            many->data[at + 1] = MS_SMB_COM_TREE_CONNECT_ANDX;
            many->data[at + 3] = (guint8)(at + tc_len);
            many->data[at + 4] = (guint8)((at + tc_len) >> 8);
        }
    }
    g_autoptr(GBytes) long_chain = g_bytes_new(many->data, many->len);
    SmbHarness h;
    harness_init(&h, NULL);
    static const char *const nt[] = {"NT LM 0.12"};
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, nt, 1);
    harness_one_reply(&h, neg);
    CU_ASSERT_EQUAL(harness_input(&h, long_chain), MS_SMB_CLOSE);
    CU_ASSERT_EQUAL(ms_smb_server_close_reason(h.server), MS_SMB_CLOSE_MALFORMED);
    harness_clear(&h);
}

/* Every reply parses with the client half: header, each block of its chain inside it. */
static void
assert_reply_well_formed(GBytes *reply)
{
    gsize len;
    const guint8 *d = g_bytes_get_data(reply, &len);
    MsSmbHeader hd;
    CU_ASSERT_EQUAL_FATAL(ms_smb_header_parse(d, len, &hd), MS_OK);
    CU_ASSERT_TRUE(hd.flags & MS_SMB_FLAGS_REPLY);
    MsSmbBlock blocks[4];
    guint n;
    CU_ASSERT_EQUAL_FATAL(ms_smb_chain_parse(d, len, hd.command, blocks, 4, &n), MS_OK);
    for (guint i = 0; i < n; i++) {
        if (blocks[i].command == MS_SMB_COM_TRANSACTION && blocks[i].word_count > 0) {
            MsSmbTransPart p;
            CU_ASSERT_EQUAL(ms_smb_trans_reply_parse(d, &blocks[i], &p), MS_OK);
        }
    }
    CU_ASSERT_EQUAL(blocks[n - 1].end, len);
}

/* Command 0xFF in the header is an unknown command, not an empty chain (a fuzzer found
 * it: the server answered with a bare header). */
static void
test_command_ff_is_unknown(void)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
    g_autoptr(GBytes) ff = req_empty(0xFF, FLAGS2_SMBCLIENT, uid, tid, 3);
    GBytes *reply = harness_one_reply(&h, ff);
    assert_reply_well_formed(reply);
    assert_error_reply(reply, 0xFF, 0x00160002, TRUE);
    harness_clear(&h);
}

/* Byte mutations of the captured requests (a fixed seed: the run is repeatable): never a
 * crash, and every reply well formed and within the client's buffer. */
static void
test_mutations_never_crash(void)
{
    static const guint frames[] = {130, 132, 134, 136, 138, 158, 166, 196, 223};
    g_autoptr(GRand) rng = g_rand_new_with_seed(20240605);
    guint replies = 0, closes = 0;
    for (guint round = 0; round < 3000; round++) {
        guint frame = frames[g_rand_int_range(rng, 0, G_N_ELEMENTS(frames))];
        g_autoptr(GBytes) base = capture_smb_ids(frame, UID, TID);
        gsize len = g_bytes_get_size(base);
        g_autofree guint8 *m = g_memdup2(g_bytes_get_data(base, NULL), len);
        guint flips = (guint)g_rand_int_range(rng, 1, 4);
        for (guint f = 0; f < flips; f++) {
            gsize at = (gsize)g_rand_int_range(rng, 4, (gint32)len);
            m[at] = (guint8)g_rand_int(rng);
        }
        gsize cut = g_rand_boolean(rng) ? len : (gsize)g_rand_int_range(rng, 0, (gint32)len + 1);
        SmbHarness h;
        harness_init(&h, NULL);
        guint16 uid, tid;
        harness_logon(&h, FLAGS2_SMBCLIENT, &uid, &tid);
        h.lan_params = g_bytes_new("\0\0\0\0\0\0\0\0", 8);
        h.lan_data = g_bytes_new("data", 4);
        guint before = h.sent->len;
        g_autoptr(GBytes) msg = g_bytes_new(m, cut);
        if (harness_input(&h, msg) == MS_SMB_CLOSE)
            closes++;
        for (guint i = before; i < h.sent->len; i++) {
            assert_reply_well_formed(h.sent->pdata[i]);
            CU_ASSERT_TRUE(g_bytes_get_size(h.sent->pdata[i]) <= 65535);
            replies++;
        }
        harness_clear(&h);
    }
    CU_ASSERT_TRUE(replies > 0);
    CU_ASSERT_TRUE(closes > 0);
}

static CU_TestInfo tests[] = {
    {"truncated NEGOTIATE closes", test_truncated_negotiate_closes},
    {"every request truncated at every offset closes", test_truncated_requests_close},
    {"truncated secondary closes", test_truncated_secondary_closes},
    {"RAP-007 not SMB1 closes", test_rap007_not_smb1_closes},
    {"malformed chains close", test_malformed_chains_close},
    {"command 0xFF is unknown", test_command_ff_is_unknown},
    {"mutations never crash", test_mutations_never_crash},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-smb-robust", tests);
}
