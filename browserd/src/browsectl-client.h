/* browsectl's end of the control socket: connect, send one request line, read lines. Plain
 * blocking I/O with a timeout: a command-line tool has nothing else to do meanwhile. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

/* The control socket browserd listens on unless its configuration says otherwise. */
#define BROWSECTL_DEFAULT_SOCKET "/run/browserd/control"

typedef struct BrowsectlClient BrowsectlClient;

/* Connects to `path`; `timeout_s` bounds every later read and write (0: none). NULL and
 * *error (its message names the path and says what to check) when nobody answers. */
BrowsectlClient *browsectl_client_connect(const char *path, guint timeout_s, GError **error);
void browsectl_client_free(BrowsectlClient *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BrowsectlClient, browsectl_client_free)

void browsectl_client_set_timeout(BrowsectlClient *c, guint timeout_s);

/* Writes `line` (which ends in "\n"). */
gboolean browsectl_client_send(BrowsectlClient *c, const char *line, GError **error);

/* The next line, without its newline. NULL with *error: G_IO_ERROR_CLOSED when the daemon
 * closed the connection, G_IO_ERROR_TIMED_OUT, or another I/O error. */
char *browsectl_client_read_line(BrowsectlClient *c, GError **error);

/* {"v":1,"id":1,"verb":VERB} plus the members of `args` (may be NULL), as one line. */
char *browsectl_request_line(const char *verb, JsonObject *args);
