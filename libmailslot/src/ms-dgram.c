/* NetBIOS datagram service packets: RFC 1002 §4.4. */
#include <libmailslot/ms-dgram.h>

#include <string.h>

/* MSG_TYPE .. SOURCE_PORT: the part every type shares. */
#define COMMON_HEADER_LEN 10

const char *
ms_dgram_type_to_string(MsDgramType type)
{
    switch (type) {
    case MS_DGRAM_DIRECT_UNIQUE:
        return "direct-unique";
    case MS_DGRAM_DIRECT_GROUP:
        return "direct-group";
    case MS_DGRAM_BROADCAST:
        return "broadcast";
    case MS_DGRAM_ERROR:
        return "error";
    case MS_DGRAM_QUERY_REQUEST:
        return "query-request";
    case MS_DGRAM_POSITIVE_QUERY_RESPONSE:
        return "positive-query-response";
    case MS_DGRAM_NEGATIVE_QUERY_RESPONSE:
        return "negative-query-response";
    }
    return "unknown";
}

static MsStatus
decode_data_body(const guint8 *buf, MsReader *r, MsDgram *d)
{
    guint16 dgm_length;
    MsStatus st;

    if (!ms_reader_get_be16(r, &dgm_length) || !ms_reader_get_be16(r, &d->packet_offset))
        return MS_ERR_TRUNCATED;
    /* DGM_LENGTH counts the bytes after the 14-byte header: both names and the user data
     * (RFC 1002 §4.4.1; Samba's comment agrees). */
    if ((gsize)dgm_length > ms_reader_remaining(r))
        return MS_ERR_BAD_LENGTH;
    gsize end = r->pos + dgm_length;
    gsize pos = r->pos;
    if ((st = ms_name_read(buf, end, &pos, FALSE, &d->source_name, NULL)) != MS_OK ||
        (st = ms_name_read(buf, end, &pos, FALSE, &d->destination_name, NULL)) != MS_OK)
        return st == MS_ERR_TRUNCATED ? MS_ERR_BAD_LENGTH : st;
    d->data = buf + pos;
    d->data_len = end - pos;
    return MS_OK;
}

MsStatus
ms_dgram_decode(const guint8 *buf, gsize len, MsDgram *out)
{
    MsReader r = ms_reader_init(buf, len);
    MsDgram d;
    guint8 type;
    MsStatus st = MS_OK;

    memset(&d, 0, sizeof d);
    if (!ms_reader_get_u8(&r, &type) || !ms_reader_get_u8(&r, &d.flags) ||
        !ms_reader_get_be16(&r, &d.id) || !ms_reader_get_be32(&r, &d.source_ip) ||
        !ms_reader_get_be16(&r, &d.source_port))
        return MS_ERR_TRUNCATED;
    d.type = (MsDgramType)type;

    switch (type) {
    case MS_DGRAM_DIRECT_UNIQUE:
    case MS_DGRAM_DIRECT_GROUP:
    case MS_DGRAM_BROADCAST:
        st = decode_data_body(buf, &r, &d);
        break;
    case MS_DGRAM_ERROR:
        if (!ms_reader_get_u8(&r, &d.error_code))
            st = MS_ERR_TRUNCATED;
        break;
    case MS_DGRAM_QUERY_REQUEST:
    case MS_DGRAM_POSITIVE_QUERY_RESPONSE:
    case MS_DGRAM_NEGATIVE_QUERY_RESPONSE: {
        gsize pos = r.pos;
        st = ms_name_read(buf, len, &pos, FALSE, &d.destination_name, NULL);
        break;
    }
    default:
        st = MS_ERR_BAD_HEADER;
        break;
    }
    if (st == MS_OK)
        *out = d;
    return st;
}

MsStatus
ms_dgram_encode(const MsDgram *d, MsWriter *w)
{
    ms_writer_put_u8(w, (guint8)d->type);
    ms_writer_put_u8(w, d->flags);
    ms_writer_put_be16(w, d->id);
    ms_writer_put_be32(w, d->source_ip);
    ms_writer_put_be16(w, d->source_port);

    switch (d->type) {
    case MS_DGRAM_DIRECT_UNIQUE:
    case MS_DGRAM_DIRECT_GROUP:
    case MS_DGRAM_BROADCAST: {
        gsize body = ms_name_encoded_len(&d->source_name) +
                     ms_name_encoded_len(&d->destination_name) + d->data_len;
        if (body > G_MAXUINT16)
            return MS_ERR_INVALID_ARG;
        ms_writer_put_be16(w, (guint16)body);
        ms_writer_put_be16(w, d->packet_offset);
        ms_name_write(w, &d->source_name);
        ms_name_write(w, &d->destination_name);
        ms_writer_put_bytes(w, d->data, d->data_len);
        break;
    }
    case MS_DGRAM_ERROR:
        ms_writer_put_u8(w, d->error_code);
        break;
    case MS_DGRAM_QUERY_REQUEST:
    case MS_DGRAM_POSITIVE_QUERY_RESPONSE:
    case MS_DGRAM_NEGATIVE_QUERY_RESPONSE:
        ms_name_write(w, &d->destination_name);
        break;
    default:
        return MS_ERR_INVALID_ARG;
    }
    return w->overflow ? MS_ERR_NO_SPACE : MS_OK;
}
