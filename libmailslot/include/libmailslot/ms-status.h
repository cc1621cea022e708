/* Result codes of every libmailslot decoder and encoder.
 *
 * Decoders never allocate for bad input and never read past the buffer they are given;
 * they report what was wrong through one of these values so that the caller can count
 * the drop by reason ([DESIGN] "bad input is data"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    MS_OK = 0,
    MS_ERR_TRUNCATED,      /* the buffer ends before a field the format requires */
    MS_ERR_BAD_LABEL,      /* a name label is not 32 'A'..'P' characters, or a scope label is empty */
    MS_ERR_BAD_POINTER,    /* a label pointer points outside the message or forward */
    MS_ERR_POINTER_LOOP,   /* label pointers followed too many times */
    MS_ERR_NAME_TOO_LONG,  /* an encoded name (with scope) exceeds 255 bytes */
    MS_ERR_BAD_HEADER,     /* counts, opcode, type or magic that the format does not allow */
    MS_ERR_BAD_LENGTH,     /* a length field disagrees with the data it describes */
    MS_ERR_UNSUPPORTED,    /* well formed, but not something a B-node handles */
    MS_ERR_NO_SPACE,       /* an encoder's output buffer is too small */
    MS_ERR_INVALID_ARG,    /* an encoder was given a value the wire format cannot carry */
    MS_STATUS_COUNT
} MsStatus;

/* A stable lower-case token for logs, counters and tests ("truncated", ...). */
const char *ms_status_to_string(MsStatus status);

G_END_DECLS
