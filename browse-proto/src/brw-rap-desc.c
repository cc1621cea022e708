/* Descriptor strings and the request parameters they lay out ([MS-RAP] 2.5.1, rap.md §8.3).
 * Descriptors are compared byte for byte elsewhere (they are case-sensitive: 'O' is not
 * '0'); this file only walks them. */
#include "brw-rap-private.h"

#include <string.h>

/* A count larger than any record could hold; longer digit runs stop growing here so that a
 * hostile descriptor cannot overflow the arithmetic. */
#define DESC_COUNT_CAP 0x10000u

gboolean
brw_rap_desc_next(const char **cursor, BrwRapDescItem *item)
{
    const char *p = *cursor;
    if (*p == '\0')
        return FALSE;
    item->letter = *p++;
    guint n = 0;
    item->counted = FALSE;
    while (g_ascii_isdigit(*p)) {
        n = MIN(n * 10 + (guint)(*p - '0'), DESC_COUNT_CAP);
        item->counted = TRUE;
        p++;
    }
    item->count = item->counted ? n : 1;
    *cursor = p;
    return TRUE;
}

/* An inline request string ([MS-RAP] 2.5.1 'z'): it must end inside the parameters. */
static gboolean
get_inline_string(MsReader *r, BrwRapValue *v)
{
    gsize remaining = ms_reader_remaining(r);
    const guint8 *start = ms_reader_peek(r);
    const guint8 *nul = remaining ? memchr(start, '\0', remaining) : NULL;
    if (!nul)
        return FALSE;
    v->str = (const char *)start;
    v->len = (gsize)(nul - start);
    return ms_reader_skip(r, v->len + 1);
}

gboolean
brw_rap_params_get(MsReader *r, const char *desc, BrwRapValue *values, guint *n)
{
    BrwRapDescItem item;
    *n = 0;
    while (brw_rap_desc_next(&desc, &item)) {
        BrwRapValue v = {0};
        guint16 u16;
        switch (item.letter) {
        case 'W': /* a 16-bit value */
        case 'L': /* the receive buffer's length */
            if (!ms_reader_get_le16(r, &u16))
                return FALSE;
            v.num = u16;
            break;
        case 'D':
            if (!ms_reader_get_le32(r, &v.num))
                return FALSE;
            break;
        case 'z':
            if (!get_inline_string(r, &v))
                return FALSE;
            break;
        case 'r': /* the receive buffer itself: the reply's data */
        case 'e': /* returned in the reply's parameters */
        case 'h':
        case 'O': /* a null pointer: nothing is sent */
            continue;
        default:
            return FALSE;
        }
        if (*n == BRW_RAP_FIELDS_MAX)
            return FALSE;
        values[(*n)++] = v;
    }
    return TRUE;
}

void
brw_rap_params_put(MsWriter *w, const char *desc, const BrwRapValue *values)
{
    BrwRapDescItem item;
    guint i = 0;
    while (brw_rap_desc_next(&desc, &item) && i < BRW_RAP_FIELDS_MAX) {
        const BrwRapValue *v = &values[i];
        switch (item.letter) {
        case 'W':
        case 'L':
            ms_writer_put_le16(w, (guint16)v->num);
            break;
        case 'D':
            ms_writer_put_le32(w, v->num);
            break;
        case 'z':
            ms_writer_put_bytes(w, v->str ? v->str : "", v->str ? v->len : 0);
            ms_writer_put_u8(w, 0);
            break;
        default:
            continue; /* not sent, takes no value */
        }
        i++;
    }
}
