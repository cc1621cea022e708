/* One control connection (bd-control-conn.h): non-blocking reads split into request lines,
 * replies and events through a bounded output queue, the idle timer, and closing with a
 * last line. Every entry point ends in settle(), which decides what the connection waits
 * for next. */
#include "bd-control-conn.h"

#include <string.h>

#include "bd-control-dispatch.h"

/* One read per wake-up: a busy client cannot starve the others. */
#define READ_CHUNK 4096

struct BdControlConn {
    BdControlServer *server;
    GSocketConnection *connection;
    GSocket *socket; /* borrowed from the connection */
    GSource *in_source;
    GSource *out_source;
    GSource *timer; /* idle timeout, or the close deadline */
    BdControlLines lines;
    GByteArray *out; /* queued output, sent from out_off on */
    gsize out_off;
    gint64 last_activity;
    gint64 close_deadline;
    gboolean eof;        /* the client sends nothing more */
    gboolean input_done; /* ... and every line it sent has been answered */
    gboolean watching;
    gboolean watch_has_id;
    gint64 watch_id;
    gboolean closing; /* the last line is queued: close once it is out */
    gboolean dead;
};

static gsize
pending(const BdControlConn *c)
{
    return c->out->len - c->out_off;
}

char *
bd_control_error_line(gboolean has_id, gint64 id, BdControlErrorCode code, const char *message,
                      gsize *len)
{
    g_autoptr(GError) error = g_error_new_literal(BD_CONTROL_ERROR, (gint)code, message);
    g_autoptr(JsonNode) reply = bd_control_reply_error(has_id, id, error);
    return bd_control_node_to_line(reply, len);
}

static void
drop_source(GSource **source)
{
    if (*source == NULL)
        return;
    g_source_destroy(*source);
    g_source_unref(*source);
    *source = NULL;
}

static void
close_conn(BdControlConn *c)
{
    if (c->dead)
        return;
    c->dead = TRUE;
    drop_source(&c->in_source);
    drop_source(&c->out_source);
    drop_source(&c->timer);
    g_io_stream_close(G_IO_STREAM(c->connection), NULL, NULL);
    c->server->counters.clients--;
    if (c->watching)
        c->server->counters.watchers--;
}

/* Writes what the socket takes now, never waiting. FALSE when the connection failed (it is
 * closed then). */
static gboolean
write_some(BdControlConn *c)
{
    while (pending(c) > 0) {
        g_autoptr(GError) error = NULL;
        gssize n = g_socket_send_with_blocking(c->socket, (const gchar *)c->out->data + c->out_off,
                                               pending(c), FALSE, NULL, &error);
        if (n < 0) {
            if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
                break;
            close_conn(c); /* the client went away: nothing to tell it */
            return FALSE;
        }
        c->out_off += (gsize)n;
        c->last_activity = g_get_monotonic_time();
    }
    if (c->out_off == c->out->len) {
        g_byte_array_set_size(c->out, 0);
        c->out_off = 0;
    } else if (c->out_off >= 16 * READ_CHUNK && c->out_off >= c->out->len / 2) {
        /* Compact now and then, not after every write. */
        g_byte_array_remove_range(c->out, 0, (guint)c->out_off);
        c->out_off = 0;
    }
    return TRUE;
}

static void
queue(BdControlConn *c, const char *line, gsize len)
{
    if (c->dead)
        return;
    g_byte_array_append(c->out, (const guint8 *)line, (guint)len);
    write_some(c); /* most replies leave at once */
}

static gboolean on_readable(GSocket *socket, GIOCondition condition, gpointer user_data);
static gboolean on_writable(GSocket *socket, GIOCondition condition, gpointer user_data);

static GSource *
watch_socket(BdControlConn *c, GIOCondition condition,
             gboolean (*func)(GSocket *, GIOCondition, gpointer))
{
    GSource *source = g_socket_create_source(c->socket, condition | G_IO_HUP | G_IO_ERR, NULL);
    g_source_set_callback(source, G_SOURCE_FUNC(func), c, NULL);
    g_source_attach(source, c->server->context);
    return source;
}

/* After every change: close when there is nothing left to do, otherwise wait for what
 * can happen next. */
static void
settle(BdControlConn *c)
{
    if (c->dead)
        return;
    const BdControlLimits *lim = &c->server->limits;
    if (pending(c) == 0 && (c->closing || (c->eof && (c->watching || c->input_done)))) {
        close_conn(c);
        return;
    }
    /* A client that does not read its replies is not read from: its requests wait in the
     * socket, not in our memory. A watcher is always read, to see it hang up. */
    gboolean reading = !c->eof && !c->closing && (c->watching || pending(c) <= lim->read_pause);
    if (reading && c->in_source == NULL)
        c->in_source = watch_socket(c, G_IO_IN, on_readable);
    else if (!reading)
        drop_source(&c->in_source);
    if (pending(c) > 0 && c->out_source == NULL)
        c->out_source = watch_socket(c, G_IO_OUT, on_writable);
    else if (pending(c) == 0)
        drop_source(&c->out_source);
    gint64 deadline = -1;
    if (c->closing)
        deadline = c->close_deadline;
    else if (!c->watching && lim->idle_us > 0)
        deadline = c->last_activity + lim->idle_us;
    g_source_set_ready_time(c->timer, deadline);
}

static void
start_watching(BdControlConn *c, gboolean has_id, gint64 id)
{
    c->watching = TRUE;
    c->watch_has_id = has_id;
    c->watch_id = id;
    c->server->counters.watchers++;
}

/* Answers the complete lines received, until none is left or the replies pile up. */
static void
process_input(BdControlConn *c)
{
    BdControlServer *s = c->server;
    while (!c->dead && !c->closing && !c->watching && pending(c) <= s->limits.read_pause) {
        const char *line;
        gsize len;
        BdControlLinesResult r = bd_control_lines_next(&c->lines, &line, &len);
        if (r == BD_CONTROL_LINES_NONE) {
            c->input_done = c->eof;
            return;
        }
        if (r == BD_CONTROL_LINES_TOO_LONG) {
            s->counters.lines_too_long++;
            s->counters.errors++;
            g_autofree char *message = g_strdup_printf("the line is longer than %" G_GSIZE_FORMAT
                                                       " bytes and was discarded",
                                                       s->limits.max_line);
            gsize n;
            g_autofree char *text =
                bd_control_error_line(FALSE, 0, BD_CONTROL_ERROR_LINE_TOO_LONG, message, &n);
            queue(c, text, n);
            continue;
        }
        BdControlOutcome outcome;
        g_autoptr(JsonNode) reply = bd_control_dispatch_line(&s->view, line, len, &outcome);
        if (reply == NULL)
            continue; /* a blank line */
        s->counters.requests++;
        if (!outcome.ok)
            s->counters.errors++;
        gsize n;
        g_autofree char *text = bd_control_node_to_line(reply, &n);
        queue(c, text, n);
        if (outcome.watch && !c->dead)
            start_watching(c, outcome.has_id, outcome.id); /* events follow the reply */
    }
}

static void
read_some(BdControlConn *c)
{
    guint8 buf[READ_CHUNK];
    g_autoptr(GError) error = NULL;
    gssize n =
        g_socket_receive_with_blocking(c->socket, (gchar *)buf, sizeof buf, FALSE, NULL, &error);
    if (n < 0) {
        if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            close_conn(c);
        return;
    }
    if (n == 0) {
        c->eof = TRUE;
        /* `printf '{...}' | socat` sends no final newline: its line is still a request. */
        if (!c->watching)
            bd_control_lines_push(&c->lines, (const guint8 *)"\n", 1);
    } else {
        c->last_activity = g_get_monotonic_time();
        if (c->watching)
            return; /* a watcher only listens; what it sends is ignored */
        bd_control_lines_push(&c->lines, buf, (gsize)n);
    }
    process_input(c);
}

static gboolean
on_readable(GSocket *socket, GIOCondition condition, gpointer user_data)
{
    (void)socket;
    (void)condition;
    BdControlConn *c = user_data;
    BdControlServer *s = c->server;
    bd_control_server_enter(s);
    read_some(c);
    settle(c);
    bd_control_server_leave(s);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_writable(GSocket *socket, GIOCondition condition, gpointer user_data)
{
    (void)socket;
    (void)condition;
    BdControlConn *c = user_data;
    BdControlServer *s = c->server;
    bd_control_server_enter(s);
    if (write_some(c))
        process_input(c); /* requests held back while the replies piled up */
    settle(c);
    bd_control_server_leave(s);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_timer(gpointer user_data)
{
    BdControlConn *c = user_data;
    BdControlServer *s = c->server;
    bd_control_server_enter(s);
    gint64 now = g_get_monotonic_time();
    if (c->closing) {
        if (now >= c->close_deadline)
            close_conn(c); /* its last line did not leave in time */
    } else if (!c->watching && s->limits.idle_us > 0 &&
               now >= c->last_activity + s->limits.idle_us) {
        s->counters.idle_closed++;
        g_autofree char *message =
            g_strdup_printf("closed after %" G_GINT64_FORMAT " s without a request",
                            s->limits.idle_us / G_USEC_PER_SEC);
        bd_control_conn_finish(c, BD_CONTROL_ERROR_IDLE_TIMEOUT, message);
    }
    settle(c);
    bd_control_server_leave(s);
    return G_SOURCE_CONTINUE;
}

static gboolean
timer_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
    (void)source;
    return callback(user_data);
}

static GSourceFuncs timer_funcs = {.dispatch = timer_dispatch};

BdControlConn *
bd_control_conn_new(BdControlServer *s, GSocketConnection *connection)
{
    BdControlConn *c = g_new0(BdControlConn, 1);
    c->server = s;
    c->connection = g_object_ref(connection);
    c->socket = g_socket_connection_get_socket(connection);
    bd_control_lines_init(&c->lines, s->limits.max_line);
    c->out = g_byte_array_new();
    c->last_activity = g_get_monotonic_time();
    c->timer = g_source_new(&timer_funcs, sizeof(GSource));
    g_source_set_callback(c->timer, on_timer, c, NULL);
    g_source_attach(c->timer, s->context);
    s->counters.accepted++;
    s->counters.clients++;
    settle(c);
    return c;
}

void
bd_control_conn_free(BdControlConn *c)
{
    if (c == NULL)
        return;
    close_conn(c);
    bd_control_lines_clear(&c->lines);
    g_byte_array_unref(c->out);
    g_object_unref(c->connection);
    g_free(c);
}

gboolean
bd_control_conn_is_dead(const BdControlConn *c)
{
    return c->dead;
}

gboolean
bd_control_conn_takes_events(const BdControlConn *c)
{
    return !c->dead && c->watching && !c->closing;
}

void
bd_control_conn_finish(BdControlConn *c, BdControlErrorCode code, const char *message)
{
    if (c->dead || c->closing)
        return;
    gsize n;
    g_autofree char *line =
        bd_control_error_line(c->watching && c->watch_has_id, c->watch_id, code, message, &n);
    c->server->counters.errors++;
    queue(c, line, n);
    c->closing = TRUE;
    c->close_deadline = g_get_monotonic_time() + c->server->limits.close_grace_us;
    settle(c);
}

/* Empties the queue but for the rest of the line being written, so the client never sees
 * half an event glued to the next line. */
static void
drop_unsent(BdControlConn *c)
{
    gsize keep = c->out_off;
    if (c->out_off > 0 && c->out->data[c->out_off - 1] != '\n') {
        const guint8 *nl = memchr(c->out->data + c->out_off, '\n', pending(c));
        keep = nl != NULL ? (gsize)(nl - c->out->data) + 1 : c->out->len;
    }
    g_byte_array_set_size(c->out, (guint)keep);
    if (c->out_off == c->out->len) {
        g_byte_array_set_size(c->out, 0);
        c->out_off = 0;
    }
}

void
bd_control_conn_send_event(BdControlConn *c, const char *line, gsize len)
{
    if (!bd_control_conn_takes_events(c))
        return;
    BdControlServer *s = c->server;
    if (pending(c) + len > s->limits.max_watch_queue) {
        s->counters.slow_dropped++;
        drop_unsent(c);
        g_autofree char *message = g_strdup_printf("dropped: more than %" G_GSIZE_FORMAT
                                                   " bytes of events were waiting to be read",
                                                   s->limits.max_watch_queue);
        bd_control_conn_finish(c, BD_CONTROL_ERROR_TOO_SLOW, message);
        return;
    }
    queue(c, line, len);
    settle(c);
}

void
bd_control_conn_close_now(BdControlConn *c)
{
    if (c->dead)
        return;
    write_some(c);
    close_conn(c);
}
