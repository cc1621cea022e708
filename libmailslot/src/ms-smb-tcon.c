/* SMB_COM_TREE_CONNECT_ANDX: [MS-CIFS] §2.2.4.55, [MS-SMB] §2.2.4.7; rap.md §5. */
#include <libmailslot/ms-smb-commands.h>

#include <string.h>

#define REQUEST_WORDS 4
#define REPLY_WORDS_LANMAN 2
#define REPLY_WORDS 3
#define REPLY_WORDS_EXTENDED 7

MsStatus
ms_smb_tree_connect_request_parse(const guint8 *smb, const MsSmbBlock *b, gboolean unicode,
                                  MsSmbTreeConnectRequest *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count != REQUEST_WORDS)
        return MS_ERR_BAD_HEADER;
    MsReader r = ms_smb_block_words_reader(b);
    ms_reader_skip(&r, 4); /* AndX */
    ms_reader_get_le16(&r, &out->flags);
    ms_reader_get_le16(&r, &out->password_len);
    MsReader br = ms_smb_block_bytes_reader(smb, b);
    if (!ms_reader_get_bytes(&br, out->password_len, &out->password))
        return MS_ERR_BAD_LENGTH;
    /* The path is an SMB string; the service is OEM in every dialect ([MS-CIFS]
     * §2.2.4.55.1). Both are required. */
    if (ms_smb_string_read(&br, unicode, TRUE, &out->path) != MS_OK ||
        ms_smb_string_read(&br, FALSE, FALSE, &out->service) != MS_OK)
        return MS_ERR_BAD_LENGTH;
    return MS_OK;
}

MsStatus
ms_smb_tree_connect_request_write(MsWriter *w, gsize base, gboolean unicode,
                                  const MsSmbTreeConnectRequest *r)
{
    ms_writer_put_u8(w, REQUEST_WORDS);
    ms_smb_andx_write_none(w);
    ms_writer_put_le16(w, r->flags);
    ms_writer_put_le16(w, r->password_len);
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_writer_put_bytes(w, r->password, r->password_len);
    ms_smb_string_write(w, base, &r->path, unicode, TRUE);
    ms_smb_string_write(w, base, &r->service, FALSE, FALSE);
    if (w->len - bc_at - 2 > G_MAXUINT16)
        return MS_ERR_INVALID_ARG;
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

gboolean
ms_smb_tree_path_share(const MsSmbString *path, MsSmbString *share)
{
    gsize unit = path->unicode ? 2 : 1;
    gsize start = G_MAXSIZE;
    for (gsize i = 0; i + unit <= path->len; i += unit) {
        if (path->data[i] == '\\' && (unit == 1 || path->data[i + 1] == 0))
            start = i + unit;
    }
    if (start == G_MAXSIZE || start >= path->len)
        return FALSE;
    share->data = path->data + start;
    share->len = path->len - start;
    share->unicode = path->unicode;
    return TRUE;
}

MsStatus
ms_smb_tree_connect_reply_write(MsWriter *w, gsize base, gboolean unicode,
                                const MsSmbTreeConnectReply *r)
{
    if (r->word_count != REPLY_WORDS_LANMAN && r->word_count != REPLY_WORDS &&
        r->word_count != REPLY_WORDS_EXTENDED)
        return MS_ERR_INVALID_ARG;
    ms_writer_put_u8(w, r->word_count);
    ms_smb_andx_write_none(w);
    if (r->word_count >= REPLY_WORDS)
        ms_writer_put_le16(w, r->optional_support);
    if (r->word_count == REPLY_WORDS_EXTENDED) {
        ms_writer_put_le32(w, r->maximal_access);
        ms_writer_put_le32(w, r->guest_maximal_access);
    }
    gsize bc_at = w->len;
    ms_writer_put_le16(w, 0);
    ms_smb_string_write(w, base, &r->service, FALSE, FALSE);
    /* LAN Manager replies end with the service (as Samba answers those dialects). */
    if (r->word_count >= REPLY_WORDS)
        ms_smb_string_write(w, base, &r->native_fs, unicode, TRUE);
    ms_writer_patch_le16(w, bc_at, (guint16)(w->len - bc_at - 2));
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

MsStatus
ms_smb_tree_connect_reply_parse(const guint8 *smb, const MsSmbBlock *b, gboolean unicode,
                                MsSmbTreeConnectReply *out)
{
    memset(out, 0, sizeof *out);
    if (b->word_count != REPLY_WORDS_LANMAN && b->word_count != REPLY_WORDS &&
        b->word_count != REPLY_WORDS_EXTENDED)
        return MS_ERR_BAD_HEADER;
    out->word_count = b->word_count;
    MsReader r = ms_smb_block_words_reader(b);
    ms_reader_skip(&r, 4);
    ms_reader_get_le16(&r, &out->optional_support);
    ms_reader_get_le32(&r, &out->maximal_access);
    ms_reader_get_le32(&r, &out->guest_maximal_access);
    MsReader br = ms_smb_block_bytes_reader(smb, b);
    if (ms_smb_string_read(&br, FALSE, FALSE, &out->service) != MS_OK)
        return MS_ERR_BAD_LENGTH;
    /* NativeFileSystem is often left out by old servers; an absent one is empty. */
    if (b->word_count >= REPLY_WORDS && ms_reader_remaining(&br) > 0)
        ms_smb_string_read(&br, unicode, TRUE, &out->native_fs);
    return MS_OK;
}
