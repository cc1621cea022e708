/* The daemon: the configuration, the shared sockets, one link per configured interface,
 * the signals, and reloading (DESIGN.md §5). */
#pragma once

#include <config/bd-config.h>

#include "bd-link.h"
#include "bd-source-rate.h"

typedef struct BdDaemon BdDaemon;

/* Takes `cfg`. Finds the configured interfaces and binds the sockets (root or
 * CAP_NET_BIND_SERVICE for the standard ports); NULL and *error when an interface does not
 * exist (the message lists those that do) or a socket cannot be bound. */
BdDaemon *bd_daemon_new(BdConfig *cfg, const char *config_path, GError **error);
void bd_daemon_free(BdDaemon *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdDaemon, bd_daemon_free)

const BdConfig *bd_daemon_config(const BdDaemon *d);

/* What the control interface reads (bd-control-daemon.c). */
guint bd_daemon_n_links(const BdDaemon *d);
BdLink *bd_daemon_link(const BdDaemon *d, guint index);
const BdSockets *bd_daemon_sockets(const BdDaemon *d);
guint64 bd_daemon_unrouted(const BdDaemon *d);
/* security.rate_per_source: packets admitted and refused by source (bd-source-rate.h). */
const BdSourceRateCounters *bd_daemon_rate_counters(const BdDaemon *d);
gint64 bd_daemon_started_us(const BdDaemon *d); /* monotonic; 0 before bd_daemon_run() */

/* Starts every link and runs until SIGTERM or SIGINT, which step down, release the names
 * and save the lists. SIGHUP reloads the configuration file. Returns the exit status. */
int bd_daemon_run(BdDaemon *d);

/* The IPv4 interfaces that are up, as "lo (127.0.0.1), eth0 (192.0.2.5)", for messages
 * that ask the operator to name one. Newly allocated. */
char *bd_daemon_describe_interfaces(void);
