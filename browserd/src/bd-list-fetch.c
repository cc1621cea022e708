/* One list copy (bd-list-fetch.h): connect, SMB1 session to IPC$, then the servers and the
 * domain list, each paged through to the end, all driven by socket readiness. */
#include "bd-list-fetch.h"

#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>
#include <gio/gio.h>
#include <libmailslot/ms-smb-client.h>
#include <libmailslot/ms-udp.h>

enum { LIST_SERVERS, LIST_DOMAINS, N_LISTS };

struct BdListFetch {
    GMainContext *context;
    BdListFetchDone done;
    gpointer user_data;
    GSocket *sock;
    GSource *io;       /* readiness of sock for what we wait for now */
    GSource *deadline; /* the whole exchange's */
    GSource *failed;   /* a failure found before the loop ran: reported from it */
    MsSmbClient *client;
    GByteArray *out;
    gsize out_sent;
    gboolean connected;
    gboolean asked; /* a transaction is out: READY means its reply is whole */
    guint list;     /* LIST_SERVERS, then LIST_DOMAINS */
    BrwRapPager pagers[N_LISTS];
    char address[24]; /* "a.b.c.d:port", for messages */
    guint timeout_ms;
    gint64 started_us;
    char *error;
};

static void watch(BdListFetch *f);

static void
destroy_source(GSource **s)
{
    if (*s == NULL)
        return;
    g_source_destroy(*s);
    g_source_unref(*s);
    *s = NULL;
}

static void
fetch_free(BdListFetch *f)
{
    destroy_source(&f->io);
    destroy_source(&f->deadline);
    destroy_source(&f->failed);
    if (f->sock != NULL) {
        g_socket_close(f->sock, NULL);
        g_object_unref(f->sock);
    }
    ms_smb_client_free(f->client);
    if (f->out != NULL)
        g_byte_array_unref(f->out);
    for (guint i = 0; i < N_LISTS; i++)
        brw_rap_pager_clear(&f->pagers[i]);
    g_free(f->error);
    g_free(f);
}

/* Reports the outcome and ends the fetch. */
static void
finish(BdListFetch *f)
{
    BdListFetchResult r = {
        .ok = f->error == NULL,
        .error = f->error,
        .elapsed_us = g_get_monotonic_time() - f->started_us,
    };
    if (r.ok) {
        GArray *s = f->pagers[LIST_SERVERS].entries, *d = f->pagers[LIST_DOMAINS].entries;
        r.servers = (const BrwListEntry *)(const void *)s->data;
        r.n_servers = s->len;
        r.domains = (const BrwListEntry *)(const void *)d->data;
        r.n_domains = d->len;
    }
    f->done(&r, f->user_data);
    fetch_free(f);
}

static void G_GNUC_PRINTF(2, 3) fail(BdListFetch *f, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    g_autofree char *what = g_strdup_vprintf(format, ap);
    va_end(ap);
    f->error = g_strdup_printf("%s: %s", f->address, what);
    finish(f);
}

static const char *
step_name(BdListFetch *f)
{
    if (!f->connected)
        return "connect";
    return ms_smb_client_state_to_string(ms_smb_client_state(f->client));
}

/* Sends the current list's next request. FALSE when the session failed (f is gone). */
static gboolean
ask(BdListFetch *f)
{
    guint8 buf[512];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    if (brw_rap_pager_request(&f->pagers[f->list], &w) != MS_OK ||
        !ms_smb_client_transact(f->client, buf, w.len, BRW_RAP_REPLY_PARAMS_MAX,
                                BRW_RAP_CLIENT_BUFFER, f->out)) {
        fail(f, "cannot send NetServerEnum: %s",
             ms_smb_client_error_to_string(ms_smb_client_error(f->client)));
        return FALSE;
    }
    f->asked = TRUE;
    return TRUE;
}

/* What the SMB client's state asks for next. FALSE when the fetch ended (f is gone). */
static gboolean
advance(BdListFetch *f)
{
    MsSmbClientState st = ms_smb_client_state(f->client);
    if (st == MS_SMB_CLIENT_FAILED) {
        g_autofree char *why = ms_smb_client_describe_error(f->client);
        fail(f, "%s", why);
        return FALSE;
    }
    if (st != MS_SMB_CLIENT_READY)
        return TRUE;
    if (!f->asked)
        return ask(f); /* the tree is connected: the first list */
    f->asked = FALSE;
    const guint8 *p, *d;
    gsize plen, dlen;
    BrwRapPager *pager = &f->pagers[f->list];
    BrwRapPagerStep step = ms_smb_client_reply(f->client, &p, &plen, &d, &dlen)
                               ? brw_rap_pager_reply(pager, p, plen, d, dlen)
                               : BRW_RAP_PAGER_MALFORMED;
    switch (step) {
    case BRW_RAP_PAGER_MORE:
        return ask(f);
    case BRW_RAP_PAGER_DONE:
        if (++f->list == N_LISTS) {
            finish(f);
            return FALSE;
        }
        return ask(f);
    case BRW_RAP_PAGER_REFUSED:
        fail(f, "NetServerEnum2 for the %s refused with error %u",
             f->list == LIST_SERVERS ? "servers" : "domains", pager->status);
        return FALSE;
    case BRW_RAP_PAGER_MALFORMED:
        break;
    }
    fail(f, "a NetServerEnum reply we cannot read");
    return FALSE;
}

/* Writes what the client produced, as far as the socket takes it. */
static gboolean
flush(BdListFetch *f)
{
    while (f->out_sent < f->out->len) {
        g_autoptr(GError) e = NULL;
        gssize n = g_socket_send(f->sock, (const char *)f->out->data + f->out_sent,
                                 f->out->len - f->out_sent, NULL, &e);
        if (n < 0 && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return TRUE;
        if (n <= 0) {
            fail(f, "sending during the %s: %s", step_name(f), e ? e->message : "nothing sent");
            return FALSE;
        }
        f->out_sent += (gsize)n;
    }
    g_byte_array_set_size(f->out, 0);
    f->out_sent = 0;
    return TRUE;
}

/* Reads and feeds until the socket has nothing more. FALSE when the fetch ended. */
static gboolean
receive(BdListFetch *f)
{
    for (;;) {
        guint8 in[16384];
        g_autoptr(GError) e = NULL;
        gssize n = g_socket_receive(f->sock, (char *)in, sizeof in, NULL, &e);
        if (n < 0 && g_error_matches(e, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return TRUE;
        if (n == 0) {
            fail(f, "the connection closed during the %s", step_name(f));
            return FALSE;
        }
        if (n < 0) {
            fail(f, "%s: %s", step_name(f), e->message);
            return FALSE;
        }
        ms_smb_client_feed(f->client, in, (gsize)n, f->out);
        if (!advance(f))
            return FALSE;
    }
}

static gboolean
on_io(GSocket *sock, GIOCondition cond, gpointer user_data)
{
    (void)cond;
    BdListFetch *f = user_data;
    if (!f->connected) {
        g_autoptr(GError) e = NULL;
        if (!g_socket_check_connect_result(sock, &e)) {
            fail(f, "cannot connect: %s", e->message);
            return G_SOURCE_REMOVE;
        }
        f->connected = TRUE;
        ms_smb_client_start(f->client, f->out);
    } else if (!receive(f)) {
        return G_SOURCE_REMOVE;
    }
    if (!flush(f))
        return G_SOURCE_REMOVE;
    watch(f);
    return G_SOURCE_REMOVE; /* watch() made the next one */
}

/* Waits for the socket to take more bytes, or to have some. */
static void
watch(BdListFetch *f)
{
    destroy_source(&f->io);
    GIOCondition cond = G_IO_IN | G_IO_HUP | G_IO_ERR;
    if (!f->connected || f->out_sent < f->out->len)
        cond = G_IO_OUT | G_IO_ERR | G_IO_HUP;
    f->io = g_socket_create_source(f->sock, cond, NULL);
    g_source_set_callback(f->io, G_SOURCE_FUNC(on_io), f, NULL);
    g_source_attach(f->io, f->context);
}

static gboolean
on_deadline(gpointer user_data)
{
    BdListFetch *f = user_data;
    fail(f, "no answer within %u s (%s)", f->timeout_ms / 1000, step_name(f));
    return G_SOURCE_REMOVE;
}

static gboolean
on_failed_early(gpointer user_data)
{
    finish(user_data);
    return G_SOURCE_REMOVE;
}

/* Creates, binds and starts connecting the socket. FALSE with f->error set. */
static gboolean
open_socket(BdListFetch *f, const BdListFetchRequest *req)
{
    g_autoptr(GError) e = NULL;
    f->sock = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &e);
    if (f->sock != NULL) {
        g_socket_set_blocking(f->sock, FALSE);
        g_autoptr(GSocketAddress) local = ms_ipv4_socket_address(req->local_ip, 0);
        g_autoptr(GSocketAddress) remote = ms_ipv4_socket_address(req->peer_ip, req->peer_port);
        if (g_socket_bind(f->sock, local, FALSE, &e) &&
            (g_socket_connect(f->sock, remote, NULL, &e) ||
             g_error_matches(e, G_IO_ERROR, G_IO_ERROR_PENDING)))
            return TRUE;
    }
    f->error = g_strdup_printf("%s: cannot connect: %s", f->address, e->message);
    return FALSE;
}

BdListFetch *
bd_list_fetch_start(const BdListFetchRequest *req, GMainContext *context, BdListFetchDone done,
                    gpointer user_data)
{
    BdListFetch *f = g_new0(BdListFetch, 1);
    f->context = context;
    f->done = done;
    f->user_data = user_data;
    f->timeout_ms = req->timeout_ms;
    f->started_us = g_get_monotonic_time();
    f->out = g_byte_array_new();
    char ip[16];
    g_snprintf(f->address, sizeof f->address, "%s:%u",
               ms_ipv4_to_string(req->peer_ip, ip, sizeof ip), req->peer_port);
    brw_rap_pager_init(&f->pagers[LIST_SERVERS], req->server_type, NULL, req->max_entries);
    brw_rap_pager_init(&f->pagers[LIST_DOMAINS],
                       req->domain_type ? req->domain_type : BRW_SV_TYPE_DOMAIN_ENUM, NULL,
                       req->max_entries);

    MsSmbClientConfig cc;
    ms_smb_client_config_init(&cc);
    cc.framing = req->peer_port == 445 ? MS_FRAMING_DIRECT : MS_FRAMING_NBSS;
    cc.our_name = req->our_name;
    cc.server_name = req->peer_name;
    cc.server_host = ip;
    cc.workgroup = req->workgroup;
    f->client = ms_smb_client_new(&cc);
    if (f->client == NULL) {
        f->error = g_strdup_printf("%s: %s is not a NetBIOS name we can call", f->address,
                                   req->peer_name ? req->peer_name : "*SMBSERVER");
    } else if (open_socket(f, req)) {
        f->deadline = g_timeout_source_new(req->timeout_ms);
        g_source_set_callback(f->deadline, on_deadline, f, NULL);
        g_source_attach(f->deadline, context);
        watch(f);
        return f;
    }
    f->failed = g_idle_source_new();
    g_source_set_callback(f->failed, on_failed_early, f, NULL);
    g_source_attach(f->failed, context);
    return f;
}

void
bd_list_fetch_cancel(BdListFetch *f)
{
    if (f != NULL)
        fetch_free(f);
}
