/* UDP sockets with IP_PKTINFO under a GLib main context. GSocket has no control-message
 * type for IP_PKTINFO, so packets are read and written with recvmsg/sendmsg on its fd;
 * GSocket still owns the descriptor and gives the readiness source. */
#define _GNU_SOURCE
#include <libmailslot/ms-udp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* Packets read per wake-up at most, so one busy socket cannot starve the others. */
#define MAX_READS_PER_WAKEUP 64
/* Receive buffer asked for: the default (about 200 KiB, some 270 announcements) is 3 ms of
 * a 100,000/s announcement burst; 8 MiB rides out 100 ms of the loop doing something else.
 * Memory is only used while datagrams wait. */
#define RECEIVE_BUFFER (8 << 20)

struct MsUdpSocket {
    GSocket *socket;
    GSource *source;
    MsUdpReceiveFunc func;
    gpointer user_data;
    guint16 port;
    MsUdpCounters counters;
};

static gboolean
set_int_option(GSocket *s, int level, int name, GError **error)
{
    return g_socket_set_option(s, level, name, 1, error);
}

MsUdpSocket *
ms_udp_socket_new(guint32 bind_ip, guint16 port, GError **error)
{
    g_autoptr(GSocket) s = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                        G_SOCKET_PROTOCOL_UDP, error);
    if (s == NULL)
        return NULL;
    g_socket_set_blocking(s, FALSE);
    if (!set_int_option(s, SOL_SOCKET, SO_REUSEADDR, error) ||
        !set_int_option(s, SOL_SOCKET, SO_BROADCAST, error) ||
        !set_int_option(s, IPPROTO_IP, IP_PKTINFO, error))
        return NULL;
    /* Past net.core.rmem_max only with CAP_NET_ADMIN (we are still root here); either way
     * the socket works, just with less room, so a refusal is not an error. */
    int size = RECEIVE_BUFFER;
    if (setsockopt(g_socket_get_fd(s), SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) != 0)
        (void)setsockopt(g_socket_get_fd(s), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    struct sockaddr_in sin = {.sin_family = AF_INET};
    sin.sin_addr.s_addr = htonl(bind_ip);
    sin.sin_port = htons(port);
    g_autoptr(GSocketAddress) addr = g_socket_address_new_from_native(&sin, sizeof sin);
    if (!g_socket_bind(s, addr, TRUE, error))
        return NULL;
    g_autoptr(GSocketAddress) local = g_socket_get_local_address(s, error);
    if (local == NULL)
        return NULL;
    MsUdpSocket *sock = g_new0(MsUdpSocket, 1);
    sock->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(local));
    sock->socket = g_steal_pointer(&s);
    return sock;
}

void
ms_udp_socket_free(MsUdpSocket *sock)
{
    if (sock == NULL)
        return;
    if (sock->source != NULL) {
        g_source_destroy(sock->source);
        g_source_unref(sock->source);
    }
    g_object_unref(sock->socket);
    g_free(sock);
}

/* Reads one packet; FALSE when there is nothing more to read now. */
static gboolean
read_one(MsUdpSocket *sock)
{
    guint8 buf[MS_UDP_MAX_PACKET];
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(struct in_pktinfo))];
    } control;
    struct sockaddr_in from;
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr msg = {
        .msg_name = &from,
        .msg_namelen = sizeof from,
        .msg_iov = &iov,
        .msg_iovlen = 1,
        .msg_control = control.space,
        .msg_controllen = sizeof control.space,
    };
    ssize_t n = recvmsg(g_socket_get_fd(sock->socket), &msg, MSG_DONTWAIT);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            sock->counters.recv_errors++;
        return FALSE;
    }
    if (msg.msg_flags & MSG_TRUNC) {
        sock->counters.oversized++;
        return TRUE;
    }
    MsUdpPacket p = {
        .data = buf,
        .len = (gsize)n,
        .src_ip = ntohl(from.sin_addr.s_addr),
        .src_port = ntohs(from.sin_port),
    };
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo info;
            memcpy(&info, CMSG_DATA(c), sizeof info);
            p.dst_ip = ntohl(info.ipi_addr.s_addr);
            p.ifindex = info.ipi_ifindex;
        }
    }
    sock->counters.received++;
    if (sock->func != NULL)
        sock->func(sock, &p, sock->user_data);
    return TRUE;
}

static gboolean
on_readable(GSocket *s, GIOCondition cond, gpointer user_data)
{
    (void)s;
    (void)cond;
    MsUdpSocket *sock = user_data;
    for (int i = 0; i < MAX_READS_PER_WAKEUP && read_one(sock); i++)
        ;
    return G_SOURCE_CONTINUE;
}

void
ms_udp_socket_attach(MsUdpSocket *sock, GMainContext *context, MsUdpReceiveFunc func,
                     gpointer user_data)
{
    g_return_if_fail(sock != NULL);
    sock->func = func;
    sock->user_data = user_data;
    if (sock->source != NULL) {
        g_source_destroy(sock->source);
        g_source_unref(sock->source);
    }
    sock->source = g_socket_create_source(sock->socket, G_IO_IN, NULL);
    g_source_set_callback(sock->source, G_SOURCE_FUNC(on_readable), sock, NULL);
    g_source_attach(sock->source, context);
}

gboolean
ms_udp_socket_send(MsUdpSocket *sock, gint ifindex, guint32 src_ip, guint32 dst_ip,
                   guint16 dst_port, const guint8 *data, gsize len, GError **error)
{
    g_return_val_if_fail(sock != NULL && data != NULL, FALSE);
    struct sockaddr_in to = {.sin_family = AF_INET};
    to.sin_addr.s_addr = htonl(dst_ip);
    to.sin_port = htons(dst_port);
    struct iovec iov = {.iov_base = (void *)(guintptr)data, .iov_len = len};
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(sizeof(struct in_pktinfo))];
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr msg = {.msg_name = &to, .msg_namelen = sizeof to, .msg_iov = &iov,
                         .msg_iovlen = 1};
    if (ifindex != 0 || src_ip != 0) {
        /* Leave by this interface, from this address: a subnet broadcast would otherwise
         * follow the routing table, which may pick another interface. */
        msg.msg_control = control.space;
        msg.msg_controllen = sizeof control.space;
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
        struct in_pktinfo info = {.ipi_ifindex = ifindex};
        info.ipi_spec_dst.s_addr = htonl(src_ip);
        memcpy(CMSG_DATA(c), &info, sizeof info);
    }
    if (sendmsg(g_socket_get_fd(sock->socket), &msg, MSG_DONTWAIT) < 0) {
        int err = errno;
        sock->counters.send_errors++;
        char ip[16];
        g_set_error(error, G_IO_ERROR, g_io_error_from_errno(err), "send to %s:%u: %s",
                    ms_ipv4_to_string(dst_ip, ip, sizeof ip), dst_port, g_strerror(err));
        return FALSE;
    }
    sock->counters.sent++;
    return TRUE;
}

guint16
ms_udp_socket_port(const MsUdpSocket *sock)
{
    return sock->port;
}

const MsUdpCounters *
ms_udp_socket_counters(const MsUdpSocket *sock)
{
    return &sock->counters;
}

const char *
ms_ipv4_to_string(guint32 ip, char *buf, gsize size)
{
    g_snprintf(buf, size, "%u.%u.%u.%u", (ip >> 24) & 0xFF, (ip >> 16) & 0xFF, (ip >> 8) & 0xFF,
               ip & 0xFF);
    return buf;
}

GSocketAddress *
ms_ipv4_socket_address(guint32 ip, guint16 port)
{
    guint8 bytes[4] = {(guint8)(ip >> 24), (guint8)(ip >> 16), (guint8)(ip >> 8), (guint8)ip};
    g_autoptr(GInetAddress) a = g_inet_address_new_from_bytes(bytes, G_SOCKET_FAMILY_IPV4);
    return g_inet_socket_address_new(a, port);
}
