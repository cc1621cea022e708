/* Helpers the verb handlers share (bd-control-verbs.h): arguments, link selection and the
 * JSON members several results carry. */
#include "bd-control-verbs.h"
#include "bd-entry-json.h"

#include <browse-proto/brw-frame.h>
#include <string.h>

/* A client's argument as an error message quotes it: cut, so a 4 KiB argument does not
 * become a 4 KiB message (the reply sanitizes what is left). */
static char *
quote_arg(const char *text)
{
    if (strlen(text) <= 48)
        return g_strdup_printf("'%s'", text);
    g_autofree char *head = g_strndup(text, 48);
    /* g_strndup may cut a character in half; the reply makes that U+FFFD. */
    return g_strdup_printf("'%s...'", head);
}

gboolean
bd_control_arg_string(JsonObject *request, const char *name, const char **out, GError **error)
{
    JsonNode *node = json_object_get_member(request, name);
    if (node == NULL)
        return TRUE;
    if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING) {
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_INVALID_ARGUMENT,
                    "\"%s\" must be a string", name);
        return FALSE;
    }
    *out = json_node_get_string(node);
    return TRUE;
}

gboolean
bd_control_arg_mask(JsonObject *request, const char *name, guint32 fallback, guint32 *out,
                    GError **error)
{
    *out = fallback;
    JsonNode *node = json_object_get_member(request, name);
    if (node == NULL)
        return TRUE;
    gint64 value = -1;
    if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64)
        value = json_node_get_int(node);
    if (value < 1 || value > G_MAXUINT32) {
        /* 0 would match nothing: a mistake, not a question. */
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_INVALID_ARGUMENT,
                    "\"%s\" must be a ServerType mask, an integer from 1 to 4294967295", name);
        return FALSE;
    }
    *out = (guint32)value;
    return TRUE;
}

static gboolean
interface_matches(const BdControlLink *link, const char *wanted)
{
    char ip[16];
    return strcmp(link->interface, wanted) == 0 ||
           strcmp(ms_ipv4_to_string(link->ip, ip, sizeof ip), wanted) == 0;
}

/* "eth0, eth1" or "WG": what the daemon does serve, for the error message. */
static char *
served(const BdControlView *view, gboolean workgroups)
{
    g_autoptr(GString) s = g_string_new(NULL);
    guint n = view->ops->n_links(view->self);
    for (guint i = 0; i < n; i++) {
        BdControlLink link;
        view->ops->link(view->self, i, &link);
        const char *item = workgroups ? link.workgroup : link.interface;
        g_autofree char *listed = g_strdup_printf(", %s,", s->str);
        g_autofree char *needle = g_strdup_printf(", %s,", item);
        if (strstr(listed, needle) != NULL)
            continue; /* several links share a workgroup */
        g_string_append_printf(s, "%s%s", s->len ? ", " : "", item);
    }
    return g_strdup(s->len ? s->str : "none");
}

GArray *
bd_control_select_links(const BdControlView *view, JsonObject *request, GError **error)
{
    const char *iface = NULL, *group = NULL;
    if (!bd_control_arg_string(request, "interface", &iface, error) ||
        !bd_control_arg_string(request, "workgroup", &group, error))
        return NULL;
    g_autoptr(GArray) out = g_array_new(FALSE, FALSE, sizeof(guint));
    gboolean iface_seen = FALSE, group_seen = FALSE;
    guint n = view->ops->n_links(view->self);
    for (guint i = 0; i < n; i++) {
        BdControlLink link;
        view->ops->link(view->self, i, &link);
        gboolean iface_ok = iface == NULL || interface_matches(&link, iface);
        gboolean group_ok = group == NULL || g_ascii_strcasecmp(link.workgroup, group) == 0;
        iface_seen = iface_seen || iface_ok;
        group_seen = group_seen || group_ok;
        if (iface_ok && group_ok)
            g_array_append_val(out, i);
    }
    if (out->len > 0 || (iface == NULL && group == NULL))
        return g_steal_pointer(&out);
    if (!iface_seen) {
        g_autofree char *quoted = quote_arg(iface);
        g_autofree char *have = served(view, FALSE);
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_NO_SUCH_INTERFACE,
                    "browserd serves no interface %s (it serves %s)", quoted, have);
    } else if (!group_seen) {
        g_autofree char *quoted = quote_arg(group);
        g_autofree char *have = served(view, TRUE);
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_NO_SUCH_WORKGROUP,
                    "browserd serves no workgroup %s (it serves %s)", quoted, have);
    } else {
        g_autofree char *qgroup = quote_arg(group);
        g_autofree char *qiface = quote_arg(iface);
        g_set_error(error, BD_CONTROL_ERROR, BD_CONTROL_ERROR_NO_SUCH_WORKGROUP,
                    "browserd does not serve workgroup %s on %s", qgroup, qiface);
    }
    return NULL;
}

gint64
bd_control_seconds(gint64 now_us, gint64 then_us)
{
    return now_us > then_us ? (now_us - then_us) / G_USEC_PER_SEC : 0;
}

void
bd_control_add_text(JsonBuilder *b, const char *member, const char *bytes)
{
    g_autofree char *text = bd_entry_json_text(bytes);
    json_builder_set_member_name(b, member);
    json_builder_add_string_value(b, text);
}

void
bd_control_add_name_or_null(JsonBuilder *b, const char *member, const char *name)
{
    if (name == NULL || name[0] == '\0') {
        json_builder_set_member_name(b, member);
        json_builder_add_null_value(b);
        return;
    }
    bd_control_add_text(b, member, name);
}

void
bd_control_add_count(JsonBuilder *b, const char *member, guint64 value)
{
    json_builder_set_member_name(b, member);
    /* JSON numbers past 2^53 lose precision in many readers; a counter never gets there,
     * but the cast must not wrap either. */
    json_builder_add_int_value(b, (gint64)MIN(value, (guint64)G_MAXINT64));
}

void
bd_control_add_link(JsonBuilder *b, const BdControlLink *link)
{
    char ip[16];
    bd_control_add_text(b, "interface", link->interface);
    json_builder_set_member_name(b, "address");
    json_builder_add_string_value(b, ms_ipv4_to_string(link->ip, ip, sizeof ip));
    bd_control_add_text(b, "workgroup", link->workgroup);
}

void
bd_control_add_role(JsonBuilder *b, const BdControlLink *link)
{
    json_builder_set_member_name(b, "role");
    json_builder_add_string_value(b, brw_role_to_string(brw_engine_role(link->engine)));
    bd_control_add_name_or_null(b, "master", brw_engine_master(link->engine));
}

/* [MS-BRWS] 2.2.3 role bits, as browsectl shows them. */
static const struct {
    guint8 bit;
    const char *name;
} criteria_roles[] = {
    {BRW_CRITERIA_ROLE_BACKUP, "backup"}, {BRW_CRITERIA_ROLE_DC, "dc"},
    {BRW_CRITERIA_ROLE_MASTER, "master"}, {BRW_CRITERIA_ROLE_PREFERRED, "preferred-master"},
    {BRW_CRITERIA_ROLE_WINS, "wins"},     {BRW_CRITERIA_ROLE_PDC, "domain-master"},
};

void
bd_control_add_criteria(JsonBuilder *b, const char *member, guint32 criteria)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_object(b);
    bd_control_add_count(b, "value", criteria);
    g_autofree char *hex = g_strdup_printf("0x%08x", criteria);
    json_builder_set_member_name(b, "hex");
    json_builder_add_string_value(b, hex);
    bd_control_add_count(b, "os_level", brw_criteria_os(criteria));
    /* The middle bytes: major 0x01, minor 0x0F, i.e. browser version 1.15. */
    g_autofree char *version =
        g_strdup_printf("%u.%u", (criteria >> 16) & 0xFFu, (criteria >> 8) & 0xFFu);
    json_builder_set_member_name(b, "browser_version");
    json_builder_add_string_value(b, version);
    json_builder_set_member_name(b, "roles");
    json_builder_begin_array(b);
    guint8 role = brw_criteria_role(criteria);
    for (gsize i = 0; i < G_N_ELEMENTS(criteria_roles); i++) {
        if (role & criteria_roles[i].bit) {
            json_builder_add_string_value(b, criteria_roles[i].name);
            role &= (guint8)~criteria_roles[i].bit;
        }
    }
    if (role != 0) {
        g_autofree char *rest = g_strdup_printf("0x%02x", role);
        json_builder_add_string_value(b, rest);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}
