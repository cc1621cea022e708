/* A classic libpcap file writer for the tshark oracle test: each frame is a UDP payload
 * wrapped in Ethernet II, IPv4 and UDP headers, so tshark dissects it as if captured.
 * Test code only: the frames are written to a file, never sent. */
#pragma once

#include <glib.h>

/* LINKTYPE_ETHERNET (tcpdump.org link-layer header types). */
#define PCAP_LINKTYPE_ETHERNET 1
/* Ethernet II (14) + IPv4 without options (20) + UDP (8). */
#define PCAP_UDP_FRAME_OVERHEAD 42

/* Where a UDP datagram goes. Addresses in host byte order; a destination whose last byte is
 * 255 is sent to the Ethernet broadcast address. */
typedef struct {
    guint32 src_ip;
    guint16 src_port;
    guint32 dst_ip;
    guint16 dst_port;
} PcapUdpFlow;

typedef struct PcapWriter PcapWriter;

PcapWriter *pcap_writer_new(void);
void pcap_writer_free(PcapWriter *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PcapWriter, pcap_writer_free)

/* Appends one frame carrying `payload` and returns its 1-based number (tshark's
 * frame.number). The IPv4 header checksum is computed; the UDP checksum is 0 ("none",
 * RFC 768). */
guint pcap_writer_add_udp(PcapWriter *w, const PcapUdpFlow *flow, const guint8 *payload,
                          gsize payload_len);

/* Number of frames appended so far. */
guint pcap_writer_frame_count(const PcapWriter *w);

/* Writes the file (global header + every frame) to `path`. */
gboolean pcap_writer_save(const PcapWriter *w, const char *path, GError **error);

/* The RFC 791 header checksum of `len` bytes (even) whose checksum field is zero. */
guint16 pcap_ipv4_checksum(const guint8 *header, gsize len);
