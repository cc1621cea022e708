/* browsectl --network, the TCP step: one SMB1 session to the master's IPC$ (the sans-IO
 * ms-smb-client.h driven over a blocking socket with timeouts) and the NetServerEnum2/3
 * calls on it. */
#include "browsectl-network.h"

#include <browse-proto/brw-rap.h>
#include <gio/gio.h>
#include <libmailslot/ms-smb-client.h>

/* More than any master holds ([MS-BRWS] 1.6: about 2000 servers fit one reply). */
#define MAX_ENTRIES 8192

struct BrowsectlNetSession {
    GSocket *sock;
    MsSmbClient *client;
    GByteArray *out;
    char address[16];
};

void
browsectl_net_session_free(BrowsectlNetSession *s)
{
    if (s == NULL)
        return;
    if (s->sock != NULL)
        g_object_unref(s->sock);
    ms_smb_client_free(s->client);
    if (s->out != NULL)
        g_byte_array_unref(s->out);
    g_free(s);
}

/* Sends what the client wrote, feeds it what comes back, until it is idle or failed. A
 * socket error (the timeout included) is named after the step it happened in. */
static gboolean
pump(BrowsectlNetSession *s, GError **error)
{
    for (;;) {
        for (gsize sent = 0; sent < s->out->len;) {
            g_autoptr(GError) e = NULL;
            gssize n = g_socket_send(s->sock, (const char *)s->out->data + sent,
                                     s->out->len - sent, NULL, &e);
            if (n <= 0) {
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s to %s: %s",
                            ms_smb_client_state_to_string(ms_smb_client_state(s->client)),
                            s->address, e ? e->message : "nothing sent");
                return FALSE;
            }
            sent += (gsize)n;
        }
        g_byte_array_set_size(s->out, 0);
        MsSmbClientState st = ms_smb_client_state(s->client);
        if (st == MS_SMB_CLIENT_READY)
            return TRUE;
        if (st == MS_SMB_CLIENT_FAILED) {
            g_autofree char *why = ms_smb_client_describe_error(s->client);
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", s->address, why);
            return FALSE;
        }
        guint8 in[16384];
        g_autoptr(GError) e = NULL;
        gssize n = g_socket_receive(s->sock, (char *)in, sizeof in, NULL, &e);
        if (n <= 0) {
            const char *step = ms_smb_client_state_to_string(st);
            if (n == 0)
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                            "%s closed the connection during the %s", s->address, step);
            else if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                            "no answer from %s to the %s within %u s", s->address, step,
                            g_socket_get_timeout(s->sock));
            else
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s, %s: %s", s->address,
                            step, e->message);
            return FALSE;
        }
        ms_smb_client_feed(s->client, in, (gsize)n, s->out);
    }
}

BrowsectlNetSession *
browsectl_net_session_open(const MsInterface *ifc, guint32 ip, const char *server,
                           const char *our_name, const char *wg, guint timeout_s,
                           GError **error)
{
    g_autoptr(BrowsectlNetSession) s = g_new0(BrowsectlNetSession, 1);
    ms_ipv4_to_string(ip, s->address, sizeof s->address);
    MsSmbClientConfig cc;
    ms_smb_client_config_init(&cc);
    cc.our_name = our_name;
    cc.server_name = server;
    cc.server_host = s->address;
    cc.workgroup = wg;
    s->client = ms_smb_client_new(&cc);
    if (s->client == NULL) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                    "%s is not a NetBIOS name we can call", server ? server : s->address);
        return NULL;
    }
    s->out = g_byte_array_new();
    g_autoptr(GError) e = NULL;
    s->sock = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &e);
    if (s->sock == NULL) {
        g_propagate_error(error, g_steal_pointer(&e));
        return NULL;
    }
    g_socket_set_timeout(s->sock, timeout_s);
    g_autoptr(GSocketAddress) local = ms_ipv4_socket_address(ifc->ip, 0);
    g_autoptr(GSocketAddress) remote = ms_ipv4_socket_address(ip, 139);
    if (!g_socket_bind(s->sock, local, FALSE, &e) ||
        !g_socket_connect(s->sock, remote, NULL, &e)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot connect to %s on TCP 139: %s",
                    s->address, e->message);
        return NULL;
    }
    ms_smb_client_start(s->client, s->out);
    if (!pump(s, error))
        return NULL;
    return g_steal_pointer(&s);
}

int
browsectl_net_enumerate(BrowsectlNetSession *s, guint32 type, GArray *entries, GError **error)
{
    BrwRapPager pager;
    brw_rap_pager_init(&pager, type, NULL, MAX_ENTRIES);
    int status = 0;
    for (BrwRapPagerStep step = BRW_RAP_PAGER_MORE; step == BRW_RAP_PAGER_MORE;) {
        guint8 buf[512];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        if (brw_rap_pager_request(&pager, &w) != MS_OK ||
            !ms_smb_client_transact(s->client, buf, w.len, BRW_RAP_REPLY_PARAMS_MAX,
                                    BRW_RAP_CLIENT_BUFFER, s->out) ||
            !pump(s, error)) {
            if (error != NULL && *error == NULL)
                g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot build the request");
            status = BROWSECTL_EXIT_SMB_FAILED;
            break;
        }
        const guint8 *p, *d;
        gsize plen, dlen;
        step = ms_smb_client_reply(s->client, &p, &plen, &d, &dlen)
                   ? brw_rap_pager_reply(&pager, p, plen, d, dlen)
                   : BRW_RAP_PAGER_MALFORMED;
        if (step == BRW_RAP_PAGER_MALFORMED) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                        "%s sent a NetServerEnum reply we cannot read", s->address);
            status = BROWSECTL_EXIT_RAP_FAILED;
        } else if (step == BRW_RAP_PAGER_REFUSED) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
                        "%s answered NetServerEnum2 with error %u", s->address, pager.status);
            status = BROWSECTL_EXIT_RAP_FAILED;
        }
    }
    if (status == 0)
        g_array_append_vals(entries, pager.entries->data, pager.entries->len);
    brw_rap_pager_clear(&pager);
    return status;
}
