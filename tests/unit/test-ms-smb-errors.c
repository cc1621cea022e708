/* Every error the server sends, in both styles (RAP-032: NTSTATUS when the client set
 * Flags2 NT_STATUS under NT LM 0.12, whose NEGOTIATE reply offers CAP_STATUS32; a DOS class
 * and code otherwise), and the LAN Manager dialects end to end. RAP-011, RAP-013,
 * RAP-018..RAP-021, RAP-023, RAP-024, RAP-026, RAP-027. */
#include <libmailslot/ms-smb-server.h>

#include <string.h>

#include "smb-harness.h"

static const guint8 RAP_ENUM[] = {104, 0, 'W', 'r', 'L', 'e', 'h', 'D', 'O', 0,
                                  'B', '1', '6', 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0x80};

/* A captured request with our UID, TID and Flags2. */
static GBytes *
captured_as(guint frame, guint16 uid, guint16 tid, guint16 flags2)
{
    g_autoptr(GBytes) smb = capture_smb_ids(frame, uid, tid);
    gsize len = g_bytes_get_size(smb);
    guint8 *d = g_memdup2(g_bytes_get_data(smb, NULL), len);
    d[10] = (guint8)flags2;
    d[11] = (guint8)(flags2 >> 8);
    return g_bytes_new_take(d, len);
}

typedef struct {
    const char *what;
    GBytes *request;
    guint8 command;
    MsSmbError error;
} Case;

/* Sends each case's request, asserts the error in the expected style, and that the
 * connection still serves a transaction afterwards. */
static void
run_cases(SmbHarness *h, Case *cases, gsize n, guint16 flags2, guint16 uid, guint16 tid)
{
    gboolean nt = (flags2 & MS_SMB_FLAGS2_NT_STATUS) != 0;
    for (gsize i = 0; i < n; i++) {
        GBytes *reply = harness_one_reply(h, cases[i].request);
        MsSmbHeader hd;
        MsSmbBlock b;
        reply_parse(reply, &hd, &b);
        if (hd.status != ms_smb_error_status(cases[i].error, nt))
            fprintf(stderr, "%s: status 0x%08x\n", cases[i].what, hd.status);
        assert_error_reply(reply, cases[i].command, ms_smb_error_status(cases[i].error, nt), nt);
        CU_ASSERT_EQUAL(ms_smb_error_from_status(hd.status, nt), cases[i].error);
        CU_ASSERT_EQUAL((hd.flags2 & MS_SMB_FLAGS2_UNICODE) != 0,
                        (flags2 & MS_SMB_FLAGS2_UNICODE) != 0);
        g_bytes_unref(cases[i].request);
    }
    g_autoptr(GBytes) trans = req_trans(flags2, uid, tid, 77, "\\PIPE\\LANMAN", RAP_ENUM,
                                        sizeof RAP_ENUM, NULL, 0, 8, 1000);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(harness_one_reply(h, trans), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 10);
}

/* Each error once, for a client in the given style. */
static void
every_error(guint16 flags2)
{
    SmbHarness h;
    harness_init(&h, NULL);
    guint16 uid, tid;
    harness_logon(&h, flags2, &uid, &tid);
    guint16 bad_uid = (guint16)(uid + 1), bad_tid = (guint16)(tid + 1);
    g_autofree guint8 *bad_counts = NULL;
    GBytes *malformed_trans = req_trans(flags2, uid, tid, 5, "\\PIPE\\LANMAN", RAP_ENUM,
                                        sizeof RAP_ENUM, NULL, 0, 8, 1000);
    {
        /* ParameterCount beyond TotalParameterCount (RAP-026) */
        gsize len = g_bytes_get_size(malformed_trans);
        bad_counts = g_memdup2(g_bytes_get_data(malformed_trans, NULL), len);
        bad_counts[33 + 18] = (guint8)(sizeof RAP_ENUM + 1);
        g_bytes_unref(malformed_trans);
        malformed_trans = g_bytes_new(bad_counts, len);
    }
    GBytes *tdis_words;
    {
        /* TREE_DISCONNECT with a word */
        g_autoptr(GBytes) t = req_empty(MS_SMB_COM_TREE_DISCONNECT, flags2, uid, tid, 6);
        GByteArray *a = g_byte_array_new();
        g_byte_array_append(a, g_bytes_get_data(t, NULL), MS_SMB_HEADER_LEN);
        g_byte_array_append(a, (const guint8 *)"\x01\x00\x00\x00\x00", 5);
        tdis_words = g_byte_array_free_to_bytes(a);
    }
    Case cases[] = {
        /* RAP-024: commands we do not have, whatever the ids */
        {"OPEN_ANDX", req_empty(0x2D, flags2, uid, tid, 1), 0x2D, MS_SMB_E_BAD_COMMAND},
        {"TRANSACTION2", req_empty(0x32, flags2, uid, tid, 1), 0x32, MS_SMB_E_BAD_COMMAND},
        {"CLOSE", req_empty(MS_SMB_COM_CLOSE, flags2, bad_uid, tid, 1), MS_SMB_COM_CLOSE,
         MS_SMB_E_BAD_COMMAND},
        {"core TREE_CONNECT", req_empty(0x70, flags2, 0, 0, 1), 0x70, MS_SMB_E_BAD_COMMAND},
        /* RAP-021 */
        {"bad uid", req_trans(flags2, bad_uid, tid, 2, "\\PIPE\\LANMAN", RAP_ENUM,
                              sizeof RAP_ENUM, NULL, 0, 8, 1000),
         MS_SMB_COM_TRANSACTION, MS_SMB_E_BAD_UID},
        {"bad tid", req_trans(flags2, uid, bad_tid, 2, "\\PIPE\\LANMAN", RAP_ENUM,
                              sizeof RAP_ENUM, NULL, 0, 8, 1000),
         MS_SMB_COM_TRANSACTION, MS_SMB_E_BAD_TID},
        {"tdis bad tid", req_empty(MS_SMB_COM_TREE_DISCONNECT, flags2, uid, bad_tid, 3),
         MS_SMB_COM_TREE_DISCONNECT, MS_SMB_E_BAD_TID},
        {"tcon without session",
         req_tree_connect(flags2, bad_uid, 0, "\\\\H1\\IPC$", "?????", 0),
         MS_SMB_COM_TREE_CONNECT_ANDX, MS_SMB_E_BAD_UID},
        {"logoff bad uid", req_logoff(flags2, bad_uid), MS_SMB_COM_LOGOFF_ANDX,
         MS_SMB_E_BAD_UID},
        /* RAP-020 */
        {"tcon C$", req_tree_connect(flags2, uid, 0, "\\\\H1\\C$", "A:", 0),
         MS_SMB_COM_TREE_CONNECT_ANDX, MS_SMB_E_BAD_NETWORK_NAME},
        {"tcon IPC$ as disk", req_tree_connect(flags2, uid, 0, "\\\\H1\\IPC$", "A:", 0),
         MS_SMB_COM_TREE_CONNECT_ANDX, MS_SMB_E_BAD_DEVICE_TYPE},
        {"tcon no share", req_tree_connect(flags2, uid, 0, "IPC$", "?????", 0),
         MS_SMB_COM_TREE_CONNECT_ANDX, MS_SMB_E_BAD_NETWORK_NAME},
        /* RAP-018: smbclient's extended-security SESSION_SETUP (frame 152) */
        {"extended security", captured_as(152, 0, 0, flags2), MS_SMB_COM_SESSION_SETUP_ANDX,
         MS_SMB_E_INVALID_PARAMETER},
        /* RAP-023: smbclient's \srvsvc open (frame 158) */
        {"NT_CREATE srvsvc", captured_as(158, uid, tid, flags2), MS_SMB_COM_NT_CREATE_ANDX,
         MS_SMB_E_OBJECT_NAME_NOT_FOUND},
        {"NT_CREATE bad tid", captured_as(158, uid, bad_tid, flags2), MS_SMB_COM_NT_CREATE_ANDX,
         MS_SMB_E_BAD_TID},
        /* RAP-027 */
        {"other pipe", req_trans(flags2, uid, tid, 4, "\\PIPE\\srvsvc", RAP_ENUM,
                                 sizeof RAP_ENUM, NULL, 0, 8, 1000),
         MS_SMB_COM_TRANSACTION, MS_SMB_E_NOT_SUPPORTED},
        {"mailslot", req_trans(flags2, uid, tid, 4, "\\MAILSLOT\\BROWSE", RAP_ENUM,
                               sizeof RAP_ENUM, NULL, 0, 8, 1000),
         MS_SMB_COM_TRANSACTION, MS_SMB_E_NOT_SUPPORTED},
        /* RAP-026 */
        {"counts beyond totals", malformed_trans, MS_SMB_COM_TRANSACTION,
         MS_SMB_E_INVALID_PARAMETER},
        {"tdis with words", tdis_words, MS_SMB_COM_TREE_DISCONNECT, MS_SMB_E_INVALID_PARAMETER},
    };
    run_cases(&h, cases, G_N_ELEMENTS(cases), flags2, uid, tid);
    const MsSmbServerCounters *c = ms_smb_server_counters(h.server);
    CU_ASSERT_EQUAL(c->errors[MS_SMB_E_BAD_COMMAND], 4);
    CU_ASSERT_EQUAL(c->errors[MS_SMB_E_BAD_UID], 3);
    CU_ASSERT_EQUAL(c->errors[MS_SMB_E_NOT_SUPPORTED], 2);
    CU_ASSERT_EQUAL(c->closed[MS_SMB_CLOSE_MALFORMED], 0);
    harness_clear(&h);
}

static void
test_rap032_errors_nt_style(void)
{
    every_error(FLAGS2_SMBCLIENT);
}

static void
test_rap032_errors_dos_style(void)
{
    every_error(FLAGS2_DOS);
}

/* A client that asks for NT status without Unicode (nmap's 0x6845 minus signing). */
static void
test_rap032_errors_nt_ascii(void)
{
    every_error(MS_SMB_FLAGS2_NT_STATUS | MS_SMB_FLAGS2_LONG_NAMES);
}

/* RAP-010, RAP-032: a LAN Manager client (OS/2's dialect list) end to end. The reply
 * layouts are the dialect's: NEGOTIATE WordCount 13 with a DOS date, SESSION_SETUP with no
 * strings (as Samba), TREE_CONNECT WordCount 2; no Unicode and DOS errors even though the
 * client set both Flags2 bits: we offered neither capability. */
static void
test_rap010_lanman_dialect_end_to_end(void)
{
    static const char *const os2[] = {"PC NETWORK PROGRAM 1.0", "XENIX CORE", "LANMAN1.0",
                                      "LM1.2X002", "LANMAN2.1"};
    SmbHarness h;
    harness_init(&h, NULL);
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, os2, G_N_ELEMENTS(os2));
    GBytes *reply = harness_one_reply(&h, neg);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(reply, &hd, &b);
    CU_ASSERT_EQUAL(hd.flags2, 0x0003);
    MsSmbNegotiateReply nr;
    CU_ASSERT_EQUAL_FATAL(ms_smb_negotiate_reply_parse(g_bytes_get_data(reply, NULL), &b, &nr),
                          MS_OK);
    CU_ASSERT_EQUAL(nr.dialect, MS_SMB_DIALECT_LANMAN);
    CU_ASSERT_EQUAL(nr.dialect_index, 4);
    CU_ASSERT_EQUAL(nr.security_mode, MS_SMB_SECURITY_USER);
    CU_ASSERT_EQUAL(nr.max_buffer_size, 16644);
    CU_ASSERT_EQUAL(nr.max_number_vcs, 1);
    CU_ASSERT_EQUAL(nr.server_date, ((2023 - 1980) << 9) | (11 << 5) | 14);
    CU_ASSERT_EQUAL(nr.challenge_len, 0);
    CU_ASSERT_EQUAL(ms_smb_server_dialect(h.server), MS_SMB_DIALECT_LANMAN);

    g_autoptr(GBytes) ss = req_session_setup(FLAGS2_SMBCLIENT, 0, 10, "GUEST", 4356);
    reply_parse(harness_one_reply(&h, ss), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 3);
    CU_ASSERT_EQUAL(b.byte_count, 0);
    guint16 uid = hd.uid;
    g_autoptr(GBytes) tc = req_tree_connect(FLAGS2_SMBCLIENT, uid, 0, "\\\\H1\\IPC$", "IPC", 0);
    reply = harness_one_reply(&h, tc);
    reply_parse(reply, &hd, &b);
    CU_ASSERT_EQUAL(b.word_count, 2);
    MsSmbTreeConnectReply tr;
    CU_ASSERT_EQUAL(ms_smb_tree_connect_reply_parse(g_bytes_get_data(reply, NULL), &b, FALSE, &tr),
                    MS_OK);
    CU_ASSERT_TRUE(ms_smb_string_equal(&tr.service, "IPC"));
    guint16 tid = hd.tid;

    g_autoptr(GBytes) bad = req_tree_connect(FLAGS2_SMBCLIENT, uid, 0, "\\\\H1\\PRINTER", "LPT1:", 0);
    assert_error_reply(harness_one_reply(&h, bad), MS_SMB_COM_TREE_CONNECT_ANDX,
                       ms_smb_error_dos(MS_SMB_E_BAD_NETWORK_NAME), FALSE);
    g_autoptr(GBytes) trans = req_trans(FLAGS2_SMBCLIENT, uid, tid, 8, "\\PIPE\\LANMAN",
                                        RAP_ENUM, sizeof RAP_ENUM, NULL, 0, 8, 1000);
    reply_parse(harness_one_reply(&h, trans), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(hd.flags2, 0x0003);
    CU_ASSERT_EQUAL(h.lan_calls, 1);
    TEST_ASSERT_BYTES_EQUAL(h.seen_params->data, h.seen_params->len, RAP_ENUM, sizeof RAP_ENUM);
    harness_clear(&h);
}

/* With a configured challenge the server asks for encrypted passwords (SecurityMode 3)
 * and sends it; it still checks nothing. */
static void
test_challenge_configured(void)
{
    MsSmbServerConfig cfg;
    harness_samba_config(&cfg);
    cfg.use_challenge = TRUE;
    memcpy(cfg.challenge, "\x06\xd0\x26\xc3\xdd\xca\xf8\xfd", 8);
    SmbHarness h;
    harness_init(&h, &cfg);
    g_autoptr(GBytes) neg = capture_smb(128);
    GBytes *reply = harness_one_reply(&h, neg);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(reply, &hd, &b);
    MsSmbNegotiateReply nr;
    CU_ASSERT_EQUAL(ms_smb_negotiate_reply_parse(g_bytes_get_data(reply, NULL), &b, &nr), MS_OK);
    CU_ASSERT_EQUAL(nr.security_mode, 3);
    CU_ASSERT_EQUAL(nr.challenge_len, 8);
    /* now the bytes after Capabilities and SystemTime are Samba's (frame 129) */
    g_autoptr(GBytes) samba = capture_smb(129);
    gsize n, m;
    const guint8 *o = g_bytes_get_data(reply, &n), *s = g_bytes_get_data(samba, &m);
    CU_ASSERT_EQUAL_FATAL(n, m);
    TEST_ASSERT_BYTES_EQUAL(o + 33 + 31, n - 64, s + 33 + 31, m - 64);
    harness_clear(&h);
}

/* RAP-011: no dialect we speak: WordCount 1, index 0xFFFF, then the close. */
static void
test_rap011_no_dialect(void)
{
    static const char *const core[] = {"PC NETWORK PROGRAM 1.0", "SMB 2.002", "SMB 2.???"};
    SmbHarness h;
    harness_init(&h, NULL);
    g_autoptr(GBytes) neg = req_negotiate(FLAGS2_SMBCLIENT, core, G_N_ELEMENTS(core));
    CU_ASSERT_EQUAL(harness_input(&h, neg), MS_SMB_CLOSE);
    CU_ASSERT_EQUAL_FATAL(h.sent->len, 1);
    MsSmbHeader hd;
    MsSmbBlock b;
    reply_parse(harness_last(&h), &hd, &b);
    CU_ASSERT_EQUAL(hd.status, 0);
    CU_ASSERT_EQUAL(b.word_count, 1);
    CU_ASSERT_EQUAL(b.words[0] | (b.words[1] << 8), 0xFFFF);
    CU_ASSERT_EQUAL(b.byte_count, 0);
    CU_ASSERT_EQUAL(ms_smb_server_close_reason(h.server), MS_SMB_CLOSE_NO_DIALECT);
    CU_ASSERT_STRING_EQUAL(ms_smb_close_reason_to_string(MS_SMB_CLOSE_NO_DIALECT), "no-dialect");
    /* closed for good */
    CU_ASSERT_EQUAL(harness_input(&h, neg), MS_SMB_CLOSE);
    CU_ASSERT_EQUAL(h.sent->len, 1);
    harness_clear(&h);
}

/* RAP-013: anything before NEGOTIATE, and a second NEGOTIATE, close without a reply. */
static void
test_rap013_negotiate_first_and_once(void)
{
    GBytes *first[] = {
        req_echo(FLAGS2_SMBCLIENT, 1, "x"),
        req_session_setup(FLAGS2_SMBCLIENT, 0, 13, "", 4356),
        req_empty(0x2D, FLAGS2_SMBCLIENT, 0, 0, 0),
    };
    for (gsize i = 0; i < G_N_ELEMENTS(first); i++) {
        SmbHarness h;
        harness_init(&h, NULL);
        CU_ASSERT_EQUAL(harness_input(&h, first[i]), MS_SMB_CLOSE);
        CU_ASSERT_EQUAL(h.sent->len, 0);
        CU_ASSERT_EQUAL(ms_smb_server_close_reason(h.server), MS_SMB_CLOSE_NOT_NEGOTIATED);
        harness_clear(&h);
        g_bytes_unref(first[i]);
    }
    SmbHarness h;
    harness_init(&h, NULL);
    g_autoptr(GBytes) neg = capture_smb(128);
    harness_one_reply(&h, neg);
    CU_ASSERT_EQUAL(harness_input(&h, neg), MS_SMB_CLOSE);
    CU_ASSERT_EQUAL(h.sent->len, 1);
    CU_ASSERT_EQUAL(ms_smb_server_counters(h.server)->closed[MS_SMB_CLOSE_RENEGOTIATE], 1);
    harness_clear(&h);
}

static void
collect(const guint8 *smb, gsize len, gpointer user_data)
{
    g_ptr_array_add(user_data, g_bytes_new(smb, len));
}

/* Feeds one request straight to a server and parses the reply it sent. */
static void
exchange(MsSmbServer *s, GPtrArray *sent, GBytes *req, MsSmbHeader *hd, MsSmbBlock *b)
{
    guint before = sent->len;
    CU_ASSERT_EQUAL(ms_smb_server_input(s, g_bytes_get_data(req, NULL), g_bytes_get_size(req), 0),
                    MS_SMB_CONTINUE);
    CU_ASSERT_EQUAL_FATAL(sent->len, before + 1);
    reply_parse(sent->pdata[sent->len - 1], hd, b);
}

/* Without a LANMAN handler every transaction is refused (STATUS_NOT_SUPPORTED); configs
 * the server cannot honour are refused. */
static void
test_no_handler_and_bad_configs(void)
{
    MsSmbServerConfig cfg;
    harness_samba_config(&cfg);
    g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    g_autoptr(MsSmbServer) s = ms_smb_server_new(&cfg, collect, NULL, sent);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    MsSmbHeader hd;
    MsSmbBlock b;
    g_autoptr(GBytes) neg = capture_smb(128);
    exchange(s, sent, neg, &hd, &b);
    g_autoptr(GBytes) chain = req_setup_and_connect(FLAGS2_SMBCLIENT, "\\\\H1\\IPC$");
    exchange(s, sent, chain, &hd, &b);
    g_autoptr(GBytes) trans = req_trans(FLAGS2_SMBCLIENT, hd.uid, hd.tid, 8, "\\PIPE\\LANMAN",
                                        RAP_ENUM, sizeof RAP_ENUM, NULL, 0, 8, 1000);
    exchange(s, sent, trans, &hd, &b);
    assert_error_reply(sent->pdata[sent->len - 1], MS_SMB_COM_TRANSACTION, 0xC00000BB, TRUE);

    MsSmbServerConfig bad = cfg;
    bad.max_buffer_size = 512;
    CU_ASSERT_PTR_NULL(ms_smb_server_new(&bad, collect, NULL, sent));
    bad = cfg;
    bad.workgroup = NULL;
    CU_ASSERT_PTR_NULL(ms_smb_server_new(&bad, collect, NULL, sent));
    bad = cfg;
    bad.native_os = "an operating system whose name is much longer than sixty-four bytes";
    CU_ASSERT_PTR_NULL(ms_smb_server_new(&bad, collect, NULL, sent));
    CU_ASSERT_PTR_NULL(ms_smb_server_new(&cfg, NULL, NULL, NULL));
}

static CU_TestInfo tests[] = {
    {"RAP-032 every error, NT style", test_rap032_errors_nt_style},
    {"RAP-032 every error, DOS style", test_rap032_errors_dos_style},
    {"RAP-032 every error, NT status without Unicode", test_rap032_errors_nt_ascii},
    {"RAP-010 LAN Manager dialect end to end", test_rap010_lanman_dialect_end_to_end},
    {"challenge configured", test_challenge_configured},
    {"RAP-011 no dialect", test_rap011_no_dialect},
    {"RAP-013 NEGOTIATE first and once", test_rap013_negotiate_first_and_once},
    {"no handler, bad configs", test_no_handler_and_bad_configs},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-smb-errors", tests);
}
