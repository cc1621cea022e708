/* Dropping root once the sockets are bound (DESIGN.md §5). */
#pragma once

#include <glib.h>

/* When running as root and `user` is not empty: makes `state_dir` (and its parent) exist
 * and belong to that user, then switches group list, group and user to it, for good.
 * Otherwise only makes `state_dir` exist. FALSE with *error on any failure: a daemon that
 * was told to drop privileges and could not must not go on as root. */
gboolean bd_privs_drop(const char *user, const char *state_dir, GError **error);
