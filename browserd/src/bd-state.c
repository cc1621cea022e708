/* Persistence of the browse lists (docs/ARCHITECTURE.md, "The daemon"). json-glib does the
 * JSON; GLib's g_file_set_contents_full does the atomic, durable write. */
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

static void
add_list(JsonBuilder *b, const char *member, BrwList *list, gint64 now_us)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_array(b);
    g_autoptr(GPtrArray) all = brw_list_query(list, 0xFFFFFFFFu, FALSE, NULL);
    for (guint i = 0; i < all->len; i++) {
        const BrwListEntry *e = g_ptr_array_index(all, i);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, e->name);
        json_builder_set_member_name(b, "type");
        json_builder_add_int_value(b, e->server_type);
        json_builder_set_member_name(b, "os_major");
        json_builder_add_int_value(b, e->version_major);
        json_builder_set_member_name(b, "os_minor");
        json_builder_add_int_value(b, e->version_minor);
        json_builder_set_member_name(b, "comment");
        json_builder_add_string_value(b, e->comment);
        json_builder_set_member_name(b, "source");
        json_builder_add_string_value(b, e->source == BRW_SOURCE_SYNC ? "sync" : "local");
        json_builder_set_member_name(b, "expires_in_s");
        json_builder_add_int_value(b, MAX((e->expires_us - now_us) / G_USEC_PER_SEC, 0));
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

gboolean
bd_state_save(const char *path, const BdStateHeader *header, BrwList *servers,
              BrwList *domains, gint64 now_us, GError **error)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "v");
    json_builder_add_int_value(b, STATE_VERSION);
    json_builder_set_member_name(b, "interface");
    json_builder_add_string_value(b, header->interface);
    json_builder_set_member_name(b, "workgroup");
    json_builder_add_string_value(b, header->workgroup);
    json_builder_set_member_name(b, "role");
    json_builder_add_string_value(b, header->role);
    json_builder_set_member_name(b, "master");
    json_builder_add_string_value(b, header->master);
    add_list(b, "servers", servers, now_us);
    add_list(b, "domains", domains, now_us);
    json_builder_end_object(b);

    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    gsize len;
    g_autofree char *text = json_generator_to_data(gen, &len);
    return g_file_set_contents_full(path, text, (gssize)len,
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
