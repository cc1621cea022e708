/* One served network: an interface address, its name table, its datagram reassembler and
 * the browser engine of our workgroup there, on the daemon's shared sockets, with one
 * deadline source for all three (DESIGN.md §2.2, "one deadline, pulled").
 *
 * The link is where the protocol core meets the network: it routes packets in, turns the
 * engine's and the table's effects into packets out, resolves the unique names the engine
 * sends to, persists the lists and logs what an operator wants to see. */
#pragma once

#include <browse-proto/brw-engine.h>
#include <config/bd-config.h>
#include <libmailslot/ms-name-table.h>
#include <libmailslot/ms-reasm.h>
#include <libmailslot/ms-udp.h>

#include "bd-list-fetch.h"

typedef struct {
    MsUdpSocket *name_service; /* UDP 137 (or the configured port) */
    MsUdpSocket *datagram;     /* UDP 138 */
    guint16 name_service_port; /* where peers listen: the ports we send to */
    guint16 datagram_port;
} BdSockets;

typedef struct BdLink BdLink;

/* `cfg` and `sockets` must outlive the link. Nothing happens before bd_link_start(). */
BdLink *bd_link_new(const BdConfig *cfg, const MsInterface *iface, const BdSockets *sockets,
                    guint64 seed);
void bd_link_free(BdLink *link);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdLink, bd_link_free)

/* Loads the saved lists, registers the computer names, starts the engine and arms the
 * deadline in `context` (NULL: the default). */
void bd_link_start(BdLink *link, GMainContext *context);

/* Steps down as the protocol asks (a master forces an election), releases every name,
 * saves the lists. The link stays readable. */
void bd_link_stop(BdLink *link);

/* TRUE when a packet that arrived on `ifindex` from `src_ip` belongs to this link. */
gboolean bd_link_accepts(const BdLink *link, gint ifindex, guint32 src_ip);

void bd_link_handle_name_packet(BdLink *link, const MsUdpPacket *packet);
void bd_link_handle_datagram_packet(BdLink *link, const MsUdpPacket *packet);

const MsInterface *bd_link_interface(const BdLink *link);

/* ---- for the control interface (bd-control-daemon.c) ---------------------------------- */

const char *bd_link_workgroup(const BdLink *link);
/* Read through the accessors only: entry points into the engine belong to the link. */
BrwEngine *bd_link_engine(BdLink *link);
const MsNameTable *bd_link_name_table(const BdLink *link);
const MsReasmCounters *bd_link_reasm_counters(const BdLink *link);
/* When bd_link_start() ran (monotonic), 0 before. */
gint64 bd_link_started_us(const BdLink *link);
/* Datagrams dropped because their destination's name did not resolve. */
guint64 bd_link_unresolved_drops(const BdLink *link);

/* The list copies this link made, the last from each peer (a backup's from its master):
 * *n records, valid until the link's next entry point runs. */
const BdSyncRecord *bd_link_syncs(const BdLink *link, guint *n);

/* Operator actions, as any entry point: the engine's effects applied, the deadline
 * re-armed. */
void bd_link_force_election(BdLink *link);
gboolean bd_link_request_announcements(BdLink *link);

/* Called with every engine effect once the link has acted on it, for `watch`. */
typedef void (*BdLinkEventFunc)(BdLink *link, const BrwEffect *effect, gpointer user_data);
void bd_link_set_event_func(BdLink *link, BdLinkEventFunc func, gpointer user_data);
