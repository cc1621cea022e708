/* The SMB1 header and command blocks: [MS-CIFS] §2.2.3.1-§2.2.3.4. */
#include <libmailslot/ms-smb.h>

#include <string.h>

/* Offsets inside the header. */
#define OFF_COMMAND 4
#define OFF_STATUS 5
#define OFF_FLAGS 9
#define OFF_FLAGS2 10
#define OFF_PID_HIGH 12
#define OFF_SIGNATURE 14
#define OFF_TID 24

MsStatus
ms_smb_header_parse(const guint8 *smb, gsize len, MsSmbHeader *out)
{
    if (len < 4)
        return MS_ERR_TRUNCATED;
    /* RAP-007: SMB2 shares the transport but not the format. */
    if (memcmp(smb, "\xFESMB", 4) == 0)
        return MS_ERR_UNSUPPORTED;
    if (memcmp(smb, "\xFFSMB", 4) != 0)
        return MS_ERR_BAD_HEADER;
    if (len < MS_SMB_MIN_LEN)
        return MS_ERR_TRUNCATED;
    MsReader r = ms_reader_init(smb, len);
    r.pos = OFF_COMMAND;
    ms_reader_get_u8(&r, &out->command);
    ms_reader_get_le32(&r, &out->status);
    ms_reader_get_u8(&r, &out->flags);
    ms_reader_get_le16(&r, &out->flags2);
    ms_reader_get_le16(&r, &out->pid_high);
    memcpy(out->signature, smb + OFF_SIGNATURE, sizeof out->signature);
    r.pos = OFF_TID; /* after the 2 reserved bytes */
    ms_reader_get_le16(&r, &out->tid);
    ms_reader_get_le16(&r, &out->pid);
    ms_reader_get_le16(&r, &out->uid);
    ms_reader_get_le16(&r, &out->mid);
    return MS_OK;
}

void
ms_smb_header_write(MsWriter *w, const MsSmbHeader *h)
{
    ms_writer_put_bytes(w, "\xFFSMB", 4);
    ms_writer_put_u8(w, h->command);
    ms_writer_put_le32(w, h->status);
    ms_writer_put_u8(w, h->flags);
    ms_writer_put_le16(w, h->flags2);
    ms_writer_put_le16(w, h->pid_high);
    ms_writer_put_bytes(w, h->signature, sizeof h->signature);
    ms_writer_put_le16(w, 0); /* Reserved */
    ms_writer_put_le16(w, h->tid);
    ms_writer_put_le16(w, h->pid);
    ms_writer_put_le16(w, h->uid);
    ms_writer_put_le16(w, h->mid);
}

MsStatus
ms_smb_block_parse(const guint8 *smb, gsize len, gsize offset, guint8 command, MsSmbBlock *out)
{
    if (offset > len)
        return MS_ERR_TRUNCATED;
    MsReader r = ms_reader_init(smb, len);
    r.pos = offset;
    guint8 wc;
    guint16 bc;
    const guint8 *words, *bytes;
    if (!ms_reader_get_u8(&r, &wc) || !ms_reader_get_bytes(&r, 2u * wc, &words) ||
        !ms_reader_get_le16(&r, &bc))
        return MS_ERR_TRUNCATED;
    gsize bytes_offset = r.pos;
    if (!ms_reader_get_bytes(&r, bc, &bytes))
        return MS_ERR_TRUNCATED;
    out->command = command;
    out->offset = offset;
    out->word_count = wc;
    out->words = words;
    out->byte_count = bc;
    out->bytes = bytes;
    out->bytes_offset = bytes_offset;
    out->end = r.pos;
    return MS_OK;
}

MsReader
ms_smb_block_bytes_reader(const guint8 *smb, const MsSmbBlock *b)
{
    MsReader r = ms_reader_init(smb, b->end);
    r.pos = b->bytes_offset;
    return r;
}

MsReader
ms_smb_block_words_reader(const MsSmbBlock *b)
{
    return ms_reader_init(b->words, 2u * b->word_count);
}

gboolean
ms_smb_command_is_andx(guint8 command)
{
    switch (command) {
    case MS_SMB_COM_SESSION_SETUP_ANDX:
    case MS_SMB_COM_LOGOFF_ANDX:
    case MS_SMB_COM_TREE_CONNECT_ANDX:
    case MS_SMB_COM_NT_CREATE_ANDX:
        return TRUE;
    default:
        return FALSE;
    }
}

MsStatus
ms_smb_block_next(const MsSmbBlock *b, gsize len, guint8 *next_command, gsize *next_offset)
{
    *next_command = MS_SMB_COM_NONE;
    *next_offset = 0;
    /* An error response to an AndX command has no words, so no link: the chain ends
     * there ([MS-CIFS] §3.3.4.1.2: the error response is the last of a chain). */
    if (!ms_smb_command_is_andx(b->command) || b->word_count == 0)
        return MS_OK;
    if (b->word_count < 2)
        return MS_ERR_TRUNCATED;
    MsReader r = ms_smb_block_words_reader(b);
    guint8 cmd, reserved;
    guint16 off;
    ms_reader_get_u8(&r, &cmd);
    ms_reader_get_u8(&r, &reserved);
    ms_reader_get_le16(&r, &off);
    /* The offset is only meaningful with a next command: nmap sends 0xFF with a stale
     * offset (capture frame 190). */
    if (cmd == MS_SMB_COM_NONE)
        return MS_OK;
    if (off < b->end || off >= len)
        return MS_ERR_BAD_POINTER;
    *next_command = cmd;
    *next_offset = off;
    return MS_OK;
}

MsStatus
ms_smb_chain_parse(const guint8 *smb, gsize len, guint8 command, MsSmbBlock *blocks, guint max,
                   guint *n)
{
    gsize offset = MS_SMB_HEADER_LEN;
    *n = 0;
    do {
        if (*n == max)
            return MS_ERR_NO_SPACE;
        MsSmbBlock *b = &blocks[*n];
        MsStatus st = ms_smb_block_parse(smb, len, offset, command, b);
        if (st != MS_OK)
            return st;
        (*n)++;
        st = ms_smb_block_next(b, len, &command, &offset);
        if (st != MS_OK)
            return st;
    } while (command != MS_SMB_COM_NONE);
    return MS_OK;
}

void
ms_smb_andx_link(MsWriter *w, gsize base, gsize block_at, guint8 next_command, gsize next_at)
{
    if (w->overflow || block_at + 5 > w->len)
        return;
    w->data[block_at + 1] = next_command;
    w->data[block_at + 2] = 0;
    ms_writer_patch_le16(w, block_at + 3, (guint16)(next_at - base));
}

void
ms_smb_andx_write_none(MsWriter *w)
{
    ms_writer_put_u8(w, MS_SMB_COM_NONE);
    ms_writer_put_u8(w, 0);
    ms_writer_put_le16(w, 0);
}
