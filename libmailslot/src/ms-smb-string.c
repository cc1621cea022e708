/* SMB strings: [MS-CIFS] §2.2.1.1 (OEM or UTF-16LE, NUL-terminated, Unicode aligned to an
 * even offset from the header). */
#include <libmailslot/ms-smb.h>

MsStatus
ms_smb_string_read(MsReader *r, gboolean unicode, gboolean align, MsSmbString *out)
{
    MsReader t = *r;
    if (unicode && align && (t.pos & 1) && !ms_reader_skip(&t, 1))
        return MS_ERR_TRUNCATED;
    gsize start = t.pos;
    gsize unit = unicode ? 2 : 1;
    for (;;) {
        const guint8 *c;
        if (!ms_reader_get_bytes(&t, unit, &c))
            return MS_ERR_TRUNCATED;
        if (c[0] == 0 && (!unicode || c[1] == 0))
            break;
    }
    out->data = t.data + start;
    out->len = t.pos - start - unit;
    out->unicode = unicode;
    *r = t;
    return MS_OK;
}

/* Iterates the code points of a string; invalid sequences come out as '?'. */
typedef struct {
    const MsSmbString *s;
    gsize pos;
} CharIter;

static gboolean
next_char(CharIter *it, gunichar *out)
{
    const MsSmbString *s = it->s;
    if (it->pos >= s->len)
        return FALSE;
    if (!s->unicode) {
        const gchar *p = (const gchar *)s->data + it->pos;
        gunichar c = g_utf8_get_char_validated(p, (gssize)(s->len - it->pos));
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            it->pos++;
            *out = '?';
        } else {
            /* validated UTF-8 has no overlong forms: re-encoding gives its length */
            it->pos += (gsize)g_unichar_to_utf8(c, NULL);
            *out = c;
        }
        return TRUE;
    }
    if (s->len - it->pos < 2) {
        it->pos = s->len;
        *out = '?';
        return TRUE;
    }
    gunichar u = s->data[it->pos] | ((gunichar)s->data[it->pos + 1] << 8);
    it->pos += 2;
    if (u >= 0xD800 && u <= 0xDBFF && s->len - it->pos >= 2) {
        gunichar lo = s->data[it->pos] | ((gunichar)s->data[it->pos + 1] << 8);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            it->pos += 2;
            *out = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            return TRUE;
        }
    }
    *out = (u >= 0xD800 && u <= 0xDFFF) ? '?' : u;
    return TRUE;
}

static void
put_utf16(MsWriter *w, gunichar c)
{
    if (c >= 0x10000) {
        c -= 0x10000;
        ms_writer_put_le16(w, (guint16)(0xD800 + (c >> 10)));
        ms_writer_put_le16(w, (guint16)(0xDC00 + (c & 0x3FF)));
    } else {
        ms_writer_put_le16(w, (guint16)c);
    }
}

void
ms_smb_string_write(MsWriter *w, gsize base, const MsSmbString *s, gboolean unicode,
                    gboolean align)
{
    if (unicode && align && ((w->len - base) & 1))
        ms_writer_put_u8(w, 0);
    CharIter it = {s, 0};
    gunichar c;
    if (!unicode) {
        if (!s->unicode) {
            ms_writer_put_bytes(w, s->data, s->len);
        } else {
            while (next_char(&it, &c)) {
                gchar buf[6];
                ms_writer_put_bytes(w, buf, (gsize)g_unichar_to_utf8(c, buf));
            }
        }
        ms_writer_put_u8(w, 0);
        return;
    }
    while (next_char(&it, &c))
        put_utf16(w, c);
    ms_writer_put_le16(w, 0);
}

gboolean
ms_smb_string_equal(const MsSmbString *s, const char *ascii)
{
    CharIter it = {s, 0};
    gunichar c;
    for (const char *p = ascii; *p; p++) {
        if (!next_char(&it, &c) || c > 0x7F ||
            g_ascii_tolower((gchar)c) != g_ascii_tolower(*p))
            return FALSE;
    }
    return !next_char(&it, &c);
}

gsize
ms_smb_string_to_utf8(const MsSmbString *s, char *out, gsize out_size)
{
    gsize n = 0;
    if (out_size == 0)
        return 0;
    if (s->data != NULL) {
        CharIter it = {s, 0};
        gunichar c;
        while (next_char(&it, &c)) {
            if (!s->unicode && c > 0x7F)
                c = '?'; /* OEM code page unknown: never guess */
            gchar buf[6];
            gsize k = (gsize)g_unichar_to_utf8(c, buf);
            if (n + k + 1 > out_size)
                break;
            memcpy(out + n, buf, k);
            n += k;
        }
    }
    out[n] = '\0';
    return n;
}
