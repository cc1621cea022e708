/* The small commands: ECHO ([MS-CIFS] §2.2.4.39), TREE_DISCONNECT (§2.2.4.51) and
 * LOGOFF_ANDX (§2.2.4.54), and the empty block of every error response. */
#include <libmailslot/ms-smb-commands.h>

MsStatus
ms_smb_echo_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbEcho *out)
{
    (void)smb;
    if (b->word_count != 1)
        return MS_ERR_BAD_HEADER;
    out->count = (guint16)(b->words[0] | (b->words[1] << 8));
    out->data = b->bytes;
    out->len = b->byte_count;
    return MS_OK;
}

MsStatus
ms_smb_echo_write(MsWriter *w, const MsSmbEcho *e)
{
    ms_writer_put_u8(w, 1);
    ms_writer_put_le16(w, e->count);
    ms_writer_put_le16(w, e->len);
    ms_writer_put_bytes(w, e->data, e->len);
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

void
ms_smb_empty_write(MsWriter *w)
{
    ms_writer_put_u8(w, 0);
    ms_writer_put_le16(w, 0);
}

void
ms_smb_logoff_write(MsWriter *w)
{
    ms_writer_put_u8(w, 2);
    ms_smb_andx_write_none(w);
    ms_writer_put_le16(w, 0);
}
