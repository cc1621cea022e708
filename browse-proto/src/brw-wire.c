/* Strings and name fields of browser frames ([MS-BRWS] 2.2, brws.md §2). */
#include "brw-wire.h"

#include <string.h>

/* bounded_len() is POSIX, not C11. */
static gsize
bounded_len(const char *s, gsize max)
{
    const char *nul = memchr(s, '\0', max);
    return nul ? (gsize)(nul - s) : max;
}

gboolean
brw_wire_get_string(MsReader *r, char *out, gsize size, gboolean required)
{
    gsize remaining = ms_reader_remaining(r);
    if (remaining == 0 && required)
        return FALSE;
    const guint8 *start = ms_reader_peek(r);
    const guint8 *nul = remaining ? memchr(start, '\0', remaining) : NULL;
    /* BRWS-018: a string without its NUL runs to the end of the frame. */
    gsize len = nul ? (gsize)(nul - start) : remaining;
    gsize keep = MIN(len, size - 1);
    if (keep)
        memcpy(out, start, keep);
    out[keep] = '\0';
    ms_reader_skip(r, nul ? len + 1 : len);
    return TRUE;
}

gboolean
brw_wire_get_name16(MsReader *r, char out[BRW_NAME_SIZE])
{
    const guint8 *field;
    if (!ms_reader_get_bytes(r, BRW_NAME_SIZE, &field))
        return FALSE;
    /* [MS-BRWS] 2.2.1: bytes after the NUL are ignored on receipt. A 16-character name has
     * no NUL; Samba reads 15 of it, and so do we. */
    gsize len = 0;
    while (len < BRW_NAME_SIZE - 1 && field[len] != '\0')
        len++;
    memcpy(out, field, len);
    out[len] = '\0';
    return TRUE;
}

void
brw_wire_put_name16(MsWriter *w, const char *name)
{
    gsize len = bounded_len(name, BRW_NAME_SIZE - 1);
    ms_writer_put_bytes(w, name, len);
    /* [MS-BRWS] 2.2.1: NUL-terminated and NUL-filled, never space-padded like NetBIOS names. */
    ms_writer_put_zeros(w, BRW_NAME_SIZE - len);
}

void
brw_wire_put_string(MsWriter *w, const char *s, gsize len)
{
    ms_writer_put_bytes(w, s, len);
    ms_writer_put_u8(w, 0);
}

gboolean
brw_wire_name_ok(const char *name)
{
    return bounded_len(name, BRW_NAME_SIZE) < BRW_NAME_SIZE;
}

gsize
brw_wire_comment_len(const char *comment)
{
    /* [MS-BRWS] 2.2.1 fn 13: at most 43 bytes with the NUL; longer ones are cut (BRWS-018). */
    return bounded_len(comment, BRW_COMMENT_WIRE_MAX - 1);
}

void
brw_wire_get_extra(MsReader *r, BrwFrame *f)
{
    gsize n = MIN(ms_reader_remaining(r), (gsize)BRW_EXTRA_MAX);
    if (n)
        memcpy(f->extra, ms_reader_peek(r), n);
    f->extra_len = n;
    ms_reader_skip(r, ms_reader_remaining(r));
}

void
brw_wire_put_extra(MsWriter *w, const BrwFrame *f)
{
    ms_writer_put_bytes(w, f->extra, f->extra_len);
}
