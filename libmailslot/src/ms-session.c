/* Session establishment (RFC 1002 §4.3.2-§4.3.4, §5.2.2) and the server end of a
 * connection: rap.md §1. */
#include <libmailslot/ms-session.h>

struct MsSession {
    MsFraming framing;
    MsName ours;
    MsName smbserver;
    MsFramer *framer;
    gboolean established;
    gboolean closed;
    MsSessionCounters counters;
};

MsStatus
ms_nbss_session_request_parse(const guint8 *payload, gsize len, MsName *called, MsName *calling)
{
    gsize pos = 0;
    /* Session packets never compress names (RFC 1002 §4.1 allows pointers only in the
     * name service). */
    MsStatus st = ms_name_read(payload, len, &pos, FALSE, called, NULL);
    if (st != MS_OK)
        return st;
    st = ms_name_read(payload, len, &pos, FALSE, calling, NULL);
    if (st != MS_OK)
        return st;
    return pos == len ? MS_OK : MS_ERR_BAD_LENGTH;
}

MsStatus
ms_nbss_session_request_build(MsWriter *w, const MsName *called, const MsName *calling)
{
    gsize len = ms_name_encoded_len(called) + ms_name_encoded_len(calling);
    MsStatus st = ms_session_write_header(w, MS_FRAMING_NBSS, MS_NBSS_SESSION_REQUEST, len);
    if (st != MS_OK)
        return st;
    ms_name_write(w, called);
    ms_name_write(w, calling);
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

void
ms_nbss_positive_response_build(MsWriter *w)
{
    ms_session_write_header(w, MS_FRAMING_NBSS, MS_NBSS_POSITIVE_RESPONSE, 0);
}

void
ms_nbss_negative_response_build(MsWriter *w, guint8 code)
{
    ms_session_write_header(w, MS_FRAMING_NBSS, MS_NBSS_NEGATIVE_RESPONSE, 1);
    ms_writer_put_u8(w, code);
}

void
ms_nbss_keep_alive_build(MsWriter *w)
{
    ms_session_write_header(w, MS_FRAMING_NBSS, MS_NBSS_KEEP_ALIVE, 0);
}

MsStatus
ms_nbss_session_response_parse(const MsFrame *frame, guint8 *code)
{
    if (frame->type == MS_NBSS_POSITIVE_RESPONSE && frame->len == 0)
        return MS_OK;
    if (frame->type == MS_NBSS_NEGATIVE_RESPONSE && frame->len == 1) {
        *code = frame->payload[0];
        return MS_ERR_UNSUPPORTED;
    }
    return MS_ERR_BAD_HEADER;
}

MsSession *
ms_session_new(const MsSessionConfig *cfg)
{
    MsName ours, smbserver;
    if (ms_name_init(&ours, cfg->name, MS_SUFFIX_SERVER, cfg->scope) != MS_OK ||
        ms_name_init(&smbserver, MS_NBSS_SMBSERVER, MS_SUFFIX_SERVER, cfg->scope) != MS_OK) {
        g_debug("session: invalid name or scope");
        return NULL;
    }
    MsSession *s = g_new0(MsSession, 1);
    s->framing = cfg->framing;
    s->ours = ours;
    s->smbserver = smbserver;
    s->framer = ms_framer_new(cfg->framing, cfg->max_message);
    /* Direct TCP has no session request: SMB flows at once ([MS-SMB] §2.1). */
    s->established = cfg->framing == MS_FRAMING_DIRECT;
    return s;
}

void
ms_session_free(MsSession *s)
{
    if (s == NULL)
        return;
    ms_framer_free(s->framer);
    g_free(s);
}

gboolean
ms_session_established(const MsSession *s)
{
    return s->established;
}

const MsSessionCounters *
ms_session_counters(const MsSession *s)
{
    return &s->counters;
}

static void
append(GByteArray *out, const MsWriter *w)
{
    g_byte_array_append(out, w->data, (guint)w->len);
}

static MsSessionResult
refuse(MsSession *s, GByteArray *out, guint8 code)
{
    guint8 buf[8];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    ms_nbss_negative_response_build(&w, code);
    append(out, &w);
    /* RFC 1002 §5.2.2: after a negative response the server closes the connection. */
    s->closed = TRUE;
    return MS_SESSION_CLOSE;
}

/* RAP-001..003: answer a session request. The called name must be ours or *SMBSERVER,
 * both with the server suffix <20>; Samba accepts any name, but a browser that answered
 * for every name would claim to be every host a confused client asks for. */
static MsSessionResult
handle_request(MsSession *s, const MsFrame *frame, GByteArray *out)
{
    MsName called, calling;
    if (ms_nbss_session_request_parse(frame->payload, frame->len, &called, &calling) != MS_OK) {
        s->counters.malformed++;
        return refuse(s, out, MS_NBSS_ERR_UNSPECIFIED);
    }
    if (!ms_name_equal(&called, &s->ours) && !ms_name_equal(&called, &s->smbserver)) {
        s->counters.refused_name++;
        return refuse(s, out, MS_NBSS_ERR_CALLED_NOT_PRESENT);
    }
    guint8 buf[4];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    ms_nbss_positive_response_build(&w);
    append(out, &w);
    s->established = TRUE;
    s->counters.accepted++;
    return MS_SESSION_NEED_MORE;
}

static MsSessionResult
close_for(MsSession *s, guint64 *counter)
{
    (*counter)++;
    s->closed = TRUE;
    return MS_SESSION_CLOSE;
}

MsSessionResult
ms_session_feed(MsSession *s, const guint8 *data, gsize len, gsize *consumed, MsFrame *smb,
                GByteArray *out)
{
    *consumed = 0;
    while (!s->closed) {
        gsize used;
        MsFrame frame;
        MsFramerResult r = ms_framer_feed(s->framer, data + *consumed, len - *consumed, &used,
                                          &frame);
        *consumed += used;
        if (r == MS_FRAMER_NEED_MORE)
            return MS_SESSION_NEED_MORE;
        if (r == MS_FRAMER_ERROR)
            return close_for(s, ms_framer_error(s->framer) == MS_FRAMER_TOO_LARGE
                                    ? &s->counters.too_large
                                    : &s->counters.bad_frame);
        switch (frame.type) {
        case MS_NBSS_SESSION_MESSAGE:
            /* RFC 1002 §5.2.2: the first packet must be a session request; Samba tolerates
             * SMB without one, but nothing legitimate needs that. */
            if (!s->established)
                return close_for(s, &s->counters.not_requested);
            s->counters.messages++;
            *smb = frame;
            return MS_SESSION_SMB;
        case MS_NBSS_KEEP_ALIVE:
            s->counters.keep_alives++;
            break;
        case MS_NBSS_SESSION_REQUEST: {
            if (s->established)
                return close_for(s, &s->counters.second_request);
            MsSessionResult res = handle_request(s, &frame, out);
            if (res != MS_SESSION_NEED_MORE)
                return res;
            break;
        }
        default:
            return close_for(s, &s->counters.unexpected_type);
        }
    }
    return MS_SESSION_CLOSE;
}
