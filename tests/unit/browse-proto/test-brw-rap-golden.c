/* RAP against a real exchange: smb-netserverenum2.pcapng, where smbclient (frames 84-169)
 * and nmap (frames 196-247) ask Samba's H1 for its lists with NetServerEnum2 over
 * \PIPE\LANMAN. The RAP Parameters and Data blocks are cut out of each SMB_COM_TRANSACTION
 * with the test pcapng reader; the DCE/RPC transactions of frames 160-163 (SetupCount 2)
 * are not RAP and are skipped.
 *  - every request parses and rebuilds to the same bytes, and our client builds smbclient's
 *    and nmap's requests byte for byte (RAP-041, RAP-042, RAP-059);
 *  - our server, given H1's lists (rap-lab.c), answers with Samba's very bytes: records,
 *    strings after them, pointers (RAP-040, RAP-041, RAP-044, RAP-045, RAP-048, RAP-051);
 *    except where the Domain parameter is "": Samba then matches no server's domain and
 *    answers 0 entries (frames 85, 167), we answer our group's list (RAP-042);
 *  - our client reads Samba's answers into the lab's entries (RAP-059). */
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>

#include <stdio.h>
#include <string.h>

#include "pcapng.h"
#include "rap-lab.h"
#include "test-util.h"

#define NBSS_HEADER 4
#define SMB_COM_TRANSACTION 0x25
#define SMB_FLAGS_REPLY 0x80
#define SMB_WORDS 33 /* [MS-CIFS] 2.2.3.1: the words follow the 32-byte header and WordCount */

/* One RAP call of the capture: the request's blocks and limits, and the reply's blocks. */
typedef struct {
    guint number; /* the request's frame */
    GBytes *params;
    guint16 max_params, max_data;
    guint reply_number;
    GBytes *reply_params;
    GBytes *reply_data;
} Exchange;

static void
exchange_free(gpointer p)
{
    Exchange *ex = p;
    g_bytes_unref(ex->params);
    if (ex->reply_params)
        g_bytes_unref(ex->reply_params);
    if (ex->reply_data)
        g_bytes_unref(ex->reply_data);
    g_free(ex);
}

static guint16
le16_at(const guint8 *p)
{
    return (guint16)(p[0] | (p[1] << 8));
}

/* A block of the message given by its count and offset words ([MS-CIFS] 2.2.4.33: offsets
 * from the SMB header). */
static GBytes *
block(const guint8 *smb, gsize len, gsize count_at, gsize offset_at)
{
    gsize count = le16_at(smb + count_at), offset = le16_at(smb + offset_at);
    CU_ASSERT_TRUE_FATAL(offset + count <= len);
    return g_bytes_new(smb + offset, count);
}

static GPtrArray *
read_exchanges(void)
{
    g_autofree char *path = test_data_path("vectors/smb-netserverenum2.pcapng");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) frames = pcapng_read_frames(path, &error);
    CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
    GPtrArray *out = g_ptr_array_new_with_free_func(exchange_free);
    Exchange *pending = NULL;
    for (guint i = 0; i < frames->len; i++) {
        const PcapFrame *f = g_ptr_array_index(frames, i);
        gsize len;
        const guint8 *p = g_bytes_get_data(f->payload, &len);
        if (f->ip_proto != 6 || len < NBSS_HEADER + SMB_WORDS + 2 || p[0] != 0x00 ||
            memcmp(p + NBSS_HEADER, "\xffSMB", 4) != 0 || p[NBSS_HEADER + 4] != SMB_COM_TRANSACTION)
            continue;
        const guint8 *smb = p + NBSS_HEADER;
        len -= NBSS_HEADER;
        guint8 word_count = smb[32];
        if (!(smb[9] & SMB_FLAGS_REPLY)) {
            pending = NULL;
            if (word_count != 14) /* SetupCount 0: RAP; 2: a named pipe's DCE/RPC */
                continue;
            pending = g_new0(Exchange, 1);
            pending->number = f->number;
            pending->max_params = le16_at(smb + SMB_WORDS + 4);
            pending->max_data = le16_at(smb + SMB_WORDS + 6);
            pending->params = block(smb, len, SMB_WORDS + 18, SMB_WORDS + 20);
            g_ptr_array_add(out, pending);
        } else if (pending && word_count == 10) {
            pending->reply_number = f->number;
            pending->reply_params = block(smb, len, SMB_WORDS + 6, SMB_WORDS + 8);
            pending->reply_data = block(smb, len, SMB_WORDS + 12, SMB_WORDS + 14);
            pending = NULL;
        }
    }
    return out;
}

static const Exchange *
exchange(const GPtrArray *all, guint number)
{
    for (guint i = 0; i < all->len; i++) {
        const Exchange *ex = g_ptr_array_index(all, i);
        if (ex->number == number)
            return ex;
    }
    CU_FAIL_FATAL("no such exchange in the capture");
    return NULL;
}

static void
assert_bytes_equal(const guint8 *got, gsize got_len, GBytes *want)
{
    gsize len;
    const guint8 *p = g_bytes_get_data(want, &len);
    TEST_ASSERT_BYTES_EQUAL(got, got_len, p, len);
}

/* RAP-041, RAP-042: nine NetServerEnum2 requests (smbclient: WrLehDz with "" or LABGRP;
 * nmap: WrLehDO), each answered; each parses and rebuilds to its bytes. */
static void
test_rap041_042_capture_requests_parse_and_rebuild(void)
{
    g_autoptr(GPtrArray) all = read_exchanges();
    CU_ASSERT_EQUAL(all->len, 9);
    for (guint i = 0; i < all->len; i++) {
        const Exchange *ex = g_ptr_array_index(all, i);
        CU_ASSERT_PTR_NOT_NULL(ex->reply_params);
        gsize len;
        const guint8 *p = g_bytes_get_data(ex->params, &len);
        BrwRapRequest req;
        CU_ASSERT_EQUAL_FATAL(brw_rap_request_parse(p, len, &req), MS_OK);
        CU_ASSERT_EQUAL(req.opcode, BRW_RAP_NET_SERVER_ENUM2);
        CU_ASSERT_EQUAL(req.level, 1);
        CU_ASSERT_STRING_EQUAL(req.data_desc, "B16BBDz");
        CU_ASSERT_EQUAL(req.receive_size, ex->number < 196 ? 0xFFFF : 14724);
        /* nmap sends no Domain at all ("WrLehDO"), smbclient always one */
        CU_ASSERT_EQUAL(req.domain == NULL, ex->number >= 196);
        guint8 out[256];
        MsWriter w = ms_writer_init(out, sizeof out);
        CU_ASSERT_EQUAL(brw_rap_request_build(&req, &w), MS_OK);
        TEST_ASSERT_BYTES_EQUAL(out, w.len, p, len);
    }
}

static void
assert_client_builds(const GPtrArray *all, guint number, guint32 type, const char *domain,
                     guint16 receive_size)
{
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, type, domain, NULL);
    CU_ASSERT_EQUAL(req.receive_size, BRW_RAP_CLIENT_BUFFER);
    req.receive_size = receive_size; /* theirs; ours is 0xFFE0 (RAP-059) */
    guint8 out[256];
    MsWriter w = ms_writer_init(out, sizeof out);
    CU_ASSERT_EQUAL_FATAL(brw_rap_request_build(&req, &w), MS_OK);
    assert_bytes_equal(out, w.len, exchange(all, number)->params);
}

/* RAP-059: our client's NetServerEnum2 is byte for byte what smbclient (frames 134, 136)
 * and nmap (frames 196, 219) send. */
static void
test_rap059_client_builds_capture_requests(void)
{
    g_autoptr(GPtrArray) all = read_exchanges();
    assert_client_builds(all, 134, BRW_SV_TYPE_ALL, "LABGRP", 0xFFFF);
    assert_client_builds(all, 136, BRW_SV_TYPE_DOMAIN_ENUM, "LABGRP", 0xFFFF);
    assert_client_builds(all, 84, BRW_SV_TYPE_ALL, "", 0xFFFF);
    assert_client_builds(all, 196, BRW_SV_TYPE_ALL, NULL, 14724);
    assert_client_builds(all, 219, BRW_SV_TYPE_MASTER_BROWSER, NULL, 14724);
}

/* RAP-040, 041, 044, 045, 048, 051: given H1's lists, our answers are Samba's bytes, within
 * the request's MaxParameterCount (8) and MaxDataCount. RAP-042: to Domain "" Samba
 * answered 0 entries (frames 85, 167); we answer what Domain LABGRP gets (frame 135). */
static void
test_rap040_041_044_045_048_051_answers_are_samba_bytes(void)
{
    g_autoptr(GPtrArray) all = read_exchanges();
    RapLab lab;
    rap_lab_init(&lab);
    for (guint i = 0; i < all->len; i++) {
        const Exchange *ex = g_ptr_array_index(all, i);
        gsize len;
        const guint8 *p = g_bytes_get_data(ex->params, &len);
        g_autoptr(RapReply) reply = rap_serve(&lab.srv, p, len, ex->max_params, ex->max_data);
        CU_ASSERT_EQUAL_FATAL(reply->status, MS_OK);
        const Exchange *want = ex;
        if (ex->number == 84 || ex->number == 166) {
            CU_ASSERT_EQUAL(g_bytes_get_size(ex->reply_data), 0);
            want = exchange(all, 134);
        }
        assert_bytes_equal(reply->params, reply->params_len, want->reply_params);
        assert_bytes_equal(reply->data, reply->data_len, want->reply_data);
    }
    rap_lab_clear(&lab);
}

typedef struct {
    const char *name;
    guint32 type;
    const char *comment;
} Want;

static void
assert_client_reads(const GPtrArray *all, guint number, const Want *want, guint n)
{
    const Exchange *ex = exchange(all, number);
    gsize plen, dlen;
    const guint8 *p = g_bytes_get_data(ex->reply_params, &plen);
    const guint8 *d = g_bytes_get_data(ex->reply_data, &dlen);
    BrwListEntry entries[8];
    BrwRapEnumResult res;
    CU_ASSERT_EQUAL_FATAL(
        brw_rap_server_enum_parse(p, plen, d, dlen, 1, entries, G_N_ELEMENTS(entries), &res),
        MS_OK);
    CU_ASSERT_EQUAL(res.params.status, BRW_RAP_SUCCESS);
    CU_ASSERT_EQUAL(res.params.converter, 0);
    CU_ASSERT_EQUAL(res.params.count, n);
    CU_ASSERT_EQUAL(res.params.available, n);
    CU_ASSERT_EQUAL_FATAL(res.n_entries, n);
    CU_ASSERT_EQUAL(res.skipped + res.bad_pointers, 0);
    for (guint i = 0; i < n; i++) {
        CU_ASSERT_STRING_EQUAL(entries[i].name, want[i].name);
        CU_ASSERT_EQUAL(entries[i].server_type, want[i].type);
        CU_ASSERT_STRING_EQUAL(entries[i].comment, want[i].comment);
        CU_ASSERT_EQUAL(entries[i].source, BRW_SOURCE_SYNC);
    }
}

/* RAP-059: Samba's answers read as H1's lists. */
static void
test_rap059_client_reads_capture_replies(void)
{
    g_autoptr(GPtrArray) all = read_exchanges();
    const Want servers[] = {{"FAKESRV1", 0x00018803, "fake server from brws_probe"},
                            {"H1", 0x00849a03, "brlab H1"}};
    const Want groups[] = {{"LABGRP", 0x80001000, "H1"}, {"OTHERGRP", 0x80001000, "H3"}};
    assert_client_reads(all, 134, servers, 2);
    assert_client_reads(all, 196, servers, 2);
    assert_client_reads(all, 219, servers + 1, 1);
    assert_client_reads(all, 86, groups, 2);
    assert_client_reads(all, 136, groups, 2);
    assert_client_reads(all, 84, NULL, 0);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"rap041_042_capture_requests_parse_and_rebuild",
         test_rap041_042_capture_requests_parse_and_rebuild},
        {"rap059_client_builds_capture_requests", test_rap059_client_builds_capture_requests},
        {"rap040_041_044_045_048_051_answers_are_samba_bytes",
         test_rap040_041_044_045_048_051_answers_are_samba_bytes},
        {"rap059_client_reads_capture_replies", test_rap059_client_reads_capture_replies},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-rap-golden", tests);
}
