/* NetBIOS name encoding: RFC 1001 §14 (first level), RFC 1002 §4.1 (labels, pointers). */
#include <libmailslot/ms-name.h>

#include <string.h>

#define ENCODED_NAME_LABEL_LEN 32
#define POINTER_TAG 0xC0

static gboolean
scope_byte_is_valid(guint8 c)
{
    return c > 0x20 && c < 0x7F && c != '.';
}

gboolean
ms_scope_is_valid(const char *scope)
{
    if (scope == NULL || scope[0] == '\0')
        return TRUE;
    gsize total = strlen(scope);
    if (total > MS_SCOPE_MAX)
        return FALSE;
    gsize label = 0;
    for (gsize i = 0; i <= total; i++) {
        if (scope[i] == '.' || scope[i] == '\0') {
            if (label == 0 || label > MS_SCOPE_LABEL_MAX)
                return FALSE;
            label = 0;
        } else if (!scope_byte_is_valid((guint8)scope[i])) {
            return FALSE;
        } else {
            label++;
        }
    }
    return TRUE;
}

static void
set_scope(MsName *name, const char *scope)
{
    g_strlcpy(name->scope, scope ? scope : "", sizeof name->scope);
}

MsStatus
ms_name_init(MsName *name, const char *text, guint8 suffix, const char *scope)
{
    g_return_val_if_fail(name != NULL && text != NULL, MS_ERR_INVALID_ARG);
    gsize len = strlen(text);
    if (len == 0 || len > MS_NAME_LEN - 1 || !ms_scope_is_valid(scope))
        return MS_ERR_INVALID_ARG;
    for (gsize i = 0; i < len; i++) {
        guint8 c = (guint8)text[i];
        if (c < 0x20 || c == 0x7F || c == '.')
            return MS_ERR_INVALID_ARG;
    }
    /* RFC 1002 §4.1: the wildcard "*" is padded with NULs, every other name with spaces. */
    gboolean wildcard = (len == 1 && text[0] == '*');
    memset(name->bytes, wildcard ? 0x00 : ' ', MS_NAME_LEN - 1);
    for (gsize i = 0; i < len; i++)
        name->bytes[i] = (guint8)g_ascii_toupper(text[i]);
    name->bytes[MS_NAME_LEN - 1] = suffix;
    set_scope(name, scope);
    return MS_OK;
}

void
ms_name_init_msbrowse(MsName *name, const char *scope)
{
    static const guint8 msbrowse[MS_NAME_LEN] = {0x01, 0x02, '_', '_', 'M', 'S', 'B', 'R',
                                                 'O',  'W',  'S', 'E', '_', '_', 0x02, 0x01};
    g_return_if_fail(name != NULL && ms_scope_is_valid(scope));
    memcpy(name->bytes, msbrowse, MS_NAME_LEN);
    set_scope(name, scope);
}

gboolean
ms_name_scope_equal(const MsName *name, const char *scope)
{
    return g_ascii_strcasecmp(name->scope, scope ? scope : "") == 0;
}

gboolean
ms_name_equal(const MsName *a, const MsName *b)
{
    for (gsize i = 0; i < MS_NAME_LEN; i++) {
        if (g_ascii_toupper(a->bytes[i]) != g_ascii_toupper(b->bytes[i]))
            return FALSE;
    }
    return ms_name_scope_equal(a, b->scope);
}

gsize
ms_name_base(const MsName *name, char out[MS_NAME_LEN])
{
    gsize len = MS_NAME_LEN - 1;
    while (len > 0 && (name->bytes[len - 1] == ' ' || name->bytes[len - 1] == '\0'))
        len--;
    memcpy(out, name->bytes, len);
    out[len] = '\0';
    return len;
}

char *
ms_name_to_string(const MsName *name, char *out, gsize out_size)
{
    GString *s = g_string_sized_new(MS_NAME_STRING_MAX);
    char base[MS_NAME_LEN];
    gsize len = ms_name_base(name, base);
    for (gsize i = 0; i < len; i++) {
        guint8 c = (guint8)base[i];
        if (c >= 0x20 && c < 0x7F)
            g_string_append_c(s, (char)c);
        else
            g_string_append_printf(s, "<%02x>", c);
    }
    g_string_append_printf(s, "<%02x>", ms_name_suffix(name));
    if (name->scope[0])
        g_string_append_printf(s, ".%s", name->scope);
    g_strlcpy(out, s->str, out_size);
    g_string_free(s, TRUE);
    return out;
}

void
ms_name_first_level_encode(const guint8 raw[MS_NAME_LEN], char out[2 * MS_NAME_LEN])
{
    for (gsize i = 0; i < MS_NAME_LEN; i++) {
        out[2 * i] = (char)('A' + (raw[i] >> 4));
        out[2 * i + 1] = (char)('A' + (raw[i] & 0x0F));
    }
}

gboolean
ms_name_first_level_decode(const char in[2 * MS_NAME_LEN], guint8 raw[MS_NAME_LEN])
{
    for (gsize i = 0; i < MS_NAME_LEN; i++) {
        guint8 hi = (guint8)(in[2 * i] - 'A');
        guint8 lo = (guint8)(in[2 * i + 1] - 'A');
        if (hi > 0x0F || lo > 0x0F)
            return FALSE;
        raw[i] = (guint8)((hi << 4) | lo);
    }
    return TRUE;
}

gsize
ms_name_encoded_len(const MsName *name)
{
    /* length byte + 32 letters + terminating zero, plus one length byte per scope label,
     * which is the dotted length + 1 */
    gsize scope_len = strlen(name->scope);
    return 1 + ENCODED_NAME_LABEL_LEN + (scope_len ? scope_len + 1 : 0) + 1;
}

void
ms_name_write(MsWriter *w, const MsName *name)
{
    char letters[ENCODED_NAME_LABEL_LEN];
    ms_name_first_level_encode(name->bytes, letters);
    ms_writer_put_u8(w, ENCODED_NAME_LABEL_LEN);
    ms_writer_put_bytes(w, letters, sizeof letters);
    const char *label = name->scope;
    while (*label) {
        const char *dot = strchr(label, '.');
        gsize len = dot ? (gsize)(dot - label) : strlen(label);
        ms_writer_put_u8(w, (guint8)len);
        ms_writer_put_bytes(w, label, len);
        label += len + (dot ? 1 : 0);
    }
    ms_writer_put_u8(w, 0);
}

/* Follows a label pointer if there is one at *at. A pointer must point strictly backwards
 * (so chains terminate) and inside the message; RFC 1002 §4.1 lets a pointer replace any
 * suffix of a name. */
static MsStatus
follow_pointers(const guint8 *msg, gsize msg_len, gsize *at, gboolean allow_pointers,
                guint *hops)
{
    while ((msg[*at] & POINTER_TAG) == POINTER_TAG) {
        if (!allow_pointers)
            return MS_ERR_BAD_LABEL;
        if (*at + 2 > msg_len)
            return MS_ERR_TRUNCATED;
        if (++*hops > MS_NAME_MAX_POINTER_HOPS)
            return MS_ERR_POINTER_LOOP;
        gsize target = ((gsize)(msg[*at] & 0x3F) << 8) | msg[*at + 1];
        if (target >= *at)
            return MS_ERR_BAD_POINTER;
        *at = target;
    }
    /* 0x40 and 0x80 are reserved label types */
    if (msg[*at] & POINTER_TAG)
        return MS_ERR_BAD_LABEL;
    return MS_OK;
}

MsStatus
ms_name_read(const guint8 *msg, gsize msg_len, gsize *pos, gboolean allow_pointers,
             MsName *out, gboolean *was_pointer)
{
    gsize at = *pos;
    gsize end_in_stream = 0; /* where the name ends in the original byte stream */
    guint hops = 0;
    gsize encoded_len = 0;
    gsize scope_len = 0;
    MsStatus st;

    if (at >= msg_len)
        return MS_ERR_TRUNCATED;
    if (was_pointer)
        *was_pointer = (msg[at] & POINTER_TAG) == POINTER_TAG;

    /* The first label: exactly 32 letters 'A'..'P'. */
    gsize start = at;
    if ((st = follow_pointers(msg, msg_len, &at, allow_pointers, &hops)) != MS_OK)
        return st;
    if (at != start)
        end_in_stream = start + 2;
    if (msg[at] != ENCODED_NAME_LABEL_LEN)
        return MS_ERR_BAD_LABEL;
    if (at + 1 + ENCODED_NAME_LABEL_LEN > msg_len)
        return MS_ERR_TRUNCATED;
    MsName name;
    if (!ms_name_first_level_decode((const char *)msg + at + 1, name.bytes))
        return MS_ERR_BAD_LABEL;
    at += 1 + ENCODED_NAME_LABEL_LEN;
    encoded_len = 1 + ENCODED_NAME_LABEL_LEN;

    /* Scope labels until the zero length byte. */
    for (;;) {
        if (at >= msg_len)
            return MS_ERR_TRUNCATED;
        gsize before = at;
        if ((st = follow_pointers(msg, msg_len, &at, allow_pointers, &hops)) != MS_OK)
            return st;
        if (at != before && end_in_stream == 0)
            end_in_stream = before + 2;
        guint8 len = msg[at];
        if (len == 0) {
            encoded_len += 1;
            at += 1;
            break;
        }
        if (len > MS_SCOPE_LABEL_MAX)
            return MS_ERR_BAD_LABEL;
        if (at + 1 + len > msg_len)
            return MS_ERR_TRUNCATED;
        encoded_len += 1u + len;
        if (encoded_len + 1 > MS_NAME_ENCODED_MAX)
            return MS_ERR_NAME_TOO_LONG;
        if (scope_len)
            name.scope[scope_len++] = '.';
        for (guint i = 0; i < len; i++) {
            guint8 c = msg[at + 1 + i];
            if (!scope_byte_is_valid(c))
                return MS_ERR_BAD_LABEL;
            name.scope[scope_len++] = (char)c;
        }
        at += 1u + len;
    }
    name.scope[scope_len] = '\0';

    *out = name;
    *pos = end_in_stream ? end_in_stream : at;
    return MS_OK;
}
