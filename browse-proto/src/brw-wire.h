/* Field helpers shared by the BROWSE and LANMAN codecs: strings, name fields, the bytes after
 * the last field, and the checks the encoders make before writing anything. Private. */
#pragma once

#include <browse-proto/brw-frame.h>

/* Reads a NUL-terminated string (BRWS-018: up to the NUL or the end of the frame), consuming
 * the NUL when there is one. Copies at most size - 1 bytes into out and NUL-terminates it;
 * longer strings are cut. With `required`, a string needs at least one byte (a character or
 * its NUL): returns FALSE, consuming nothing, when the frame has ended. */
gboolean brw_wire_get_string(MsReader *r, char *out, gsize size, gboolean required);

/* Reads a fixed 16-byte, NUL-filled name field ([MS-BRWS] 2.2.1 ServerName): the name is
 * what precedes the first NUL, cut to 15 characters; the bytes after it are ignored.
 * FALSE, consuming nothing, when fewer than 16 bytes remain. */
gboolean brw_wire_get_name16(MsReader *r, char out[BRW_NAME_SIZE]);

/* Writes `name` (already checked by brw_wire_name_ok()) NUL-filled to 16 bytes. */
void brw_wire_put_name16(MsWriter *w, const char *name);

/* Writes the first `len` bytes of `s` and a NUL. */
void brw_wire_put_string(MsWriter *w, const char *s, gsize len);

/* TRUE if `name` has its NUL within BRW_NAME_SIZE bytes. */
gboolean brw_wire_name_ok(const char *name);

/* Length of a comment as sent: up to its NUL, at most BRW_COMMENT_WIRE_MAX - 1. */
gsize brw_wire_comment_len(const char *comment);

/* Keeps whatever the reader has left (up to BRW_EXTRA_MAX bytes) in f->extra. */
void brw_wire_get_extra(MsReader *r, BrwFrame *f);

/* Appends f->extra. */
void brw_wire_put_extra(MsWriter *w, const BrwFrame *f);

/* The writer's verdict once a frame is written: MS_OK or MS_ERR_NO_SPACE. */
static inline MsStatus
brw_wire_status(const MsWriter *w)
{
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}
