/* The control socket's file (bd-control-socket.h). */
#define _DEFAULT_SOURCE /* lstat, S_ISSOCK */
#include "bd-control-socket.h"

#include <errno.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static gboolean
fail_errno(GError **error, int err, const char *what, const char *path)
{
    g_set_error(error, G_IO_ERROR, g_io_error_from_errno(err), "control socket %s: %s: %s", path,
                what, g_strerror(err));
    return FALSE;
}

/* errno of a connect() to `path`: 0 when something listens there. */
static int
probe(const char *path)
{
    struct sockaddr_un sun = {.sun_family = AF_UNIX};
    g_strlcpy(sun.sun_path, path, sizeof sun.sun_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errno;
    int err = connect(fd, (const struct sockaddr *)&sun, sizeof sun) == 0 ? 0 : errno;
    close(fd);
    return err;
}

static gboolean
remove_stale(const char *path, GError **error)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? TRUE : fail_errno(error, errno, "cannot inspect", path);
    if (!S_ISSOCK(st.st_mode)) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                    "control socket %s: exists and is not a socket; not removing it", path);
        return FALSE;
    }
    int err = probe(path);
    if (err == 0) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                    "control socket %s: another daemon is listening there", path);
        return FALSE;
    }
    if (err != ECONNREFUSED)
        return fail_errno(error, err, "cannot tell whether it is in use", path);
    /* Nobody listens: a daemon that died without cleaning up. */
    if (unlink(path) != 0 && errno != ENOENT)
        return fail_errno(error, errno, "cannot remove the stale socket", path);
    return TRUE;
}

static gboolean
bind_private(GSocketListener *listener, const char *path, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    if (g_mkdir_with_parents(dir, 0755) != 0)
        return fail_errno(error, errno, "cannot create its directory", path);
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new(path);
    /* bind() creates the file with 0777 & ~umask; the process is single-threaded while it
     * starts, so narrowing the umask around it is safe and leaves no window. */
    mode_t old = umask(0177);
    g_autoptr(GError) bind_error = NULL;
    gboolean ok = g_socket_listener_add_address(listener, address, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &bind_error);
    umask(old);
    if (!ok)
        g_set_error(error, G_IO_ERROR, bind_error->code, "control socket %s: %s", path,
                    bind_error->message);
    return ok;
}

static gboolean
set_owner_and_mode(const char *path, guint mode, const char *group, GError **error)
{
    if (group != NULL && group[0] != '\0') {
        errno = 0;
        struct group *gr = getgrnam(group);
        if (gr == NULL) {
            g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                        "control socket %s: group '%s' does not exist (control_group)", path,
                        group);
            return FALSE;
        }
        if (chown(path, (uid_t)-1, gr->gr_gid) != 0)
            return fail_errno(error, errno, "cannot give it its group", path);
    }
    if (chmod(path, (mode_t)mode) != 0)
        return fail_errno(error, errno, "cannot set its mode", path);
    return TRUE;
}

gboolean
bd_control_socket_listen(GSocketListener *listener, const char *path, guint mode, const char *group,
                         BdControlSocketFile *file, GError **error)
{
    memset(file, 0, sizeof *file);
    if (!remove_stale(path, error) || !bind_private(listener, path, error))
        return FALSE;
    struct stat st;
    if (lstat(path, &st) != 0)
        return fail_errno(error, errno, "cannot inspect", path);
    file->dev = st.st_dev;
    file->ino = st.st_ino;
    file->made = TRUE;
    if (!set_owner_and_mode(path, mode, group, error)) {
        bd_control_socket_remove(path, file);
        return FALSE;
    }
    return TRUE;
}

void
bd_control_socket_remove(const char *path, const BdControlSocketFile *file)
{
    struct stat st;
    if (!file->made || lstat(path, &st) != 0 || st.st_dev != file->dev || st.st_ino != file->ino)
        return;
    /* After dropping privileges the directory may not let us: the next start removes the
     * stale socket then. */
    if (unlink(path) != 0)
        g_debug("control socket %s: not removed: %s", path, g_strerror(errno));
}
