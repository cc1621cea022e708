#include "pcap-writer.h"

#include <libmailslot/ms-bytes.h>

/* Classic pcap format (https://www.tcpdump.org/manpages/pcap-savefile.5.html): a 24-byte
 * global header, then per frame a 16-byte record header and the frame bytes. Written
 * little-endian; the magic number tells readers the byte order. */
#define PCAP_MAGIC_MICROSECONDS 0xA1B2C3D4u
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4
#define PCAP_SNAPLEN 65535u
#define PCAP_GLOBAL_HEADER_LEN 24
#define PCAP_RECORD_HEADER_LEN 16
/* A fixed capture time (2024-01-01T00:00:00Z) keeps the file byte-for-byte reproducible. */
#define PCAP_FIRST_TIMESTAMP 1704067200u

#define ETHERTYPE_IPV4 0x0800
#define IPV4_HEADER_LEN 20
#define IPV4_VERSION_IHL 0x45
#define IPV4_DEFAULT_TTL 64
#define IPPROTO_UDP_NUMBER 17
#define UDP_HEADER_LEN 8

struct PcapWriter {
    GByteArray *file;
    guint frames;
};

PcapWriter *
pcap_writer_new(void)
{
    PcapWriter *w = g_new0(PcapWriter, 1);
    w->file = g_byte_array_new();
    g_byte_array_set_size(w->file, PCAP_GLOBAL_HEADER_LEN);

    MsWriter hw = ms_writer_init(w->file->data, PCAP_GLOBAL_HEADER_LEN);
    ms_writer_put_le32(&hw, PCAP_MAGIC_MICROSECONDS);
    ms_writer_put_le16(&hw, PCAP_VERSION_MAJOR);
    ms_writer_put_le16(&hw, PCAP_VERSION_MINOR);
    ms_writer_put_le32(&hw, 0); /* thiszone: timestamps are UTC */
    ms_writer_put_le32(&hw, 0); /* sigfigs */
    ms_writer_put_le32(&hw, PCAP_SNAPLEN);
    ms_writer_put_le32(&hw, PCAP_LINKTYPE_ETHERNET);
    g_assert(!hw.overflow && hw.len == PCAP_GLOBAL_HEADER_LEN);
    return w;
}

void
pcap_writer_free(PcapWriter *w)
{
    if (w == NULL)
        return;
    g_byte_array_unref(w->file);
    g_free(w);
}

guint
pcap_writer_frame_count(const PcapWriter *w)
{
    return w->frames;
}

guint16
pcap_ipv4_checksum(const guint8 *header, gsize len)
{
    /* RFC 791 §3.1 / RFC 1071: one's complement of the one's complement sum of the 16-bit
     * words. */
    guint32 sum = 0;
    for (gsize i = 0; i + 1 < len; i += 2)
        sum += (guint32)((header[i] << 8) | header[i + 1]);
    while (sum > 0xFFFF)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (guint16)~sum;
}

/* A locally administered unicast MAC (02:00 + the IPv4 address), so each host of the
 * capture has a distinct, stable link address. */
static void
put_host_mac(MsWriter *w, guint32 ip)
{
    ms_writer_put_u8(w, 0x02);
    ms_writer_put_u8(w, 0x00);
    ms_writer_put_be32(w, ip);
}

static gboolean
is_subnet_broadcast(guint32 ip)
{
    return (ip & 0xFF) == 0xFF;
}

static void
put_ethernet_header(MsWriter *w, const PcapUdpFlow *flow)
{
    if (is_subnet_broadcast(flow->dst_ip)) {
        static const guint8 broadcast_mac[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
        ms_writer_put_bytes(w, broadcast_mac, sizeof broadcast_mac);
    } else {
        put_host_mac(w, flow->dst_ip);
    }
    put_host_mac(w, flow->src_ip);
    ms_writer_put_be16(w, ETHERTYPE_IPV4);
}

static void
put_ipv4_header(MsWriter *w, const PcapUdpFlow *flow, guint16 identification, gsize udp_len)
{
    gsize start = w->len;
    ms_writer_put_u8(w, IPV4_VERSION_IHL);
    ms_writer_put_u8(w, 0); /* DSCP/ECN */
    ms_writer_put_be16(w, (guint16)(IPV4_HEADER_LEN + udp_len));
    ms_writer_put_be16(w, identification);
    ms_writer_put_be16(w, 0); /* flags and fragment offset: not fragmented */
    ms_writer_put_u8(w, IPV4_DEFAULT_TTL);
    ms_writer_put_u8(w, IPPROTO_UDP_NUMBER);
    gsize checksum_at = w->len;
    ms_writer_put_be16(w, 0);
    ms_writer_put_be32(w, flow->src_ip);
    ms_writer_put_be32(w, flow->dst_ip);
    if (!w->overflow)
        ms_writer_patch_be16(w, checksum_at, pcap_ipv4_checksum(w->data + start, IPV4_HEADER_LEN));
}

static void
put_udp_header(MsWriter *w, const PcapUdpFlow *flow, gsize payload_len)
{
    ms_writer_put_be16(w, flow->src_port);
    ms_writer_put_be16(w, flow->dst_port);
    ms_writer_put_be16(w, (guint16)(UDP_HEADER_LEN + payload_len));
    ms_writer_put_be16(w, 0); /* checksum: none (RFC 768) */
}

guint
pcap_writer_add_udp(PcapWriter *w, const PcapUdpFlow *flow, const guint8 *payload,
                    gsize payload_len)
{
    g_return_val_if_fail(payload_len <= G_MAXUINT16 - PCAP_UDP_FRAME_OVERHEAD, 0);

    gsize frame_len = PCAP_UDP_FRAME_OVERHEAD + payload_len;
    gsize at = w->file->len;
    g_byte_array_set_size(w->file, (guint)(at + PCAP_RECORD_HEADER_LEN + frame_len));
    MsWriter fw = ms_writer_init(w->file->data + at, PCAP_RECORD_HEADER_LEN + frame_len);

    /* One frame per millisecond, so tshark's frame times are easy to read. */
    ms_writer_put_le32(&fw, PCAP_FIRST_TIMESTAMP + w->frames / 1000u);
    ms_writer_put_le32(&fw, (w->frames % 1000u) * 1000u);
    ms_writer_put_le32(&fw, (guint32)frame_len); /* captured length */
    ms_writer_put_le32(&fw, (guint32)frame_len); /* original length */

    put_ethernet_header(&fw, flow);
    put_ipv4_header(&fw, flow, (guint16)(w->frames + 1), UDP_HEADER_LEN + payload_len);
    put_udp_header(&fw, flow, payload_len);
    ms_writer_put_bytes(&fw, payload, payload_len);
    g_assert(!fw.overflow && fw.len == fw.cap);

    return ++w->frames;
}

gboolean
pcap_writer_save(const PcapWriter *w, const char *path, GError **error)
{
    return g_file_set_contents(path, (const char *)w->file->data, (gssize)w->file->len, error);
}
