/* Fuzzes the client side of RAP, what a hostile server can answer: the input is
 *   byte 0: bit 0 the level asked (0 or 1); byte 1: n, the reply parameters' length;
 *   then n bytes of reply parameters, and the rest as the reply data.
 * Properties: a NetServerEnum2/3 reply parses to a status; entries are at most what was
 * returned and what the caller has room for, each a non-empty NUL-terminated name of at
 * most 15 bytes, a NUL-terminated comment of at most 43, a type without LOCAL_LIST_ONLY,
 * and fit a browse list; the records of any descriptor we read (shares, workstation) give
 * strings that lie inside the data; the pager (brw_rap_pager), given this reply again and
 * again as a server that repeats itself would, stops within its bounds, holding at most
 * max_entries (bits 1-3 of byte 0) entries. */
#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define MAX_ENTRIES 16

/* The length of a string held in a `size`-byte array, or `size` without a NUL (strnlen()
 * is POSIX, not C11). */
static gsize
bounded_len(const char *s, gsize size)
{
    const char *nul = memchr(s, '\0', size);
    return nul ? (gsize)(nul - s) : size;
}

static void
check_strings(const guint8 *data, gsize len, const BrwRapValue *v, guint n)
{
    for (guint i = 0; i < n; i++) {
        const guint8 *s = (const guint8 *)v[i].str;
        if (s == NULL || v[i].len == 0)
            continue;
        FUZZ_CHECK(s >= data && s + v[i].len <= data + len);
    }
}

/* Every record of `desc` the data holds reads without leaving it. */
static void
check_desc(const char *desc, const guint8 *data, gsize len, guint16 converter)
{
    gsize size = brw_rap_record_size(desc);
    guint fields = brw_rap_record_fields(desc);
    FUZZ_CHECK(size > 0 && fields > 0);
    for (gsize i = 0; i <= len / size; i++) {
        BrwRapValue v[BRW_RAP_FIELDS_MAX];
        MsStatus st = brw_rap_record_get(data, len, i, desc, converter, v);
        FUZZ_CHECK(st == MS_OK || st == MS_ERR_BAD_POINTER || st == MS_ERR_TRUNCATED);
        FUZZ_CHECK((st == MS_ERR_TRUNCATED) == (i == len / size));
        if (st != MS_ERR_TRUNCATED)
            check_strings(data, len, v, fields);
    }
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    if (size < 2 || (gsize)data[1] > size - 2)
        return 0;
    guint16 level = data[0] & 1;
    const guint8 *params = data + 2;
    gsize params_len = data[1];
    const guint8 *rdata = params + params_len;
    gsize data_len = size - 2 - params_len;

    BrwListEntry entries[MAX_ENTRIES];
    BrwRapEnumResult res;
    MsStatus st = brw_rap_server_enum_parse(params, params_len, rdata, data_len, level, entries,
                                            MAX_ENTRIES, &res);
    FUZZ_CHECK(st == MS_OK || st == MS_ERR_TRUNCATED || st == MS_ERR_BAD_LENGTH);
    FUZZ_CHECK(res.n_entries <= MAX_ENTRIES);
    if (st == MS_OK) {
        FUZZ_CHECK(res.n_entries + res.skipped <= res.params.count);
        g_autoptr(BrwList) list = brw_list_new(0);
        for (guint i = 0; i < res.n_entries; i++) {
            const BrwListEntry *e = &entries[i];
            gsize name_len = bounded_len(e->name, sizeof e->name);
            FUZZ_CHECK(name_len > 0 && name_len <= BRW_LIST_NAME_MAX);
            FUZZ_CHECK(bounded_len(e->comment, sizeof e->comment) <= BRW_LIST_COMMENT_MAX);
            FUZZ_CHECK((e->server_type & BRW_SV_TYPE_LOCAL_LIST_ONLY) == 0);
            FUZZ_CHECK(e->source == BRW_SOURCE_SYNC);
            BrwListResult r = brw_list_update(list, e, 0, G_USEC_PER_SEC);
            FUZZ_CHECK(r == BRW_LIST_ADDED || r == BRW_LIST_UPDATED);
        }
    } else {
        FUZZ_CHECK(res.n_entries == 0);
    }

    BrwRapPager pager;
    guint max = 1u + ((data[0] >> 1) & 7u) * 300u;
    brw_rap_pager_init(&pager, BRW_SV_TYPE_ALL, NULL, max);
    BrwRapPagerStep step = BRW_RAP_PAGER_MORE;
    for (guint round = 0; step == BRW_RAP_PAGER_MORE; round++) {
        FUZZ_CHECK(round < BRW_RAP_PAGER_MAX_ROUNDS);
        guint8 req[512];
        MsWriter w = ms_writer_init(req, sizeof req);
        FUZZ_CHECK(brw_rap_pager_request(&pager, &w) == MS_OK);
        guint held = pager.entries->len;
        step = brw_rap_pager_reply(&pager, params, params_len, rdata, data_len);
        FUZZ_CHECK(pager.entries->len <= max);
        FUZZ_CHECK(step == BRW_RAP_PAGER_MORE ? pager.entries->len > held : TRUE);
    }
    brw_rap_pager_clear(&pager);

    /* the reply parameters of every call, and the records of every layout we read */
    const guint16 opcodes[] = {BRW_RAP_NET_SHARE_ENUM, BRW_RAP_NET_SERVER_GET_INFO,
                               BRW_RAP_NET_WKSTA_GET_INFO, BRW_RAP_NET_SERVER_ENUM3, 91};
    BrwRapReplyParams rp;
    for (gsize i = 0; i < G_N_ELEMENTS(opcodes); i++) {
        MsStatus ps = brw_rap_reply_params_parse(opcodes[i], params, params_len, &rp);
        FUZZ_CHECK(ps == MS_OK || ps == MS_ERR_TRUNCATED);
    }
    guint16 converter = (guint16)(params_len >= 4 ? params[2] | (params[3] << 8) : 0);
    const char *descs[] = {"B16BBDz", "B13BWz", "B13BWzWWWzB9B", "zzzBBzz", "B16"};
    for (gsize i = 0; i < G_N_ELEMENTS(descs); i++)
        check_desc(descs[i], rdata, data_len, converter);
    return 0;
}
