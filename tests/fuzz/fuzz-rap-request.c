/* Fuzzes the server side of RAP: the input is a 4-byte header then the Parameters block of a
 * \PIPE\LANMAN transaction:
 *   byte 0: bits 0-1 our role (master, backup, potential, non-browser), bit 2 converter
 *           0x1685 (else 0), bit 3 comments cut to 5 bytes;
 *   byte 1: the transaction's MaxParameterCount (0-8, modulo 9);
 *   bytes 2-3: its MaxDataCount (u16 LE).
 * The browser answering knows a few servers (local and synced, odd names) and groups.
 * Properties: a request that parses rebuilds and parses again to the same fields; serving
 * never fails but for parameters that are not RAP (exactly when parse says truncated) or a
 * MaxParameterCount below 4; the answer stays within MaxParameterCount, MaxDataCount and
 * ReceiveBufferSize, and parses back with the client's parsers: counts match the records,
 * every string pointer lands inside the data, a server list is sorted without duplicates. */
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define HEADER 4

static BrwList *servers, *domains;

static void
add(BrwList *list, const char *name, guint32 type, const char *comment, BrwListSource source)
{
    BrwListEntry e = {.server_type = type, .source = source, .version_major = 6};
    g_strlcpy(e.name, name, sizeof e.name);
    g_strlcpy(e.comment, comment, sizeof e.comment);
    brw_list_update(list, &e, 0, G_USEC_PER_SEC);
}

static void
make_lists(void)
{
    if (servers)
        return;
    servers = brw_list_new(0);
    domains = brw_list_new(0);
    add(servers, "FAKESRV1", 0x00018803, "fake server from brws_probe", BRW_SOURCE_LOCAL);
    add(servers, "h1", 0x00849a03, "", BRW_SOURCE_LOCAL);
    add(servers, "_UNDER", 0x40000003, "local-list bit set", BRW_SOURCE_LOCAL);
    add(servers, "FAR1", BRW_SV_TYPE_WORKSTATION, "a comment of forty-two characters, exactly",
        BRW_SOURCE_SYNC);
    add(domains, "OTHERGRP", 0x80001000, "H3", BRW_SOURCE_LOCAL);
    add(domains, "FARGRP", 0x00001000, "H9", BRW_SOURCE_SYNC);
}

static int
name_cmp(const char *a, const char *b)
{
    for (gsize i = 0;; i++) {
        guchar x = (guchar)g_ascii_toupper(a[i]), y = (guchar)g_ascii_toupper(b[i]);
        if (x != y || x == '\0')
            return (int)x - (int)y;
    }
}

static gboolean
same_string(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* parse(build(parse(x))) == parse(x); the rebuilt request is never longer than x (the same
 * descriptors and fields, without trailing bytes), so it is built into exactly len bytes. */
static void
check_rebuild(const BrwRapRequest *req, gsize len)
{
    g_autofree guint8 *out = g_malloc(len);
    MsWriter w = ms_writer_init(out, len);
    FUZZ_CHECK(brw_rap_request_build(req, &w) == MS_OK);
    BrwRapRequest again;
    FUZZ_CHECK(brw_rap_request_parse(out, w.len, &again) == MS_OK);
    FUZZ_CHECK(again.opcode == req->opcode && again.level == req->level);
    FUZZ_CHECK(again.receive_size == req->receive_size);
    FUZZ_CHECK(again.server_type == req->server_type);
    FUZZ_CHECK(same_string(again.domain, req->domain));
    FUZZ_CHECK(same_string(again.first_name, req->first_name));
    FUZZ_CHECK(same_string(again.data_desc, req->data_desc));
}

/* The records of a successful (or partial) answer read back. */
static void
check_records(const BrwRapRequest *req, const BrwRapReplyParams *rp, const guint8 *data,
              gsize len)
{
    const char *desc = brw_rap_data_desc(req->opcode, req->level);
    FUZZ_CHECK(desc != NULL);
    gsize size = brw_rap_record_size(desc);
    gboolean get_info = req->opcode == BRW_RAP_NET_SERVER_GET_INFO ||
                        req->opcode == BRW_RAP_NET_WKSTA_GET_INFO;
    guint count = get_info ? 1 : rp->count;
    if (!get_info)
        FUZZ_CHECK(rp->count <= rp->available);
    FUZZ_CHECK(count * size <= len);
    for (guint i = 0; i < count; i++) {
        BrwRapValue v[BRW_RAP_FIELDS_MAX];
        FUZZ_CHECK(brw_rap_record_get(data, len, i, desc, rp->converter, v) == MS_OK);
    }
    if (req->opcode != BRW_RAP_NET_SERVER_ENUM2 && req->opcode != BRW_RAP_NET_SERVER_ENUM3)
        return;
    static BrwListEntry entries[0x10000 / BRW_RAP_SERVER_INFO0_SIZE + 1];
    BrwRapEnumResult res;
    FUZZ_CHECK(brw_rap_server_enum_parse((const guint8 *)"\0\0\0\0\0\0\0\0", 0, data, len,
                                         req->level, entries, G_N_ELEMENTS(entries),
                                         &res) == MS_ERR_TRUNCATED);
    guint8 params[8];
    MsWriter w = ms_writer_init(params, sizeof params);
    FUZZ_CHECK(brw_rap_reply_params_build(req->opcode, rp, &w) == MS_OK);
    FUZZ_CHECK(brw_rap_server_enum_parse(params, w.len, data, len, req->level, entries,
                                         G_N_ELEMENTS(entries), &res) == MS_OK);
    FUZZ_CHECK(res.n_entries == rp->count && res.skipped == 0 && res.bad_pointers == 0);
    for (guint i = 1; i < res.n_entries; i++)
        FUZZ_CHECK(name_cmp(entries[i - 1].name, entries[i].name) < 0);
    for (guint i = 0; i < res.n_entries; i++)
        FUZZ_CHECK((entries[i].server_type & BRW_SV_TYPE_LOCAL_LIST_ONLY) == 0);
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    if (size < HEADER)
        return 0;
    make_lists();
    static const BrwRole roles[] = {BRW_ROLE_MASTER, BRW_ROLE_BACKUP, BRW_ROLE_POTENTIAL,
                                    BRW_ROLE_NON_BROWSER};
    BrwRapServer srv = {
        .role = roles[data[0] & 3],
        .netbios_name = "H1",
        .workgroup = "LABGRP",
        .master = "H1",
        .comment = "brlab H1",
        .server_type = 0x00849a03,
        .version_major = 6,
        .version_minor = 1,
        .servers = servers,
        .domains = domains,
        .comment_max = (data[0] & 8) ? 5 : 0,
        .converter = (data[0] & 4) ? 0x1685 : 0,
    };
    gsize max_params = data[1] % 9;
    gsize max_data = (gsize)(data[2] | (data[3] << 8));
    const guint8 *params = data + HEADER;
    gsize len = size - HEADER;

    BrwRapRequest req;
    MsStatus parsed = brw_rap_request_parse(params, len, &req);
    FUZZ_CHECK(parsed == MS_OK || parsed == MS_ERR_TRUNCATED || parsed == MS_ERR_UNSUPPORTED ||
               parsed == MS_ERR_BAD_HEADER);
    if (parsed == MS_OK)
        check_rebuild(&req, len);

    guint8 out_params[BRW_RAP_REPLY_PARAMS_MAX];
    static guint8 out_data[0x10000];
    MsWriter p = ms_writer_init(out_params, max_params);
    MsWriter d = ms_writer_init(out_data, max_data);
    MsStatus st = brw_rap_serve(params, len, NULL, 0, &srv, &p, &d);
    FUZZ_CHECK(!p.overflow && !d.overflow);
    if (parsed == MS_ERR_TRUNCATED) {
        FUZZ_CHECK(st == MS_ERR_TRUNCATED && p.len == 0 && d.len == 0);
        return 0;
    }
    FUZZ_CHECK(st == (max_params < 4 ? MS_ERR_NO_SPACE : MS_OK));
    if (st != MS_OK)
        return 0;

    BrwRapReplyParams rp;
    guint16 opcode = req.opcode;
    FUZZ_CHECK(brw_rap_reply_params_parse(opcode, out_params, p.len, &rp) == MS_OK);
    FUZZ_CHECK(rp.converter == srv.converter);
    if (parsed != MS_OK) {
        FUZZ_CHECK(p.len == 4 && d.len == 0);
        FUZZ_CHECK(rp.status == (parsed == MS_ERR_UNSUPPORTED ? BRW_RAP_ERROR_NOT_SUPPORTED
                                                              : BRW_RAP_ERROR_INVALID_PARAMETER));
        return 0;
    }
    FUZZ_CHECK(p.len == brw_rap_reply_params_size(opcode) || p.len == 4);
    if (rp.status != BRW_RAP_SUCCESS && rp.status != BRW_RAP_ERROR_MORE_DATA) {
        FUZZ_CHECK(d.len == 0);
        return 0;
    }
    FUZZ_CHECK(d.len <= req.receive_size);
    check_records(&req, &rp, out_data, d.len);
    return 0;
}
