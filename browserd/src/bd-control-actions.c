/* The verbs that act: elect, announce, and watch (which turns the connection into a
 * stream of events; the server does the streaming). */
#include "bd-control-verbs.h"

static gboolean
is_browser(BrwRole role)
{
    return role == BRW_ROLE_POTENTIAL || role == BRW_ROLE_BACKUP || role == BRW_ROLE_MASTER;
}

typedef gboolean (*Action)(const BdControlView *view, guint index, const BdControlLink *link);

/* Runs `action` on every selected link and reports, per link, the role it had before and
 * whether the action applied (`member`). */
static JsonNode *
act(const BdControlView *view, JsonObject *request, GError **error, Action action,
    const char *member)
{
    g_autoptr(GArray) links = bd_control_select_links(view, request, error);
    if (links == NULL)
        return NULL;
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    for (guint i = 0; i < links->len; i++) {
        guint index = g_array_index(links, guint, i);
        BdControlLink link;
        view->ops->link(view->self, index, &link);
        json_builder_begin_object(b);
        bd_control_add_link(b, &link);
        json_builder_set_member_name(b, "role");
        json_builder_add_string_value(b, brw_role_to_string(brw_engine_role(link.engine)));
        gboolean done = action(view, index, &link);
        json_builder_set_member_name(b, member);
        json_builder_add_boolean_value(b, done);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static gboolean
elect_one(const BdControlView *view, guint index, const BdControlLink *link)
{
    /* Only a browser stands in elections; the engine ignores the request otherwise, and
     * the reply says so rather than pretend. */
    gboolean browser = is_browser(brw_engine_role(link->engine));
    if (browser)
        view->ops->elect(view->self, index);
    return browser;
}

JsonNode *
bd_control_elect(const BdControlView *view, JsonObject *request, GError **error)
{
    return act(view, request, error, elect_one, "forced");
}

static gboolean
announce_one(const BdControlView *view, guint index, const BdControlLink *link)
{
    (void)link;
    return view->ops->announce(view->self, index);
}

JsonNode *
bd_control_announce(const BdControlView *view, JsonObject *request, GError **error)
{
    return act(view, request, error, announce_one, "requested");
}

JsonNode *
bd_control_watch(const BdControlView *view, JsonObject *request, GError **error)
{
    (void)request;
    (void)error;
    /* Where things stand now, so that the events that follow tell a complete story. */
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "watching");
    json_builder_add_boolean_value(b, TRUE);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    guint n = view->ops->n_links(view->self);
    for (guint i = 0; i < n; i++) {
        BdControlLink link;
        view->ops->link(view->self, i, &link);
        json_builder_begin_object(b);
        bd_control_add_link(b, &link);
        bd_control_add_role(b, &link);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}
