/* SMB_COM_TRANSACTION and SMB_COM_TRANSACTION_SECONDARY: [MS-CIFS] §2.2.4.33-§2.2.4.34,
 * §3.2.4.1.5 (split requests and replies), §3.3.5.2.5 (receiving one); rap.md §6. */
#include <libmailslot/ms-smb-commands.h>

#include <string.h>

/* Byte offsets of the primary request's words. */
#define REQ_PARAM_COUNT 18
#define REQ_SETUP_COUNT 26
#define REQ_SETUP 28

static gsize
align_up(gsize v, gsize to)
{
    return (v + to - 1) / to * to;
}

/* A non-empty slice must lie inside the Bytes of its block; an empty one's offset means
 * nothing (nmap sends DataOffset 0 with DataCount 0, capture frame 196). */
static gboolean
slice_inside(const guint8 *smb, const MsSmbBlock *b, guint16 offset, guint16 count,
             const guint8 **out)
{
    if (count == 0) {
        *out = NULL;
        return TRUE;
    }
    if (offset < b->bytes_offset || (gsize)offset + count > b->end)
        return FALSE;
    *out = smb + offset;
    return TRUE;
}

MsStatus
ms_smb_trans_request_parse(const guint8 *smb, const MsSmbBlock *b, gboolean unicode,
                           MsSmbTransRequest *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count < MS_SMB_TRANS_REQUEST_WORDS)
        return MS_ERR_BAD_HEADER;
    MsReader r = ms_smb_block_words_reader(b);
    guint8 reserved;
    guint16 reserved2;
    ms_reader_get_le16(&r, &out->total_param_count);
    ms_reader_get_le16(&r, &out->total_data_count);
    ms_reader_get_le16(&r, &out->max_param_count);
    ms_reader_get_le16(&r, &out->max_data_count);
    ms_reader_get_u8(&r, &out->max_setup_count);
    ms_reader_get_u8(&r, &reserved);
    ms_reader_get_le16(&r, &out->flags);
    ms_reader_get_le32(&r, &out->timeout);
    ms_reader_get_le16(&r, &reserved2);
    ms_reader_get_le16(&r, &out->param_count);
    ms_reader_get_le16(&r, &out->param_offset);
    ms_reader_get_le16(&r, &out->data_count);
    ms_reader_get_le16(&r, &out->data_offset);
    ms_reader_get_u8(&r, &out->setup_count);
    /* WordCount = 14 + SetupCount; Samba allows more words than that, and so do we. */
    if (out->setup_count > b->word_count - MS_SMB_TRANS_REQUEST_WORDS)
        return MS_ERR_BAD_HEADER;
    out->setup = b->words + REQ_SETUP;
    if (out->param_count > out->total_param_count || out->data_count > out->total_data_count)
        return MS_ERR_BAD_LENGTH;
    if (!slice_inside(smb, b, out->param_offset, out->param_count, &out->params) ||
        !slice_inside(smb, b, out->data_offset, out->data_count, &out->data))
        return MS_ERR_BAD_LENGTH;
    MsReader br = ms_smb_block_bytes_reader(smb, b);
    if (ms_smb_string_read(&br, unicode, TRUE, &out->name) != MS_OK)
        return MS_ERR_BAD_LENGTH;
    return MS_OK;
}

MsStatus
ms_smb_trans_request_write(MsWriter *w, gsize base, gboolean unicode, const MsSmbTransRequest *r)
{
    if (r->param_count > r->total_param_count || r->data_count > r->total_data_count)
        return MS_ERR_INVALID_ARG;
    gsize wc_at = w->len;
    ms_writer_put_u8(w, (guint8)(MS_SMB_TRANS_REQUEST_WORDS + r->setup_count));
    ms_writer_put_le16(w, r->total_param_count);
    ms_writer_put_le16(w, r->total_data_count);
    ms_writer_put_le16(w, r->max_param_count);
    ms_writer_put_le16(w, r->max_data_count);
    ms_writer_put_u8(w, r->max_setup_count);
    ms_writer_put_u8(w, 0);
    ms_writer_put_le16(w, r->flags);
    ms_writer_put_le32(w, r->timeout);
    ms_writer_put_le16(w, 0);
    ms_writer_put_le16(w, r->param_count);
    ms_writer_put_le16(w, 0); /* ParameterOffset, patched */
    ms_writer_put_le16(w, r->data_count);
    ms_writer_put_le16(w, 0); /* DataOffset, patched */
    ms_writer_put_u8(w, r->setup_count);
    ms_writer_put_u8(w, 0);
    ms_writer_put_bytes(w, r->setup, 2u * r->setup_count);
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_smb_string_write(w, base, &r->name, unicode, TRUE);
    ms_writer_put_zeros(w, align_up(w->len - base, 4) - (w->len - base));
    gsize param_off = w->len - base;
    ms_writer_put_bytes(w, r->params, r->param_count);
    ms_writer_put_zeros(w, align_up(w->len - base, 2) - (w->len - base));
    gsize data_off = w->len - base;
    ms_writer_put_bytes(w, r->data, r->data_count);
    if (w->len - base > G_MAXUINT16)
        return MS_ERR_INVALID_ARG;
    ms_writer_patch_le16(w, wc_at + 1 + REQ_PARAM_COUNT + 2, (guint16)param_off);
    ms_writer_patch_le16(w, wc_at + 1 + REQ_PARAM_COUNT + 6, (guint16)data_off);
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

/* Reads the six count/offset/displacement words shared by secondary requests and replies
 * and checks them against the totals and the message. */
static MsStatus
read_part(const guint8 *smb, const MsSmbBlock *b, MsReader *r, MsSmbTransPart *out)
{
    ms_reader_get_le16(r, &out->param_count);
    ms_reader_get_le16(r, &out->param_offset);
    ms_reader_get_le16(r, &out->param_displacement);
    ms_reader_get_le16(r, &out->data_count);
    ms_reader_get_le16(r, &out->data_offset);
    ms_reader_get_le16(r, &out->data_displacement);
    if ((gsize)out->param_displacement + out->param_count > out->total_param_count ||
        (gsize)out->data_displacement + out->data_count > out->total_data_count)
        return MS_ERR_BAD_LENGTH;
    if (!slice_inside(smb, b, out->param_offset, out->param_count, &out->params) ||
        !slice_inside(smb, b, out->data_offset, out->data_count, &out->data))
        return MS_ERR_BAD_LENGTH;
    return MS_OK;
}

MsStatus
ms_smb_trans_secondary_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbTransPart *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count != MS_SMB_TRANS_SECONDARY_WORDS)
        return MS_ERR_BAD_HEADER;
    MsReader r = ms_smb_block_words_reader(b);
    ms_reader_get_le16(&r, &out->total_param_count);
    ms_reader_get_le16(&r, &out->total_data_count);
    return read_part(smb, b, &r, out);
}

/* Bytes of a part: pad, parameters on a 4-byte boundary, pad, data on `data_align`. */
static void
write_slices(MsWriter *w, gsize base, gsize wc_at, gsize first_offset_word,
             const MsSmbTransPart *p, gsize data_align)
{
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_writer_put_zeros(w, align_up(w->len - base, 4) - (w->len - base));
    gsize param_off = w->len - base;
    ms_writer_put_bytes(w, p->params, p->param_count);
    if (p->data_count > 0)
        ms_writer_put_zeros(w, align_up(w->len - base, data_align) - (w->len - base));
    gsize data_off = w->len - base;
    ms_writer_put_bytes(w, p->data, p->data_count);
    ms_writer_patch_le16(w, wc_at + 1 + first_offset_word, (guint16)param_off);
    ms_writer_patch_le16(w, wc_at + 1 + first_offset_word + 6, (guint16)data_off);
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
}

static void
write_part_words(MsWriter *w, const MsSmbTransPart *p)
{
    ms_writer_put_le16(w, p->param_count);
    ms_writer_put_le16(w, 0); /* ParameterOffset, patched */
    ms_writer_put_le16(w, p->param_displacement);
    ms_writer_put_le16(w, p->data_count);
    ms_writer_put_le16(w, 0); /* DataOffset, patched */
    ms_writer_put_le16(w, p->data_displacement);
}

MsStatus
ms_smb_trans_secondary_write(MsWriter *w, gsize base, const MsSmbTransPart *p)
{
    gsize wc_at = w->len;
    ms_writer_put_u8(w, MS_SMB_TRANS_SECONDARY_WORDS);
    ms_writer_put_le16(w, p->total_param_count);
    ms_writer_put_le16(w, p->total_data_count);
    write_part_words(w, p);
    write_slices(w, base, wc_at, 6, p, 2);
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

MsStatus
ms_smb_trans_reply_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbTransPart *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count == 0)
        return MS_ERR_UNSUPPORTED; /* the interim response to a split request */
    if (b->word_count < MS_SMB_TRANS_REPLY_WORDS)
        return MS_ERR_BAD_HEADER;
    MsReader r = ms_smb_block_words_reader(b);
    ms_reader_get_le16(&r, &out->total_param_count);
    ms_reader_get_le16(&r, &out->total_data_count);
    ms_reader_skip(&r, 2); /* Reserved */
    MsStatus st = read_part(smb, b, &r, out);
    if (st != MS_OK)
        return st;
    guint8 setup_count = 0; /* WordCount was checked above: the read succeeds */
    ms_reader_get_u8(&r, &setup_count);
    if (setup_count > b->word_count - MS_SMB_TRANS_REPLY_WORDS)
        return MS_ERR_BAD_HEADER;
    return MS_OK;
}

/* Where the Bytes of a TRANSACTION reply start: header, WordCount, 10 words, ByteCount. */
#define REPLY_BYTES_AT (MS_SMB_HEADER_LEN + 1 + 2 * MS_SMB_TRANS_REPLY_WORDS + 2)

MsStatus
ms_smb_trans_reply_write(MsWriter *w, gsize base, gsize max_message, const guint8 *params,
                         gsize plen, const guint8 *data, gsize dlen, gsize *params_done,
                         gsize *data_done)
{
    if (plen > G_MAXUINT16 || dlen > G_MAXUINT16 || *params_done > plen || *data_done > dlen ||
        w->len - base != MS_SMB_HEADER_LEN)
        return MS_ERR_INVALID_ARG;
    /* Offsets are 16-bit: a bigger message could not point at its own tail. */
    max_message = MIN(max_message, G_MAXUINT16);
    gsize param_off = align_up(REPLY_BYTES_AT, 4);
    if (max_message <= param_off)
        return MS_ERR_NO_SPACE;
    gsize p_now = MIN(plen - *params_done, max_message - param_off);
    gsize data_off = align_up(param_off + p_now, 4);
    gsize d_now = MIN(dlen - *data_done, max_message > data_off ? max_message - data_off : 0);
    if (p_now == 0 && d_now == 0 && plen + dlen > *params_done + *data_done)
        return MS_ERR_NO_SPACE;

    MsSmbTransPart p = {
        .total_param_count = (guint16)plen,
        .total_data_count = (guint16)dlen,
        .params = params ? params + *params_done : NULL,
        .param_count = (guint16)p_now,
        .param_displacement = (guint16)*params_done,
        .data = data ? data + *data_done : NULL,
        .data_count = (guint16)d_now,
        .data_displacement = (guint16)*data_done,
    };
    gsize wc_at = w->len;
    ms_writer_put_u8(w, MS_SMB_TRANS_REPLY_WORDS);
    ms_writer_put_le16(w, p.total_param_count);
    ms_writer_put_le16(w, p.total_data_count);
    ms_writer_put_le16(w, 0); /* Reserved */
    write_part_words(w, &p);
    ms_writer_put_u8(w, 0); /* SetupCount */
    ms_writer_put_u8(w, 0);
    write_slices(w, base, wc_at, 8, &p, 4);
    if (w->overflow)
        return MS_ERR_NO_SPACE;
    *params_done += p_now;
    *data_done += d_now;
    return MS_OK;
}

void
ms_smb_trans_assembly_init(MsSmbTransAssembly *a, gsize max_bytes)
{
    memset(a, 0, sizeof *a);
    a->max_bytes = max_bytes;
}

void
ms_smb_trans_assembly_clear(MsSmbTransAssembly *a)
{
    g_free(a->params);
    ms_smb_trans_assembly_init(a, a->max_bytes);
}

MsSmbAssemblyResult
ms_smb_trans_assembly_add(MsSmbTransAssembly *a, const MsSmbTransPart *p)
{
    if (!a->started) {
        gsize total = (gsize)p->total_param_count + p->total_data_count;
        if (total > a->max_bytes)
            return MS_SMB_ASSEMBLY_ERROR;
        a->params = g_malloc0(MAX(total, 1));
        a->total_params = p->total_param_count;
        a->total_data = p->total_data_count;
        a->started = TRUE;
    } else if (p->total_param_count != a->total_params || p->total_data_count != a->total_data) {
        if (p->total_param_count > a->total_params || p->total_data_count > a->total_data ||
            a->got_params > p->total_param_count || a->got_data > p->total_data_count)
            return MS_SMB_ASSEMBLY_ERROR;
        /* The data block follows the parameters: move it down when they shrink. */
        memmove(a->params + p->total_param_count, a->params + a->total_params,
                p->total_data_count);
        a->total_params = p->total_param_count;
        a->total_data = p->total_data_count;
    }
    if ((gsize)p->param_displacement + p->param_count > a->total_params ||
        (gsize)p->data_displacement + p->data_count > a->total_data)
        return MS_SMB_ASSEMBLY_ERROR;
    if (p->param_count > 0)
        memcpy(a->params + p->param_displacement, p->params, p->param_count);
    if (p->data_count > 0)
        memcpy(a->params + a->total_params + p->data_displacement, p->data, p->data_count);
    a->got_params += p->param_count;
    a->got_data += p->data_count;
    return a->got_params >= a->total_params && a->got_data >= a->total_data
               ? MS_SMB_ASSEMBLY_DONE
               : MS_SMB_ASSEMBLY_MORE;
}
