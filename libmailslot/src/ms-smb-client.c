/* The SMB1 client session: the order of the steps, and the checking of every reply the
 * server sends (ms-smb-client.h). Requests are written in ms-smb-client-requests.c. */
#include "ms-smb-client-private.h"

#include <string.h>

/* A transaction's reply data is at most 64 KiB - 1, and so are its parameters. */
#define DEFAULT_MAX_REPLY (2 * 0xFFFFu)
/* ERROR_MORE_DATA as a pipe transaction may report it: STATUS_BUFFER_OVERFLOW, or
 * ERRDOS/ERRmoredata (234). The reply is still whole; RAP says the same in its own words. */
#define STATUS_BUFFER_OVERFLOW 0x80000005u
#define DOS_ERRMOREDATA (0x01u | (234u << 16))

void
ms_smb_client_config_init(MsSmbClientConfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->framing = MS_FRAMING_NBSS;
    cfg->max_buffer = MS_SMB_CLIENT_DEFAULT_MAX_BUFFER;
    cfg->max_reply_bytes = DEFAULT_MAX_REPLY;
}

MsSmbClient *
ms_smb_client_new(const MsSmbClientConfig *cfg)
{
    gboolean wildcard = cfg->server_name == NULL || cfg->server_name[0] == '\0';
    const char *host = wildcard ? cfg->server_host : cfg->server_name;
    if (cfg->our_name == NULL || host == NULL || host[0] == '\0' || strlen(host) > 255)
        return NULL;
    MsSmbClient *c = g_new0(MsSmbClient, 1);
    if (ms_name_init(&c->called, wildcard ? MS_NBSS_SMBSERVER : cfg->server_name,
                     MS_SUFFIX_SERVER, cfg->scope) != MS_OK ||
        ms_name_init(&c->calling, cfg->our_name, MS_SUFFIX_WORKSTATION, cfg->scope) != MS_OK) {
        g_free(c);
        return NULL;
    }
    c->framing = cfg->framing;
    c->tree_path = g_strdup_printf("\\\\%s\\IPC$", host);
    c->workgroup = g_strdup(cfg->workgroup != NULL ? cfg->workgroup : "");
    c->max_buffer = cfg->max_buffer >= 1024 ? cfg->max_buffer : MS_SMB_CLIENT_DEFAULT_MAX_BUFFER;
    c->pid = cfg->pid;
    /* The server may send a message as large as the buffer we announce; more breaks the
     * stream. The NBSS header's own limit caps it either way. */
    c->framer = ms_framer_new(c->framing, c->max_buffer);
    ms_smb_trans_assembly_init(&c->trans,
                               cfg->max_reply_bytes ? cfg->max_reply_bytes : DEFAULT_MAX_REPLY);
    c->next_mid = 1;
    c->uid = 0;
    c->tid = 0xFFFF;
    c->server_max_buffer = 1024;
    c->state = cfg->framing == MS_FRAMING_NBSS ? MS_SMB_CLIENT_SESSION : MS_SMB_CLIENT_NEGOTIATE;
    return c;
}

void
ms_smb_client_free(MsSmbClient *c)
{
    if (c == NULL)
        return;
    ms_framer_free(c->framer);
    ms_smb_trans_assembly_clear(&c->trans);
    g_free(c->tree_path);
    g_free(c->workgroup);
    g_free(c);
}

static void
fail(MsSmbClient *c, MsSmbClientError error, guint32 detail)
{
    if (c->state == MS_SMB_CLIENT_FAILED)
        return;
    c->failed_in = c->state;
    c->state = MS_SMB_CLIENT_FAILED;
    c->error = error;
    c->error_detail = detail;
}

void
ms_smb_client_start(MsSmbClient *c, GByteArray *out)
{
    if (c->state == MS_SMB_CLIENT_SESSION) {
        guint8 buf[MS_SESSION_HEADER_LEN + MS_NBSS_REQUEST_MAX_LENGTH];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        if (ms_nbss_session_request_build(&w, &c->called, &c->calling) != MS_OK || w.overflow) {
            fail(c, MS_SMB_CLIENT_E_INVALID, 0);
            return;
        }
        g_byte_array_append(out, buf, (guint)w.len);
    } else if (c->state == MS_SMB_CLIENT_NEGOTIATE && c->next_mid == 1) {
        if (!ms_smb_client_write_negotiate(c, out))
            fail(c, MS_SMB_CLIENT_E_INVALID, 0);
    } else {
        fail(c, MS_SMB_CLIENT_E_INVALID, 0);
    }
}

/* The reply's first block, once its header has been checked against what we wait for. */
static gboolean
reply_block(MsSmbClient *c, const guint8 *smb, gsize len, guint8 command, MsSmbHeader *h,
            MsSmbBlock *b)
{
    MsStatus st = ms_smb_header_parse(smb, len, h);
    if (st != MS_OK) {
        fail(c, MS_SMB_CLIENT_E_MALFORMED, st);
        return FALSE;
    }
    if (!(h->flags & MS_SMB_FLAGS_REPLY) || h->command != command || h->mid != c->mid) {
        fail(c, MS_SMB_CLIENT_E_UNEXPECTED, h->command);
        return FALSE;
    }
    gboolean more = command == MS_SMB_COM_TRANSACTION &&
                    (h->status == STATUS_BUFFER_OVERFLOW || h->status == DOS_ERRMOREDATA);
    if (h->status != 0 && !more) {
        fail(c, MS_SMB_CLIENT_E_STATUS, h->status);
        return FALSE;
    }
    st = ms_smb_block_parse(smb, len, MS_SMB_HEADER_LEN, command, b);
    if (st != MS_OK) {
        fail(c, MS_SMB_CLIENT_E_MALFORMED, st);
        return FALSE;
    }
    return TRUE;
}

static void
on_negotiate(MsSmbClient *c, const guint8 *smb, const MsSmbBlock *b, GByteArray *out)
{
    MsSmbNegotiateReply r;
    MsStatus st = ms_smb_negotiate_reply_parse(smb, b, &r);
    if (st != MS_OK) {
        fail(c, MS_SMB_CLIENT_E_MALFORMED, st);
        return;
    }
    /* The index must name one of ours, in the layout that dialect calls for. */
    if (r.dialect == MS_SMB_DIALECT_NONE || r.dialect_index >= ms_smb_client_n_dialects ||
        (r.dialect == MS_SMB_DIALECT_NT1) !=
            (r.dialect_index == ms_smb_client_n_dialects - 1)) {
        fail(c, MS_SMB_CLIENT_E_NO_DIALECT, r.dialect_index);
        return;
    }
    /* Extended security would need SPNEGO; we never asked for it (Flags2 without the bit). */
    if (r.dialect == MS_SMB_DIALECT_NT1 && (r.capabilities & MS_SMB_CAP_EXTENDED_SECURITY)) {
        fail(c, MS_SMB_CLIENT_E_UNEXPECTED, MS_SMB_COM_NEGOTIATE);
        return;
    }
    c->dialect = r.dialect;
    c->server_max_buffer = (guint16)MIN(r.max_buffer_size, (guint32)0xFFFF);
    if (c->server_max_buffer < MS_SMB_MIN_LEN + 64)
        c->server_max_buffer = MS_SMB_MIN_LEN + 64; /* too small to carry anything: we try */
    c->session_key = r.session_key;
    c->capabilities = r.capabilities;
    c->state = MS_SMB_CLIENT_LOGON;
    if (!ms_smb_client_write_session_setup(c, out))
        fail(c, MS_SMB_CLIENT_E_INVALID, 0);
}

static void
on_session_setup(MsSmbClient *c, const guint8 *smb, const MsSmbHeader *h, const MsSmbBlock *b,
                 GByteArray *out)
{
    MsSmbSessionSetupReply r;
    MsStatus st =
        ms_smb_session_setup_reply_parse(smb, b, (h->flags2 & MS_SMB_FLAGS2_UNICODE) != 0, &r);
    if (st != MS_OK) {
        fail(c, MS_SMB_CLIENT_E_MALFORMED, st);
        return;
    }
    c->uid = h->uid;
    c->state = MS_SMB_CLIENT_CONNECT;
    if (!ms_smb_client_write_tree_connect(c, out))
        fail(c, MS_SMB_CLIENT_E_INVALID, 0);
}

static void
on_tree_connect(MsSmbClient *c, const guint8 *smb, const MsSmbHeader *h, const MsSmbBlock *b)
{
    MsSmbTreeConnectReply r;
    MsStatus st =
        ms_smb_tree_connect_reply_parse(smb, b, (h->flags2 & MS_SMB_FLAGS2_UNICODE) != 0, &r);
    if (st != MS_OK) {
        fail(c, MS_SMB_CLIENT_E_MALFORMED, st);
        return;
    }
    c->tid = h->tid;
    c->state = MS_SMB_CLIENT_READY;
}

static void
on_transaction(MsSmbClient *c, const guint8 *smb, const MsSmbBlock *b)
{
    MsSmbTransPart p;
    MsStatus st = ms_smb_trans_reply_parse(smb, b, &p);
    if (st == MS_ERR_UNSUPPORTED)
        return; /* an interim response: only split requests get one, but it is harmless */
    if (st != MS_OK) {
        fail(c, MS_SMB_CLIENT_E_MALFORMED, st);
        return;
    }
    switch (ms_smb_trans_assembly_add(&c->trans, &p)) {
    case MS_SMB_ASSEMBLY_MORE:
        return;
    case MS_SMB_ASSEMBLY_DONE:
        c->has_reply = TRUE;
        c->state = MS_SMB_CLIENT_READY;
        return;
    case MS_SMB_ASSEMBLY_ERROR:
    default:
        /* Totals beyond our bound, or slices outside them: either way we stop reading. */
        fail(c, c->trans.total_params + (gsize)c->trans.total_data > c->trans.max_bytes
                    ? MS_SMB_CLIENT_E_TOO_LARGE
                    : MS_SMB_CLIENT_E_MALFORMED,
             MS_ERR_BAD_LENGTH);
        return;
    }
}

static const guint8 expected_command[] = {
    [MS_SMB_CLIENT_NEGOTIATE] = MS_SMB_COM_NEGOTIATE,
    [MS_SMB_CLIENT_LOGON] = MS_SMB_COM_SESSION_SETUP_ANDX,
    [MS_SMB_CLIENT_CONNECT] = MS_SMB_COM_TREE_CONNECT_ANDX,
    [MS_SMB_CLIENT_TRANSACTION] = MS_SMB_COM_TRANSACTION,
};

static void
on_smb(MsSmbClient *c, const guint8 *smb, gsize len, GByteArray *out)
{
    if (c->state == MS_SMB_CLIENT_READY || c->state == MS_SMB_CLIENT_SESSION) {
        fail(c, MS_SMB_CLIENT_E_UNEXPECTED, len > 4 ? smb[4] : 0); /* nothing was asked */
        return;
    }
    MsSmbHeader h;
    MsSmbBlock b;
    if (!reply_block(c, smb, len, expected_command[c->state], &h, &b))
        return;
    switch (c->state) {
    case MS_SMB_CLIENT_NEGOTIATE:
        on_negotiate(c, smb, &b, out);
        break;
    case MS_SMB_CLIENT_LOGON:
        on_session_setup(c, smb, &h, &b, out);
        break;
    case MS_SMB_CLIENT_CONNECT:
        on_tree_connect(c, smb, &h, &b);
        break;
    default:
        on_transaction(c, smb, &b);
        break;
    }
}

static void
on_frame(MsSmbClient *c, const MsFrame *f, GByteArray *out)
{
    if (f->type == MS_NBSS_KEEP_ALIVE && c->framing == MS_FRAMING_NBSS)
        return; /* RFC 1002 §4.3.7 */
    if (c->state == MS_SMB_CLIENT_SESSION) {
        guint8 code = 0;
        MsStatus st = ms_nbss_session_response_parse(f, &code);
        if (st == MS_ERR_UNSUPPORTED) {
            fail(c, MS_SMB_CLIENT_E_REFUSED, code);
        } else if (st != MS_OK) {
            fail(c, MS_SMB_CLIENT_E_BAD_SESSION, f->type);
        } else {
            c->state = MS_SMB_CLIENT_NEGOTIATE;
            if (!ms_smb_client_write_negotiate(c, out))
                fail(c, MS_SMB_CLIENT_E_INVALID, 0);
        }
        return;
    }
    if (f->type != MS_NBSS_SESSION_MESSAGE) {
        fail(c, MS_SMB_CLIENT_E_BAD_SESSION, f->type);
        return;
    }
    on_smb(c, f->payload, f->len, out);
}

MsSmbClientState
ms_smb_client_feed(MsSmbClient *c, const guint8 *data, gsize len, GByteArray *out)
{
    while (len > 0 && c->state != MS_SMB_CLIENT_FAILED) {
        gsize used = 0;
        MsFrame f;
        MsFramerResult r = ms_framer_feed(c->framer, data, len, &used, &f);
        data += used;
        len -= used;
        if (r == MS_FRAMER_ERROR)
            fail(c, MS_SMB_CLIENT_E_FRAMING, ms_framer_error(c->framer));
        else if (r == MS_FRAMER_FRAME)
            on_frame(c, &f, out);
        else if (used == 0)
            break; /* cannot happen (NEED_MORE consumes all); never spin */
    }
    return c->state;
}

gboolean
ms_smb_client_transact(MsSmbClient *c, const guint8 *params, gsize plen, guint16 max_params,
                       guint16 max_data, GByteArray *out)
{
    if (c->state != MS_SMB_CLIENT_READY) {
        fail(c, MS_SMB_CLIENT_E_INVALID, 0);
        return FALSE;
    }
    ms_smb_trans_assembly_clear(&c->trans);
    c->has_reply = FALSE;
    if (!ms_smb_client_write_transaction(c, params, plen, max_params, max_data, out)) {
        c->state = MS_SMB_CLIENT_TRANSACTION; /* report the step it failed in */
        fail(c, MS_SMB_CLIENT_E_INVALID, 0);
        return FALSE;
    }
    c->state = MS_SMB_CLIENT_TRANSACTION;
    return TRUE;
}

gboolean
ms_smb_client_has_reply(const MsSmbClient *c)
{
    return c->has_reply;
}

gboolean
ms_smb_client_reply(const MsSmbClient *c, const guint8 **params, gsize *plen,
                    const guint8 **data, gsize *dlen)
{
    if (!c->has_reply)
        return FALSE;
    *params = c->trans.params;
    *plen = c->trans.total_params;
    *data = ms_smb_trans_assembly_data(&c->trans);
    *dlen = c->trans.total_data;
    return TRUE;
}

MsSmbClientState
ms_smb_client_state(const MsSmbClient *c)
{
    return c->state;
}

MsSmbClientError
ms_smb_client_error(const MsSmbClient *c)
{
    return c->error;
}

guint32
ms_smb_client_error_detail(const MsSmbClient *c)
{
    return c->error_detail;
}

MsSmbDialect
ms_smb_client_dialect(const MsSmbClient *c)
{
    return c->dialect;
}
