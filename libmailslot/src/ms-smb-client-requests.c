/* The requests of the SMB1 client, written with the client half of the codec
 * (ms-smb-commands.h) and framed for the connection's transport. Strings go out as OEM
 * (Flags2 without UNICODE): every name in a browse session is plain ASCII, and every
 * server since LAN Manager reads it. */
#include "ms-smb-client-private.h"

const char *const ms_smb_client_dialects[] = {
    "LANMAN1.0", "LM1.2X002", "LANMAN2.1", MS_SMB_DIALECT_NT_LM_012,
};
const guint ms_smb_client_n_dialects = G_N_ELEMENTS(ms_smb_client_dialects);

/* Room for any request but a transaction's parameters. */
#define REQUEST_ROOM 512

static MsSmbHeader
header_for(MsSmbClient *c, guint8 command)
{
    MsSmbHeader h = {0};
    h.command = command;
    h.flags = MS_SMB_FLAGS_CASE_INSENSITIVE | MS_SMB_FLAGS_CANONICALIZED_PATHS;
    /* NT status codes only once the server said it sends them; they are only reported. */
    h.flags2 = MS_SMB_FLAGS2_LONG_NAMES;
    if (c->dialect == MS_SMB_DIALECT_NT1 && (c->capabilities & MS_SMB_CAP_STATUS32))
        h.flags2 |= MS_SMB_FLAGS2_NT_STATUS;
    h.pid = c->pid;
    h.uid = c->uid;
    h.tid = c->tid;
    /* MIDs skip 0xFFFF, which servers use for oplock breaks. */
    if (c->next_mid == 0xFFFF)
        c->next_mid = 0;
    h.mid = c->next_mid++;
    c->mid = h.mid;
    return h;
}

/* Frames the SMB message the writer holds; FALSE when it overflowed. */
static gboolean
frame_out(MsSmbClient *c, const MsWriter *w, GByteArray *out)
{
    if (w->overflow)
        return FALSE;
    guint8 header[MS_SESSION_HEADER_LEN];
    MsWriter hw = ms_writer_init(header, sizeof header);
    if (ms_session_write_header(&hw, c->framing, MS_NBSS_SESSION_MESSAGE, w->len) != MS_OK)
        return FALSE;
    g_byte_array_append(out, header, (guint)hw.len);
    g_byte_array_append(out, w->data, (guint)w->len);
    return TRUE;
}

gboolean
ms_smb_client_write_negotiate(MsSmbClient *c, GByteArray *out)
{
    guint8 buf[REQUEST_ROOM];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader h = header_for(c, MS_SMB_COM_NEGOTIATE);
    ms_smb_header_write(&w, &h);
    if (ms_smb_negotiate_request_write(&w, ms_smb_client_dialects, ms_smb_client_n_dialects) !=
        MS_OK)
        return FALSE;
    return frame_out(c, &w, out);
}

gboolean
ms_smb_client_write_session_setup(MsSmbClient *c, GByteArray *out)
{
    guint8 buf[REQUEST_ROOM];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader h = header_for(c, MS_SMB_COM_SESSION_SETUP_ANDX);
    ms_smb_header_write(&w, &h);
    /* Anonymous: no account, no password. The NT form under NT LM 0.12, else the LAN
     * Manager one (WordCount 10), as the dialect's server expects. */
    MsSmbSessionSetupRequest r = {0};
    r.word_count = c->dialect == MS_SMB_DIALECT_NT1 ? 13 : 10;
    r.max_buffer_size = c->max_buffer;
    r.max_mpx_count = 1; /* one request at a time */
    r.vc_number = 1;     /* not 0: "drop my other sessions" to some servers */
    r.session_key = c->session_key;
    r.capabilities = MS_SMB_CAP_NT_SMBS | MS_SMB_CAP_STATUS32;
    r.account = ms_smb_str("");
    r.domain = ms_smb_str(c->workgroup);
    r.native_os = ms_smb_str("Unix");
    r.native_lanman = ms_smb_str("browsectl");
    if (ms_smb_session_setup_request_write(&w, 0, FALSE, &r) != MS_OK)
        return FALSE;
    return frame_out(c, &w, out);
}

gboolean
ms_smb_client_write_tree_connect(MsSmbClient *c, GByteArray *out)
{
    static const guint8 nul = 0;
    guint8 buf[REQUEST_ROOM];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsSmbHeader h = header_for(c, MS_SMB_COM_TREE_CONNECT_ANDX);
    ms_smb_header_write(&w, &h);
    /* One NUL as the password, as smbclient sends under user-level security. */
    MsSmbTreeConnectRequest r = {0};
    r.password = &nul;
    r.password_len = 1;
    r.path = ms_smb_str(c->tree_path);
    r.service = ms_smb_str(MS_SMB_SERVICE_ANY);
    if (ms_smb_tree_connect_request_write(&w, 0, FALSE, &r) != MS_OK)
        return FALSE;
    return frame_out(c, &w, out);
}

gboolean
ms_smb_client_write_transaction(MsSmbClient *c, const guint8 *params, gsize plen,
                                guint16 max_params, guint16 max_data, GByteArray *out)
{
    /* The whole request goes in one message: RAP requests are a few dozen bytes, and a
     * server's buffer is at least 1024 ([MS-CIFS] §2.2.4.52.2 lets LAN Manager go lower,
     * so the check is against what it said). */
    gsize limit = MIN((gsize)c->server_max_buffer, (gsize)0xFFFF);
    if (plen > limit)
        return FALSE;
    g_autofree guint8 *buf = g_malloc(limit);
    MsWriter w = ms_writer_init(buf, limit);
    MsSmbHeader h = header_for(c, MS_SMB_COM_TRANSACTION);
    ms_smb_header_write(&w, &h);
    MsSmbTransRequest r = {0};
    r.total_param_count = r.param_count = (guint16)plen;
    r.max_param_count = max_params;
    r.max_data_count = max_data;
    r.name = ms_smb_str(MS_SMB_PIPE_LANMAN);
    r.params = params;
    if (ms_smb_trans_request_write(&w, 0, FALSE, &r) != MS_OK)
        return FALSE;
    return frame_out(c, &w, out);
}
