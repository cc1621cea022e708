/* TRANSACTION on \PIPE\LANMAN and its secondaries: [MS-CIFS] §3.3.5.2.5 (receiving a
 * transaction, split requests), §3.2.4.1.5 (a reply larger than the client's buffer goes
 * out as several); rap.md §6. */
#include "ms-smb-server-private.h"

#include <string.h>

/* Calls the LANMAN handler on a complete request and sends its reply, in as many
 * TRANSACTION responses as the client's MaxBufferSize needs (RAP-029), each echoing the
 * header of q (the primary request). */
static MsSmbError
run_transaction(Request *q, guint16 flags, guint16 max_params, guint16 max_data,
                const guint8 *params, gsize plen, const guint8 *data, gsize dlen)
{
    MsSmbServer *s = q->s;
    s->counters.transactions++;
    /* RAP-030: never more than the request allows. */
    gsize pcap = MIN(max_params, s->cfg.max_reply_bytes);
    gsize dcap = MIN(max_data, s->cfg.max_reply_bytes);
    g_autofree guint8 *pbuf = g_malloc(MAX(pcap, 1));
    g_autofree guint8 *dbuf = g_malloc(MAX(dcap, 1));
    MsSmbTransOutput out = {ms_writer_init(pbuf, pcap), ms_writer_init(dbuf, dcap)};
    MsStatus st = s->lanman(params, plen, data, dlen, &out, s->user_data);
    if (st != MS_OK || out.params.overflow || out.data.overflow) {
        s->counters.handler_failed++;
        return MS_SMB_E_INVALID_PARAMETER;
    }
    /* [MS-CIFS] §2.2.4.33.1: with NO_RESPONSE the client wants no reply at all. */
    if (!(flags & MS_SMB_TRANS_NO_RESPONSE)) {
        gsize pdone = 0, ddone = 0;
        guint parts = 0;
        do {
            MsWriter w = ms_writer_init(s->out, SERVER_OUT_MAX);
            MsSmbHeader h = server_reply_header(q, MS_SMB_COM_TRANSACTION, MS_SMB_SUCCESS);
            ms_smb_header_write(&w, &h);
            if (ms_smb_trans_reply_write(&w, 0, s->client_max_buffer, pbuf, out.params.len,
                                         dbuf, out.data.len, &pdone, &ddone) != MS_OK)
                return MS_SMB_E_INSUFF_RESOURCES; /* cannot happen: the floor leaves room */
            if (parts++ > 0)
                s->counters.trans_reply_parts++;
            server_emit(s, w.data, w.len);
        } while (pdone < out.params.len || ddone < out.data.len);
    }
    /* [MS-CIFS] §2.2.4.33.1: DISCONNECT_TID ends the tree after the transaction. */
    if (flags & MS_SMB_TRANS_DISCONNECT_TID) {
        Tree *t = server_tree_find(s, q->uid, q->tid);
        if (t != NULL)
            server_tree_free(s, t);
    }
    q->sent = TRUE;
    return MS_SMB_SUCCESS;
}

MsSmbError
server_transaction(Request *q, const MsSmbBlock *b)
{
    MsSmbServer *s = q->s;
    MsSmbError e = server_require_tree(q);
    if (e != MS_SMB_SUCCESS)
        return e;
    MsSmbTransRequest req;
    gboolean unicode = (q->hdr.flags2 & MS_SMB_FLAGS2_UNICODE) != 0;
    /* RAP-026: counts beyond totals, slices outside the message. */
    if (ms_smb_trans_request_parse(q->smb, b, unicode, &req) != MS_OK)
        return MS_SMB_E_INVALID_PARAMETER;
    /* RAP-027: the one pipe we serve; Samba answers others STATUS_NOT_SUPPORTED too. */
    if (!ms_smb_string_equal(&req.name, MS_SMB_PIPE_LANMAN) || s->lanman == NULL)
        return MS_SMB_E_NOT_SUPPORTED;
    /* [MS-CIFS] §3.3.5.2.5: a server that cannot hold the transaction answers
     * STATUS_INSUFF_SERVER_RESOURCES; ours holds max_trans_bytes at most. */
    if ((gsize)req.total_param_count + req.total_data_count > s->cfg.max_trans_bytes)
        return MS_SMB_E_INSUFF_RESOURCES;
    if (req.param_count == req.total_param_count && req.data_count == req.total_data_count)
        return run_transaction(q, req.flags, req.max_param_count, req.max_data_count,
                               req.params, req.param_count, req.data, req.data_count);

    /* RAP-028: a split request. One at a time: a second one while another is assembling
     * is refused, the first one kept. */
    if (s->pending.active)
        return MS_SMB_E_INSUFF_RESOURCES;
    MsSmbTransPart first = {
        .total_param_count = req.total_param_count,
        .total_data_count = req.total_data_count,
        .params = req.params,
        .param_count = req.param_count,
        .data = req.data,
        .data_count = req.data_count,
    };
    if (ms_smb_trans_assembly_add(&s->pending.assembly, &first) != MS_SMB_ASSEMBLY_MORE) {
        server_pending_clear(s);
        return MS_SMB_E_INSUFF_RESOURCES;
    }
    s->pending.active = TRUE;
    s->pending.header = q->hdr;
    s->pending.flags = req.flags;
    s->pending.max_param_count = req.max_param_count;
    s->pending.max_data_count = req.max_data_count;
    /* [MS-CIFS] §2.2.4.33.2: the interim response, WordCount 0, success. */
    s->counters.trans_interim++;
    ms_smb_empty_write(&q->w);
    return MS_SMB_SUCCESS;
}

MsSmbError
server_transaction_secondary(Request *q, const MsSmbBlock *b)
{
    MsSmbServer *s = q->s;
    PendingTrans *p = &s->pending;
    q->sent = TRUE; /* a secondary is never answered itself ([MS-CIFS] §2.2.4.34.2) */
    /* [MS-CIFS] §2.2.4.34.1: PID, MID, TID and UID are those of the primary. A secondary
     * of nothing we hold is dropped, as Samba drops it. */
    if (!p->active || p->header.mid != q->hdr.mid || p->header.pid != q->hdr.pid ||
        p->header.uid != q->hdr.uid || p->header.tid != q->hdr.tid) {
        s->counters.trans_unmatched++;
        return MS_SMB_SUCCESS;
    }
    s->counters.trans_secondaries++;
    MsSmbTransPart part;
    MsSmbAssemblyResult r = MS_SMB_ASSEMBLY_ERROR;
    if (ms_smb_trans_secondary_parse(q->smb, b, &part) == MS_OK)
        r = ms_smb_trans_assembly_add(&p->assembly, &part);
    if (r == MS_SMB_ASSEMBLY_MORE)
        return MS_SMB_SUCCESS;

    /* Done or failed: the reply is the primary's, under its command. */
    Request primary = *q;
    primary.hdr = p->header;
    primary.uid = p->header.uid;
    primary.tid = p->header.tid;
    primary.sent = FALSE;
    gboolean nt1 = s->dialect == MS_SMB_DIALECT_NT1;
    primary.nt_status = nt1 && (p->header.flags2 & MS_SMB_FLAGS2_NT_STATUS);
    primary.unicode = nt1 && (p->header.flags2 & MS_SMB_FLAGS2_UNICODE);
    MsSmbError e = MS_SMB_E_INVALID_PARAMETER;
    if (r == MS_SMB_ASSEMBLY_DONE) {
        MsSmbTransAssembly a = p->assembly;
        /* Taken over: the handler may cause the pending slot to be reused. */
        ms_smb_trans_assembly_init(&p->assembly, s->cfg.max_trans_bytes);
        p->active = FALSE;
        e = run_transaction(&primary, p->flags, p->max_param_count, p->max_data_count,
                            a.params, a.total_params, ms_smb_trans_assembly_data(&a),
                            a.total_data);
        ms_smb_trans_assembly_clear(&a);
    }
    server_pending_clear(s);
    if (e != MS_SMB_SUCCESS)
        server_send_error(&primary, MS_SMB_COM_TRANSACTION, e);
    return MS_SMB_SUCCESS;
}
