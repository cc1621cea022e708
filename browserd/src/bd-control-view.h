/* What the control interface sees of the daemon: its links (one per served network), a few
 * daemon-wide counters, and the two actions an operator may take (force an election, ask
 * for announcements). The handlers of bd-control-dispatch.h read and act only through this,
 * so unit tests run them on a fake daemon, without sockets or a main loop; the daemon's own
 * implementation is bd-control-daemon.c. */
#pragma once

#include <browse-proto/brw-engine.h>
#include <libmailslot/ms-name-table.h>
#include <libmailslot/ms-reasm.h>
#include <libmailslot/ms-udp.h>

#include "bd-list-fetch.h"

/* One link as the handlers read it. Everything is borrowed from the view for the duration
 * of one handler call. */
typedef struct {
    const char *interface; /* "eth0" */
    guint32 ip;            /* the link's address, host byte order */
    const char *workgroup;
    BrwEngine *engine;            /* read through its accessors only; never NULL */
    const MsNameTable *table;     /* may be NULL */
    const MsReasmCounters *reasm; /* may be NULL */
    guint64 unresolved_drops;     /* datagrams dropped: their destination did not resolve */
    gint64 started_us;            /* monotonic; 0 when not started */
    const BdSyncRecord *syncs;    /* list copies, the last from each peer */
    guint n_syncs;
} BdControlLink;

/* The control server's own counters (stats). */
typedef struct {
    guint64 accepted;       /* connections taken */
    guint64 refused;        /* connections turned away: too many clients */
    guint64 requests;       /* lines dispatched */
    guint64 errors;         /* error replies sent */
    guint64 lines_too_long; /* lines over the cap, discarded */
    guint64 idle_closed;    /* connections closed for idleness */
    guint64 slow_dropped;   /* watchers dropped for not reading */
    guint64 events;         /* events published to watchers */
    guint clients;          /* connections open now */
    guint watchers;         /* of which watching */
} BdControlCounters;

typedef struct {
    const char *version; /* browserd's */
    gint64 pid;
    gint64 started_us;                 /* monotonic start of the daemon */
    guint64 unrouted;                  /* packets that arrived on no served network */
    guint64 rate_limited;              /* refused by security.rate_per_source */
    guint64 rate_shared;               /* from sources beyond security.max_sources */
    const MsUdpCounters *name_service; /* may be NULL */
    const MsUdpCounters *datagram;     /* may be NULL */
} BdControlDaemonInfo;

typedef struct {
    gint64 (*now)(gpointer self); /* monotonic microseconds */
    guint (*n_links)(gpointer self);
    void (*link)(gpointer self, guint index, BdControlLink *out);
    /* Actions run inside the link, which applies what the engine asked for and re-arms its
     * deadline: handlers never call the engine's entry points themselves. */
    void (*elect)(gpointer self, guint index);
    gboolean (*announce)(gpointer self, guint index);
    void (*daemon)(gpointer self, BdControlDaemonInfo *out);
} BdControlViewOps;

typedef struct {
    const BdControlViewOps *ops;
    gpointer self;
    const BdControlCounters *control; /* the server's counters; NULL outside a server */
} BdControlView;
