/* browsectl --network, the UDP steps: a broadcast name query (UDP 137) and the
 * GetBackupListRequest/Response exchange (UDP 138). Each from its own ephemeral port, so
 * no privilege is needed and the answers come back to a socket we read. */
#include "browsectl-network.h"

#include <browse-proto/brw-engine.h>
#include <gio/gio.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>
#include <libmailslot/ms-nbns.h>

#define DGRAM_PORT 138

/* A UDP socket on the interface's address, ephemeral port, allowed to broadcast, whose
 * reads give up after timeout_s. */
static GSocket *
udp_socket(const MsInterface *ifc, guint timeout_s)
{
    g_autoptr(GSocket) s =
        g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
    if (s == NULL)
        return NULL;
    g_socket_set_broadcast(s, TRUE);
    g_socket_set_timeout(s, timeout_s);
    g_autoptr(GSocketAddress) local = ms_ipv4_socket_address(ifc->ip, 0);
    if (!g_socket_bind(s, local, FALSE, NULL))
        return NULL;
    return g_steal_pointer(&s);
}

/* Reads one datagram unless the deadline has passed; -1 when nothing came in time. */
static gssize
receive_until(GSocket *s, gint64 deadline, guint8 *buf, gsize size)
{
    gint64 left = deadline - g_get_monotonic_time();
    if (left <= 0)
        return -1;
    /* The socket's own timeout is whole seconds; the deadline bounds the whole wait. */
    g_socket_set_timeout(s, (guint)MAX((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1));
    return g_socket_receive(s, (char *)buf, size, NULL, NULL);
}

/* Sends one request to the subnet's broadcast address at `port`; *deadline is when to
 * stop waiting for answers. */
static gboolean
broadcast(GSocket *s, const MsInterface *ifc, guint16 port, const guint8 *buf, gsize len,
          guint timeout_s, gint64 *deadline)
{
    g_autoptr(GSocketAddress) dst = ms_ipv4_socket_address(ifc->broadcast, port);
    if (g_socket_send_to(s, dst, (const char *)buf, len, NULL, NULL) < 0)
        return FALSE;
    *deadline = g_get_monotonic_time() + (gint64)timeout_s * G_USEC_PER_SEC;
    return TRUE;
}

gboolean
browsectl_net_query(const MsInterface *ifc, const char *name, guint8 suffix, guint timeout_s,
                    guint32 *ip)
{
    MsName q;
    if (ms_name_init(&q, name, suffix, NULL) != MS_OK)
        return FALSE;
    g_autoptr(GSocket) s = udp_socket(ifc, timeout_s);
    if (s == NULL)
        return FALSE;
    guint16 trn = (guint16)g_random_int_range(1, 0xFFFF);
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    if (ms_nbns_build_name_query(&w, trn, &q, TRUE) != MS_OK)
        return FALSE;
    gint64 deadline;
    if (!broadcast(s, ifc, MS_NBNS_PORT, buf, w.len, timeout_s, &deadline))
        return FALSE;
    for (;;) {
        guint8 in[MS_UDP_MAX_PACKET];
        gssize n = receive_until(s, deadline, in, sizeof in);
        if (n < 0)
            return FALSE;
        MsNbnsPacket p;
        MsNbAddrEntry e;
        /* Only a positive answer to this query about this name counts. */
        if (ms_nbns_decode(in, (gsize)n, &p) == MS_OK && p.trn_id == trn &&
            ms_nbns_is_response(&p) && ms_nbns_rcode(&p) == MS_NBNS_RCODE_OK && p.has_answer &&
            ms_name_equal(&p.answer.name, &q) && ms_nbns_nb_entry(&p.answer, 0, &e)) {
            *ip = e.addr;
            return TRUE;
        }
    }
}

gboolean
browsectl_net_backup_list(const MsInterface *ifc, const char *wg, const char *our_name,
                          guint timeout_s, char (*names)[BRW_NAME_SIZE], guint *n_names)
{
    g_autoptr(GSocket) s = udp_socket(ifc, timeout_s);
    if (s == NULL)
        return FALSE;
    g_autoptr(GSocketAddress) bound = g_socket_get_local_address(s, NULL);
    if (bound == NULL)
        return FALSE;
    guint16 port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
    BrwSend send = {0};
    MsName source;
    if (ms_name_init(&send.destination, wg, 0x1D, NULL) != MS_OK ||
        ms_name_init(&source, our_name, 0x00, NULL) != MS_OK)
        return FALSE;
    brw_frame_init(&send.frame, BRW_FRAME_GET_BACKUP_LIST_REQUEST);
    send.frame.backup_request.requested_count = 4;
    guint32 token = g_random_int();
    send.frame.backup_request.token = token;
    guint8 buf[MS_DGRAM_MAX_PAYLOAD + 64];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    /* The datagram names our address and this socket's port: the response comes here. */
    if (brw_send_encode(&send, &source, ifc->ip, port, (guint16)g_random_int(), &w) != MS_OK)
        return FALSE;
    gint64 deadline;
    if (!broadcast(s, ifc, DGRAM_PORT, buf, w.len, timeout_s, &deadline))
        return FALSE;
    for (;;) {
        guint8 in[MS_UDP_MAX_PACKET];
        gssize n = receive_until(s, deadline, in, sizeof in);
        if (n < 0)
            return FALSE;
        MsDgram d;
        MsMailslotWrite m;
        BrwFrame f;
        if (ms_dgram_decode(in, (gsize)n, &d) != MS_OK || !ms_dgram_is_whole(&d) ||
            !ms_dgram_type_carries_data(d.type) ||
            ms_mailslot_parse(d.data, d.data_len, &m) != MS_OK ||
            brw_frame_decode_mailslot(&m, &f) != MS_OK ||
            f.kind != BRW_FRAME_GET_BACKUP_LIST_RESPONSE || f.backup_response.token != token)
            continue;
        guint count = MIN((guint)f.backup_response.count, (guint)BRW_BACKUP_LIST_MAX);
        for (guint i = 0; i < count; i++)
            g_strlcpy(names[i], f.backup_response.names[i], BRW_NAME_SIZE);
        *n_names = count;
        return count > 0;
    }
}
