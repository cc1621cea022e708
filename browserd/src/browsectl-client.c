/* The control socket, from browsectl's side (browsectl-client.h). */
#include "browsectl-client.h"

#include <gio/gunixsocketaddress.h>
#include <string.h>

/* A reply holds at most the daemon's lists (max_servers, 10000 by default, a few hundred
 * bytes each); anything far beyond is not a daemon talking. */
#define MAX_REPLY (256 * 1024 * 1024)

struct BrowsectlClient {
    GSocket *socket;
    GString *in;
};

BrowsectlClient *
browsectl_client_connect(const char *path, guint timeout_s, GError **error)
{
    g_autoptr(GError) e = NULL;
    g_autoptr(GSocket) socket =
        g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &e);
    if (socket != NULL) {
        g_socket_set_timeout(socket, timeout_s);
        g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
        if (g_socket_connect(socket, address, NULL, &e)) {
            BrowsectlClient *c = g_new0(BrowsectlClient, 1);
            c->socket = g_steal_pointer(&socket);
            c->in = g_string_new(NULL);
            return c;
        }
    }
    const char *hint = "";
    if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
        g_error_matches(e, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        hint = " (is browserd running? --socket names another socket)";
    else if (g_error_matches(e, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        hint = " (the socket's group, control_group in browserd.conf, may let you in)";
    g_set_error(error, G_IO_ERROR, e != NULL ? e->code : G_IO_ERROR_FAILED,
                "cannot reach browserd at %s: %s%s", path, e != NULL ? e->message : "?", hint);
    return NULL;
}

void
browsectl_client_free(BrowsectlClient *c)
{
    if (c == NULL)
        return;
    g_socket_close(c->socket, NULL);
    g_object_unref(c->socket);
    g_string_free(c->in, TRUE);
    g_free(c);
}

void
browsectl_client_set_timeout(BrowsectlClient *c, guint timeout_s)
{
    g_socket_set_timeout(c->socket, timeout_s);
}

gboolean
browsectl_client_send(BrowsectlClient *c, const char *line, GError **error)
{
    gsize len = strlen(line), done = 0;
    while (done < len) {
        gssize n = g_socket_send(c->socket, line + done, len - done, NULL, error);
        if (n < 0)
            return FALSE;
        done += (gsize)n;
    }
    return TRUE;
}

char *
browsectl_client_read_line(BrowsectlClient *c, GError **error)
{
    for (;;) {
        const char *nl = memchr(c->in->str, '\n', c->in->len);
        if (nl != NULL) {
            char *line = g_strndup(c->in->str, (gsize)(nl - c->in->str));
            g_string_erase(c->in, 0, nl - c->in->str + 1);
            return line;
        }
        if (c->in->len > MAX_REPLY) {
            g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                                "the daemon's answer is too large");
            return NULL;
        }
        char buf[65536];
        gssize n = g_socket_receive(c->socket, buf, sizeof buf, NULL, error);
        if (n < 0)
            return NULL;
        if (n == 0) {
            g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_CLOSED,
                                "browserd closed the connection");
            return NULL;
        }
        g_string_append_len(c->in, buf, n);
    }
}

char *
browsectl_request_line(const char *verb, JsonObject *args)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "v");
    json_builder_add_int_value(b, 1);
    json_builder_set_member_name(b, "id");
    json_builder_add_int_value(b, 1);
    json_builder_set_member_name(b, "verb");
    json_builder_add_string_value(b, verb);
    if (args != NULL) {
        JsonObjectIter it;
        const char *name;
        JsonNode *value;
        json_object_iter_init_ordered(&it, args);
        while (json_object_iter_next_ordered(&it, &name, &value)) {
            json_builder_set_member_name(b, name);
            json_builder_add_value(b, json_node_copy(value));
        }
    }
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autofree char *text = json_to_string(root, FALSE);
    return g_strdup_printf("%s\n", text);
}
