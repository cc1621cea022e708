/* Persistence of the browse lists (docs/ARCHITECTURE.md, "The daemon"). The file is written
 * as text (put_list) and read with json-glib; GLib's g_file_set_contents_full does the
 * atomic, durable write. */
#include "bd-state.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define STATE_VERSION 1

char *
bd_state_path(const char *state_dir, const char *interface, const char *workgroup)
{
    g_autofree char *base = g_strdup_printf("%s-%s.json", interface, workgroup);
    /* An interface name is the operator's; keep it from naming another directory. */
    g_strdelimit(base, "/", '_');
    return g_build_filename(state_dir, base, NULL);
}

/* The file is written as text, not built as a json-glib tree: a tree of a 100,000-entry list
 * cost ~3 us and ~1.5 KiB per entry, and glibc kept that peak as the daemon's RSS for good
 * (bench-memory: 1,700 bytes per entry after the first save, 170 before it). */

/* A JSON string: quotes, backslashes and control bytes escaped; text that is not UTF-8 (a
 * comment is in its sender's code page) is written byte by byte as U+0000..U+00FF, so the
 * file always parses. */
static void
put_string(GString *out, const char *text)
{
    gboolean utf8 = g_utf8_validate(text, -1, NULL);
    g_string_append_c(out, '"');
    for (const guchar *p = (const guchar *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf(out, "\\%c", *p);
        else if (*p < 0x20 || (*p >= 0x80 && !utf8))
            g_string_append_printf(out, "\\u%04x", *p);
        else
            g_string_append_c(out, (char)*p);
    }
    g_string_append_c(out, '"');
}

static void
put_member(GString *out, const char *indent, const char *key, const char *value)
{
    g_string_append_printf(out, "%s\"%s\" : ", indent, key);
    put_string(out, value);
}

static void
put_list(GString *out, const char *member, BrwList *list, gint64 now_us)
{
    g_string_append_printf(out, "  \"%s\" : [", member);
    g_autoptr(GPtrArray) all = brw_list_query(list, 0xFFFFFFFFu, FALSE, NULL);
    for (guint i = 0; i < all->len; i++) {
        const BrwListEntry *e = g_ptr_array_index(all, i);
        g_string_append(out, i ? ",\n    {\n" : "\n    {\n");
        put_member(out, "      ", "name", e->name);
        g_string_append_printf(out, ",\n      \"type\" : %u,\n      \"os_major\" : %u,\n"
                                    "      \"os_minor\" : %u,\n",
                               e->server_type, e->version_major, e->version_minor);
        put_member(out, "      ", "comment", e->comment);
        g_string_append(out, ",\n");
        put_member(out, "      ", "source", e->source == BRW_SOURCE_SYNC ? "sync" : "local");
        g_string_append_printf(out, ",\n      \"expires_in_s\" : %" G_GINT64_FORMAT "\n    }",
                               MAX((e->expires_us - now_us) / G_USEC_PER_SEC, 0));
    }
    g_string_append(out, all->len ? "\n  ]" : "]");
}

gboolean
bd_state_save(const char *path, const BdStateHeader *header, BrwList *servers,
              BrwList *domains, gint64 now_us, GError **error)
{
    g_autoptr(GString) out = g_string_sized_new(4096 + 200 * (gsize)brw_list_count(servers));
    g_string_append_printf(out, "{\n  \"v\" : %d,\n", STATE_VERSION);
    put_member(out, "  ", "interface", header->interface);
    g_string_append(out, ",\n");
    put_member(out, "  ", "workgroup", header->workgroup);
    g_string_append(out, ",\n");
    put_member(out, "  ", "role", header->role);
    g_string_append(out, ",\n");
    put_member(out, "  ", "master", header->master ? header->master : "");
    g_string_append(out, ",\n");
    put_list(out, "servers", servers, now_us);
    g_string_append(out, ",\n");
    put_list(out, "domains", domains, now_us);
    g_string_append(out, "\n}");
    return g_file_set_contents_full(path, out->str, (gssize)out->len,
                                    G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                    0640, error);
}

/* Members of the wrong type read as missing: the file is input, not trusted state. */
static const char *
string_member(JsonObject *o, const char *key, const char *fallback)
{
    JsonNode *n = json_object_get_member(o, key);
    if (n == NULL || json_node_get_value_type(n) != G_TYPE_STRING)
        return fallback;
    const char *s = json_node_get_string(n);
    return s != NULL ? s : fallback;
}

static gint64
int_member(JsonObject *o, const char *key, gint64 fallback)
{
    JsonNode *n = json_object_get_member(o, key);
    if (n == NULL || json_node_get_value_type(n) != G_TYPE_INT64)
        return fallback;
    return json_node_get_int(n);
}

static gboolean
read_entry(JsonObject *o, gint64 now_us, BrwListEntry *out, gint64 *lifetime_us)
{
    const char *name = string_member(o, "name", "");
    gsize name_len = strlen(name);
    if (name_len == 0 || name_len > BRW_LIST_NAME_MAX)
        return FALSE;
    memset(out, 0, sizeof *out);
    g_strlcpy(out->name, name, sizeof out->name);
    g_strlcpy(out->comment, string_member(o, "comment", ""), sizeof out->comment);
    gint64 type = int_member(o, "type", 0);
    if (type <= 0 || type > (gint64)G_MAXUINT32)
        return FALSE; /* 0 is "gone" ([MS-BRWS] 3.2.7); anything else is not a type */
    out->server_type = (guint32)type;
    out->version_major = (guint8)CLAMP(int_member(o, "os_major", 0), 0, 255);
    out->version_minor = (guint8)CLAMP(int_member(o, "os_minor", 0), 0, 255);
    const char *source = string_member(o, "source", "local");
    out->source = g_strcmp0(source, "sync") == 0 ? BRW_SOURCE_SYNC : BRW_SOURCE_LOCAL;
    gint64 left = int_member(o, "expires_in_s", 0);
    if (left <= 0)
        return FALSE;
    *lifetime_us = MIN(left, BRW_LIST_MAX_LIFETIME_US / G_USEC_PER_SEC) * G_USEC_PER_SEC;
    out->last_heard_us = now_us;
    return TRUE;
}

static guint
load_list(JsonObject *root, const char *member, BrwList *list, gint64 now_us)
{
    if (!json_object_has_member(root, member))
        return 0;
    JsonNode *node = json_object_get_member(root, member);
    if (!JSON_NODE_HOLDS_ARRAY(node))
        return 0;
    JsonArray *a = json_node_get_array(node);
    guint added = 0;
    for (guint i = 0; i < json_array_get_length(a); i++) {
        JsonNode *n = json_array_get_element(a, i);
        BrwListEntry entry;
        gint64 lifetime;
        if (JSON_NODE_HOLDS_OBJECT(n) &&
            read_entry(json_node_get_object(n), now_us, &entry, &lifetime) &&
            brw_list_update(list, &entry, now_us, lifetime) == BRW_LIST_ADDED)
            added++;
    }
    return added;
}

gboolean
bd_state_load_data(const char *data, gsize len, BrwList *servers, BrwList *domains,
                   gint64 now_us, guint *loaded, GError **error)
{
    *loaded = 0;
    g_autoptr(JsonParser) parser = json_parser_new();
    if (!json_parser_load_from_data(parser, data, (gssize)len, error))
        return FALSE;
    JsonNode *root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root) ||
        int_member(json_node_get_object(root), "v", 0) != STATE_VERSION) {
        g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                    "not a browserd state file of version %d", STATE_VERSION);
        return FALSE;
    }
    JsonObject *o = json_node_get_object(root);
    *loaded = load_list(o, "servers", servers, now_us) + load_list(o, "domains", domains, now_us);
    return TRUE;
}

gboolean
bd_state_load(const char *path, BrwList *servers, BrwList *domains, gint64 now_us,
              guint *loaded, GError **error)
{
    *loaded = 0;
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr(GError) local = NULL;
    if (!g_file_get_contents(path, &data, &len, &local)) {
        if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            return TRUE; /* first start */
        g_propagate_error(error, g_steal_pointer(&local));
        return FALSE;
    }
    if (!bd_state_load_data(data, len, servers, domains, now_us, loaded, &local)) {
        g_propagate_prefixed_error(error, g_steal_pointer(&local), "%s: ", path);
        return FALSE;
    }
    return TRUE;
}
