/* The client side of NetServerEnum2/3: a reply read into browse-list entries, for a backup's
 * or a domain master's copy of another browser's lists ([MS-BRWS] 3.1.5.2, 3.3.6; rap.md
 * §10.6, RAP-059). The reply comes from the network: every count is checked against the
 * data and every pointer is followed only inside it (brw_rap_record_get()). */
#include "brw-rap-private.h"

#include <browse-proto/brw-server-type.h>
#include <string.h>

/* Copies at most `max` bytes of a value and NUL-terminates (out has max + 1 bytes). */
static void
copy_value(char *out, gsize max, const BrwRapValue *v)
{
    gsize n = MIN(v->len, max);
    if (n)
        memcpy(out, v->str, n);
    out[n] = '\0';
}

MsStatus
brw_rap_server_enum_parse(const guint8 *params, gsize params_len, const guint8 *data,
                          gsize data_len, guint16 level, BrwListEntry *entries,
                          guint max_entries, BrwRapEnumResult *out)
{
    memset(out, 0, sizeof *out);
    /* NetServerEnum2 and 3 share their records and reply parameters */
    const char *desc = brw_rap_data_desc(BRW_RAP_NET_SERVER_ENUM2, level);
    if (!desc)
        return MS_ERR_INVALID_ARG;
    MsStatus st =
        brw_rap_reply_params_parse(BRW_RAP_NET_SERVER_ENUM2, params, params_len, &out->params);
    if (st != MS_OK)
        return st;
    /* [MS-RAP] 2.5.2: only these two statuses come with records */
    if (out->params.status != BRW_RAP_SUCCESS && out->params.status != BRW_RAP_ERROR_MORE_DATA)
        return MS_OK;
    gsize size = brw_rap_record_size(desc);
    if ((gsize)out->params.count > data_len / size)
        return MS_ERR_BAD_LENGTH;

    for (guint i = 0; i < out->params.count && out->n_entries < max_entries; i++) {
        BrwRapValue v[BRW_RAP_FIELDS_MAX];
        /* the record lies inside the data (checked above): only a pointer can be bad */
        brw_rap_record_get(data, data_len, i, desc, out->params.converter, v);
        if (v[0].len == 0) {
            out->skipped++; /* a list is keyed by name: an empty one is no entry */
            continue;
        }
        BrwListEntry *e = &entries[out->n_entries++];
        memset(e, 0, sizeof *e);
        /* a 16-byte name without its NUL is read as its first 15, as in frames */
        copy_value(e->name, BRW_LIST_NAME_MAX, &v[0]);
        e->source = BRW_SOURCE_SYNC;
        if (level == 0)
            continue;
        e->version_major = (guint8)v[1].num;
        e->version_minor = (guint8)v[2].num;
        /* rap.md §10.6: a sender may leave LOCAL_LIST_ONLY set; it describes a query */
        e->server_type = v[3].num & ~BRW_SV_TYPE_LOCAL_LIST_ONLY;
        if (v[4].str)
            copy_value(e->comment, BRW_LIST_COMMENT_MAX, &v[4]);
        else
            out->bad_pointers++;
    }
    return MS_OK;
}
