/* SMB_COM_SESSION_SETUP_ANDX: [MS-CIFS] §2.2.4.53, [MS-SMB] §2.2.4.6; rap.md §4. */
#include <libmailslot/ms-smb-commands.h>

#include <string.h>

#define WORDS_LANMAN 10
#define WORDS_EXTENDED 12
#define WORDS_NT1 13
#define REPLY_WORDS 3

/* Reads the trailing strings in order; one that is missing or unterminated ends the list
 * and it and the rest stay empty (Samba tolerates clients that leave them out). */
static void
read_strings(MsReader *r, gboolean unicode, MsSmbString *const *strings, guint n)
{
    for (guint i = 0; i < n; i++)
        memset(strings[i], 0, sizeof *strings[i]);
    for (guint i = 0; i < n; i++) {
        if (ms_reader_remaining(r) == 0 ||
            ms_smb_string_read(r, unicode, TRUE, strings[i]) != MS_OK)
            return;
    }
}

MsStatus
ms_smb_session_setup_request_parse(const guint8 *smb, const MsSmbBlock *b, gboolean unicode,
                                   MsSmbSessionSetupRequest *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count != WORDS_LANMAN && b->word_count != WORDS_EXTENDED &&
        b->word_count != WORDS_NT1)
        return MS_ERR_BAD_HEADER;
    out->word_count = b->word_count;
    MsReader r = ms_smb_block_words_reader(b);
    guint16 len1 = 0, len2 = 0;
    ms_reader_skip(&r, 4); /* AndX */
    ms_reader_get_le16(&r, &out->max_buffer_size);
    ms_reader_get_le16(&r, &out->max_mpx_count);
    ms_reader_get_le16(&r, &out->vc_number);
    ms_reader_get_le32(&r, &out->session_key);
    ms_reader_get_le16(&r, &len1);
    if (b->word_count == WORDS_NT1)
        ms_reader_get_le16(&r, &len2);
    ms_reader_skip(&r, 4); /* Reserved */
    if (b->word_count != WORDS_LANMAN)
        ms_reader_get_le32(&r, &out->capabilities);

    MsReader br = ms_smb_block_bytes_reader(smb, b);
    if (b->word_count == WORDS_EXTENDED) {
        if (!ms_reader_get_bytes(&br, len1, &out->security_blob))
            return MS_ERR_BAD_LENGTH;
        out->security_blob_len = len1;
        return MS_OK;
    }
    if (!ms_reader_get_bytes(&br, len1, &out->password) ||
        !ms_reader_get_bytes(&br, len2, &out->unicode_password))
        return MS_ERR_BAD_LENGTH;
    out->password_len = len1;
    out->unicode_password_len = len2;
    MsSmbString *strings[] = {&out->account, &out->domain, &out->native_os, &out->native_lanman};
    read_strings(&br, unicode, strings, G_N_ELEMENTS(strings));
    return MS_OK;
}

MsStatus
ms_smb_session_setup_request_write(MsWriter *w, gsize base, gboolean unicode,
                                   const MsSmbSessionSetupRequest *r)
{
    if (r->word_count != WORDS_LANMAN && r->word_count != WORDS_NT1)
        return MS_ERR_INVALID_ARG;
    gboolean nt = r->word_count == WORDS_NT1;
    ms_writer_put_u8(w, r->word_count);
    ms_smb_andx_write_none(w);
    ms_writer_put_le16(w, r->max_buffer_size);
    ms_writer_put_le16(w, r->max_mpx_count);
    ms_writer_put_le16(w, r->vc_number);
    ms_writer_put_le32(w, r->session_key);
    ms_writer_put_le16(w, r->password_len);
    if (nt)
        ms_writer_put_le16(w, r->unicode_password_len);
    ms_writer_put_le32(w, 0); /* Reserved */
    if (nt)
        ms_writer_put_le32(w, r->capabilities);
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_writer_put_bytes(w, r->password, r->password_len);
    if (nt)
        ms_writer_put_bytes(w, r->unicode_password, r->unicode_password_len);
    const MsSmbString *strings[] = {&r->account, &r->domain, &r->native_os, &r->native_lanman};
    for (guint i = 0; i < G_N_ELEMENTS(strings); i++)
        ms_smb_string_write(w, base, strings[i], unicode, TRUE);
    if (w->len - bc_at - 2 > G_MAXUINT16)
        return MS_ERR_INVALID_ARG;
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

MsStatus
ms_smb_session_setup_reply_write(MsWriter *w, gsize base, gboolean unicode,
                                 const MsSmbSessionSetupReply *r)
{
    ms_writer_put_u8(w, REPLY_WORDS);
    ms_smb_andx_write_none(w);
    ms_writer_put_le16(w, r->action);
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    if (r->native_os.data != NULL) {
        ms_smb_string_write(w, base, &r->native_os, unicode, TRUE);
        ms_smb_string_write(w, base, &r->native_lanman, unicode, TRUE);
        ms_smb_string_write(w, base, &r->primary_domain, unicode, TRUE);
    }
    if (w->len - bc_at - 2 > G_MAXUINT16)
        return MS_ERR_INVALID_ARG;
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

MsStatus
ms_smb_session_setup_reply_parse(const guint8 *smb, const MsSmbBlock *b, gboolean unicode,
                                 MsSmbSessionSetupReply *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count != REPLY_WORDS)
        return MS_ERR_BAD_HEADER;
    MsReader r = ms_smb_block_words_reader(b);
    ms_reader_skip(&r, 4);
    ms_reader_get_le16(&r, &out->action);
    MsReader br = ms_smb_block_bytes_reader(smb, b);
    MsSmbString *strings[] = {&out->native_os, &out->native_lanman, &out->primary_domain};
    read_strings(&br, unicode, strings, G_N_ELEMENTS(strings));
    return MS_OK;
}
