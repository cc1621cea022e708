/* One control connection, and the server state it shares (private to bd-control-server.c
 * and bd-control-conn.c).
 *
 * A connection never frees itself: closing marks it dead and removes its sources, and the
 * server frees dead connections once no call into the server is on the stack (an `elect`
 * from one client publishes events to the others from inside that client's callback). */
#pragma once

#include "bd-control-lines.h"
#include "bd-control-proto.h"
#include "bd-control-server.h"
#include "bd-control-socket.h"

typedef struct BdControlConn BdControlConn;

struct BdControlServer {
    GSocketService *service;
    char *path;
    BdControlSocketFile file;
    BdControlLimits limits;
    BdControlView view; /* view.control points at `counters` */
    BdControlCounters counters;
    GMainContext *context; /* of the clients' sources; set by start */
    GPtrArray *conns;      /* BdControlConn*, dead ones until reaped */
    guint depth;           /* entry points on the stack */
};

/* Entry points into the server bracket their work with these; leaving the outermost one
 * frees the dead connections. */
void bd_control_server_enter(BdControlServer *s);
void bd_control_server_leave(BdControlServer *s);

/* Starts serving an accepted connection: reading, and the idle timer. */
BdControlConn *bd_control_conn_new(BdControlServer *s, GSocketConnection *connection);
void bd_control_conn_free(BdControlConn *c);

gboolean bd_control_conn_is_dead(const BdControlConn *c);
/* A watcher that is not closing: it takes events. */
gboolean bd_control_conn_takes_events(const BdControlConn *c);

/* Queues one event line; a watcher too far behind is dropped instead (too-slow). */
void bd_control_conn_send_event(BdControlConn *c, const char *line, gsize len);

/* Sends an error line with `code` and `message` as the connection's last and closes it
 * once the line is out or close_grace_us has passed. */
void bd_control_conn_finish(BdControlConn *c, BdControlErrorCode code, const char *message);

/* One non-blocking attempt to write what is queued, then closes: for shutdown. */
void bd_control_conn_close_now(BdControlConn *c);

/* An error line with "id": null (or `id`), newly allocated. */
char *bd_control_error_line(gboolean has_id, gint64 id, BdControlErrorCode code,
                            const char *message, gsize *len);
