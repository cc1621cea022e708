/* SMB_COM_NEGOTIATE: [MS-CIFS] §2.2.4.52, §3.3.5.42; [MS-SMB] §2.2.4.5.2.2; rap.md §3. */
#include <libmailslot/ms-smb-commands.h>

#include <string.h>

#define DIALECT_BUFFER_FORMAT 0x02
#define NT1_WORDS 17
#define LANMAN_WORDS 13

/* Most desired first. Both NT names select the NT LM 0.12 reply (Samba treats "NT LANMAN
 * 1.0" as the same dialect). The LAN Manager names all take the WordCount 13 reply
 * ([MS-CIFS] §2.2.4.52.2: "any dialect from LAN Manager 1.0 through LAN Manager 2.1");
 * "MICROSOFT NETWORKS 3.0" is what DOS LAN Manager clients call LANMAN1.0. */
static const struct {
    const char *name;
    MsSmbDialect dialect;
} DIALECTS[] = {
    {MS_SMB_DIALECT_NT_LM_012, MS_SMB_DIALECT_NT1},
    {"NT LANMAN 1.0", MS_SMB_DIALECT_NT1},
    {"LANMAN2.1", MS_SMB_DIALECT_LANMAN},
    {"DOS LANMAN2.1", MS_SMB_DIALECT_LANMAN},
    {"LM1.2X002", MS_SMB_DIALECT_LANMAN},
    {"DOS LM1.2X002", MS_SMB_DIALECT_LANMAN},
    {"LANMAN1.0", MS_SMB_DIALECT_LANMAN},
    {"Windows for Workgroups 3.1a", MS_SMB_DIALECT_LANMAN},
    {"MICROSOFT NETWORKS 3.0", MS_SMB_DIALECT_LANMAN},
};

MsStatus
ms_smb_negotiate_request_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbNegotiateRequest *out)
{
    (void)smb;
    if (b->word_count != 0)
        return MS_ERR_BAD_HEADER;
    /* Each dialect is BufferFormat 0x02 and a NUL-terminated name; nothing else may be in
     * the Bytes, and there must be at least one. */
    guint count = 0;
    gsize pos = 0;
    while (pos < b->byte_count) {
        if (b->bytes[pos] != DIALECT_BUFFER_FORMAT)
            return MS_ERR_BAD_LENGTH;
        const guint8 *nul = memchr(b->bytes + pos + 1, 0, b->byte_count - pos - 1);
        if (nul == NULL)
            return MS_ERR_TRUNCATED;
        pos = (gsize)(nul - b->bytes) + 1;
        count++;
    }
    if (count == 0)
        return MS_ERR_BAD_LENGTH;
    out->list = b->bytes;
    out->len = b->byte_count;
    out->count = count;
    return MS_OK;
}

gboolean
ms_smb_negotiate_request_next(const MsSmbNegotiateRequest *req, gsize *pos, const char **name)
{
    if (*pos >= req->len)
        return FALSE;
    *name = (const char *)req->list + *pos + 1;
    *pos += strlen(*name) + 2;
    return TRUE;
}

guint16
ms_smb_dialect_choose(const MsSmbNegotiateRequest *req, MsSmbDialect *dialect)
{
    for (gsize d = 0; d < G_N_ELEMENTS(DIALECTS); d++) {
        gsize pos = 0;
        const char *name;
        guint index = 0;
        gint found = -1;
        while (ms_smb_negotiate_request_next(req, &pos, &name)) {
            if (g_ascii_strcasecmp(name, DIALECTS[d].name) == 0)
                found = (gint)index;
            index++;
        }
        /* An index must fit the 16-bit DialectIndex; a list that long is not a client's. */
        if (found >= 0 && found < MS_SMB_NO_DIALECT) {
            *dialect = DIALECTS[d].dialect;
            return (guint16)found;
        }
    }
    *dialect = MS_SMB_DIALECT_NONE;
    return MS_SMB_NO_DIALECT;
}

MsStatus
ms_smb_negotiate_request_write(MsWriter *w, const char *const *dialects, guint count)
{
    gsize bytes = 0;
    for (guint i = 0; i < count; i++)
        bytes += strlen(dialects[i]) + 2;
    if (count == 0 || bytes > G_MAXUINT16)
        return MS_ERR_INVALID_ARG;
    ms_writer_put_u8(w, 0);
    ms_writer_put_le16(w, (guint16)bytes);
    for (guint i = 0; i < count; i++) {
        ms_writer_put_u8(w, DIALECT_BUFFER_FORMAT);
        ms_writer_put_bytes(w, dialects[i], strlen(dialects[i]) + 1);
    }
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

/* NT LM 0.12, non-extended security ([MS-SMB] §2.2.4.5.2.2). */
static void
write_nt1(MsWriter *w, const MsSmbNegotiateReply *r)
{
    ms_writer_put_u8(w, NT1_WORDS);
    ms_writer_put_le16(w, r->dialect_index);
    ms_writer_put_u8(w, (guint8)r->security_mode);
    ms_writer_put_le16(w, r->max_mpx_count);
    ms_writer_put_le16(w, r->max_number_vcs);
    ms_writer_put_le32(w, r->max_buffer_size);
    ms_writer_put_le32(w, r->max_raw_size);
    ms_writer_put_le32(w, r->session_key);
    ms_writer_put_le32(w, r->capabilities);
    ms_writer_put_le32(w, (guint32)r->system_time);
    ms_writer_put_le32(w, (guint32)(r->system_time >> 32));
    ms_writer_put_le16(w, (guint16)r->time_zone);
    ms_writer_put_u8(w, r->challenge_len);
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_writer_put_bytes(w, r->challenge, r->challenge_len);
    /* Both names are UTF-16 and unpadded whatever Flags2 says: Samba's server sends them
     * so (capture frame 129) and its client reads them so (rap.md §3.3). */
    ms_smb_string_write(w, 0, &r->domain, TRUE, FALSE);
    if (r->server.data != NULL)
        ms_smb_string_write(w, 0, &r->server, TRUE, FALSE);
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
}

/* LAN Manager 1.0 - 2.1 ([MS-CIFS] §2.2.4.52.2, [XOPEN-SMB]). */
static void
write_lanman(MsWriter *w, const MsSmbNegotiateReply *r)
{
    ms_writer_put_u8(w, LANMAN_WORDS);
    ms_writer_put_le16(w, r->dialect_index);
    ms_writer_put_le16(w, r->security_mode);
    ms_writer_put_le16(w, (guint16)MIN(r->max_buffer_size, G_MAXUINT16));
    ms_writer_put_le16(w, r->max_mpx_count);
    ms_writer_put_le16(w, r->max_number_vcs);
    ms_writer_put_le16(w, r->raw_mode);
    ms_writer_put_le32(w, r->session_key);
    ms_writer_put_le16(w, r->server_time);
    ms_writer_put_le16(w, r->server_date);
    ms_writer_put_le16(w, (guint16)r->time_zone);
    ms_writer_put_le16(w, r->challenge_len);
    ms_writer_put_le16(w, 0); /* Reserved */
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_writer_put_bytes(w, r->challenge, r->challenge_len);
    if (r->domain.data != NULL)
        ms_smb_string_write(w, 0, &r->domain, FALSE, FALSE);
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
}

MsStatus
ms_smb_negotiate_reply_write(MsWriter *w, const MsSmbNegotiateReply *r)
{
    if (r->challenge_len != 0 && (r->challenge_len != 8 || r->challenge == NULL))
        return MS_ERR_INVALID_ARG;
    switch (r->dialect) {
    case MS_SMB_DIALECT_NT1:
        write_nt1(w, r);
        break;
    case MS_SMB_DIALECT_LANMAN:
        write_lanman(w, r);
        break;
    case MS_SMB_DIALECT_NONE:
        /* [MS-CIFS] §2.2.4.52.2: WordCount 1, the index only. */
        ms_writer_put_u8(w, 1);
        ms_writer_put_le16(w, r->dialect_index);
        ms_writer_put_le16(w, 0);
        break;
    }
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

static MsStatus
parse_nt1(const guint8 *smb, const MsSmbBlock *b, MsSmbNegotiateReply *out)
{
    MsReader r = ms_smb_block_words_reader(b);
    /* The caller checked WordCount, so every read below succeeds; the zeros only tell the
     * optimiser so. */
    guint8 mode = 0, keylen = 0;
    guint32 lo = 0, hi = 0;
    guint16 tz = 0;
    ms_reader_get_le16(&r, &out->dialect_index);
    ms_reader_get_u8(&r, &mode);
    ms_reader_get_le16(&r, &out->max_mpx_count);
    ms_reader_get_le16(&r, &out->max_number_vcs);
    ms_reader_get_le32(&r, &out->max_buffer_size);
    ms_reader_get_le32(&r, &out->max_raw_size);
    ms_reader_get_le32(&r, &out->session_key);
    ms_reader_get_le32(&r, &out->capabilities);
    ms_reader_get_le32(&r, &lo);
    ms_reader_get_le32(&r, &hi);
    ms_reader_get_le16(&r, &tz);
    ms_reader_get_u8(&r, &keylen);
    out->security_mode = mode;
    out->system_time = lo | ((guint64)hi << 32);
    out->time_zone = (gint16)tz;
    if (out->capabilities & MS_SMB_CAP_EXTENDED_SECURITY)
        return MS_OK; /* ServerGUID and a security blob: nothing of ours */
    MsReader br = ms_smb_block_bytes_reader(smb, b);
    if (!ms_reader_get_bytes(&br, keylen, &out->challenge))
        return MS_ERR_BAD_LENGTH;
    out->challenge_len = keylen;
    /* [MS-SMB] §2.2.4.5.2.2: the names are there when ByteCount leaves room for them. */
    if (ms_reader_remaining(&br) > 0 &&
        ms_smb_string_read(&br, TRUE, FALSE, &out->domain) == MS_OK &&
        ms_reader_remaining(&br) > 0)
        ms_smb_string_read(&br, TRUE, FALSE, &out->server);
    return MS_OK;
}

static MsStatus
parse_lanman(const guint8 *smb, const MsSmbBlock *b, MsSmbNegotiateReply *out)
{
    MsReader r = ms_smb_block_words_reader(b);
    guint16 buf = 0, tz = 0, keylen = 0; /* WordCount checked by the caller, as above */
    ms_reader_get_le16(&r, &out->dialect_index);
    ms_reader_get_le16(&r, &out->security_mode);
    ms_reader_get_le16(&r, &buf);
    ms_reader_get_le16(&r, &out->max_mpx_count);
    ms_reader_get_le16(&r, &out->max_number_vcs);
    ms_reader_get_le16(&r, &out->raw_mode);
    ms_reader_get_le32(&r, &out->session_key);
    ms_reader_get_le16(&r, &out->server_time);
    ms_reader_get_le16(&r, &out->server_date);
    ms_reader_get_le16(&r, &tz);
    ms_reader_get_le16(&r, &keylen);
    out->max_buffer_size = buf;
    out->time_zone = (gint16)tz;
    MsReader br = ms_smb_block_bytes_reader(smb, b);
    if (keylen > G_MAXUINT8 || !ms_reader_get_bytes(&br, keylen, &out->challenge))
        return MS_ERR_BAD_LENGTH;
    out->challenge_len = (guint8)keylen;
    if (ms_reader_remaining(&br) > 0)
        ms_smb_string_read(&br, FALSE, FALSE, &out->domain);
    return MS_OK;
}

MsStatus
ms_smb_negotiate_reply_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbNegotiateReply *out)
{
    memset(out, 0, sizeof *out);
    switch (b->word_count) {
    case 1:
        out->dialect = MS_SMB_DIALECT_NONE;
        out->dialect_index = (guint16)(b->words[0] | (b->words[1] << 8));
        return MS_OK;
    case LANMAN_WORDS:
        out->dialect = MS_SMB_DIALECT_LANMAN;
        return parse_lanman(smb, b, out);
    case NT1_WORDS:
        out->dialect = MS_SMB_DIALECT_NT1;
        return parse_nt1(smb, b, out);
    default:
        return MS_ERR_BAD_HEADER;
    }
}
