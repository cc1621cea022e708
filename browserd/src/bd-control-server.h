/* The control server: a Unix stream socket (GSocketService) speaking the line protocol of
 * bd-control-proto.h, with the verbs of bd-control-dispatch.h.
 *
 * Clients are untrusted and may be slow or stuck; the daemon never waits for one:
 *  - sockets are non-blocking; each connection has an output queue, written as the client
 *    reads. A client that lets read_pause bytes of replies pile up is not read from until
 *    it catches up, so requests cannot make the queue grow without bound;
 *  - a line longer than max_line gets the error line-too-long and is discarded; a request
 *    that is not valid gets an error reply; the connection stays usable either way;
 *  - at most max_clients connections; the next is told too-many-clients and closed;
 *  - a connection without a request for idle_us is told idle-timeout and closed (not a
 *    watcher: it only listens);
 *  - a watcher more than max_watch_queue bytes behind is dropped: its queue is emptied
 *    (the line being written is finished first), then the error too-slow is its last line;
 *  - a connection being closed gets close_grace_us to take its last line, then it goes.
 * Error lines the server sends on its own have "id": null, except a watcher's last line,
 * which carries the id of its watch request. Once a connection watches, it only receives:
 * what it sends is read (to see it hang up) and ignored. */
#pragma once

#include <browse-proto/brw-engine.h>
#include <gio/gio.h>

#include "bd-control-view.h"

typedef struct {
    guint max_clients;     /* 16 */
    gsize max_line;        /* BD_CONTROL_MAX_LINE */
    gint64 idle_us;        /* 5 min; 0: never */
    gsize max_watch_queue; /* 256 KiB */
    gsize read_pause;      /* 64 KiB */
    gint64 close_grace_us; /* 5 s */
} BdControlLimits;

void bd_control_limits_init(BdControlLimits *limits);

typedef struct BdControlServer BdControlServer;

/* Makes the socket at `path` (bd-control-socket.h: stale socket removed, `mode`, `group`)
 * and listens, accepting nobody until bd_control_server_start(). `limits` NULL: the
 * defaults. `view` is copied; what it points to must outlive the server. NULL and *error
 * when the socket cannot be made. */
BdControlServer *bd_control_server_new(const char *path, guint mode, const char *group,
                                       const BdControlLimits *limits, const BdControlView *view,
                                       GError **error);

/* Accepts clients from now on, in the thread-default main context (as GIO's asynchronous
 * calls do); that context must stay the thread-default while the server runs. */
void bd_control_server_start(BdControlServer *s);

/* Sends the event for `fx` (bd-control-events.h) to every watcher; effects that are no
 * event, and any effect while nobody watches, cost nothing. */
void bd_control_server_publish(BdControlServer *s, const char *interface, const char *workgroup,
                               const BrwEffect *fx);

/* Tells every client shutting-down (one attempt, never waiting), closes them, stops
 * listening and removes the socket file if it is still ours. NULL-safe. */
void bd_control_server_free(BdControlServer *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdControlServer, bd_control_server_free)

const BdControlCounters *bd_control_server_counters(const BdControlServer *s);
