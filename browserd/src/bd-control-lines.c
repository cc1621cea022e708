/* Line framing for control connections (bd-control-lines.h). */
#include "bd-control-lines.h"

#include <string.h>

void
bd_control_lines_init(BdControlLines *l, gsize max_line)
{
    l->buf = g_byte_array_new();
    l->start = 0;
    l->max_line = max_line;
    l->discarding = FALSE;
}

void
bd_control_lines_clear(BdControlLines *l)
{
    if (l->buf != NULL)
        g_byte_array_unref(l->buf);
    l->buf = NULL;
}

static void
drop_all(BdControlLines *l)
{
    g_byte_array_set_size(l->buf, 0);
    l->start = 0;
}

void
bd_control_lines_push(BdControlLines *l, const guint8 *data, gsize len)
{
    /* Taken lines are removed here, once per read rather than once per line. */
    if (l->start > 0) {
        g_byte_array_remove_range(l->buf, 0, (guint)l->start);
        l->start = 0;
    }
    g_byte_array_append(l->buf, data, (guint)len);
}

BdControlLinesResult
bd_control_lines_next(BdControlLines *l, const char **line, gsize *len)
{
    for (;;) {
        gsize avail = l->buf->len - l->start;
        /* An empty GByteArray may have no storage: no pointer arithmetic on NULL. */
        const guint8 *begin = avail > 0 ? l->buf->data + l->start : NULL;
        const guint8 *nl = avail > 0 ? memchr(begin, '\n', avail) : NULL;
        if (nl == NULL) {
            if (l->discarding) {
                drop_all(l);
                return BD_CONTROL_LINES_NONE;
            }
            if (avail > l->max_line + 1) { /* + 1: room for the '\r' of a CRLF */
                /* Said now rather than at its newline, which may never come. */
                drop_all(l);
                l->discarding = TRUE;
                return BD_CONTROL_LINES_TOO_LONG;
            }
            return BD_CONTROL_LINES_NONE;
        }
        gsize n = (gsize)(nl - begin);
        l->start += n + 1;
        if (l->discarding) {
            l->discarding = FALSE; /* the end of a line already reported */
            continue;
        }
        if (n > 0 && begin[n - 1] == '\r')
            n--; /* people type into socat and nc, which may send CRLF */
        if (n > l->max_line)
            return BD_CONTROL_LINES_TOO_LONG;
        *line = (const char *)begin;
        *len = n;
        return BD_CONTROL_LINES_LINE;
    }
}

gsize
bd_control_lines_pending(const BdControlLines *l)
{
    return l->buf->len - l->start;
}
