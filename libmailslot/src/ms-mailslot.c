/* Mailslot writes in SMB_COM_TRANSACTION: [MS-MAIL] §2.2.1, §3.2.5.1; mailslot.md. */
#include <libmailslot/ms-mailslot.h>

#include <string.h>

#define SMB_MAGIC "\xFFSMB"
#define SMB_HEADER_LEN 32
#define SMB_COM_TRANSACTION 0x25
#define TRANS_WORD_COUNT 17
#define TRANS_SETUP_COUNT 3
#define MAILSLOT_OPCODE_WRITE 1
/* Offsets inside the transaction request, from the 0xFF. */
#define OFF_COMMAND 4
#define OFF_WORD_COUNT 32
#define OFF_DATA_COUNT 55
#define OFF_SETUP_COUNT 59
#define OFF_SETUP 61

gboolean
ms_mailslot_name_is(const MsMailslotWrite *m, const char *name)
{
    return strlen(name) == m->name_len && g_ascii_strncasecmp(m->name, name, m->name_len) == 0;
}

MsStatus
ms_mailslot_parse(const guint8 *smb, gsize len, MsMailslotWrite *out)
{
    MsReader r = ms_reader_init(smb, len);
    guint16 data_count, data_offset, opcode, priority, klass;
    guint8 word_count, setup_count;

    if (len < MS_MAILSLOT_NAME_OFFSET + 1)
        return MS_ERR_TRUNCATED;
    if (memcmp(smb, SMB_MAGIC, 4) != 0 || smb[OFF_COMMAND] != SMB_COM_TRANSACTION)
        return MS_ERR_BAD_HEADER;
    r.pos = OFF_WORD_COUNT;
    ms_reader_get_u8(&r, &word_count);
    r.pos = OFF_DATA_COUNT;
    ms_reader_get_le16(&r, &data_count);
    ms_reader_get_le16(&r, &data_offset);
    r.pos = OFF_SETUP_COUNT;
    ms_reader_get_u8(&r, &setup_count);
    r.pos = OFF_SETUP;
    ms_reader_get_le16(&r, &opcode);
    ms_reader_get_le16(&r, &priority);
    ms_reader_get_le16(&r, &klass);
    if (word_count != TRANS_WORD_COUNT || setup_count != TRANS_SETUP_COUNT ||
        opcode != MAILSLOT_OPCODE_WRITE)
        return MS_ERR_BAD_HEADER;

    /* ByteCount is ignored (Windows ignores it too); the name runs to its NUL. */
    const char *name = (const char *)smb + MS_MAILSLOT_NAME_OFFSET;
    const char *nul = memchr(name, '\0', len - MS_MAILSLOT_NAME_OFFSET);
    if (nul == NULL)
        return MS_ERR_TRUNCATED;
    gsize name_len = (gsize)(nul - name);
    gsize prefix_len = strlen(MS_MAILSLOT_PREFIX);
    if (name_len < prefix_len || g_ascii_strncasecmp(name, MS_MAILSLOT_PREFIX, prefix_len) != 0)
        return MS_ERR_BAD_HEADER;

    /* The data is found through DataOffset/DataCount alone, after the name (MAIL-005/006). */
    if (data_count == 0 || data_offset < MS_MAILSLOT_NAME_OFFSET + name_len + 1)
        return MS_ERR_BAD_LENGTH;
    if ((gsize)data_offset + data_count > len)
        return MS_ERR_TRUNCATED;

    out->name = name;
    out->name_len = name_len;
    out->data = smb + data_offset;
    out->data_len = data_count;
    out->priority = priority;
    out->klass = klass;
    return MS_OK;
}

MsStatus
ms_mailslot_build(MsWriter *w, const char *mailslot, guint16 priority, const guint8 *data,
                  gsize data_len)
{
    gsize name_size = strlen(mailslot) + 1;
    gsize data_offset = MS_MAILSLOT_NAME_OFFSET + name_size;
    if (data_len == 0 || data_offset + data_len > G_MAXUINT16 ||
        g_ascii_strncasecmp(mailslot, MS_MAILSLOT_PREFIX, strlen(MS_MAILSLOT_PREFIX)) != 0)
        return MS_ERR_INVALID_ARG;

    /* SMB header: Protocol and Command; Status, Flags, Flags2, PID, TID, UID, MID all zero as
     * in the [MS-BRWS] §4.1 capture and Samba (MAIL-013). */
    ms_writer_put_bytes(w, SMB_MAGIC, 4);
    ms_writer_put_u8(w, SMB_COM_TRANSACTION);
    ms_writer_put_zeros(w, SMB_HEADER_LEN - 5);

    ms_writer_put_u8(w, TRANS_WORD_COUNT);
    ms_writer_put_le16(w, 0);                  /* TotalParameterCount */
    ms_writer_put_le16(w, (guint16)data_len);  /* TotalDataCount */
    ms_writer_put_le16(w, 0);                  /* MaxParameterCount */
    ms_writer_put_le16(w, 0);                  /* MaxDataCount */
    ms_writer_put_u8(w, 0);                    /* MaxSetupCount */
    ms_writer_put_u8(w, 0);                    /* Reserved */
    ms_writer_put_le16(w, 0);                  /* Flags */
    ms_writer_put_le32(w, 0);                  /* Timeout */
    ms_writer_put_le16(w, 0);                  /* Reserved2 */
    ms_writer_put_le16(w, 0);                  /* ParameterCount */
    ms_writer_put_le16(w, 0);                  /* ParameterOffset */
    ms_writer_put_le16(w, (guint16)data_len);  /* DataCount */
    ms_writer_put_le16(w, (guint16)data_offset);
    ms_writer_put_u8(w, TRANS_SETUP_COUNT);
    ms_writer_put_u8(w, 0);                    /* Reserved3 */
    ms_writer_put_le16(w, MAILSLOT_OPCODE_WRITE);
    ms_writer_put_le16(w, priority);
    ms_writer_put_le16(w, MS_MAILSLOT_CLASS_SECOND);
    ms_writer_put_le16(w, (guint16)(name_size + data_len)); /* ByteCount */
    ms_writer_put_bytes(w, mailslot, name_size);
    ms_writer_put_bytes(w, data, data_len);
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}

MsStatus
ms_mailslot_build_datagram(MsWriter *w, const MsDgram *header, const char *mailslot,
                           const guint8 *data, gsize data_len)
{
    guint8 smb[MS_DGRAM_MAX_PAYLOAD];
    MsWriter sw = ms_writer_init(smb, sizeof smb);
    MsStatus st = ms_mailslot_build(&sw, mailslot, MS_MAILSLOT_DEFAULT_PRIORITY, data, data_len);
    if (st != MS_OK)
        return st;
    if (!ms_dgram_type_carries_data(header->type))
        return MS_ERR_INVALID_ARG;

    MsDgram d = *header;
    d.packet_offset = 0;
    d.data = smb;
    d.data_len = sw.len;
    gsize total = MS_DGRAM_HEADER_LEN + ms_name_encoded_len(&d.source_name) +
                  ms_name_encoded_len(&d.destination_name) + d.data_len;
    if (total > MS_DGRAM_MAX_PAYLOAD)
        return MS_ERR_NO_SPACE;
    return ms_dgram_encode(&d, w);
}
