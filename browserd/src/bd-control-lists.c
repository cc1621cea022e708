/* The verbs that read the browse lists: servers, domains (machine groups) and backups. */
#include "bd-control-verbs.h"
#include "bd-entry-json.h"

#include <browse-proto/brw-frame.h>
#include <browse-proto/brw-server-type.h>

static void
add_entry(JsonBuilder *b, const BrwListEntry *e, gint64 now)
{
    json_builder_begin_object(b);
    bd_entry_json_add_fields(b, e);
    json_builder_set_member_name(b, "last_heard_s");
    json_builder_add_int_value(b, bd_control_seconds(now, e->last_heard_us));
    json_builder_set_member_name(b, "expires_in_s");
    json_builder_add_int_value(b, bd_control_seconds(e->expires_us, now));
    json_builder_end_object(b);
}

typedef BrwList *(*ListOf)(BrwEngine *e);

static JsonNode *
list_result(const BdControlView *view, JsonObject *request, GError **error, ListOf list_of,
            const char *member, guint32 mask)
{
    g_autoptr(GArray) links = bd_control_select_links(view, request, error);
    if (links == NULL)
        return NULL;
    gint64 now = view->ops->now(view->self);
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    for (guint i = 0; i < links->len; i++) {
        BdControlLink link;
        view->ops->link(view->self, g_array_index(links, guint, i), &link);
        json_builder_begin_object(b);
        bd_control_add_link(b, &link);
        bd_control_add_role(b, &link);
        json_builder_set_member_name(b, member);
        json_builder_begin_array(b);
        g_autoptr(GPtrArray) entries = brw_list_query(list_of(link.engine), mask, FALSE, NULL);
        for (guint j = 0; j < entries->len; j++)
            add_entry(b, g_ptr_array_index(entries, j), now);
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

JsonNode *
bd_control_servers(const BdControlView *view, JsonObject *request, GError **error)
{
    guint32 mask;
    if (!bd_control_arg_mask(request, "type", BRW_SV_TYPE_ALL, &mask, error))
        return NULL;
    return list_result(view, request, error, brw_engine_servers, "servers", mask);
}

JsonNode *
bd_control_domains(const BdControlView *view, JsonObject *request, GError **error)
{
    return list_result(view, request, error, brw_engine_domains, "domains", BRW_SV_TYPE_ALL);
}

JsonNode *
bd_control_backups(const BdControlView *view, JsonObject *request, GError **error)
{
    g_autoptr(GArray) links = bd_control_select_links(view, request, error);
    if (links == NULL)
        return NULL;
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    for (guint i = 0; i < links->len; i++) {
        BdControlLink link;
        view->ops->link(view->self, g_array_index(links, guint, i), &link);
        json_builder_begin_object(b);
        bd_control_add_link(b, &link);
        bd_control_add_role(b, &link);
        /* What a GetBackupListResponse would carry: at most what one frame can hold. */
        char names[BRW_BACKUP_LIST_MAX][BRW_NAME_SIZE];
        guint n = brw_engine_backup_list(link.engine, names, BRW_BACKUP_LIST_MAX);
        json_builder_set_member_name(b, "backups");
        json_builder_begin_array(b);
        for (guint j = 0; j < n; j++) {
            g_autofree char *name = bd_entry_json_text(names[j]);
            json_builder_add_string_value(b, name);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}
