/* The daemon (bd-daemon.h). */
#include "bd-daemon.h"

#include <glib-unix.h>
#include <string.h>
#include <signal.h>

#include "bd-browse-dat.h"
#include "bd-control-daemon.h"
#include "bd-control-server.h"
#include "bd-smb.h"
#include "bd-link.h"
#include "bd-log.h"
#include "bd-source-rate.h"

struct BdDaemon {
    BdConfig *cfg;
    char *config_path;
    BdSockets sockets;
    GPtrArray *links; /* BdLink* */
    GMainLoop *loop;
    guint64 unrouted; /* packets that arrived on no served network */
    BdSourceRate *rate; /* security.rate_per_source (issue 8) */
    gboolean warned_rate; /* the first source over its rate was logged */
    BdControlServer *control;
    BdSmb *smb; /* the legacy-client listener on TCP 139/445 */
    gint64 started_us;
    BdBrowseDat *browse_dat; /* samba_browse_dat: the list for an smbd beside us */
};

char *
bd_daemon_describe_interfaces(void)
{
    g_autoptr(GArray) all = ms_interfaces_list(NULL);
    if (all == NULL || all->len == 0)
        return g_strdup("(none)");
    g_autoptr(GString) s = g_string_new(NULL);
    for (guint i = 0; i < all->len; i++) {
        const MsInterface *it = &g_array_index(all, MsInterface, i);
        char ip[16];
        g_string_append_printf(s, "%s%s (%s)", i ? ", " : "", it->name,
                               ms_ipv4_to_string(it->ip, ip, sizeof ip));
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static guint64
new_seed(void)
{
    /* The daemon, unlike the core, may draw real randomness: election delays of two
     * browserds started together must differ. */
    return ((guint64)g_random_int() << 32) | g_random_int();
}

/* One link per configured interface, or NULL and *error naming the one that is missing. */
static GPtrArray *
make_links(const BdConfig *cfg, const BdSockets *sockets, GError **error)
{
    g_autoptr(GArray) all = ms_interfaces_list(error);
    if (all == NULL)
        return NULL;
    g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func((GDestroyNotify)bd_link_free);
    for (guint i = 0; i < cfg->n_interfaces; i++) {
        MsInterface iface;
        if (!ms_interfaces_find(all, cfg->interfaces[i].text, &iface)) {
            g_autofree char *have = bd_daemon_describe_interfaces();
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "interface '%s' has no IPv4 address or is down; interfaces up: %s",
                        cfg->interfaces[i].text, have);
            return NULL;
        }
        g_ptr_array_add(links, bd_link_new(cfg, &iface, sockets, new_seed()));
    }
    return g_steal_pointer(&links);
}

/* TRUE for an address configured as a peer: security.peers, and the addresses browsing
 * across subnets names (domain.master_address, domain.sync_peers). A domain master's
 * LMBs are on subnets it cannot know in advance: they go in security.peers. */
static gboolean
is_peer(const BdConfig *cfg, guint32 ip)
{
    if (brw_subnets_contain(cfg->security.peers, cfg->security.n_peers, ip) ||
        (ip != 0 && ip == cfg->domain.master_address))
        return TRUE;
    for (guint i = 0; i < cfg->domain.n_sync_peers; i++)
        if (cfg->domain.sync_peers[i] == ip)
            return TRUE;
    return FALSE;
}

/* The link a packet from the network is for: the one whose subnet it came from, or for a
 * configured peer the one it arrived on; then the source's rate limit. NULL: counted and
 * dropped (docs/SECURITY.md). */
static BdLink *
admit(BdDaemon *d, const MsUdpPacket *p)
{
    BdLink *link = NULL;
    for (guint i = 0; i < d->links->len && link == NULL; i++)
        if (bd_link_accepts(g_ptr_array_index(d->links, i), p->ifindex, p->src_ip))
            link = g_ptr_array_index(d->links, i);
    for (guint i = 0; i < d->links->len && link == NULL; i++) {
        BdLink *l = g_ptr_array_index(d->links, i);
        if ((p->ifindex == 0 || p->ifindex == bd_link_interface(l)->index) &&
            is_peer(d->cfg, p->src_ip))
            link = l;
    }
    if (link == NULL)
        d->unrouted++;
    else if (!bd_source_rate_admit(d->rate, p->src_ip, g_get_monotonic_time()))
        link = NULL;
    if (link == NULL && !d->warned_rate && bd_source_rate_counters(d->rate)->limited > 0) {
        d->warned_rate = TRUE;
        char ip[16];
        g_warning("%s sends more than security.rate_per_source (%u/s, burst %u): packets over "
                  "the limit, from it or any other source, are dropped and counted",
                  ms_ipv4_to_string(p->src_ip, ip, sizeof ip), d->cfg->security.rate_per_source,
                  d->cfg->security.rate_burst);
    }
    return link;
}

static void
route_name_packet(MsUdpSocket *sock, const MsUdpPacket *p, gpointer user_data)
{
    (void)sock;
    BdLink *link = admit(user_data, p);
    if (link != NULL)
        bd_link_handle_name_packet(link, p);
}

static void
route_datagram_packet(MsUdpSocket *sock, const MsUdpPacket *p, gpointer user_data)
{
    (void)sock;
    BdLink *link = admit(user_data, p);
    if (link != NULL)
        bd_link_handle_datagram_packet(link, p);
}

static BdSourceRate *
new_source_rate(const BdConfig *cfg)
{
    return bd_source_rate_new(cfg->security.rate_per_source, cfg->security.rate_burst,
                              cfg->security.max_sources);
}

BdDaemon *
bd_daemon_new(BdConfig *cfg, const char *config_path, GError **error)
{
    g_autoptr(BdDaemon) d = g_new0(BdDaemon, 1);
    d->cfg = cfg;
    d->config_path = g_strdup(config_path);
    d->sockets.name_service_port = cfg->ports.name_service;
    d->sockets.datagram_port = cfg->ports.datagram;
    d->sockets.name_service = ms_udp_socket_new(0, cfg->ports.name_service, error);
    if (d->sockets.name_service == NULL)
        return NULL;
    d->sockets.datagram = ms_udp_socket_new(0, cfg->ports.datagram, error);
    if (d->sockets.datagram == NULL)
        return NULL;
    d->links = make_links(cfg, &d->sockets, error);
    if (d->links == NULL)
        return NULL;
    d->rate = new_source_rate(cfg);
    /* Made while still root, like the ports: the socket's directory may be root's. */
    BdControlView view = bd_control_daemon_view(d);
    d->control = bd_control_server_new(cfg->control_socket, cfg->control_mode,
                                       cfg->control_group, NULL, &view, error);
    if (d->control == NULL)
        return NULL;
    BdSmbConfig smb = {
        .nbss_port = cfg->ports.session,
        .direct_port = cfg->ports.smb,
        .max_connections = cfg->smb.max_connections,
        .idle_timeout_s = cfg->smb.idle_timeout_s,
        .comment_max = cfg->smb.comment_max,
        .n_allow = cfg->security.n_smb_from,
    };
    memcpy(smb.allow, cfg->security.smb_from, sizeof smb.allow);
    d->smb = bd_smb_new(&smb, cfg->netbios_name, cfg->workgroup, error);
    if (d->smb == NULL)
        return NULL;
    bd_smb_set_links(d->smb, d->links);
    return g_steal_pointer(&d);
}

void
bd_daemon_free(BdDaemon *d)
{
    if (d == NULL)
        return;
    bd_control_server_free(d->control); /* before the links its clients look at */
    bd_smb_free(d->smb);                /* likewise */
    bd_browse_dat_free(d->browse_dat);  /* likewise */
    if (d->links != NULL)
        g_ptr_array_unref(d->links);
    ms_udp_socket_free(d->sockets.name_service);
    ms_udp_socket_free(d->sockets.datagram);
    bd_source_rate_free(d->rate);
    if (d->loop != NULL)
        g_main_loop_unref(d->loop);
    bd_config_free(d->cfg);
    g_free(d->config_path);
    g_free(d);
}

const BdConfig *
bd_daemon_config(const BdDaemon *d)
{
    return d->cfg;
}

guint
bd_daemon_n_links(const BdDaemon *d)
{
    return d->links->len;
}

BdLink *
bd_daemon_link(const BdDaemon *d, guint index)
{
    return g_ptr_array_index(d->links, index);
}

const BdSockets *
bd_daemon_sockets(const BdDaemon *d)
{
    return &d->sockets;
}

const BdSourceRateCounters *
bd_daemon_rate_counters(const BdDaemon *d)
{
    return bd_source_rate_counters(d->rate);
}

guint64
bd_daemon_unrouted(const BdDaemon *d)
{
    return d->unrouted;
}

gint64
bd_daemon_started_us(const BdDaemon *d)
{
    return d->started_us;
}

/* Engine events, for the control server's watchers. */
static void
on_link_event(BdLink *link, const BrwEffect *fx, gpointer user_data)
{
    BdDaemon *d = user_data;
    bd_control_server_publish(d->control, bd_link_interface(link)->name,
                              bd_link_workgroup(link), fx);
}

static void
start_links(BdDaemon *d)
{
    for (guint i = 0; i < d->links->len; i++) {
        BdLink *link = g_ptr_array_index(d->links, i);
        bd_link_set_event_func(link, on_link_event, d);
        bd_link_start(link, NULL);
    }
}

static void
stop_links(BdDaemon *d)
{
    for (guint i = 0; i < d->links->len; i++)
        bd_link_stop(g_ptr_array_index(d->links, i));
}

static gboolean
on_terminate(gpointer user_data)
{
    BdDaemon *d = user_data;
    g_message("stopping: stepping down, releasing names, saving lists");
    stop_links(d);
    g_main_loop_quit(d->loop);
    return G_SOURCE_CONTINUE;
}

/* SIGHUP: a configuration that does not load, or needs what a running daemon cannot do
 * (new ports after dropping root), is reported and the running one kept (DESIGN.md §5). */
static gboolean
on_reload(gpointer user_data)
{
    BdDaemon *d = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) cfg = bd_config_load_file(d->config_path, g_get_host_name(), &error);
    if (cfg == NULL) {
        g_warning("reload: keeping the running configuration:\n%s", error->message);
        return G_SOURCE_CONTINUE;
    }
    if (bd_config_equal(cfg, d->cfg)) {
        g_message("reload: %s unchanged", d->config_path);
        return G_SOURCE_CONTINUE;
    }
    if (cfg->ports.name_service != d->cfg->ports.name_service ||
        cfg->ports.datagram != d->cfg->ports.datagram) {
        g_warning("reload: new ports need a restart; keeping the running configuration");
        return G_SOURCE_CONTINUE;
    }
    g_autoptr(GPtrArray) links = make_links(cfg, &d->sockets, &error);
    if (links == NULL) {
        g_warning("reload: keeping the running configuration: %s", error->message);
        return G_SOURCE_CONTINUE;
    }
    if (g_strcmp0(cfg->control_socket, d->cfg->control_socket) != 0 ||
        cfg->control_mode != d->cfg->control_mode ||
        g_strcmp0(cfg->control_group, d->cfg->control_group) != 0)
        g_warning("reload: the control socket's settings take effect at the next start");
    if (cfg->ports.session != d->cfg->ports.session || cfg->ports.smb != d->cfg->ports.smb ||
        memcmp(&cfg->smb, &d->cfg->smb, sizeof cfg->smb) != 0 ||
        cfg->security.n_smb_from != d->cfg->security.n_smb_from ||
        memcmp(cfg->security.smb_from, d->cfg->security.smb_from,
               sizeof cfg->security.smb_from) != 0 ||
        strcmp(cfg->netbios_name, d->cfg->netbios_name) != 0 ||
        strcmp(cfg->workgroup, d->cfg->workgroup) != 0)
        g_warning("reload: the SMB responder's ports, limits and names take effect at the next "
                  "start");
    g_message("reload: applying %s", d->config_path);
    stop_links(d);
    bd_smb_set_links(d->smb, links); /* closes connections served by the old links */
    g_ptr_array_unref(d->links);
    bd_config_free(d->cfg);
    d->cfg = g_steal_pointer(&cfg);
    d->links = g_steal_pointer(&links);
    bd_source_rate_free(d->rate);
    d->rate = new_source_rate(d->cfg);
    bd_log_set_level(d->cfg->log_level);
    start_links(d);
    return G_SOURCE_CONTINUE;
}

int
bd_daemon_run(BdDaemon *d)
{
    d->loop = g_main_loop_new(NULL, FALSE);
    d->started_us = g_get_monotonic_time();
    ms_udp_socket_attach(d->sockets.name_service, NULL, route_name_packet, d);
    ms_udp_socket_attach(d->sockets.datagram, NULL, route_datagram_packet, d);
    guint term = g_unix_signal_add(SIGTERM, on_terminate, d);
    guint intr = g_unix_signal_add(SIGINT, on_terminate, d);
    guint hup = g_unix_signal_add(SIGHUP, on_reload, d);
    start_links(d);
    bd_control_server_start(d->control);
    bd_smb_start(d->smb, NULL);
    d->browse_dat = bd_browse_dat_new(d);
    g_main_loop_run(d->loop);
    g_source_remove(term);
    g_source_remove(intr);
    g_source_remove(hup);
    return 0;
}
