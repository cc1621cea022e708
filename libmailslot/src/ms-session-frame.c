/* Framing of the session byte stream: RFC 1002 §4.3.1 (TCP 139) and [MS-SMB] §2.1 (TCP 445). */
#include <libmailslot/ms-session.h>

#include <string.h>

struct MsFramer {
    MsFraming framing;
    gsize max_message;
    MsFramerError error;
    guint8 header[MS_SESSION_HEADER_LEN];
    gsize header_have;
    guint8 type;
    gsize body_len;  /* of the frame under way, once its header is complete */
    gsize body_have;
    guint8 *body;    /* holds a frame that straddles calls; body_cap bytes */
    gsize body_cap;
};

MsFramer *
ms_framer_new(MsFraming framing, gsize max_message)
{
    MsFramer *f = g_new0(MsFramer, 1);
    f->framing = framing;
    gsize limit = framing == MS_FRAMING_NBSS ? MS_NBSS_MAX_LENGTH : MS_DIRECT_MAX_LENGTH;
    f->max_message = MIN(max_message, limit);
    return f;
}

void
ms_framer_free(MsFramer *f)
{
    if (f == NULL)
        return;
    g_free(f->body);
    g_free(f);
}

MsFramerError
ms_framer_error(const MsFramer *f)
{
    return f->error;
}

const char *
ms_framer_error_to_string(MsFramerError error)
{
    switch (error) {
    case MS_FRAMER_OK:
        return "ok";
    case MS_FRAMER_TOO_LARGE:
        return "too-large";
    case MS_FRAMER_BAD_TYPE:
        return "bad-type";
    case MS_FRAMER_BAD_LENGTH:
        return "bad-length";
    }
    return "unknown";
}

/* The longest body each type may have. Fixed-size packets must have exactly their size
 * (RFC 1002 §4.3.3-§4.3.7): checking here keeps a "keep-alive" from buffering 128 KiB. */
static MsFramerError
check_length(const MsFramer *f, guint8 type, gsize len)
{
    switch (type) {
    case MS_NBSS_SESSION_MESSAGE:
        return len <= f->max_message ? MS_FRAMER_OK : MS_FRAMER_TOO_LARGE;
    case MS_NBSS_SESSION_REQUEST:
        return len <= MS_NBSS_REQUEST_MAX_LENGTH ? MS_FRAMER_OK : MS_FRAMER_BAD_LENGTH;
    case MS_NBSS_POSITIVE_RESPONSE:
    case MS_NBSS_KEEP_ALIVE:
        return len == 0 ? MS_FRAMER_OK : MS_FRAMER_BAD_LENGTH;
    case MS_NBSS_NEGATIVE_RESPONSE:
        return len == 1 ? MS_FRAMER_OK : MS_FRAMER_BAD_LENGTH;
    case MS_NBSS_RETARGET_RESPONSE:
        return len == 6 ? MS_FRAMER_OK : MS_FRAMER_BAD_LENGTH;
    default:
        return MS_FRAMER_BAD_TYPE;
    }
}

/* Decodes the complete 4-byte header into type and body length. */
static MsFramerError
decode_header(MsFramer *f)
{
    const guint8 *h = f->header;
    gsize len;
    if (f->framing == MS_FRAMING_DIRECT) {
        /* [MS-SMB] §2.1: the first byte MUST be zero, then a 24-bit big-endian length. */
        if (h[0] != 0)
            return MS_FRAMER_BAD_TYPE;
        len = ((gsize)h[1] << 16) | ((gsize)h[2] << 8) | h[3];
    } else {
        /* RFC 1002 §4.3.1: the other FLAGS bits are reserved; they are ignored here, as
         * Samba ignores them, since they carry no meaning. */
        len = ((gsize)(h[1] & MS_NBSS_FLAG_E) << 16) | ((gsize)h[2] << 8) | h[3];
    }
    f->type = h[0];
    f->body_len = len;
    f->body_have = 0;
    return check_length(f, f->type, len);
}

static MsFramerResult
fail(MsFramer *f, MsFramerError error)
{
    f->error = error;
    return MS_FRAMER_ERROR;
}

MsFramerResult
ms_framer_feed(MsFramer *f, const guint8 *data, gsize len, gsize *consumed, MsFrame *frame)
{
    gsize pos = 0;
    *consumed = 0;
    if (f->error != MS_FRAMER_OK)
        return MS_FRAMER_ERROR;

    if (f->header_have < MS_SESSION_HEADER_LEN) {
        gsize take = MIN(MS_SESSION_HEADER_LEN - f->header_have, len);
        memcpy(f->header + f->header_have, data, take);
        f->header_have += take;
        pos += take;
        *consumed = pos;
        if (f->header_have < MS_SESSION_HEADER_LEN)
            return MS_FRAMER_NEED_MORE;
        MsFramerError e = decode_header(f);
        if (e != MS_FRAMER_OK)
            return fail(f, e);
        /* The common case, a frame wholly inside this call: no copy. */
        if (len - pos >= f->body_len) {
            frame->type = f->type;
            frame->payload = data + pos;
            frame->len = f->body_len;
            *consumed = pos + f->body_len;
            f->header_have = 0;
            return MS_FRAMER_FRAME;
        }
        if (f->body_cap < f->body_len) {
            g_free(f->body);
            f->body = g_malloc(f->body_len);
            f->body_cap = f->body_len;
        }
    }

    gsize take = MIN(f->body_len - f->body_have, len - pos);
    if (take > 0)
        memcpy(f->body + f->body_have, data + pos, take);
    f->body_have += take;
    pos += take;
    *consumed = pos;
    if (f->body_have < f->body_len)
        return MS_FRAMER_NEED_MORE;
    frame->type = f->type;
    frame->payload = f->body;
    frame->len = f->body_len;
    f->header_have = 0;
    return MS_FRAMER_FRAME;
}

MsStatus
ms_session_write_header(MsWriter *w, MsFraming framing, guint8 type, gsize len)
{
    if (framing == MS_FRAMING_DIRECT) {
        if (type != MS_NBSS_SESSION_MESSAGE || len > MS_DIRECT_MAX_LENGTH)
            return MS_ERR_INVALID_ARG;
        ms_writer_put_u8(w, 0);
        ms_writer_put_u8(w, (guint8)(len >> 16));
        ms_writer_put_be16(w, (guint16)len);
    } else {
        if (len > MS_NBSS_MAX_LENGTH)
            return MS_ERR_INVALID_ARG;
        ms_writer_put_u8(w, type);
        ms_writer_put_u8(w, (guint8)((len >> 16) & MS_NBSS_FLAG_E));
        ms_writer_put_be16(w, (guint16)len);
    }
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}
