/* Splitting a control connection's byte stream into request lines, with a cap on their
 * length. Pure: the server feeds what it reads and takes lines out; the fuzz target and the
 * unit tests do the same without a socket. */
#pragma once

#include <glib.h>

typedef struct {
    GByteArray *buf; /* bytes not yet taken, from `start` on */
    gsize start;
    gsize max_line;      /* longest line accepted, newline and a final '\r' excluded */
    gboolean discarding; /* inside a line already reported too long */
} BdControlLines;

typedef enum {
    BD_CONTROL_LINES_NONE = 0, /* no complete line is buffered */
    BD_CONTROL_LINES_LINE,     /* *line, *len: one line, without "\n" or "\r\n" */
    BD_CONTROL_LINES_TOO_LONG, /* a line longer than max_line: reported once, and its
                                * bytes are dropped as they arrive, up to its newline */
} BdControlLinesResult;

void bd_control_lines_init(BdControlLines *l, gsize max_line);
void bd_control_lines_clear(BdControlLines *l);

/* Appends what was read. The buffer holds at most max_line bytes plus what one push adds,
 * as long as the caller takes every line out before pushing more. */
void bd_control_lines_push(BdControlLines *l, const guint8 *data, gsize len);

/* The next line. *line points into the buffer and stays valid until the next call. */
BdControlLinesResult bd_control_lines_next(BdControlLines *l, const char **line, gsize *len);

/* Bytes held (for tests and caps). */
gsize bd_control_lines_pending(const BdControlLines *l);
