/* The SMB1 client session (ms-smb-client.h) against our own server machine (MsSmbConn with
 * brw_rap_serve() behind \PIPE\LANMAN), entirely in memory: the whole exchange, split
 * replies, any split of the byte stream, both framings, refusals and hostile replies; then
 * against Samba's replies from tests/data/vectors/smb-netserverenum2.pcapng. */
#include <libmailslot/ms-smb-client.h>
#include <libmailslot/ms-smb-server.h>

#include <string.h>

#include "browse-proto/rap-lab.h"
#include "smb-harness.h"

#define REAL_US G_GINT64_CONSTANT(1700000000000000)

static MsStatus
serve_lab(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
          MsSmbTransOutput *reply, gpointer user_data)
{
    const RapLab *lab = user_data;
    return brw_rap_serve(params, plen, data, dlen, &lab->srv, &reply->params, &reply->data);
}

typedef struct {
    RapLab lab;
    MsSmbConn *server;
    MsSmbClient *client;
    GByteArray *to_server;
    GByteArray *to_client;
    gsize chunk; /* bytes per feed, 0: all at once */
} Pair;

static void
pair_init(Pair *p, MsFraming framing, const char *called, guint16 server_buffer)
{
    memset(p, 0, sizeof *p);
    rap_lab_init(&p->lab);
    MsSessionConfig sc = {framing, 0, "H1", NULL};
    MsSmbServerConfig smb;
    ms_smb_server_config_init(&smb);
    smb.server_name = "H1";
    smb.workgroup = "LABGRP";
    smb.max_buffer_size = server_buffer;
    p->server = ms_smb_conn_new(&sc, &smb, serve_lab, &p->lab);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->server);
    MsSmbClientConfig cc;
    ms_smb_client_config_init(&cc);
    cc.framing = framing;
    cc.our_name = "BROWSECTL";
    cc.server_name = called;
    cc.server_host = "10.0.0.1";
    cc.workgroup = "LABGRP";
    cc.max_buffer = server_buffer; /* replies are split to the client's buffer */
    p->client = ms_smb_client_new(&cc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->client);
    p->to_server = g_byte_array_new();
    p->to_client = g_byte_array_new();
}

static void
pair_clear(Pair *p)
{
    ms_smb_client_free(p->client);
    ms_smb_conn_free(p->server);
    g_byte_array_unref(p->to_server);
    g_byte_array_unref(p->to_client);
    rap_lab_clear(&p->lab);
}

/* Moves bytes both ways until neither side has anything to say. */
static MsSmbClientState
pump(Pair *p)
{
    while (p->to_server->len > 0) {
        gboolean open = ms_smb_conn_feed(p->server, p->to_server->data, p->to_server->len,
                                         REAL_US, p->to_client);
        g_byte_array_set_size(p->to_server, 0);
        gsize at = 0;
        while (at < p->to_client->len) {
            gsize n = p->chunk ? MIN(p->chunk, p->to_client->len - at) : p->to_client->len - at;
            ms_smb_client_feed(p->client, p->to_client->data + at, n, p->to_server);
            at += n;
        }
        g_byte_array_set_size(p->to_client, 0);
        if (!open)
            break;
    }
    return ms_smb_client_state(p->client);
}

static MsSmbClientState
pair_connect(Pair *p)
{
    ms_smb_client_start(p->client, p->to_server);
    return pump(p);
}

/* One NetServerEnum2 level 1; returns the entries read. */
static guint
pair_enum(Pair *p, guint32 type, BrwListEntry *entries, guint max, BrwRapEnumResult *res)
{
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, type, NULL, NULL);
    guint8 buf[256];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_rap_request_build(&req, &w), MS_OK);
    CU_ASSERT_TRUE_FATAL(ms_smb_client_transact(p->client, buf, w.len, BRW_RAP_REPLY_PARAMS_MAX,
                                                BRW_RAP_CLIENT_BUFFER, p->to_server));
    CU_ASSERT_EQUAL_FATAL(pump(p), MS_SMB_CLIENT_READY);
    const guint8 *params, *data;
    gsize plen, dlen;
    CU_ASSERT_TRUE_FATAL(ms_smb_client_reply(p->client, &params, &plen, &data, &dlen));
    CU_ASSERT_EQUAL(brw_rap_server_enum_parse(params, plen, data, dlen, 1, entries, max, res),
                    MS_OK);
    return res->n_entries;
}

static void
test_round_trip(void)
{
    Pair p;
    pair_init(&p, MS_FRAMING_NBSS, "H1", 0);
    CU_ASSERT_EQUAL(pair_connect(&p), MS_SMB_CLIENT_READY);
    CU_ASSERT_EQUAL(ms_smb_client_dialect(p.client), MS_SMB_DIALECT_NT1);
    BrwListEntry e[8];
    BrwRapEnumResult res;
    CU_ASSERT_EQUAL(pair_enum(&p, 0xFFFFFFFF, e, 8, &res), 2);
    CU_ASSERT_STRING_EQUAL(e[0].name, "FAKESRV1");
    CU_ASSERT_STRING_EQUAL(e[1].name, "H1");
    CU_ASSERT_STRING_EQUAL(e[1].comment, "brlab H1");
    /* The same session serves a second call: the domains. */
    CU_ASSERT_EQUAL(pair_enum(&p, 0x80000000, e, 8, &res), 2);
    CU_ASSERT_STRING_EQUAL(e[0].name, "LABGRP");
    CU_ASSERT_STRING_EQUAL(e[1].name, "OTHERGRP");
    CU_ASSERT_STRING_EQUAL(e[1].comment, "H3");
    const MsSmbServerCounters *sc = ms_smb_server_counters(ms_smb_conn_server(p.server));
    CU_ASSERT_EQUAL(sc->transactions, 2);
    pair_clear(&p);
}

/* A long list through a 1024-byte server buffer: many reply parts, reassembled. */
static void
test_split_reply(void)
{
    Pair p;
    pair_init(&p, MS_FRAMING_NBSS, NULL, 1024);
    for (guint i = 0; i < 300; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "SRV%04u", i);
        rap_lab_add(p.lab.servers, name, 0x3, "a comment long enough to matter");
    }
    CU_ASSERT_EQUAL(pair_connect(&p), MS_SMB_CLIENT_READY);
    g_autofree BrwListEntry *e = g_new0(BrwListEntry, 400);
    BrwRapEnumResult res;
    CU_ASSERT_EQUAL(pair_enum(&p, 0xFFFFFFFF, e, 400, &res), 302);
    CU_ASSERT_EQUAL(res.params.status, BRW_RAP_SUCCESS);
    CU_ASSERT_TRUE(ms_smb_server_counters(ms_smb_conn_server(p.server))->trans_reply_parts > 5);
    pair_clear(&p);
}

/* Every split of the server's byte stream gives the same session: one byte at a time. */
static void
test_byte_at_a_time(void)
{
    static const MsFraming framings[] = {MS_FRAMING_NBSS, MS_FRAMING_DIRECT};
    for (guint f = 0; f < G_N_ELEMENTS(framings); f++) {
        Pair p;
        pair_init(&p, framings[f], "H1", 0);
        p.chunk = 1;
        CU_ASSERT_EQUAL(pair_connect(&p), MS_SMB_CLIENT_READY);
        BrwListEntry e[8];
        BrwRapEnumResult res;
        CU_ASSERT_EQUAL(pair_enum(&p, 0xFFFFFFFF, e, 8, &res), 2);
        pair_clear(&p);
    }
}

static void
test_refused_name(void)
{
    Pair p;
    pair_init(&p, MS_FRAMING_NBSS, "OTHER", 0);
    CU_ASSERT_EQUAL(pair_connect(&p), MS_SMB_CLIENT_FAILED);
    CU_ASSERT_EQUAL(ms_smb_client_error(p.client), MS_SMB_CLIENT_E_REFUSED);
    CU_ASSERT_EQUAL(ms_smb_client_error_detail(p.client), MS_NBSS_ERR_CALLED_NOT_PRESENT);
    g_autofree char *text = ms_smb_client_describe_error(p.client);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "called name not present"));
    pair_clear(&p);
}

static void
test_out_of_turn(void)
{
    Pair p;
    pair_init(&p, MS_FRAMING_NBSS, "H1", 0);
    ms_smb_client_start(p.client, p.to_server);
    /* Not connected yet: a transaction is refused and ends the session. */
    CU_ASSERT_FALSE(ms_smb_client_transact(p.client, (const guint8 *)"x", 1, 8, 8, p.to_server));
    CU_ASSERT_EQUAL(ms_smb_client_error(p.client), MS_SMB_CLIENT_E_INVALID);
    CU_ASSERT_FALSE(ms_smb_client_has_reply(p.client));
    pair_clear(&p);
    CU_ASSERT_PTR_NULL(ms_smb_client_new(&(MsSmbClientConfig){.our_name = "A"}));
    CU_ASSERT_PTR_NULL(
        ms_smb_client_new(&(MsSmbClientConfig){.our_name = "A.B", .server_name = "H1"}));
}

/* A reply frame we make up: header fields as given, then the raw block. */
static void
feed_smb(MsSmbClient *c, guint8 command, guint32 status, guint16 mid, gboolean reply,
         GByteArray *out)
{
    guint8 buf[64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    ms_session_write_header(&w, MS_FRAMING_NBSS, MS_NBSS_SESSION_MESSAGE, MS_SMB_MIN_LEN);
    MsSmbHeader h = {.command = command, .status = status, .mid = mid};
    h.flags = reply ? MS_SMB_FLAGS_REPLY : 0;
    ms_smb_header_write(&w, &h);
    ms_smb_empty_write(&w);
    ms_smb_client_feed(c, buf, w.len, out);
}

static void
test_hostile_replies(void)
{
    static const guint8 positive[] = {0x82, 0, 0, 0};
    struct {
        guint8 command;
        guint32 status;
        guint16 mid;
        gboolean reply;
        MsSmbClientError expect;
    } cases[] = {
        {MS_SMB_COM_NEGOTIATE, 0, 1, FALSE, MS_SMB_CLIENT_E_UNEXPECTED},      /* a request */
        {MS_SMB_COM_NEGOTIATE, 0, 7, TRUE, MS_SMB_CLIENT_E_UNEXPECTED},       /* other MID */
        {MS_SMB_COM_ECHO, 0, 1, TRUE, MS_SMB_CLIENT_E_UNEXPECTED},            /* other command */
        {MS_SMB_COM_NEGOTIATE, 0xC0000022, 1, TRUE, MS_SMB_CLIENT_E_STATUS},  /* an error */
        {MS_SMB_COM_NEGOTIATE, 0, 1, TRUE, MS_SMB_CLIENT_E_MALFORMED},        /* WordCount 0 */
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        MsSmbClientConfig cc;
        ms_smb_client_config_init(&cc);
        cc.our_name = "ME";
        cc.server_name = "H1";
        g_autoptr(MsSmbClient) c = ms_smb_client_new(&cc);
        g_autoptr(GByteArray) out = g_byte_array_new();
        ms_smb_client_start(c, out);
        CU_ASSERT_EQUAL(ms_smb_client_feed(c, positive, 4, out), MS_SMB_CLIENT_NEGOTIATE);
        feed_smb(c, cases[i].command, cases[i].status, cases[i].mid, cases[i].reply, out);
        CU_ASSERT_EQUAL(ms_smb_client_state(c), MS_SMB_CLIENT_FAILED);
        if (ms_smb_client_error(c) != cases[i].expect)
            fprintf(stderr, "case %u: %s\n", i, ms_smb_client_error_to_string(ms_smb_client_error(c)));
        CU_ASSERT_EQUAL(ms_smb_client_error(c), cases[i].expect);
        g_autofree char *text = ms_smb_client_describe_error(c);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "NEGOTIATE"));
        /* Once failed, it stays failed and says nothing more. */
        guint before = out->len;
        CU_ASSERT_EQUAL(ms_smb_client_feed(c, positive, 4, out), MS_SMB_CLIENT_FAILED);
        CU_ASSERT_EQUAL(out->len, before);
    }
}

/* Samba's replies from the capture (frames 126-137), with the two things that tie them to
 * smbclient's requests changed to ours: the MIDs, and the dialect index (smbclient offered
 * its own list). What we read must be what smbclient read. */
static GBytes *
samba_reply(guint frame, guint16 mid, gint dialect_index)
{
    g_autoptr(GBytes) p = capture_payload(frame);
    gsize len = g_bytes_get_size(p);
    guint8 *d = g_memdup2(g_bytes_get_data(p, NULL), len);
    if (len >= MS_SESSION_HEADER_LEN + MS_SMB_MIN_LEN) {
        d[4 + 30] = (guint8)mid;
        d[4 + 31] = (guint8)(mid >> 8);
        if (dialect_index >= 0) {
            d[4 + 33] = (guint8)dialect_index;
            d[4 + 34] = 0;
        }
    }
    return g_bytes_new_take(d, len);
}

static void
test_against_samba_capture(void)
{
    MsSmbClientConfig cc;
    ms_smb_client_config_init(&cc);
    cc.our_name = "H2";
    cc.server_name = "H1";
    cc.workgroup = "LABGRP";
    g_autoptr(MsSmbClient) c = ms_smb_client_new(&cc);
    g_autoptr(GByteArray) out = g_byte_array_new();
    ms_smb_client_start(c, out);
    static const struct {
        guint frame;
        gint dialect;
        MsSmbClientState after;
    } steps[] = {
        {126, -1, MS_SMB_CLIENT_NEGOTIATE},
        {129, 3, MS_SMB_CLIENT_LOGON},
        {131, -1, MS_SMB_CLIENT_CONNECT},
        {133, -1, MS_SMB_CLIENT_READY},
    };
    for (guint i = 0; i < G_N_ELEMENTS(steps); i++) {
        g_autoptr(GBytes) r = samba_reply(steps[i].frame, (guint16)i, steps[i].dialect);
        gsize len;
        const guint8 *d = g_bytes_get_data(r, &len);
        MsSmbClientState st = ms_smb_client_feed(c, d, len, out);
        if (st != steps[i].after) {
            g_autofree char *why = ms_smb_client_describe_error(c);
            fprintf(stderr, "frame %u: %s\n", steps[i].frame, why);
        }
        CU_ASSERT_EQUAL_FATAL(st, steps[i].after);
    }
    CU_ASSERT_EQUAL(ms_smb_client_dialect(c), MS_SMB_DIALECT_NT1);
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, 0xFFFFFFFF, NULL, NULL);
    guint8 buf[256];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_rap_request_build(&req, &w), MS_OK);
    CU_ASSERT_TRUE_FATAL(ms_smb_client_transact(c, buf, w.len, 8, BRW_RAP_CLIENT_BUFFER, out));
    g_autoptr(GBytes) r = samba_reply(135, 4, -1);
    gsize len;
    const guint8 *d = g_bytes_get_data(r, &len);
    CU_ASSERT_EQUAL_FATAL(ms_smb_client_feed(c, d, len, out), MS_SMB_CLIENT_READY);
    const guint8 *params, *data;
    gsize plen, dlen;
    CU_ASSERT_TRUE_FATAL(ms_smb_client_reply(c, &params, &plen, &data, &dlen));
    BrwListEntry e[8];
    BrwRapEnumResult res;
    CU_ASSERT_EQUAL(brw_rap_server_enum_parse(params, plen, data, dlen, 1, e, 8, &res), MS_OK);
    CU_ASSERT_EQUAL(res.n_entries, 2);
    CU_ASSERT_STRING_EQUAL(e[0].name, "FAKESRV1");
    CU_ASSERT_STRING_EQUAL(e[1].name, "H1");
}

static CU_TestInfo tests[] = {
    {"round trip against our server", test_round_trip},
    {"split reply reassembled", test_split_reply},
    {"byte at a time, both framings", test_byte_at_a_time},
    {"session refused", test_refused_name},
    {"out of turn, bad config", test_out_of_turn},
    {"hostile replies", test_hostile_replies},
    {"against Samba's replies (capture)", test_against_samba_capture},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-smb-client", tests);
}
