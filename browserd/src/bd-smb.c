/* The legacy-client listener (bd-smb.h). Non-blocking sockets under the main loop: a
 * connection reads only while it has nothing left to send, so a client that does not read
 * its replies cannot make the daemon buffer without bound, and never blocks it. */
#include "bd-smb.h"

#include <string.h>

#include <browse-proto/brw-rap.h>
#include <libmailslot/ms-smb-server.h>

#define READ_CHUNK 4096
/* How often idle connections are looked for. */
#define IDLE_SWEEP_S 5

typedef struct Listener Listener;

/* The last \PIPE\LANMAN answer, kept while everything it was made from is unchanged: a
 * list of 2,000 servers, packed record by record from the RAP descriptor, cost ~200 us per
 * NetServerEnum2 (perf: 64% in brw_rap_records_pack), and clients ask the same question of
 * a list that rarely changes. `key` holds the request, the reply's room, the engine's
 * state that an answer shows (role, names, type, comment) and both lists' versions. */
typedef struct {
    GBytes *key;
    GBytes *params;
    GBytes *data;
} ReplyCache;

typedef struct {
    BdSmb *smb;
    GSocket *socket;
    GSource *source;   /* readable, or writable while `out` holds bytes */
    MsSmbConn *conn;
    BdLink *link;
    GByteArray *out;
    gsize out_sent;
    gboolean closing;  /* close once `out` is sent */
    gint64 last_active_us;
} Client;

struct Listener {
    BdSmb *smb;
    GSocket *socket;
    GSource *source;
    MsFraming framing;
};

struct BdSmb {
    BdSmbConfig cfg;
    char netbios_name[16];
    char workgroup[16];
    Listener listeners[2];
    guint n_listeners;
    GPtrArray *links;   /* borrowed */
    GList *clients;     /* Client* */
    guint n_clients;
    GSource *sweeper;
    GMainContext *context;
    BdSmbCounters counters;
    ReplyCache cache;
};

static void client_watch(Client *c, GIOCondition cond);

static void
client_free(Client *c)
{
    if (c->source != NULL) {
        g_source_destroy(c->source);
        g_source_unref(c->source);
    }
    g_socket_close(c->socket, NULL);
    g_object_unref(c->socket);
    ms_smb_conn_free(c->conn);
    g_byte_array_unref(c->out);
    g_free(c);
}

static void
client_close(Client *c, guint64 *counter)
{
    (*counter)++;
    c->smb->clients = g_list_remove(c->smb->clients, c);
    c->smb->n_clients--;
    client_free(c);
}

static void
cache_clear(ReplyCache *cache)
{
    g_clear_pointer(&cache->key, g_bytes_unref);
    g_clear_pointer(&cache->params, g_bytes_unref);
    g_clear_pointer(&cache->data, g_bytes_unref);
}

/* Everything an answer depends on, as bytes (see ReplyCache). */
static GBytes *
cache_key(const Client *c, const BrwRapServer *srv, const guint8 *params, gsize plen,
          const MsSmbTransOutput *reply)
{
    g_autofree char *state = g_strdup_printf(
        "%p|%d|%s|%s|%s|%s|%u|%u.%u|%u|%u|%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT
        "|%" G_GSIZE_FORMAT "|%" G_GSIZE_FORMAT "|",
        (const void *)c->link, srv->role, srv->netbios_name, srv->workgroup, srv->master,
        srv->comment, srv->server_type, srv->version_major, srv->version_minor,
        srv->comment_max, srv->converter, srv->servers ? brw_list_version(srv->servers) : 0,
        srv->domains ? brw_list_version(srv->domains) : 0, reply->params.cap,
        reply->data.cap);
    GByteArray *key = g_byte_array_new();
    g_byte_array_append(key, (const guint8 *)state, (guint)strlen(state));
    g_byte_array_append(key, params, (guint)plen);
    return g_byte_array_free_to_bytes(key);
}

static gboolean
put_bytes(MsWriter *w, GBytes *bytes)
{
    gsize n;
    const guint8 *p = g_bytes_get_data(bytes, &n);
    guint8 *at = n ? ms_writer_reserve(w, n) : NULL;
    if (n && at == NULL)
        return FALSE;
    if (n)
        memcpy(at, p, n);
    return TRUE;
}

/* The RAP answer, from the engine of the network the connection came in on; the same
 * question about an unchanged state gets the bytes of the last answer. */
static MsStatus
on_lanman(const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
          MsSmbTransOutput *reply, gpointer user_data)
{
    Client *c = user_data;
    ReplyCache *cache = &c->smb->cache;
    BrwRapServer srv;
    brw_rap_server_from_engine(&srv, bd_link_engine(c->link));
    srv.comment_max = c->smb->cfg.comment_max;
    if (dlen != 0 || reply->params.len != 0 || reply->data.len != 0)
        return brw_rap_serve(params, plen, data, dlen, &srv, &reply->params, &reply->data);
    g_autoptr(GBytes) key = cache_key(c, &srv, params, plen, reply);
    if (cache->key != NULL && g_bytes_equal(cache->key, key) &&
        put_bytes(&reply->params, cache->params) && put_bytes(&reply->data, cache->data))
        return MS_OK;
    reply->params.len = reply->data.len = 0;
    reply->params.overflow = reply->data.overflow = FALSE;
    MsStatus st = brw_rap_serve(params, plen, data, dlen, &srv, &reply->params, &reply->data);
    cache_clear(cache);
    if (st == MS_OK && !reply->params.overflow && !reply->data.overflow) {
        cache->key = g_steal_pointer(&key);
        cache->params = g_bytes_new(reply->params.data, reply->params.len);
        cache->data = g_bytes_new(reply->data.data, reply->data.len);
    }
    return st;
}

/* Sends what it can; TRUE when everything queued is out. */
static gboolean
client_flush(Client *c)
{
    while (c->out_sent < c->out->len) {
        GError *error = NULL;
        gssize n = g_socket_send(c->socket, (const gchar *)c->out->data + c->out_sent,
                                 c->out->len - c->out_sent, NULL, &error);
        if (n < 0) {
            gboolean again = g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
            g_error_free(error);
            if (again)
                return FALSE;
            c->closing = TRUE;
            c->out_sent = c->out->len; /* nothing more can go */
            return TRUE;
        }
        c->out_sent += (gsize)n;
    }
    g_byte_array_set_size(c->out, 0);
    c->out_sent = 0;
    return TRUE;
}

static gboolean
on_client_ready(GSocket *socket, GIOCondition cond, gpointer user_data)
{
    (void)socket;
    Client *c = user_data;
    BdSmb *smb = c->smb;
    c->last_active_us = g_get_monotonic_time();
    if (c->out->len > 0) {
        if (!client_flush(c))
            return G_SOURCE_CONTINUE; /* still waiting for room */
        if (c->closing) {
            client_close(c, &smb->counters.closed_protocol);
            return G_SOURCE_REMOVE;
        }
        client_watch(c, G_IO_IN);
        return G_SOURCE_REMOVE;
    }
    if (cond & (G_IO_ERR | G_IO_NVAL)) {
        client_close(c, &smb->counters.closed_peer);
        return G_SOURCE_REMOVE;
    }
    guint8 buf[READ_CHUNK];
    GError *error = NULL;
    gssize n = g_socket_receive(c->socket, (gchar *)buf, sizeof buf, NULL, &error);
    if (n < 0 && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
        g_error_free(error);
        return G_SOURCE_CONTINUE;
    }
    g_clear_error(&error);
    if (n <= 0) {
        client_close(c, &smb->counters.closed_peer);
        return G_SOURCE_REMOVE;
    }
    if (!ms_smb_conn_feed(c->conn, buf, (gsize)n, g_get_real_time(), c->out))
        c->closing = TRUE;
    if (c->out->len == 0 || client_flush(c)) {
        if (c->closing) {
            client_close(c, &smb->counters.closed_protocol);
            return G_SOURCE_REMOVE;
        }
        return G_SOURCE_CONTINUE;
    }
    /* Replies wait for room: stop reading until they are out. */
    client_watch(c, G_IO_OUT);
    return G_SOURCE_REMOVE;
}

static void
client_watch(Client *c, GIOCondition cond)
{
    if (c->source != NULL) {
        g_source_destroy(c->source);
        g_source_unref(c->source);
    }
    c->source = g_socket_create_source(c->socket, cond | G_IO_ERR | G_IO_HUP, NULL);
    g_source_set_callback(c->source, G_SOURCE_FUNC(on_client_ready), c, NULL);
    g_source_attach(c->source, c->smb->context);
}

/* The link whose address the connection arrived on; NULL for any other address: browserd
 * serves only the networks it was told to. */
/* The IPv4 address (host byte order) of a socket address; FALSE for anything else. */
static gboolean
ipv4_of(GSocketAddress *sa, guint32 *ip)
{
    if (sa == NULL || !G_IS_INET_SOCKET_ADDRESS(sa))
        return FALSE;
    GInetAddress *addr = g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(sa));
    if (g_inet_address_get_family(addr) != G_SOCKET_FAMILY_IPV4)
        return FALSE;
    const guint8 *b = g_inet_address_to_bytes(addr);
    *ip = ((guint32)b[0] << 24) | ((guint32)b[1] << 16) | ((guint32)b[2] << 8) | b[3];
    return TRUE;
}

/* security.smb_from: with a list, only clients inside it are served. */
static gboolean
client_allowed(const BdSmb *smb, GSocket *socket)
{
    if (smb->cfg.n_allow == 0)
        return TRUE;
    g_autoptr(GSocketAddress) remote = g_socket_get_remote_address(socket, NULL);
    guint32 ip;
    return ipv4_of(remote, &ip) && brw_subnets_contain(smb->cfg.allow, smb->cfg.n_allow, ip);
}

static BdLink *
link_for(BdSmb *smb, GSocket *socket)
{
    g_autoptr(GSocketAddress) local = g_socket_get_local_address(socket, NULL);
    guint32 ip;
    if (smb->links == NULL || !ipv4_of(local, &ip))
        return NULL;
    for (guint i = 0; i < smb->links->len; i++) {
        BdLink *link = g_ptr_array_index(smb->links, i);
        if (bd_link_interface(link)->ip == ip)
            return link;
    }
    return NULL;
}

static gboolean
on_accept(GSocket *socket, GIOCondition cond, gpointer user_data)
{
    (void)cond;
    Listener *l = user_data;
    BdSmb *smb = l->smb;
    GSocket *accepted = g_socket_accept(socket, NULL, NULL);
    if (accepted == NULL)
        return G_SOURCE_CONTINUE;
    BdLink *link = link_for(smb, accepted);
    gboolean allowed = link != NULL && client_allowed(smb, accepted);
    if (!allowed || smb->n_clients >= smb->cfg.max_connections) {
        if (link == NULL)
            smb->counters.refused_network++;
        else if (!allowed)
            smb->counters.refused_source++;
        else if (smb->counters.refused_full++ == 0)
            g_warning("SMB: %u connections are open (smb.max_connections): further ones are "
                      "closed at once and counted", smb->cfg.max_connections);
        g_socket_close(accepted, NULL);
        g_object_unref(accepted);
        return G_SOURCE_CONTINUE;
    }
    g_socket_set_blocking(accepted, FALSE);
    MsSessionConfig scfg = {.framing = l->framing, .name = smb->netbios_name};
    MsSmbServerConfig xcfg;
    ms_smb_server_config_init(&xcfg);
    xcfg.server_name = smb->netbios_name;
    xcfg.workgroup = smb->workgroup;
    xcfg.session_key = g_random_int();
    /* Ask for encrypted passwords, as Samba does (security mode 0x03 with a challenge):
     * nmap's smb-mbenum, among others, refuses a server that takes plain text. Nothing
     * checks the answers: this server lets everyone read the browse list. */
    xcfg.use_challenge = TRUE;
    for (gsize i = 0; i < sizeof xcfg.challenge; i++)
        xcfg.challenge[i] = (guint8)g_random_int_range(0, 256);
    Client *c = g_new0(Client, 1);
    c->smb = smb;
    c->socket = accepted;
    c->link = link;
    c->out = g_byte_array_new();
    c->last_active_us = g_get_monotonic_time();
    c->conn = ms_smb_conn_new(&scfg, &xcfg, on_lanman, c);
    g_assert(c->conn != NULL); /* the names were validated with the configuration */
    smb->clients = g_list_prepend(smb->clients, c);
    smb->n_clients++;
    smb->counters.accepted++;
    client_watch(c, G_IO_IN);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_sweep(gpointer user_data)
{
    BdSmb *smb = user_data;
    gint64 cutoff = g_get_monotonic_time() - (gint64)smb->cfg.idle_timeout_s * G_USEC_PER_SEC;
    for (GList *l = smb->clients; l != NULL;) {
        GList *next = l->next;
        Client *c = l->data;
        if (c->last_active_us < cutoff)
            client_close(c, &smb->counters.closed_idle);
        l = next;
    }
    return G_SOURCE_CONTINUE;
}

static gboolean
listen_on(BdSmb *smb, guint16 port, MsFraming framing, GError **error)
{
    if (port == 0)
        return TRUE;
    g_autoptr(GSocket) s = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                        G_SOCKET_PROTOCOL_TCP, error);
    if (s == NULL)
        return FALSE;
    g_socket_set_blocking(s, FALSE);
    g_autoptr(GInetAddress) any = g_inet_address_new_any(G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) addr = g_inet_socket_address_new(any, port);
    if (!g_socket_bind(s, addr, TRUE, error) || !g_socket_listen(s, error)) {
        g_prefix_error(error, "TCP port %u: ", port);
        return FALSE;
    }
    Listener *l = &smb->listeners[smb->n_listeners++];
    l->smb = smb;
    l->socket = g_steal_pointer(&s);
    l->framing = framing;
    return TRUE;
}

BdSmb *
bd_smb_new(const BdSmbConfig *cfg, const char *netbios_name, const char *workgroup,
           GError **error)
{
    g_autoptr(BdSmb) smb = g_new0(BdSmb, 1);
    smb->cfg = *cfg;
    g_strlcpy(smb->netbios_name, netbios_name, sizeof smb->netbios_name);
    g_strlcpy(smb->workgroup, workgroup, sizeof smb->workgroup);
    if (!listen_on(smb, cfg->nbss_port, MS_FRAMING_NBSS, error) ||
        !listen_on(smb, cfg->direct_port, MS_FRAMING_DIRECT, error))
        return NULL;
    return g_steal_pointer(&smb);
}

void
bd_smb_free(BdSmb *smb)
{
    if (smb == NULL)
        return;
    g_list_free_full(smb->clients, (GDestroyNotify)client_free);
    cache_clear(&smb->cache);
    for (guint i = 0; i < smb->n_listeners; i++) {
        if (smb->listeners[i].source != NULL) {
            g_source_destroy(smb->listeners[i].source);
            g_source_unref(smb->listeners[i].source);
        }
        g_socket_close(smb->listeners[i].socket, NULL);
        g_object_unref(smb->listeners[i].socket);
    }
    if (smb->sweeper != NULL) {
        g_source_destroy(smb->sweeper);
        g_source_unref(smb->sweeper);
    }
    g_free(smb);
}

void
bd_smb_set_links(BdSmb *smb, GPtrArray *links)
{
    /* Connections of a link that goes away cannot be served any more. */
    for (GList *l = smb->clients; l != NULL;) {
        GList *next = l->next;
        Client *c = l->data;
        gboolean kept = FALSE;
        for (guint i = 0; links != NULL && i < links->len; i++)
            kept |= g_ptr_array_index(links, i) == (gpointer)c->link;
        if (!kept)
            client_close(c, &smb->counters.closed_peer);
        l = next;
    }
    smb->links = links;
    cache_clear(&smb->cache); /* new links may reuse the old ones' addresses */
}

void
bd_smb_start(BdSmb *smb, GMainContext *context)
{
    smb->context = context;
    for (guint i = 0; i < smb->n_listeners; i++) {
        Listener *l = &smb->listeners[i];
        l->source = g_socket_create_source(l->socket, G_IO_IN, NULL);
        g_source_set_callback(l->source, G_SOURCE_FUNC(on_accept), l, NULL);
        g_source_attach(l->source, context);
    }
    smb->sweeper = g_timeout_source_new_seconds(IDLE_SWEEP_S);
    g_source_set_callback(smb->sweeper, on_sweep, smb, NULL);
    g_source_attach(smb->sweeper, context);
}

guint
bd_smb_connection_count(const BdSmb *smb)
{
    return smb->n_clients;
}

const BdSmbCounters *
bd_smb_counters(const BdSmb *smb)
{
    return &smb->counters;
}
