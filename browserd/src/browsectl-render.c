/* browsectl's tables and lines for people (browsectl-render.h). */
#include "browsectl-render.h"

#include "browsectl-json.h"
#include "browsectl-table.h"
#include "browsectl-types.h"

char *
browsectl_duration(gint64 s)
{
    if (s < 0)
        s = 0;
    if (s < 60)
        return g_strdup_printf("%" G_GINT64_FORMAT "s", s);
    if (s < 3600)
        return g_strdup_printf("%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s", s / 60, s % 60);
    if (s < 86400)
        return g_strdup_printf("%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m", s / 3600,
                               s / 60 % 60);
    return g_strdup_printf("%" G_GINT64_FORMAT "d%02" G_GINT64_FORMAT "h", s / 86400,
                           s / 3600 % 24);
}

static const char *
or_dash(const char *s)
{
    return s != NULL ? s : "-";
}

static char *
duration_of(JsonObject *o, const char *member)
{
    gint64 s = browsectl_get_int(o, member, -1);
    return s < 0 ? g_strdup("-") : browsectl_duration(s);
}

static const char *
plural(gint64 n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* "eth0 WORKGROUP" */
static char *
link_title(JsonObject *link)
{
    return g_strdup_printf("%s %s", or_dash(browsectl_get_string(link, "interface")),
                           or_dash(browsectl_get_string(link, "workgroup")));
}

/* ---- status ------------------------------------------------------------------------ */

static void
row(BrowsectlTable *t, const char *key, const char *value)
{
    const char *cells[] = {key, value};
    browsectl_table_add(t, cells);
}

static char *
criteria_text(JsonObject *c)
{
    if (c == NULL)
        return g_strdup("-");
    GString *s = g_string_new(or_dash(browsectl_get_string(c, "hex")));
    g_string_append_printf(s, ": os level %" G_GINT64_FORMAT ", browser %s",
                           browsectl_get_int(c, "os_level", 0),
                           or_dash(browsectl_get_string(c, "browser_version")));
    JsonArray *roles = browsectl_get_array(c, "roles");
    for (guint i = 0; roles != NULL && i < json_array_get_length(roles); i++) {
        JsonNode *n = json_array_get_element(roles, i);
        if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
            g_string_append_printf(s, ", %s", json_node_get_string(n));
    }
    return g_string_free(s, FALSE);
}

static char *
names_text(JsonArray *names)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; names != NULL && i < json_array_get_length(names); i++) {
        JsonObject *n = browsectl_array_object(names, i);
        const char *state = or_dash(browsectl_get_string(n, "state"));
        g_string_append_printf(s, "%s%s", s->len ? ", " : "",
                               or_dash(browsectl_get_string(n, "name")));
        gboolean group = browsectl_get_bool(n, "group", FALSE);
        gboolean held = g_str_equal(state, "held");
        if (group || !held)
            g_string_append_printf(s, " (%s%s%s)", group ? "group" : "", group && !held ? ", " : "",
                                   held ? "" : state);
    }
    return g_string_free(s, FALSE);
}

/* One list copy: "10.0.1.7, 5s ago: 40 servers, 3 workgroups in 12 ms", or what failed. */
static char *
sync_text(JsonObject *sy)
{
    const char *address = browsectl_get_string(sy, "address");
    GString *s = g_string_new(address ? address : "address unknown");
    JsonNode *ago = json_object_get_member(sy, "ago_s");
    if (ago == NULL || JSON_NODE_HOLDS_NULL(ago)) {
        g_string_append(s, ": under way");
        return g_string_free(s, FALSE);
    }
    g_autofree char *when = browsectl_duration(browsectl_get_int(sy, "ago_s", 0));
    if (!browsectl_get_bool(sy, "ok", FALSE)) {
        g_string_append_printf(s, ", %s ago: failed: %s", when,
                               or_dash(browsectl_get_string(sy, "error")));
        return g_string_free(s, FALSE);
    }
    gint64 servers = browsectl_get_int(sy, "servers", 0);
    gint64 domains = browsectl_get_int(sy, "domains", 0);
    g_string_append_printf(s, ", %s ago: %" G_GINT64_FORMAT " %s, %" G_GINT64_FORMAT " %s in %"
                              G_GINT64_FORMAT " ms",
                           when, servers, plural(servers, "server", "servers"), domains,
                           plural(domains, "workgroup", "workgroups"),
                           browsectl_get_int(sy, "elapsed_ms", 0));
    return g_string_free(s, FALSE);
}

static void
render_link_status(JsonObject *l, GString *out)
{
    g_autofree char *title = link_title(l);
    g_string_append_printf(out, "\n%s (%s)\n", title, or_dash(browsectl_get_string(l, "address")));
    g_autoptr(BrowsectlTable) t = browsectl_table_new(2, NULL, 2);
    row(t, "name", or_dash(browsectl_get_string(l, "netbios_name")));
    g_autofree char *role =
        g_strdup_printf("%s%s", or_dash(browsectl_get_string(l, "role")),
                        browsectl_get_bool(l, "electing", FALSE) ? " (electing)" : "");
    row(t, "role", role);
    const char *master = browsectl_get_string(l, "master");
    row(t, "master", master != NULL ? master : "unknown");
    g_autofree char *criteria = criteria_text(browsectl_get_object(l, "criteria"));
    row(t, "criteria", criteria);
    JsonObject *type = browsectl_get_object(l, "server_type");
    g_autofree char *words =
        type != NULL ? browsectl_type_words((guint32)browsectl_get_int(type, "value", 0))
                     : g_strdup("-");
    row(t, "server type", words);
    g_autofree char *up = duration_of(l, "uptime_s");
    row(t, "up", up);
    gint64 servers = browsectl_get_int(l, "servers", 0);
    gint64 domains = browsectl_get_int(l, "domains", 0);
    g_autofree char *lists = g_strdup_printf("%" G_GINT64_FORMAT " %s, %" G_GINT64_FORMAT " %s",
                                             servers, plural(servers, "server", "servers"), domains,
                                             plural(domains, "workgroup", "workgroups"));
    row(t, "lists", lists);
    JsonObject *e = browsectl_get_object(l, "engine");
    g_autofree char *elections = g_strdup_printf(
        "%" G_GINT64_FORMAT " started, %" G_GINT64_FORMAT " won, %" G_GINT64_FORMAT " lost",
        browsectl_get_int(e, "elections_started", 0), browsectl_get_int(e, "elections_won", 0),
        browsectl_get_int(e, "elections_lost", 0));
    row(t, "elections", elections);
    g_autofree char *frames = g_strdup_printf(
        "%" G_GINT64_FORMAT " received, %" G_GINT64_FORMAT " sent, %" G_GINT64_FORMAT " dropped",
        browsectl_get_int(e, "frames_received", 0), browsectl_get_int(e, "frames_sent", 0),
        browsectl_get_int(e, "frames_dropped", 0));
    row(t, "frames", frames);
    JsonArray *names = browsectl_get_array(l, "names");
    if (names != NULL && json_array_get_length(names) > 0) {
        g_autofree char *text = names_text(names);
        row(t, "names", text);
    }
    JsonArray *syncs = browsectl_get_array(l, "syncs");
    for (guint i = 0; syncs != NULL && i < json_array_get_length(syncs); i++) {
        JsonObject *sy = browsectl_array_object(syncs, i);
        if (sy == NULL)
            continue;
        g_autofree char *key = g_strdup_printf("sync %s", or_dash(browsectl_get_string(sy, "peer")));
        g_autofree char *text = sync_text(sy);
        row(t, key, text);
    }
    browsectl_table_render(t, out);
}

char *
browsectl_render_status(JsonObject *result)
{
    GString *out = g_string_new(NULL);
    JsonObject *d = browsectl_get_object(result, "daemon");
    g_autofree char *up = duration_of(d, "uptime_s");
    g_string_append_printf(out, "browserd %s, pid %" G_GINT64_FORMAT ", up %s\n",
                           or_dash(browsectl_get_string(d, "version")),
                           browsectl_get_int(d, "pid", 0), up);
    JsonArray *links = browsectl_get_array(result, "links");
    for (guint i = 0; links != NULL && i < json_array_get_length(links); i++) {
        JsonObject *l = browsectl_array_object(links, i);
        if (l != NULL)
            render_link_status(l, out);
    }
    return g_string_free(out, FALSE);
}

/* ---- lists ------------------------------------------------------------------------- */

/* Why a list is what it is: only the master (and its backups) keep one. */
static char *
list_note(JsonObject *l)
{
    const char *role = or_dash(browsectl_get_string(l, "role"));
    const char *master = browsectl_get_string(l, "master");
    if (g_str_equal(role, "master"))
        return g_strdup("this browser is the master");
    if (g_str_equal(role, "backup"))
        return g_strdup_printf("copied from the master %s", or_dash(master));
    /* browsectl --network: the list as the browser we asked holds it. */
    if (g_str_equal(role, "network"))
        return g_strdup_printf("asked over the network of %s", or_dash(master));
    const char *who = g_str_equal(role, "non-browser") ? "this server is not a browser"
                      : g_str_equal(role, "stopped")   ? "this browser is stopped"
                                                       : "this browser is not the master";
    if (master != NULL)
        return g_strdup_printf("%s; the master is %s", who, master);
    return g_strdup_printf("%s; no master is known", who);
}

typedef struct {
    const char *member;     /* "servers" or "domains" */
    const char *one, *many; /* "server", "servers" */
    gboolean domains;
} ListKind;

static void
add_entry_row(BrowsectlTable *t, JsonObject *e, const ListKind *kind)
{
    g_autofree char *heard = duration_of(e, "last_heard_s");
    g_autofree char *expires = duration_of(e, "expires_in_s");
    const char *name = or_dash(browsectl_get_string(e, "name"));
    const char *comment = browsectl_get_string(e, "comment");
    const char *source = or_dash(browsectl_get_string(e, "source"));
    if (kind->domains) {
        /* A workgroup's comment is the name of its master browser. */
        const char *cells[] = {name, comment != NULL && comment[0] ? comment : "-", source, heard,
                               expires};
        browsectl_table_add(t, cells);
        return;
    }
    g_autofree char *type = browsectl_type_words((guint32)browsectl_get_int(e, "type", 0));
    const char *cells[] = {name, type, comment != NULL ? comment : "", source, heard, expires};
    browsectl_table_add(t, cells);
}

static char *
render_lists(JsonObject *result, const ListKind *kind)
{
    static const char *const server_headers[] = {"NAME",   "TYPE",  "COMMENT",
                                                 "SOURCE", "HEARD", "EXPIRES"};
    static const char *const domain_headers[] = {"WORKGROUP", "MASTER", "SOURCE", "HEARD",
                                                 "EXPIRES"};
    GString *out = g_string_new(NULL);
    JsonArray *links = browsectl_get_array(result, "links");
    for (guint i = 0; links != NULL && i < json_array_get_length(links); i++) {
        JsonObject *l = browsectl_array_object(links, i);
        if (l == NULL)
            continue;
        JsonArray *entries = browsectl_get_array(l, kind->member);
        guint n = entries != NULL ? json_array_get_length(entries) : 0;
        g_autofree char *title = link_title(l);
        g_autofree char *note = list_note(l);
        if (i > 0)
            g_string_append_c(out, '\n');
        if (n == 0) {
            g_string_append_printf(out, "%s: no %s known (%s)\n", title, kind->many, note);
            continue;
        }
        g_string_append_printf(out, "%s: %u %s (%s)\n", title, n, n == 1 ? kind->one : kind->many,
                               note);
        g_autoptr(BrowsectlTable) t = kind->domains ? browsectl_table_new(5, domain_headers, 2)
                                                    : browsectl_table_new(6, server_headers, 2);
        for (guint j = 0; j < n; j++) {
            JsonObject *e = browsectl_array_object(entries, j);
            if (e != NULL)
                add_entry_row(t, e, kind);
        }
        browsectl_table_render(t, out);
    }
    return g_string_free(out, FALSE);
}

char *
browsectl_render_servers(JsonObject *result)
{
    static const ListKind kind = {"servers", "server", "servers", FALSE};
    return render_lists(result, &kind);
}

char *
browsectl_render_domains(JsonObject *result)
{
    static const ListKind kind = {"domains", "workgroup", "workgroups", TRUE};
    return render_lists(result, &kind);
}

static char *
string_array_text(JsonArray *a)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; a != NULL && i < json_array_get_length(a); i++) {
        JsonNode *n = json_array_get_element(a, i);
        if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", json_node_get_string(n));
    }
    if (s->len == 0)
        g_string_append_c(s, '-');
    return g_string_free(s, FALSE);
}

char *
browsectl_render_backups(JsonObject *result)
{
    static const char *const headers[] = {"INTERFACE", "WORKGROUP", "ROLE", "MASTER", "BACKUPS"};
    g_autoptr(BrowsectlTable) t = browsectl_table_new(5, headers, 0);
    JsonArray *links = browsectl_get_array(result, "links");
    for (guint i = 0; links != NULL && i < json_array_get_length(links); i++) {
        JsonObject *l = browsectl_array_object(links, i);
        if (l == NULL)
            continue;
        /* Only a master hands out the list; elsewhere it is the master's to give. */
        g_autofree char *backups = string_array_text(browsectl_get_array(l, "backups"));
        const char *cells[] = {or_dash(browsectl_get_string(l, "interface")),
                               or_dash(browsectl_get_string(l, "workgroup")),
                               or_dash(browsectl_get_string(l, "role")),
                               or_dash(browsectl_get_string(l, "master")), backups};
        browsectl_table_add(t, cells);
    }
    GString *out = g_string_new(NULL);
    browsectl_table_render(t, out);
    return g_string_free(out, FALSE);
}

/* ---- actions ----------------------------------------------------------------------- */

char *
browsectl_render_actions(JsonObject *result, const char *member, const char *action, guint *applied)
{
    GString *out = g_string_new(NULL);
    *applied = 0;
    JsonArray *links = browsectl_get_array(result, "links");
    for (guint i = 0; links != NULL && i < json_array_get_length(links); i++) {
        JsonObject *l = browsectl_array_object(links, i);
        if (l == NULL)
            continue;
        if (browsectl_get_bool(l, member, FALSE)) {
            (*applied)++;
            continue;
        }
        g_autofree char *title = link_title(l);
        g_string_append_printf(out, "%s: no %s (role %s)\n", title, action,
                               or_dash(browsectl_get_string(l, "role")));
    }
    return g_string_free(out, FALSE);
}

/* ---- stats ------------------------------------------------------------------------- */

static void
flatten(BrowsectlTable *t, const char *prefix, JsonNode *node)
{
    if (JSON_NODE_HOLDS_OBJECT(node)) {
        JsonObjectIter it;
        const char *name;
        JsonNode *child;
        json_object_iter_init_ordered(&it, json_node_get_object(node));
        while (json_object_iter_next_ordered(&it, &name, &child)) {
            g_autofree char *path =
                prefix[0] ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);
            flatten(t, path, child);
        }
        return;
    }
    if (JSON_NODE_HOLDS_NULL(node))
        return; /* a part this daemon does not have */
    g_autofree char *value =
        JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_STRING
            ? g_strdup(json_node_get_string(node))
            : json_to_string(node, FALSE);
    row(t, prefix, value);
}

static void
stats_section(GString *out, const char *title, JsonObject *o, const char *const *skip)
{
    g_string_append_printf(out, "%s%s\n", out->len ? "\n" : "", title);
    g_autoptr(BrowsectlTable) t = browsectl_table_new(2, NULL, 2);
    JsonObjectIter it;
    const char *name;
    JsonNode *child;
    json_object_iter_init_ordered(&it, o);
    while (json_object_iter_next_ordered(&it, &name, &child))
        if (skip == NULL || !g_strv_contains(skip, name))
            flatten(t, name, child);
    browsectl_table_render(t, out);
}

char *
browsectl_render_stats(JsonObject *result)
{
    static const char *const identity[] = {"interface", "address", "workgroup", NULL};
    GString *out = g_string_new(NULL);
    JsonObject *d = browsectl_get_object(result, "daemon");
    if (d != NULL)
        stats_section(out, "daemon", d, NULL);
    JsonArray *links = browsectl_get_array(result, "links");
    for (guint i = 0; links != NULL && i < json_array_get_length(links); i++) {
        JsonObject *l = browsectl_array_object(links, i);
        if (l == NULL)
            continue;
        g_autofree char *title = link_title(l);
        stats_section(out, title, l, identity);
    }
    return g_string_free(out, FALSE);
}

/* ---- watch ------------------------------------------------------------------------- */

char *
browsectl_render_watching(JsonObject *result)
{
    GString *out = g_string_new(NULL);
    JsonArray *links = browsectl_get_array(result, "links");
    for (guint i = 0; links != NULL && i < json_array_get_length(links); i++) {
        JsonObject *l = browsectl_array_object(links, i);
        if (l == NULL)
            continue;
        g_autofree char *title = link_title(l);
        const char *master = browsectl_get_string(l, "master");
        g_string_append_printf(out, "watching %s: role %s, master %s\n", title,
                               or_dash(browsectl_get_string(l, "role")),
                               master != NULL ? master : "unknown");
    }
    return g_string_free(out, FALSE);
}

static char *
clock_time(const char *iso, GTimeZone *tz)
{
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
    g_autoptr(GDateTime) t = iso != NULL ? g_date_time_new_from_iso8601(iso, utc) : NULL;
    if (t == NULL)
        return g_strdup("--:--:--");
    g_autoptr(GTimeZone) local = tz == NULL ? g_time_zone_new_local() : NULL;
    g_autoptr(GDateTime) shown = g_date_time_to_timezone(t, tz != NULL ? tz : local);
    return g_date_time_format(shown, "%H:%M:%S");
}

static char *
event_text(JsonObject *e, const char *event)
{
    const char *name = or_dash(browsectl_get_string(e, "name"));
    if (g_str_equal(event, "role-changed"))
        return g_strdup_printf("role %s -> %s", or_dash(browsectl_get_string(e, "old")),
                               or_dash(browsectl_get_string(e, "new")));
    if (g_str_equal(event, "master-changed")) {
        const char *master = browsectl_get_string(e, "master");
        return master != NULL ? g_strdup_printf("master is %s", master)
                              : g_strdup("master unknown");
    }
    JsonObject *ours = browsectl_get_object(e, "criteria");
    g_autofree char *our_up = browsectl_duration(browsectl_get_int(e, "uptime_ms", 0) / 1000);
    if (g_str_equal(event, "election-won"))
        return g_strdup_printf("election won: criteria %s, uptime %s",
                               or_dash(browsectl_get_string(ours, "hex")), our_up);
    if (g_str_equal(event, "election-lost")) {
        JsonObject *theirs = browsectl_get_object(e, "winner_criteria");
        g_autofree char *their_up =
            browsectl_duration(browsectl_get_int(e, "winner_uptime_ms", 0) / 1000);
        return g_strdup_printf("election lost to %s: criteria %s, uptime %s against ours %s, "
                               "uptime %s",
                               or_dash(browsectl_get_string(e, "winner")),
                               or_dash(browsectl_get_string(theirs, "hex")), their_up,
                               or_dash(browsectl_get_string(ours, "hex")), our_up);
    }
    if (g_str_equal(event, "server-added"))
        return g_strdup_printf("server added %s", name);
    if (g_str_equal(event, "server-removed"))
        return g_strdup_printf("server removed %s", name);
    if (g_str_equal(event, "domain-added"))
        return g_strdup_printf("workgroup added %s", name);
    if (g_str_equal(event, "domain-removed"))
        return g_strdup_printf("workgroup removed %s", name);
    return g_strdup(event); /* from a newer daemon */
}

char *
browsectl_render_event(JsonObject *event, GTimeZone *tz)
{
    const char *kind = browsectl_get_string(event, "event");
    if (kind == NULL)
        return g_strdup("");
    g_autofree char *when = clock_time(browsectl_get_string(event, "time"), tz);
    g_autofree char *title = link_title(event);
    g_autofree char *text = event_text(event, kind);
    g_autofree char *line = g_strdup_printf("%s %s: %s", when, title, text);
    g_autofree char *clean = browsectl_clean(line);
    return g_strdup_printf("%s\n", clean);
}
