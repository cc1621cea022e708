/* UDP sockets for the NetBIOS name (137) and datagram (138) services, driven by a GLib
 * main context. This is libmailslot's I/O part (target `mailslot-net`), kept apart from the
 * pure codecs so that the core stays free of sockets (tests/check-core-symbols.sh).
 *
 * One socket per port, bound to the wildcard address so it hears both broadcasts and
 * unicasts; IP_PKTINFO tells, for every packet, the interface it arrived on and the address
 * it was sent to (a subnet broadcast or ours), which is how the daemon routes it to the
 * right link. Sending names the interface and source address the same way, so a broadcast
 * leaves by the interface it is meant for. Addresses are IPv4 in host byte order. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Largest UDP payload read; NetBIOS packets are at most 576 bytes (RFC 1002 §4.2, §4.4),
 * anything longer is counted and dropped. */
#define MS_UDP_MAX_PACKET 1500

typedef struct {
    const guint8 *data; /* valid during the callback only */
    gsize len;
    guint32 src_ip;
    guint16 src_port;
    guint32 dst_ip;     /* where it was sent: our address or a broadcast address */
    gint ifindex;       /* the interface it arrived on; 0 when unknown */
} MsUdpPacket;

typedef struct {
    guint64 received;
    guint64 sent;
    guint64 oversized;   /* longer than MS_UDP_MAX_PACKET: dropped */
    guint64 recv_errors;
    guint64 send_errors;
} MsUdpCounters;

typedef struct MsUdpSocket MsUdpSocket;

typedef void (*MsUdpReceiveFunc)(MsUdpSocket *sock, const MsUdpPacket *packet,
                                 gpointer user_data);

/* Opens a UDP socket bound to bind_ip:port (0.0.0.0 when bind_ip is 0; port 0 picks one),
 * with SO_REUSEADDR, SO_BROADCAST and IP_PKTINFO. NULL and *error on failure (e.g. port
 * 137 without CAP_NET_BIND_SERVICE). */
MsUdpSocket *ms_udp_socket_new(guint32 bind_ip, guint16 port, GError **error);
void ms_udp_socket_free(MsUdpSocket *sock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsUdpSocket, ms_udp_socket_free)

/* Delivers every packet that arrives to `func`, from `context` (NULL: the default one).
 * Calling it again replaces the callback. */
void ms_udp_socket_attach(MsUdpSocket *sock, GMainContext *context, MsUdpReceiveFunc func,
                          gpointer user_data);

/* Sends one datagram to dst_ip:dst_port. With ifindex/src_ip non-zero it leaves by that
 * interface with that source address (IP_PKTINFO), as a subnet broadcast must. FALSE and
 * *error when the kernel refuses it (counted). */
gboolean ms_udp_socket_send(MsUdpSocket *sock, gint ifindex, guint32 src_ip, guint32 dst_ip,
                            guint16 dst_port, const guint8 *data, gsize len, GError **error);

/* The port the socket is bound to (useful after binding port 0). */
guint16 ms_udp_socket_port(const MsUdpSocket *sock);
const MsUdpCounters *ms_udp_socket_counters(const MsUdpSocket *sock);

/* An IPv4 interface as the operator names it: by name or by one of its addresses. */
typedef struct {
    char name[64];
    gint index;
    guint32 ip;
    guint32 netmask;
    guint32 broadcast;
    gboolean loopback;
} MsInterface;

/* Every IPv4 address of every interface that is up, in getifaddrs() order. Returns a new
 * GArray of MsInterface; NULL and *error on failure. */
GArray *ms_interfaces_list(GError **error);

/* Finds the interface `spec` names ("eth0" or "192.168.1.5"; a name with several addresses
 * gives its first). FALSE when none matches. */
gboolean ms_interfaces_find(const GArray *interfaces, const char *spec, MsInterface *out);

/* Dotted quad of a host-order address into buf (at least 16 bytes); returns buf. */
const char *ms_ipv4_to_string(guint32 ip, char *buf, gsize size);

/* A GIO socket address for a host-order IPv4 address and port. */
GSocketAddress *ms_ipv4_socket_address(guint32 ip, guint16 port);

G_END_DECLS
