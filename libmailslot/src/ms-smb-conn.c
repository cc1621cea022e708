/* One accepted connection: the session layer (ms-session.h) feeding the SMB server
 * machine, its replies framed back onto the same transport. */
#include <libmailslot/ms-smb-server.h>

struct MsSmbConn {
    MsSession *session;
    MsSmbServer *server;
    MsFraming framing;
    GByteArray *out; /* the caller's, during a feed */
    gboolean closed;
    MsSmbLanmanFunc lanman;
    gpointer lanman_data;
};

static void
send_framed(const guint8 *smb, gsize len, gpointer user_data)
{
    MsSmbConn *c = user_data;
    guint8 header[MS_SESSION_HEADER_LEN];
    MsWriter w = ms_writer_init(header, sizeof header);
    /* Replies are at most 64 KiB, which both framings carry. */
    if (ms_session_write_header(&w, c->framing, MS_NBSS_SESSION_MESSAGE, len) != MS_OK)
        return;
    g_byte_array_append(c->out, header, (guint)w.len);
    g_byte_array_append(c->out, smb, (guint)len);
}

/* The server has one user_data, the connection; the caller's goes to its handler. */
static MsStatus
lanman_trampoline(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
                  MsSmbTransOutput *reply, gpointer user_data)
{
    MsSmbConn *c = user_data;
    return c->lanman(params, plen, data, dlen, reply, c->lanman_data);
}

MsSmbConn *
ms_smb_conn_new(const MsSessionConfig *session, const MsSmbServerConfig *smb,
                MsSmbLanmanFunc lanman, gpointer user_data)
{
    MsSmbConn *c = g_new0(MsSmbConn, 1);
    c->lanman = lanman;
    c->lanman_data = user_data;
    c->server = ms_smb_server_new(smb, send_framed, lanman ? lanman_trampoline : NULL, c);
    MsSessionConfig sc = *session;
    if (sc.max_message == 0 && c->server != NULL)
        sc.max_message = ms_smb_server_config(c->server)->max_buffer_size;
    c->session = c->server ? ms_session_new(&sc) : NULL;
    if (c->session == NULL) {
        ms_smb_conn_free(c);
        return NULL;
    }
    c->framing = session->framing;
    return c;
}

void
ms_smb_conn_free(MsSmbConn *c)
{
    if (c == NULL)
        return;
    ms_session_free(c->session);
    ms_smb_server_free(c->server);
    g_free(c);
}

const MsSession *
ms_smb_conn_session(const MsSmbConn *c)
{
    return c->session;
}

const MsSmbServer *
ms_smb_conn_server(const MsSmbConn *c)
{
    return c->server;
}

gboolean
ms_smb_conn_feed(MsSmbConn *c, const guint8 *data, gsize len, gint64 real_us, GByteArray *out)
{
    gsize pos = 0;
    c->out = out;
    while (!c->closed) {
        gsize used;
        MsFrame smb;
        MsSessionResult r = ms_session_feed(c->session, data + pos, len - pos, &used, &smb, out);
        pos += used;
        if (r == MS_SESSION_NEED_MORE)
            break;
        if (r == MS_SESSION_CLOSE ||
            ms_smb_server_input(c->server, smb.payload, smb.len, real_us) == MS_SMB_CLOSE)
            c->closed = TRUE;
    }
    c->out = NULL;
    return !c->closed;
}
