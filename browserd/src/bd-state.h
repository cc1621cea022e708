/* What survives a restart: one link's server and machine-group lists, as JSON in
 * `<state_dir>/<interface>-<workgroup>.json`, written atomically (temporary file, fsync,
 * rename) so a crash leaves the old file or the new one, never half of one.
 *
 *   {"v":1,"interface":"eth0","workgroup":"WG","role":"master","master":"B1",
 *    "servers":[{"name":"H2","type":4099,"os_major":6,"os_minor":1,"comment":"...",
 *                "source":"local","expires_in_s":540}, ...],
 *    "domains":[...same shape...]}
 *
 * The file is read back as untrusted input: bad entries are skipped, names and comments
 * cut to their limits, lifetimes clamped, and the lists' caps apply. */
#pragma once

#include <browse-proto/brw-list.h>
#include <glib.h>

typedef struct {
    const char *interface;
    const char *workgroup;
    const char *role;
    const char *master;
} BdStateHeader;

/* The file name for one link under `state_dir`; newly allocated. */
char *bd_state_path(const char *state_dir, const char *interface, const char *workgroup);

/* Writes both lists with each entry's remaining lifetime at now_us. */
gboolean bd_state_save(const char *path, const BdStateHeader *header, BrwList *servers,
                       BrwList *domains, gint64 now_us, GError **error);

/* Adds the saved entries to the lists, each expiring after its saved remaining lifetime
 * from now_us. A missing file is not an error (*loaded = 0). Returns FALSE with *error for
 * a file that cannot be read or parsed; nothing is added then. */
gboolean bd_state_load(const char *path, BrwList *servers, BrwList *domains, gint64 now_us,
                       guint *loaded, GError **error);

/* bd_state_load() for the file's contents (`data` need not be NUL-terminated). */
gboolean bd_state_load_data(const char *data, gsize len, BrwList *servers, BrwList *domains,
                            gint64 now_us, guint *loaded, GError **error);
