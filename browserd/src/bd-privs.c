/* Privilege drop after binding 137/138: nothing later needs root. */
#define _DEFAULT_SOURCE /* initgroups, setgroups */
#include "bd-privs.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

static gboolean
fail_errno(GError **error, const char *what, const char *arg)
{
    int err = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s %s: %s", what, arg,
                g_strerror(err));
    return FALSE;
}

gboolean
bd_privs_drop(const char *user, const char *state_dir, GError **error)
{
    if (g_mkdir_with_parents(state_dir, 0750) != 0)
        return fail_errno(error, "cannot create", state_dir);
    if (user == NULL || user[0] == '\0' || geteuid() != 0)
        return TRUE;
    errno = 0;
    struct passwd *pw = getpwnam(user);
    if (pw == NULL) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                    "user '%s' does not exist (set `user` in the configuration, or \"\" to "
                    "stay root)", user);
        return FALSE;
    }
    if (chown(state_dir, pw->pw_uid, pw->pw_gid) != 0)
        return fail_errno(error, "cannot chown", state_dir);
    if (initgroups(pw->pw_name, pw->pw_gid) != 0)
        return fail_errno(error, "initgroups for", user);
    if (setgid(pw->pw_gid) != 0)
        return fail_errno(error, "setgid for", user);
    if (setuid(pw->pw_uid) != 0)
        return fail_errno(error, "setuid for", user);
    /* Make sure there is no way back. */
    if (setuid(0) == 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_PERM, "could regain root after "
                    "switching to '%s'", user);
        return FALSE;
    }
    return TRUE;
}
