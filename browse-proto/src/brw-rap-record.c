/* Reply data: fixed-size records laid out by a DataDesc, and the strings they point to
 * ([MS-RAP] 2.5.1, 2.5.11; rap.md §8.3-§8.4). Only the letters the browser's calls use are
 * marshalled: B<n> (n bytes; a lone B is one byte), W, D and z (a 32-bit pointer). */
#include "brw-rap-private.h"

#include <string.h>

/* The size of one field, 0 for a letter (or a count) we do not marshal. */
static gsize
field_size(const BrwRapDescItem *item)
{
    switch (item->letter) {
    case 'B':
        return item->count;
    case 'W':
        return item->counted ? 0 : 2;
    case 'D':
    case 'z':
        return item->counted ? 0 : 4;
    default:
        return 0;
    }
}

gsize
brw_rap_record_size(const char *desc)
{
    BrwRapDescItem item;
    gsize size = 0;
    guint fields = 0;
    while (brw_rap_desc_next(&desc, &item)) {
        gsize f = field_size(&item);
        if (f == 0 || ++fields > BRW_RAP_FIELDS_MAX)
            return 0;
        size += f;
    }
    return size;
}

guint
brw_rap_record_fields(const char *desc)
{
    if (brw_rap_record_size(desc) == 0)
        return 0;
    BrwRapDescItem item;
    guint fields = 0;
    while (brw_rap_desc_next(&desc, &item))
        fields++;
    return fields;
}

gsize
brw_rap_record_strings_size(const char *desc, const BrwRapValue *values)
{
    BrwRapDescItem item;
    gsize size = 0;
    for (guint i = 0; brw_rap_desc_next(&desc, &item); i++) {
        if (item.letter == 'z')
            size += (values[i].str ? values[i].len : 0) + 1;
    }
    return size;
}

void
brw_rap_record_put(MsWriter *fixed, MsWriter *strings, gsize base, guint16 converter,
                   const char *desc, const BrwRapValue *values)
{
    BrwRapDescItem item;
    for (guint i = 0; brw_rap_desc_next(&desc, &item); i++) {
        const BrwRapValue *v = &values[i];
        switch (item.letter) {
        case 'B':
            if (item.count == 1) {
                ms_writer_put_u8(fixed, (guint8)v->num);
            } else {
                /* a name or a password field: NUL-filled, and always NUL-terminated, as
                 * Samba's push_ascii(STR_TERMINATE) writes it */
                gsize n = v->str ? MIN(v->len, (gsize)item.count - 1) : 0;
                ms_writer_put_bytes(fixed, v->str, n);
                ms_writer_put_zeros(fixed, item.count - n);
            }
            break;
        case 'W':
            ms_writer_put_le16(fixed, (guint16)v->num);
            break;
        case 'D':
            ms_writer_put_le32(fixed, v->num);
            break;
        case 'z':
            if (!strings) {
                ms_writer_put_le32(fixed, 0);
                break;
            }
            /* [MS-RAP] 2.5.2: the client subtracts Converter from the low 16 bits; the
             * packer keeps offset + converter below 0x10000, so the high bits are 0. */
            ms_writer_put_le32(fixed, (guint32)(base + strings->len + converter));
            ms_writer_put_bytes(strings, v->str ? v->str : "", v->str ? v->len : 0);
            ms_writer_put_u8(strings, 0);
            break;
        default:
            break; /* refused by brw_rap_record_size() */
        }
    }
}

guint
brw_rap_records_pack(MsWriter *w, gsize limit, guint16 converter, const char *desc, guint n,
                     BrwRapFillFunc fill, gpointer user_data)
{
    gsize size = brw_rap_record_size(desc);
    if (size == 0 || w->overflow)
        return 0;
    limit = MIN(limit, w->cap - w->len);
    limit = MIN(limit, (gsize)BRW_RAP_DATA_MAX);
    /* every pointer is below `limit`, so this keeps offset + converter within 16 bits */
    limit = MIN(limit, (gsize)0x10000 - converter);

    /* First pass: how many whole records, each with its strings, fit (RAP-049). They are a
     * prefix of the items, so a NetServerEnum3 can resume after the last one. */
    BrwRapValue values[BRW_RAP_FIELDS_MAX];
    gsize fixed_len = 0, strings_len = 0;
    guint count = 0;
    for (; count < n; count++) {
        memset(values, 0, sizeof values);
        fill(count, values, user_data);
        gsize need = size + brw_rap_record_strings_size(desc, values);
        if (fixed_len + strings_len + need > limit)
            break;
        fixed_len += size;
        strings_len += need - size;
    }
    if (count == 0)
        return 0;

    /* Second pass: records from the first byte, then their strings in record order. */
    guint8 *area = ms_writer_reserve(w, fixed_len + strings_len);
    if (!area)
        return 0;
    MsWriter fixed = ms_writer_init(area, fixed_len);
    MsWriter strings = ms_writer_init(area + fixed_len, strings_len);
    for (guint i = 0; i < count; i++) {
        memset(values, 0, sizeof values);
        fill(i, values, user_data);
        brw_rap_record_put(&fixed, &strings, fixed_len, converter, desc, values);
    }
    return count;
}

/* The string a record's pointer designates, bounded by the data's end; NULL when it points
 * outside. A null pointer, and one to offset 0 (where the first record is, never a string),
 * are the empty string, as Samba's client reads them. */
static const char *
follow_pointer(const guint8 *data, gsize len, guint32 ptr, guint16 converter, gsize *out_len)
{
    *out_len = 0;
    if (ptr == 0)
        return "";
    gint64 offset = (gint64)(ptr & 0xFFFF) - converter;
    if (offset == 0)
        return "";
    if (offset < 0 || (guint64)offset >= len)
        return NULL;
    const guint8 *s = data + offset;
    const guint8 *nul = memchr(s, '\0', len - (gsize)offset);
    *out_len = nul ? (gsize)(nul - s) : len - (gsize)offset;
    return (const char *)s;
}

/* Reads one fixed field; a pointer ('z') is left as its 32-bit value in v->num. */
static gboolean
get_field(MsReader *r, const BrwRapDescItem *item, BrwRapValue *v)
{
    guint8 u8;
    guint16 u16;
    const guint8 *field;
    switch (item->letter) {
    case 'B':
        if (item->count == 1) {
            if (!ms_reader_get_u8(r, &u8))
                return FALSE;
            v->num = u8;
            return TRUE;
        }
        if (!ms_reader_get_bytes(r, item->count, &field))
            return FALSE;
        /* a name field: up to its NUL, or all of it */
        const guint8 *nul = memchr(field, '\0', item->count);
        v->str = (const char *)field;
        v->len = nul ? (gsize)(nul - field) : item->count;
        return TRUE;
    case 'W':
        if (!ms_reader_get_le16(r, &u16))
            return FALSE;
        v->num = u16;
        return TRUE;
    case 'D':
    case 'z':
        return ms_reader_get_le32(r, &v->num);
    default:
        return FALSE; /* refused by brw_rap_record_size() */
    }
}

MsStatus
brw_rap_record_get(const guint8 *data, gsize len, gsize index, const char *desc,
                   guint16 converter, BrwRapValue *values)
{
    gsize size = brw_rap_record_size(desc);
    if (size == 0)
        return MS_ERR_INVALID_ARG;
    if (index >= len / size)
        return MS_ERR_TRUNCATED;
    /* the record lies inside the data, so none of the reads below can fail */
    MsReader r = ms_reader_init(data + index * size, size);
    MsStatus st = MS_OK;
    BrwRapDescItem item;
    for (guint i = 0; brw_rap_desc_next(&desc, &item); i++) {
        BrwRapValue *v = &values[i];
        memset(v, 0, sizeof *v);
        if (!get_field(&r, &item, v))
            return MS_ERR_TRUNCATED;
        if (item.letter == 'z') {
            v->str = follow_pointer(data, len, v->num, converter, &v->len);
            if (!v->str)
                st = MS_ERR_BAD_POINTER;
        }
    }
    return st;
}
