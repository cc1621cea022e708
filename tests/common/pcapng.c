/* pcapng blocks: Section Header (0x0A0D0D0A), Interface Description (1), Enhanced Packet (6);
 * everything else is skipped. Little-endian sections only (what tshark writes here). */
#include "pcapng.h"

#include <libmailslot/ms-bytes.h>

#define BLOCK_SHB 0x0A0D0D0Au
#define BLOCK_IDB 1u
#define BLOCK_EPB 6u
#define LINKTYPE_ETHERNET 1u
#define ETHERTYPE_IPV4 0x0800

static void
frame_free(gpointer p)
{
    PcapFrame *f = p;
    g_bytes_unref(f->payload);
    g_free(f);
}

static PcapFrame *
parse_ethernet(guint number, const guint8 *pkt, gsize len)
{
    MsReader r = ms_reader_init(pkt, len);
    guint16 ethertype, total_len, src_port, dst_port;
    guint8 vihl, proto;
    guint32 src, dst;
    PcapFrame *f = g_new0(PcapFrame, 1);
    f->number = number;

    if (!ms_reader_skip(&r, 12) || !ms_reader_get_be16(&r, &ethertype) ||
        ethertype != ETHERTYPE_IPV4)
        goto other;
    gsize ip_start = r.pos;
    if (!ms_reader_get_u8(&r, &vihl) || !ms_reader_skip(&r, 1) ||
        !ms_reader_get_be16(&r, &total_len) || !ms_reader_skip(&r, 5) ||
        !ms_reader_get_u8(&r, &proto) || !ms_reader_skip(&r, 2) ||
        !ms_reader_get_be32(&r, &src) || !ms_reader_get_be32(&r, &dst))
        goto other;
    gsize ip_end = MIN(len, ip_start + total_len);
    r.pos = ip_start + (gsize)(vihl & 0x0F) * 4;
    if (!ms_reader_get_be16(&r, &src_port) || !ms_reader_get_be16(&r, &dst_port))
        goto other;
    gsize payload_at;
    if (proto == 17) {
        payload_at = r.pos + 4;
    } else if (proto == 6) {
        guint8 data_off;
        if (!ms_reader_skip(&r, 8) || !ms_reader_get_u8(&r, &data_off))
            goto other;
        payload_at = r.pos - 13 + (gsize)(data_off >> 4) * 4;
    } else {
        goto other;
    }
    if (payload_at > ip_end)
        goto other;
    f->ip_proto = proto;
    f->src_ip = src;
    f->dst_ip = dst;
    f->src_port = src_port;
    f->dst_port = dst_port;
    f->payload = g_bytes_new(pkt + payload_at, ip_end - payload_at);
    return f;
other:
    f->payload = g_bytes_new(NULL, 0);
    return f;
}

GPtrArray *
pcapng_read_frames(const char *path, GError **error)
{
    g_autofree guint8 *data = NULL;
    gsize len;
    if (!g_file_get_contents(path, (gchar **)&data, &len, error))
        return NULL;

    GPtrArray *frames = g_ptr_array_new_with_free_func(frame_free);
    MsReader r = ms_reader_init(data, len);
    guint number = 0;
    guint32 linktype = 0;
    while (ms_reader_remaining(&r) >= 12) {
        gsize start = r.pos;
        guint32 type = 0, block_len = 0;
        ms_reader_get_le32(&r, &type);
        ms_reader_get_le32(&r, &block_len);
        if (block_len < 12 || block_len > len - start) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: bad block at %zu", path,
                        start);
            g_ptr_array_unref(frames);
            return NULL;
        }
        if (type == BLOCK_IDB) {
            guint16 lt = 0;
            ms_reader_get_le16(&r, &lt);
            linktype = lt;
        } else if (type == BLOCK_EPB) {
            guint32 caplen = 0;
            ms_reader_skip(&r, 12); /* interface id, timestamp */
            ms_reader_get_le32(&r, &caplen);
            ms_reader_skip(&r, 4); /* original length */
            number++;
            if (linktype == LINKTYPE_ETHERNET && caplen <= block_len - 32)
                g_ptr_array_add(frames, parse_ethernet(number, ms_reader_peek(&r), caplen));
        }
        r.pos = start + block_len;
    }
    return frames;
}
