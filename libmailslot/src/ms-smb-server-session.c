/* The server's session commands: NEGOTIATE, SESSION_SETUP_ANDX, LOGOFF_ANDX,
 * TREE_CONNECT_ANDX, TREE_DISCONNECT ([MS-CIFS] §3.3.5.2, §3.3.5.42 and the sections of each command; rap.md §3-§5, §7). */
#include "ms-smb-server-private.h"

#define IPC_SHARE "IPC$"
/* Every access bit of a pipe share, as Samba grants on IPC$ (capture frame 133); the
 * rights are advisory, no file exists to apply them to. */
#define IPC_MAXIMAL_ACCESS 0x000001FF
#define SUPPORT_SEARCH_BITS 0x0001
#define NT1_MAX_RAW_SIZE 65536

static gboolean
request_unicode(const Request *q)
{
    return (q->hdr.flags2 & MS_SMB_FLAGS2_UNICODE) != 0;
}

/* The next free id from *next, skipping 0 and the 0xFFFE/0xFFFF values clients use as
 * "none" ([MS-CIFS] §2.2.3.1 TID 0xFFFF); the tables are small, so the scan is short. */
static guint16
take_id(guint16 *next, gboolean (*taken)(MsSmbServer *, guint16), MsSmbServer *s)
{
    for (;;) {
        guint16 id = (*next)++;
        if (id != 0 && id < 0xFFFE && !taken(s, id))
            return id;
    }
}

static gboolean
uid_taken(MsSmbServer *s, guint16 uid)
{
    return server_session_find(s, uid) != NULL;
}

static gboolean
tid_taken(MsSmbServer *s, guint16 tid)
{
    for (guint i = 0; i < s->cfg.max_trees; i++) {
        if (s->trees[i].used && s->trees[i].tid == tid)
            return TRUE;
    }
    return FALSE;
}

MsSmbError
server_negotiate(Request *q, const MsSmbBlock *b)
{
    MsSmbServer *s = q->s;
    MsSmbNegotiateRequest req;
    if (ms_smb_negotiate_request_parse(q->smb, b, &req) != MS_OK) {
        q->close = MS_SMB_CLOSE_BAD_NEGOTIATE;
        q->sent = TRUE;
        return MS_SMB_SUCCESS;
    }
    MsSmbNegotiateReply r = {0};
    r.dialect_index = ms_smb_dialect_choose(&req, &r.dialect);
    if (r.dialect == MS_SMB_DIALECT_NONE) {
        /* RAP-011: say so, then hang up, as Samba does. */
        q->close = MS_SMB_CLOSE_NO_DIALECT;
        ms_smb_negotiate_reply_write(&q->w, &r);
        return MS_SMB_SUCCESS;
    }
    s->negotiated = TRUE;
    s->dialect = r.dialect;
    gboolean nt1 = r.dialect == MS_SMB_DIALECT_NT1;
    q->nt_status = nt1 && (q->hdr.flags2 & MS_SMB_FLAGS2_NT_STATUS);
    q->unicode = nt1 && request_unicode(q);

    /* RAP-012: user-level security, no extended security, a challenge of 0 or 8 bytes. */
    r.security_mode = MS_SMB_SECURITY_USER;
    if (s->cfg.use_challenge) {
        r.security_mode |= MS_SMB_SECURITY_ENCRYPT_PASSWORDS;
        r.challenge = s->cfg.challenge;
        r.challenge_len = sizeof s->cfg.challenge;
    }
    r.max_mpx_count = s->cfg.max_mpx_count;
    r.max_number_vcs = 1;
    r.max_buffer_size = s->cfg.max_buffer_size;
    r.session_key = s->cfg.session_key;
    if (nt1) {
        r.max_raw_size = NT1_MAX_RAW_SIZE;
        /* What this server does, nothing more: no raw mode, large files or oplocks. */
        r.capabilities = MS_SMB_CAP_UNICODE | MS_SMB_CAP_NT_SMBS | MS_SMB_CAP_RPC_REMOTE_APIS |
                         MS_SMB_CAP_STATUS32;
        r.system_time = ms_smb_filetime_from_unix_us(q->real_us);
        r.domain = ms_smb_str(s->workgroup);
        r.server = ms_smb_str(s->server_name);
    } else {
        ms_smb_dos_datetime_from_unix_us(q->real_us, &r.server_time, &r.server_date);
    }
    if (ms_smb_negotiate_reply_write(&q->w, &r) != MS_OK)
        return MS_SMB_E_INSUFF_RESOURCES;
    return MS_SMB_SUCCESS;
}

MsSmbError
server_session_setup(Request *q, const MsSmbBlock *b)
{
    MsSmbServer *s = q->s;
    MsSmbSessionSetupRequest req;
    if (ms_smb_session_setup_request_parse(q->smb, b, request_unicode(q), &req) != MS_OK)
        return MS_SMB_E_INVALID_PARAMETER;
    /* RAP-018: extended security was never offered. */
    if (req.word_count == 12)
        return MS_SMB_E_INVALID_PARAMETER;
    /* A setup on one of our UIDs re-authenticates it; otherwise a new one. */
    Session *sess = server_session_find(s, q->hdr.uid);
    for (guint i = 0; sess == NULL && i < s->cfg.max_sessions; i++) {
        if (!s->sessions[i].used) {
            sess = &s->sessions[i];
            sess->uid = take_id(&s->next_uid, uid_taken, s);
            sess->used = TRUE;
            s->counters.sessions++;
        }
    }
    if (sess == NULL)
        return MS_SMB_E_INSUFF_RESOURCES;
    s->client_max_buffer = MAX(req.max_buffer_size, CLIENT_MIN_BUFFER);
    q->uid = sess->uid;

    /* RAP-015..017: nobody's password is checked; whoever named an account is a guest. */
    MsSmbSessionSetupReply r = {0};
    gboolean anonymous = req.account.len == 0 && req.password_len == 0 &&
                         req.unicode_password_len == 0;
    r.action = anonymous ? 0 : MS_SMB_SESSION_ACTION_GUEST;
    /* RAP-016: PrimaryDomain tells smbclient which workgroup to list. LAN Manager replies
     * carry no strings, as Samba sends them. */
    if (s->dialect == MS_SMB_DIALECT_NT1) {
        r.native_os = ms_smb_str(s->native_os);
        r.native_lanman = ms_smb_str(s->native_lanman);
        r.primary_domain = ms_smb_str(s->workgroup);
    }
    if (ms_smb_session_setup_reply_write(&q->w, 0, q->unicode, &r) != MS_OK)
        return MS_SMB_E_INSUFF_RESOURCES;
    return MS_SMB_SUCCESS;
}

MsSmbError
server_logoff(Request *q, const MsSmbBlock *b)
{
    MsSmbServer *s = q->s;
    if (b->word_count != 2)
        return MS_SMB_E_INVALID_PARAMETER;
    Session *sess = server_session_find(s, q->uid);
    if (sess == NULL)
        return MS_SMB_E_BAD_UID;
    /* RAP-031: the UID and every tree under it go. */
    for (guint i = 0; i < s->cfg.max_trees; i++) {
        if (s->trees[i].used && s->trees[i].uid == sess->uid)
            server_tree_free(s, &s->trees[i]);
    }
    if (s->pending.active && s->pending.header.uid == sess->uid)
        server_pending_clear(s);
    sess->used = FALSE;
    s->counters.logoffs++;
    ms_smb_logoff_write(&q->w);
    return MS_SMB_SUCCESS;
}

MsSmbError
server_tree_connect(Request *q, const MsSmbBlock *b)
{
    MsSmbServer *s = q->s;
    if (server_session_find(s, q->uid) == NULL)
        return MS_SMB_E_BAD_UID;
    MsSmbTreeConnectRequest req;
    if (ms_smb_tree_connect_request_parse(q->smb, b, request_unicode(q), &req) != MS_OK)
        return MS_SMB_E_INVALID_PARAMETER;
    /* [MS-CIFS] §2.2.4.55.1: DISCONNECT_TID drops the header's tree first, errors ignored. */
    if (req.flags & MS_SMB_TREE_DISCONNECT_TID) {
        Tree *old = server_tree_find(s, q->uid, q->tid);
        if (old != NULL)
            server_tree_free(s, old);
    }
    /* RAP-019/020: IPC$ in any case, whatever the server part (a name, an address,
     * *SMBSERVER); service "?????" (any) or "IPC". */
    MsSmbString share;
    if (!ms_smb_tree_path_share(&req.path, &share) || !ms_smb_string_equal(&share, IPC_SHARE))
        return MS_SMB_E_BAD_NETWORK_NAME;
    if (!ms_smb_string_equal(&req.service, MS_SMB_SERVICE_ANY) &&
        !ms_smb_string_equal(&req.service, MS_SMB_SERVICE_IPC))
        return MS_SMB_E_BAD_DEVICE_TYPE;
    Tree *tree = NULL;
    for (guint i = 0; tree == NULL && i < s->cfg.max_trees; i++) {
        if (!s->trees[i].used)
            tree = &s->trees[i];
    }
    if (tree == NULL)
        return MS_SMB_E_INSUFF_RESOURCES;
    tree->tid = take_id(&s->next_tid, tid_taken, s);
    tree->uid = q->uid;
    tree->used = TRUE;
    s->counters.trees++;
    q->tid = tree->tid;

    MsSmbTreeConnectReply r = {0};
    if (s->dialect == MS_SMB_DIALECT_NT1) {
        /* [MS-SMB] §2.2.4.7.2: the WordCount 7 form when the client asks for it. */
        gboolean extended = (req.flags & MS_SMB_TREE_EXTENDED_RESPONSE) != 0;
        r.word_count = extended ? 7 : 3;
        r.optional_support = SUPPORT_SEARCH_BITS;
        r.maximal_access = IPC_MAXIMAL_ACCESS;
        r.guest_maximal_access = IPC_MAXIMAL_ACCESS;
        r.native_fs = ms_smb_str("");
    } else {
        r.word_count = 2;
    }
    r.service = ms_smb_str(MS_SMB_SERVICE_IPC);
    if (ms_smb_tree_connect_reply_write(&q->w, 0, q->unicode, &r) != MS_OK)
        return MS_SMB_E_INSUFF_RESOURCES;
    return MS_SMB_SUCCESS;
}

MsSmbError
server_tree_disconnect(Request *q, const MsSmbBlock *b)
{
    if (b->word_count != 0)
        return MS_SMB_E_INVALID_PARAMETER;
    MsSmbError e = server_require_tree(q);
    if (e != MS_SMB_SUCCESS)
        return e;
    server_tree_free(q->s, server_tree_find(q->s, q->uid, q->tid));
    q->s->counters.tree_disconnects++;
    ms_smb_empty_write(&q->w);
    return MS_SMB_SUCCESS;
}
