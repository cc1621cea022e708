/* The SMB1 server machine: life cycle, message validation, dispatch, AndX chains
 * ([MS-CIFS] §3.3.5.1-§3.3.5.2), the session and tree tables, and the small commands. */
#include "ms-smb-server-private.h"

#include <string.h>

void
ms_smb_server_config_init(MsSmbServerConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->native_os = "Unix";
    cfg->native_lanman = "browserd";
    cfg->max_buffer_size = MS_SMB_DEFAULT_MAX_BUFFER;
    cfg->max_mpx_count = 50;
    cfg->max_trans_bytes = MS_SMB_DEFAULT_MAX_BUFFER;
    cfg->max_reply_bytes = G_MAXUINT16;
    cfg->max_sessions = 4;
    cfg->max_trees = 8;
    cfg->max_echo_replies = 1;
    cfg->first_uid = 100;
    cfg->first_tid = 1;
}

static gboolean
string_ok(const char *s)
{
    return s != NULL && strlen(s) <= MS_SMB_MAX_CONFIG_STRING;
}

MsSmbServer *
ms_smb_server_new(const MsSmbServerConfig *cfg, MsSmbSendFunc send, MsSmbLanmanFunc lanman,
                  gpointer user_data)
{
    MsSmbServerConfig c = *cfg;
    MsSmbServerConfig d;
    ms_smb_server_config_init(&d);
    c.native_os = c.native_os ? c.native_os : d.native_os;
    c.native_lanman = c.native_lanman ? c.native_lanman : d.native_lanman;
    c.max_buffer_size = c.max_buffer_size ? c.max_buffer_size : d.max_buffer_size;
    c.max_mpx_count = c.max_mpx_count ? c.max_mpx_count : d.max_mpx_count;
    c.max_trans_bytes = c.max_trans_bytes ? c.max_trans_bytes : c.max_buffer_size;
    c.max_reply_bytes = MIN(c.max_reply_bytes ? c.max_reply_bytes : d.max_reply_bytes,
                            G_MAXUINT16);
    c.max_sessions = c.max_sessions ? c.max_sessions : d.max_sessions;
    c.max_trees = c.max_trees ? c.max_trees : d.max_trees;
    c.max_echo_replies = c.max_echo_replies ? c.max_echo_replies : d.max_echo_replies;
    c.first_uid = c.first_uid ? c.first_uid : d.first_uid;
    c.first_tid = c.first_tid ? c.first_tid : d.first_tid;
    /* Samba's client refuses a MaxBufferSize under 1024 (rap.md §2.6). */
    if (!string_ok(c.server_name) || !string_ok(c.workgroup) || !string_ok(c.native_os) ||
        !string_ok(c.native_lanman) || c.max_buffer_size < 1024 || send == NULL) {
        g_debug("smb: invalid server configuration");
        return NULL;
    }
    MsSmbServer *s = g_new0(MsSmbServer, 1);
    s->server_name = g_strdup(c.server_name);
    s->workgroup = g_strdup(c.workgroup);
    s->native_os = g_strdup(c.native_os);
    s->native_lanman = g_strdup(c.native_lanman);
    c.server_name = s->server_name;
    c.workgroup = s->workgroup;
    c.native_os = s->native_os;
    c.native_lanman = s->native_lanman;
    s->cfg = c;
    s->send = send;
    s->lanman = lanman;
    s->user_data = user_data;
    s->sessions = g_new0(Session, c.max_sessions);
    s->trees = g_new0(Tree, c.max_trees);
    s->next_uid = c.first_uid;
    s->next_tid = c.first_tid;
    s->client_max_buffer = CLIENT_MIN_BUFFER;
    s->out = g_malloc(SERVER_OUT_MAX);
    ms_smb_trans_assembly_init(&s->pending.assembly, c.max_trans_bytes);
    return s;
}

void
ms_smb_server_free(MsSmbServer *s)
{
    if (s == NULL)
        return;
    ms_smb_trans_assembly_clear(&s->pending.assembly);
    g_free(s->server_name);
    g_free(s->workgroup);
    g_free(s->native_os);
    g_free(s->native_lanman);
    g_free(s->sessions);
    g_free(s->trees);
    g_free(s->out);
    g_free(s);
}

MsSmbDialect
ms_smb_server_dialect(const MsSmbServer *s)
{
    return s->dialect;
}

MsSmbCloseReason
ms_smb_server_close_reason(const MsSmbServer *s)
{
    return s->close_reason;
}

const MsSmbServerCounters *
ms_smb_server_counters(const MsSmbServer *s)
{
    return &s->counters;
}

const MsSmbServerConfig *
ms_smb_server_config(const MsSmbServer *s)
{
    return &s->cfg;
}

const char *
ms_smb_close_reason_to_string(MsSmbCloseReason reason)
{
    switch (reason) {
    case MS_SMB_CLOSE_NONE:
        return "none";
    case MS_SMB_CLOSE_NOT_SMB1:
        return "not-smb1";
    case MS_SMB_CLOSE_MALFORMED:
        return "malformed";
    case MS_SMB_CLOSE_NOT_A_REQUEST:
        return "not-a-request";
    case MS_SMB_CLOSE_NOT_NEGOTIATED:
        return "not-negotiated";
    case MS_SMB_CLOSE_RENEGOTIATE:
        return "renegotiate";
    case MS_SMB_CLOSE_BAD_NEGOTIATE:
        return "bad-negotiate";
    case MS_SMB_CLOSE_NO_DIALECT:
        return "no-dialect";
    case MS_SMB_CLOSE_REASON_COUNT:
        break;
    }
    return "unknown";
}

/* ---- Tables ---- */

Session *
server_session_find(MsSmbServer *s, guint16 uid)
{
    for (guint i = 0; i < s->cfg.max_sessions; i++) {
        if (s->sessions[i].used && s->sessions[i].uid == uid)
            return &s->sessions[i];
    }
    return NULL;
}

Tree *
server_tree_find(MsSmbServer *s, guint16 uid, guint16 tid)
{
    for (guint i = 0; i < s->cfg.max_trees; i++) {
        if (s->trees[i].used && s->trees[i].tid == tid && s->trees[i].uid == uid)
            return &s->trees[i];
    }
    return NULL;
}

MsSmbError
server_require_tree(Request *q)
{
    /* [MS-CIFS] §3.3.5.2: the UID is checked first, then the TID within it. */
    if (server_session_find(q->s, q->uid) == NULL)
        return MS_SMB_E_BAD_UID;
    if (server_tree_find(q->s, q->uid, q->tid) == NULL)
        return MS_SMB_E_BAD_TID;
    return MS_SMB_SUCCESS;
}

void
server_pending_clear(MsSmbServer *s)
{
    ms_smb_trans_assembly_clear(&s->pending.assembly);
    s->pending.active = FALSE;
}

void
server_tree_free(MsSmbServer *s, Tree *t)
{
    PendingTrans *p = &s->pending;
    if (p->active && p->header.tid == t->tid && p->header.uid == t->uid)
        server_pending_clear(s);
    t->used = FALSE;
}

/* ---- Replies ---- */

MsSmbHeader
server_reply_header(const Request *q, guint8 command, MsSmbError status)
{
    MsSmbHeader h = q->hdr;
    h.command = command;
    h.status = ms_smb_error_status(status, q->nt_status);
    /* As Samba (rap.md §2.1): REPLY, and the request's case-insensitivity bit. */
    h.flags = (guint8)(MS_SMB_FLAGS_REPLY | (q->hdr.flags & MS_SMB_FLAGS_CASE_INSENSITIVE));
    /* RAP-014: NT_STATUS iff Status is an NTSTATUS, UNICODE iff our strings are UTF-16.
     * Signing and extended security are never on, so their bits are not echoed. */
    h.flags2 = MS_SMB_FLAGS2_LONG_NAMES | MS_SMB_FLAGS2_EAS;
    if (q->nt_status)
        h.flags2 |= MS_SMB_FLAGS2_NT_STATUS;
    if (q->unicode)
        h.flags2 |= MS_SMB_FLAGS2_UNICODE;
    h.uid = q->uid;
    h.tid = q->tid;
    return h;
}

void
server_emit(MsSmbServer *s, const guint8 *smb, gsize len)
{
    s->counters.replies++;
    s->send(smb, len, s->user_data);
}

void
server_send_error(Request *q, guint8 command, MsSmbError error)
{
    MsSmbServer *s = q->s;
    MsWriter w = ms_writer_init(s->out, SERVER_OUT_MAX);
    MsSmbHeader h = server_reply_header(q, command, error);
    ms_smb_header_write(&w, &h);
    ms_smb_empty_write(&w);
    s->counters.errors[error]++;
    server_emit(s, w.data, w.len);
}

/* ---- Small commands ---- */

static MsSmbError
handle_echo(Request *q, const MsSmbBlock *b)
{
    MsSmbEcho e;
    if (ms_smb_echo_parse(q->smb, b, &e) != MS_OK)
        return MS_SMB_E_INVALID_PARAMETER;
    /* [MS-CIFS] §3.3.5.33: EchoCount replies, none for 0; "the server MAY enforce any
     * nonzero limit": an echo must not become an amplifier. The TID is not checked, as
     * Samba does not. */
    guint n = MIN(e.count, q->s->cfg.max_echo_replies);
    for (guint i = 1; i <= n; i++) {
        MsWriter w = ms_writer_init(q->s->out, SERVER_OUT_MAX);
        MsSmbHeader h = server_reply_header(q, MS_SMB_COM_ECHO, MS_SMB_SUCCESS);
        MsSmbEcho reply = {(guint16)i, e.data, e.len};
        ms_smb_header_write(&w, &h);
        if (ms_smb_echo_write(&w, &reply) != MS_OK)
            return MS_SMB_E_INVALID_PARAMETER;
        q->s->counters.echoes++;
        server_emit(q->s, w.data, w.len);
    }
    q->sent = TRUE;
    return MS_SMB_SUCCESS;
}

/* RAP-023: no pipe can be opened; smbclient then lists shares with RAP. */
static MsSmbError
handle_nt_create(Request *q, const MsSmbBlock *b)
{
    (void)b;
    MsSmbError e = server_require_tree(q);
    if (e != MS_SMB_SUCCESS)
        return e;
    q->s->counters.pipe_opens++;
    return MS_SMB_E_OBJECT_NAME_NOT_FOUND;
}

static Handler
handler_for(guint8 command)
{
    switch (command) {
    case MS_SMB_COM_NEGOTIATE:
        return server_negotiate;
    case MS_SMB_COM_SESSION_SETUP_ANDX:
        return server_session_setup;
    case MS_SMB_COM_LOGOFF_ANDX:
        return server_logoff;
    case MS_SMB_COM_TREE_CONNECT_ANDX:
        return server_tree_connect;
    case MS_SMB_COM_TREE_DISCONNECT:
        return server_tree_disconnect;
    case MS_SMB_COM_TRANSACTION:
        return server_transaction;
    case MS_SMB_COM_TRANSACTION_SECONDARY:
        return server_transaction_secondary;
    case MS_SMB_COM_ECHO:
        return handle_echo;
    case MS_SMB_COM_NT_CREATE_ANDX:
        return handle_nt_create;
    default:
        return NULL; /* RAP-024 */
    }
}

/* The chains we run: the one clients send (rap.md §2.4, RAP-022). Anything else after a
 * successful first command is answered with an error in its place. */
static gboolean
chain_allowed(guint8 first, guint8 next)
{
    return first == MS_SMB_COM_SESSION_SETUP_ANDX && next == MS_SMB_COM_TREE_CONNECT_ANDX;
}

/* ---- Input ---- */

static MsSmbVerdict
close_for(MsSmbServer *s, MsSmbCloseReason reason)
{
    s->close_reason = reason;
    s->counters.closed[reason]++;
    return MS_SMB_CLOSE;
}

/* Answers the links of a chain in order; the first error ends the chain, its reply block
 * empty and its status in the header ([MS-CIFS] §3.3.4.1.2: responses to the commands
 * that succeeded, then the failing one's; §3.2.5.1.3: Status is the last one's). */
static void
run_chain(Request *q, const MsSmbBlock *blocks, guint n)
{
    MsSmbServer *s = q->s;
    MsSmbError status = MS_SMB_SUCCESS;
    gsize prev_at = 0;
    MsSmbHeader h = server_reply_header(q, blocks[0].command, MS_SMB_SUCCESS);
    ms_smb_header_write(&q->w, &h);
    if (n > 1)
        s->counters.chains++;
    for (guint i = 0; i < n; i++) {
        const MsSmbBlock *b = &blocks[i];
        gsize at = q->w.len;
        Handler handler = handler_for(b->command);
        if (i > 0 && !chain_allowed(blocks[0].command, b->command))
            status = MS_SMB_E_BAD_COMMAND;
        else
            status = handler ? handler(q, b) : MS_SMB_E_BAD_COMMAND;
        if (q->sent)
            return; /* only ever a lone command: TRANSACTION, ECHO, a refused NEGOTIATE */
        if (status == MS_SMB_SUCCESS && q->w.overflow)
            status = MS_SMB_E_INSUFF_RESOURCES; /* cannot happen: replies here are small */
        if (status != MS_SMB_SUCCESS) {
            q->w.len = at;
            q->w.overflow = FALSE;
        }
        if (i > 0)
            ms_smb_andx_link(&q->w, 0, prev_at, b->command, at);
        if (status != MS_SMB_SUCCESS) {
            ms_smb_empty_write(&q->w);
            s->counters.errors[status]++;
            break;
        }
        prev_at = at;
    }
    /* The header goes last: the chain may have set a UID and a TID. */
    gsize len = q->w.len;
    q->w.len = 0;
    h = server_reply_header(q, blocks[0].command, status);
    ms_smb_header_write(&q->w, &h);
    q->w.len = len;
    server_emit(s, q->w.data, q->w.len);
}

MsSmbVerdict
ms_smb_server_input(MsSmbServer *s, const guint8 *smb, gsize len, gint64 real_us)
{
    if (s->close_reason != MS_SMB_CLOSE_NONE)
        return MS_SMB_CLOSE;
    s->counters.requests++;
    Request q = {.s = s, .smb = smb, .len = len, .real_us = real_us};
    MsStatus st = ms_smb_header_parse(smb, len, &q.hdr);
    if (st == MS_ERR_TRUNCATED)
        return close_for(s, MS_SMB_CLOSE_MALFORMED);
    if (st != MS_OK)
        return close_for(s, MS_SMB_CLOSE_NOT_SMB1);
    if (q.hdr.flags & MS_SMB_FLAGS_REPLY)
        return close_for(s, MS_SMB_CLOSE_NOT_A_REQUEST);
    /* Every block of the chain must lie inside the message, each link forward of the
     * last, before anything of it is acted on. */
    MsSmbBlock blocks[MAX_CHAIN];
    guint n;
    if (ms_smb_chain_parse(smb, len, q.hdr.command, blocks, MAX_CHAIN, &n) != MS_OK)
        return close_for(s, MS_SMB_CLOSE_MALFORMED);
    /* RAP-013: NEGOTIATE first, and once ([MS-CIFS] §3.3.5.42; Samba disconnects too). */
    if (!s->negotiated && q.hdr.command != MS_SMB_COM_NEGOTIATE)
        return close_for(s, MS_SMB_CLOSE_NOT_NEGOTIATED);
    if (s->negotiated && q.hdr.command == MS_SMB_COM_NEGOTIATE)
        return close_for(s, MS_SMB_CLOSE_RENEGOTIATE);

    /* RAP-032: NTSTATUS only to clients that asked for it, under the one dialect whose
     * NEGOTIATE reply offered CAP_STATUS32; likewise Unicode and CAP_UNICODE. NEGOTIATE
     * itself sets the dialect before it builds its reply. */
    gboolean nt1 = s->dialect == MS_SMB_DIALECT_NT1;
    q.nt_status = nt1 && (q.hdr.flags2 & MS_SMB_FLAGS2_NT_STATUS);
    q.unicode = nt1 && (q.hdr.flags2 & MS_SMB_FLAGS2_UNICODE);
    q.uid = q.hdr.uid;
    q.tid = q.hdr.tid;
    q.w = ms_writer_init(s->out, SERVER_OUT_MAX);
    run_chain(&q, blocks, n);
    if (q.close != MS_SMB_CLOSE_NONE)
        return close_for(s, q.close);
    return MS_SMB_CONTINUE;
}
