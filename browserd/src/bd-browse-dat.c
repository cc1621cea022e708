/* browse.dat for Samba's smbd (bd-browse-dat.h). */
#include "bd-browse-dat.h"

#include <glib/gstdio.h>
#include <string.h>

#include <browse-proto/brw-engine.h>
#include <browse-proto/brw-server-type.h>

#include "bd-daemon.h"

/* The columns nmbd pads to (quoted name, then quoted comment and a space): smbd does not
 * need them, but an administrator comparing the two files reads them more easily. */
#define NAME_COLUMN 25
#define COMMENT_COLUMN 30

static gboolean
quotable_name(const char *name)
{
    if (name[0] == '\0')
        return FALSE;
    for (const guchar *p = (const guchar *)name; *p != '\0'; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '"')
            return FALSE;
    return TRUE;
}

/* `"text"` plus `tail`, padded with spaces to `width`. */
static void
put_quoted(GString *out, const char *text, gboolean is_comment, const char *tail, gsize width)
{
    gsize start = out->len;
    g_string_append_c(out, '"');
    for (const guchar *p = (const guchar *)text; *p != '\0'; p++) {
        guchar c = *p;
        if (is_comment && c == '"')
            c = '\'';
        else if (c < 0x20 || c == 0x7f)
            c = ' ';
        g_string_append_c(out, (char)c);
    }
    g_string_append_c(out, '"');
    g_string_append(out, tail);
    while (out->len - start < width)
        g_string_append_c(out, ' ');
}

static void
put_line(GString *out, const char *name, guint32 type, const char *comment, const char *group)
{
    put_quoted(out, name, FALSE, "", NAME_COLUMN);
    g_string_append_printf(out, " %08x ", type);
    put_quoted(out, comment, TRUE, " ", COMMENT_COLUMN);
    put_quoted(out, group, FALSE, "\n", 0);
}

/* TRUE the first time `name` is seen (case-insensitively, as NetBIOS names compare). */
static gboolean
first_time(GHashTable *seen, const char *name)
{
    char *key = g_ascii_strup(name, -1);
    if (g_hash_table_contains(seen, key)) {
        g_free(key);
        return FALSE;
    }
    g_hash_table_add(seen, key);
    return TRUE;
}

/* Heard on the subnet (not copied from another browser): what a LOCAL_LIST_ONLY request
 * asks for ([MS-BRWS] 3.3.5.6, SV_TYPE_LOCAL_LIST_ONLY). */
static guint32
local_bit(const BrwListEntry *e)
{
    return e->source == BRW_SOURCE_LOCAL ? BRW_SV_TYPE_LOCAL_LIST_ONLY : 0;
}

char *
bd_browse_dat_format(const BdBrowseDatLink *links, guint n_links)
{
    GString *out = g_string_new(NULL);
    g_autoptr(GHashTable) servers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GHashTable) groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < n_links; i++) {
        const BdBrowseDatLink *l = &links[i];
        /* Our workgroup as nmbd writes its own: an NT domain enumeration entry, local. */
        if (quotable_name(l->workgroup) && first_time(groups, l->workgroup))
            put_line(out, l->workgroup,
                     BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_NT | BRW_SV_TYPE_LOCAL_LIST_ONLY,
                     l->master, l->workgroup);
        for (guint j = 0; l->servers != NULL && j < l->servers->len; j++) {
            const BrwListEntry *e = g_ptr_array_index(l->servers, j);
            if (!quotable_name(e->name) || !first_time(servers, e->name))
                continue;
            /* A server line with DOMAIN_ENUM would be taken for a workgroup. */
            guint32 type = (e->server_type & ~BRW_SV_TYPE_FILTER_BITS) | local_bit(e);
            put_line(out, e->name, type, e->comment, l->workgroup);
        }
        for (guint j = 0; l->domains != NULL && j < l->domains->len; j++) {
            const BrwListEntry *e = g_ptr_array_index(l->domains, j);
            if (!quotable_name(e->name) || !first_time(groups, e->name))
                continue;
            guint32 type = (e->server_type & ~BRW_SV_TYPE_FILTER_BITS) | BRW_SV_TYPE_DOMAIN_ENUM |
                           local_bit(e);
            put_line(out, e->name, type, e->comment, e->name);
        }
    }
    return g_string_free(out, FALSE);
}

/* ---- the daemon's writer ------------------------------------------------------------ */

struct BdBrowseDat {
    BdDaemon *daemon;
    guint timeout;
    char *path;       /* where `text` was written */
    char *text;       /* what was last written there */
    char *last_error; /* the last failure logged: a failure that persists is logged once */
};

static char *
current_text(BdDaemon *d)
{
    guint n = bd_daemon_n_links(d);
    g_autofree BdBrowseDatLink *links = g_new0(BdBrowseDatLink, MAX(n, 1));
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    for (guint i = 0; i < n; i++) {
        BdLink *link = bd_daemon_link(d, i);
        BrwEngine *e = bd_link_engine(link);
        links[i].workgroup = bd_link_workgroup(link);
        links[i].master = brw_engine_master(e);
        links[i].servers = brw_list_query(brw_engine_servers(e), BRW_SV_TYPE_ALL, FALSE, NULL);
        links[i].domains = brw_list_query(brw_engine_domains(e), BRW_SV_TYPE_ALL, FALSE, NULL);
        g_ptr_array_add(keep, links[i].servers);
        g_ptr_array_add(keep, links[i].domains);
    }
    return bd_browse_dat_format(links, n);
}

void
bd_browse_dat_update(BdBrowseDat *w)
{
    const char *path = bd_daemon_config(w->daemon)->samba_browse_dat;
    if (w->path != NULL && strcmp(path, w->path) != 0) {
        /* Turned off or moved by a reload: the file we wrote would go stale, and smbd
         * would serve it on; it is ours to remove. */
        if (g_unlink(w->path) == 0)
            g_message("samba_browse_dat: removed %s", w->path);
        g_clear_pointer(&w->path, g_free);
        g_clear_pointer(&w->text, g_free);
    }
    if (path[0] == '\0')
        return;
    g_autofree char *text = current_text(w->daemon);
    if (g_strcmp0(path, w->path) == 0 && g_strcmp0(text, w->text) == 0)
        return;
    g_autoptr(GError) error = NULL;
    /* CONSISTENT: a temporary file renamed over the old one, so smbd never reads half a
     * list. Not DURABLE: the file is rewritten from memory after a crash anyway. 0644 (less
     * the umask) as nmbd's: smbd reads it as root, and it holds nothing the network did
     * not announce. */
    if (!g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error)) {
        if (g_strcmp0(error->message, w->last_error) != 0)
            g_warning("samba_browse_dat: cannot write the browse list: %s", error->message);
        g_free(w->last_error);
        w->last_error = g_strdup(error->message);
        return;
    }
    if (w->last_error != NULL || w->path == NULL)
        g_message("samba_browse_dat: writing the browse list to %s", path);
    g_clear_pointer(&w->last_error, g_free);
    g_free(w->path);
    w->path = g_strdup(path);
    g_free(w->text);
    w->text = g_steal_pointer(&text);
}

static gboolean
on_tick(gpointer user_data)
{
    bd_browse_dat_update(user_data);
    return G_SOURCE_CONTINUE;
}

BdBrowseDat *
bd_browse_dat_new(BdDaemon *d)
{
    BdBrowseDat *w = g_new0(BdBrowseDat, 1);
    w->daemon = d;
    w->timeout = g_timeout_add_seconds(BD_BROWSE_DAT_INTERVAL_S, on_tick, w);
    return w;
}

void
bd_browse_dat_free(BdBrowseDat *w)
{
    if (w == NULL)
        return;
    g_source_remove(w->timeout);
    g_free(w->path);
    g_free(w->text);
    g_free(w->last_error);
    g_free(w);
}
