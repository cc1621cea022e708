/* The control server (bd-control-server.h): the listening socket, accepting with the
 * client cap, publishing events to watchers, and shutting down. One connection's I/O is
 * bd-control-conn.c. */
#include "bd-control-conn.h"

#include "bd-control-events.h"

void
bd_control_limits_init(BdControlLimits *limits)
{
    limits->max_clients = 16;
    limits->max_line = BD_CONTROL_MAX_LINE;
    limits->idle_us = 5 * 60 * G_USEC_PER_SEC;
    limits->max_watch_queue = 256 * 1024;
    limits->read_pause = 64 * 1024;
    limits->close_grace_us = 5 * G_USEC_PER_SEC;
}

void
bd_control_server_enter(BdControlServer *s)
{
    s->depth++;
}

void
bd_control_server_leave(BdControlServer *s)
{
    if (--s->depth > 0)
        return;
    for (guint i = s->conns->len; i-- > 0;)
        if (bd_control_conn_is_dead(g_ptr_array_index(s->conns, i)))
            g_ptr_array_remove_index(s->conns, i);
}

/* One line, one non-blocking attempt: a client we turn away gets no queue of its own. */
static void
refuse(BdControlServer *s, GSocketConnection *connection)
{
    s->counters.refused++;
    g_autofree char *message =
        g_strdup_printf("browserd serves at most %u control clients at once; try again later",
                        s->limits.max_clients);
    gsize len;
    g_autofree char *line =
        bd_control_error_line(FALSE, 0, BD_CONTROL_ERROR_TOO_MANY_CLIENTS, message, &len);
    g_socket_send_with_blocking(g_socket_connection_get_socket(connection), line, len, FALSE, NULL,
                                NULL);
    g_io_stream_close(G_IO_STREAM(connection), NULL, NULL);
}

static gboolean
on_incoming(GSocketService *service, GSocketConnection *connection, GObject *source_object,
            gpointer user_data)
{
    (void)service;
    (void)source_object;
    BdControlServer *s = user_data;
    bd_control_server_enter(s);
    if (s->counters.clients >= s->limits.max_clients)
        refuse(s, connection);
    else
        g_ptr_array_add(s->conns, bd_control_conn_new(s, connection));
    bd_control_server_leave(s);
    return TRUE;
}

BdControlServer *
bd_control_server_new(const char *path, guint mode, const char *group,
                      const BdControlLimits *limits, const BdControlView *view, GError **error)
{
    g_autoptr(BdControlServer) s = g_new0(BdControlServer, 1);
    s->path = g_strdup(path);
    if (limits != NULL)
        s->limits = *limits;
    else
        bd_control_limits_init(&s->limits);
    s->view = *view;
    s->view.control = &s->counters;
    s->conns = g_ptr_array_new_with_free_func((GDestroyNotify)bd_control_conn_free);
    s->service = g_socket_service_new();
    /* A new service is active at once; it starts accepting in bd_control_server_start(),
     * in the context the clients will live in. */
    g_socket_service_stop(s->service);
    if (!bd_control_socket_listen(G_SOCKET_LISTENER(s->service), path, mode, group, &s->file,
                                  error))
        return NULL;
    g_signal_connect(s->service, "incoming", G_CALLBACK(on_incoming), s);
    return g_steal_pointer(&s);
}

void
bd_control_server_start(BdControlServer *s)
{
    if (s->context == NULL)
        s->context = g_main_context_ref_thread_default();
    g_socket_service_start(s->service);
}

void
bd_control_server_publish(BdControlServer *s, const char *interface, const char *workgroup,
                          const BrwEffect *fx)
{
    if (s == NULL || s->counters.watchers == 0)
        return;
    g_autoptr(JsonNode) event = bd_control_event_new(interface, workgroup, fx, g_get_real_time());
    if (event == NULL)
        return;
    gsize len;
    g_autofree char *line = bd_control_node_to_line(event, &len);
    s->counters.events++;
    bd_control_server_enter(s);
    for (guint i = 0; i < s->conns->len; i++)
        bd_control_conn_send_event(g_ptr_array_index(s->conns, i), line, len);
    bd_control_server_leave(s);
}

void
bd_control_server_free(BdControlServer *s)
{
    if (s == NULL)
        return;
    if (s->conns != NULL) {
        for (guint i = 0; i < s->conns->len; i++) {
            BdControlConn *c = g_ptr_array_index(s->conns, i);
            bd_control_conn_finish(c, BD_CONTROL_ERROR_SHUTTING_DOWN, "browserd is stopping");
            bd_control_conn_close_now(c);
        }
        g_ptr_array_unref(s->conns);
    }
    if (s->service != NULL) {
        g_signal_handlers_disconnect_by_data(s->service, s);
        g_socket_service_stop(s->service);
        g_socket_listener_close(G_SOCKET_LISTENER(s->service));
        /* The cancelled accept lets go of the service when its context next runs. */
        g_object_unref(s->service);
    }
    if (s->path != NULL)
        bd_control_socket_remove(s->path, &s->file);
    if (s->context != NULL)
        g_main_context_unref(s->context);
    g_free(s->path);
    g_free(s);
}

const BdControlCounters *
bd_control_server_counters(const BdControlServer *s)
{
    return &s->counters;
}
