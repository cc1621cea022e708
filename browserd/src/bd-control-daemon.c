/* The control view of the daemon (bd-control-daemon.h). */
#include "bd-control-daemon.h"

#include <unistd.h>

#include "bd-link.h"

#ifndef BROWSERD_VERSION
#define BROWSERD_VERSION "0.0"
#endif

static gint64
view_now(gpointer self)
{
    (void)self;
    return g_get_monotonic_time();
}

static guint
view_n_links(gpointer self)
{
    return bd_daemon_n_links(self);
}

static void
view_link(gpointer self, guint index, BdControlLink *out)
{
    BdLink *link = bd_daemon_link(self, index);
    const MsInterface *iface = bd_link_interface(link);
    *out = (BdControlLink){
        .interface = iface->name,
        .ip = iface->ip,
        .workgroup = bd_link_workgroup(link),
        .engine = bd_link_engine(link),
        .table = bd_link_name_table(link),
        .reasm = bd_link_reasm_counters(link),
        .unresolved_drops = bd_link_unresolved_drops(link),
        .started_us = bd_link_started_us(link),
    };
    out->syncs = bd_link_syncs(link, &out->n_syncs);
}

static void
view_elect(gpointer self, guint index)
{
    bd_link_force_election(bd_daemon_link(self, index));
}

static gboolean
view_announce(gpointer self, guint index)
{
    return bd_link_request_announcements(bd_daemon_link(self, index));
}

static void
view_daemon(gpointer self, BdControlDaemonInfo *out)
{
    const BdSockets *sockets = bd_daemon_sockets(self);
    *out = (BdControlDaemonInfo){
        .version = BROWSERD_VERSION,
        .pid = (gint64)getpid(),
        .started_us = bd_daemon_started_us(self),
        .unrouted = bd_daemon_unrouted(self),
        .rate_limited = bd_daemon_rate_counters(self)->limited,
        .rate_shared = bd_daemon_rate_counters(self)->shared,
        .name_service = ms_udp_socket_counters(sockets->name_service),
        .datagram = ms_udp_socket_counters(sockets->datagram),
    };
}

static const BdControlViewOps daemon_ops = {
    .now = view_now,
    .n_links = view_n_links,
    .link = view_link,
    .elect = view_elect,
    .announce = view_announce,
    .daemon = view_daemon,
};

BdControlView
bd_control_daemon_view(BdDaemon *d)
{
    return (BdControlView){.ops = &daemon_ops, .self = d, .control = NULL};
}
