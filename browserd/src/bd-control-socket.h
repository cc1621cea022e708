/* The control socket's file: made safely, given the configured mode and group, and removed
 * at exit only if it is still ours. */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

/* Which file we made, so that exit never removes a socket another daemon made since. */
typedef struct {
    dev_t dev;
    ino_t ino;
    gboolean made;
} BdControlSocketFile;

/* Binds `listener` to a Unix stream socket at `path`: a stale socket left by a daemon that
 * died is removed first; a live one (another browserd answers there) or a file that is not
 * a socket is an error, and so is a missing `group`. A missing parent directory is made
 * (0755). The socket is created 0600 and only then given `mode` and `group` ("" leaves the
 * group alone), so it is never more open than asked. */
gboolean bd_control_socket_listen(GSocketListener *listener, const char *path, guint mode,
                                  const char *group, BdControlSocketFile *file, GError **error);

/* Unlinks `path` if it is still the file bd_control_socket_listen() made. */
void bd_control_socket_remove(const char *path, const BdControlSocketFile *file);
