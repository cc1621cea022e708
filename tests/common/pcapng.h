/* A small pcapng reader for the golden-vector tests: Ethernet, IPv4, UDP and TCP only,
 * which is what the captures in tests/data/vectors hold. Test code, not a general parser. */
#pragma once

#include <glib.h>

typedef struct {
    guint number;      /* 1-based frame number, as tshark counts */
    guint8 ip_proto;   /* 17 UDP, 6 TCP; 0 for anything else */
    guint32 src_ip, dst_ip; /* host order */
    guint16 src_port, dst_port;
    GBytes *payload;   /* the UDP or TCP payload */
} PcapFrame;

/* Reads every frame of a pcapng file; NULL with *error set if it is not one. */
GPtrArray *pcapng_read_frames(const char *path, GError **error);
