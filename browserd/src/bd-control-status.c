/* The verbs that describe the daemon: status (what a person asks first) and stats (every
 * counter, for diagnosing drops). */
#include "bd-control-verbs.h"

#include <browse-proto/brw-server-type.h>

/* Opens the object `member` for a counters section, or writes null (and returns FALSE)
 * when the section's source is absent, e.g. a link without a name table. */
static gboolean
begin_section(JsonBuilder *b, const char *member, gconstpointer source)
{
    json_builder_set_member_name(b, member);
    if (source == NULL) {
        json_builder_add_null_value(b);
        return FALSE;
    }
    json_builder_begin_object(b);
    return TRUE;
}

static void
add_daemon(JsonBuilder *b, const BdControlDaemonInfo *info, gint64 now)
{
    json_builder_set_member_name(b, "daemon");
    json_builder_begin_object(b);
    bd_control_add_text(b, "version", info->version);
    json_builder_set_member_name(b, "pid");
    json_builder_add_int_value(b, info->pid);
    json_builder_set_member_name(b, "uptime_s");
    json_builder_add_int_value(b, bd_control_seconds(now, info->started_us));
    json_builder_end_object(b);
}

static guint64
sum(const guint64 *values, gsize n)
{
    guint64 total = 0;
    for (gsize i = 0; i < n; i++)
        total += values[i];
    return total;
}

static void
add_engine_summary(JsonBuilder *b, const BrwCounters *c)
{
    json_builder_set_member_name(b, "engine");
    json_builder_begin_object(b);
    bd_control_add_count(b, "elections_started", c->elections_started);
    bd_control_add_count(b, "elections_won", c->elections_won);
    bd_control_add_count(b, "elections_lost", c->elections_lost);
    bd_control_add_count(b, "name_failures", c->name_failures);
    bd_control_add_count(b, "syncs_ok", c->syncs_ok);
    bd_control_add_count(b, "syncs_failed", c->syncs_failed);
    bd_control_add_count(b, "rivals", c->rivals);
    bd_control_add_count(b, "frames_received", sum(c->received, G_N_ELEMENTS(c->received)));
    bd_control_add_count(b, "frames_sent", sum(c->sent, G_N_ELEMENTS(c->sent)));
    bd_control_add_count(b, "frames_dropped", sum(c->dropped, G_N_ELEMENTS(c->dropped)));
    json_builder_end_object(b);
}

static void
add_table_summary(JsonBuilder *b, const MsNameTable *table)
{
    if (!begin_section(b, "name_table", table))
        return;
    const MsNameTableCounters *c = ms_name_table_counters(table);
    bd_control_add_count(b, "received", c->received);
    bd_control_add_count(b, "sent", c->sent);
    bd_control_add_count(b, "registered", c->registered);
    bd_control_add_count(b, "refused", c->refused);
    bd_control_add_count(b, "lost", c->lost);
    bd_control_add_count(b, "defended", c->defended);
    json_builder_end_object(b);
}

static void
add_names(JsonBuilder *b, const MsNameTable *table)
{
    json_builder_set_member_name(b, "names");
    json_builder_begin_array(b);
    if (table != NULL) {
        MsName names[MS_NAME_TABLE_MAX_NAMES];
        MsNameState states[MS_NAME_TABLE_MAX_NAMES];
        gboolean groups[MS_NAME_TABLE_MAX_NAMES];
        guint n = ms_name_table_list(table, names, states, groups, G_N_ELEMENTS(names));
        for (guint i = 0; i < n; i++) {
            char text[MS_NAME_STRING_MAX];
            json_builder_begin_object(b);
            bd_control_add_text(b, "name", ms_name_to_string(&names[i], text, sizeof text));
            json_builder_set_member_name(b, "state");
            json_builder_add_string_value(b, ms_name_state_to_string(states[i]));
            json_builder_set_member_name(b, "group");
            json_builder_add_boolean_value(b, groups[i]);
            /* Held and granted by the WINS server (not by broadcast silence). */
            json_builder_set_member_name(b, "wins");
            json_builder_add_boolean_value(
                b, ms_name_table_is_wins_registered(table, &names[i], NULL));
            json_builder_end_object(b);
        }
    }
    json_builder_end_array(b);
}

/* "syncs": the last list copy from each peer, and how it went ([MS-BRWS] 3.3.6). */
static void
add_syncs(JsonBuilder *b, const BdControlLink *link, gint64 now)
{
    json_builder_set_member_name(b, "syncs");
    json_builder_begin_array(b);
    for (guint i = 0; i < link->n_syncs; i++) {
        const BdSyncRecord *r = &link->syncs[i];
        json_builder_begin_object(b);
        bd_control_add_text(b, "peer", r->peer);
        char ip[16];
        json_builder_set_member_name(b, "address");
        if (r->peer_ip != 0)
            json_builder_add_string_value(b, ms_ipv4_to_string(r->peer_ip, ip, sizeof ip));
        else
            json_builder_add_null_value(b);
        json_builder_set_member_name(b, "ago_s");
        if (r->at_us != 0)
            json_builder_add_int_value(b, bd_control_seconds(now, r->at_us));
        else
            json_builder_add_null_value(b); /* under way */
        json_builder_set_member_name(b, "ok");
        json_builder_add_boolean_value(b, r->ok);
        bd_control_add_count(b, "servers", r->servers);
        bd_control_add_count(b, "domains", r->domains);
        bd_control_add_count(b, "elapsed_ms", (guint64)(r->elapsed_us / 1000));
        if (r->ok || r->at_us == 0) {
            json_builder_set_member_name(b, "error");
            json_builder_add_null_value(b);
        } else {
            bd_control_add_text(b, "error", r->error); /* may quote what a peer sent */
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void
add_link_status(JsonBuilder *b, const BdControlLink *link, gint64 now)
{
    BrwEngine *e = link->engine;
    json_builder_begin_object(b);
    bd_control_add_link(b, link);
    bd_control_add_text(b, "netbios_name", brw_engine_config(e)->netbios_name);
    bd_control_add_role(b, link);
    json_builder_set_member_name(b, "electing");
    json_builder_add_boolean_value(b, brw_engine_electing(e));
    bd_control_add_criteria(b, "criteria", brw_engine_criteria(e));
    guint32 type = brw_engine_server_type(e);
    json_builder_set_member_name(b, "server_type");
    json_builder_begin_object(b);
    bd_control_add_count(b, "value", type);
    g_autofree char *flags = brw_server_type_to_string(type);
    json_builder_set_member_name(b, "flags");
    json_builder_add_string_value(b, flags);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "uptime_s");
    json_builder_add_int_value(b, link->started_us ? bd_control_seconds(now, link->started_us) : 0);
    bd_control_add_count(b, "servers", brw_list_count(brw_engine_servers(e)));
    bd_control_add_count(b, "domains", brw_list_count(brw_engine_domains(e)));
    add_engine_summary(b, brw_engine_counters(e));
    add_table_summary(b, link->table);
    add_names(b, link->table);
    add_syncs(b, link, now);
    json_builder_end_object(b);
}

JsonNode *
bd_control_status(const BdControlView *view, JsonObject *request, GError **error)
{
    g_autoptr(GArray) links = bd_control_select_links(view, request, error);
    if (links == NULL)
        return NULL;
    gint64 now = view->ops->now(view->self);
    BdControlDaemonInfo info;
    view->ops->daemon(view->self, &info);
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    add_daemon(b, &info, now);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    for (guint i = 0; i < links->len; i++) {
        BdControlLink link;
        view->ops->link(view->self, g_array_index(links, guint, i), &link);
        add_link_status(b, &link, now);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

/* ---- stats ------------------------------------------------------------------------ */

/* counters[i] under the name name_of(i); nonexistent opcodes are left out unless they
 * counted something. */
static void
add_opcode_counts(JsonBuilder *b, const char *member, const guint64 *counts, gsize n)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_object(b);
    for (gsize op = 0; op < n; op++) {
        const char *name = brw_frame_kind_to_string((BrwFrameKind)op);
        if (g_str_equal(name, "unknown")) {
            if (counts[op] == 0)
                continue;
            g_autofree char *hex = g_strdup_printf("0x%02x", (guint)op);
            bd_control_add_count(b, hex, counts[op]);
        } else {
            bd_control_add_count(b, name, counts[op]);
        }
    }
    json_builder_end_object(b);
}

static void
add_engine_stats(JsonBuilder *b, const BrwCounters *c)
{
    json_builder_set_member_name(b, "engine");
    json_builder_begin_object(b);
    add_opcode_counts(b, "received", c->received, G_N_ELEMENTS(c->received));
    add_opcode_counts(b, "sent", c->sent, G_N_ELEMENTS(c->sent));
    json_builder_set_member_name(b, "dropped");
    json_builder_begin_object(b);
    for (guint r = 0; r < BRW_DROP_REASON_COUNT; r++)
        bd_control_add_count(b, brw_drop_reason_to_string((BrwDropReason)r), c->dropped[r]);
    json_builder_end_object(b);
    bd_control_add_count(b, "elections_started", c->elections_started);
    bd_control_add_count(b, "elections_won", c->elections_won);
    bd_control_add_count(b, "elections_lost", c->elections_lost);
    bd_control_add_count(b, "name_failures", c->name_failures);
    bd_control_add_count(b, "syncs_ok", c->syncs_ok);
    bd_control_add_count(b, "syncs_failed", c->syncs_failed);
    bd_control_add_count(b, "rivals", c->rivals);
    json_builder_end_object(b);
}

static void
add_table_stats(JsonBuilder *b, const MsNameTable *table)
{
    if (!begin_section(b, "name_table", table))
        return;
    const MsNameTableCounters *c = ms_name_table_counters(table);
    bd_control_add_count(b, "received", c->received);
    json_builder_set_member_name(b, "dropped");
    json_builder_begin_object(b);
    for (guint r = 0; r < MS_NAME_TABLE_DROP_REASON_COUNT; r++)
        bd_control_add_count(b, ms_name_table_drop_reason_to_string((MsNameTableDropReason)r),
                             c->dropped[r]);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "decode_errors");
    json_builder_begin_object(b);
    for (guint s = MS_OK + 1; s < MS_STATUS_COUNT; s++)
        bd_control_add_count(b, ms_status_to_string((MsStatus)s), c->decode_errors[s]);
    json_builder_end_object(b);
    bd_control_add_count(b, "sent", c->sent);
    bd_control_add_count(b, "registered", c->registered);
    bd_control_add_count(b, "refused", c->refused);
    bd_control_add_count(b, "lost", c->lost);
    bd_control_add_count(b, "defended", c->defended);
    bd_control_add_count(b, "queries_answered", c->queries_answered);
    bd_control_add_count(b, "negative_answers", c->negative_answers);
    bd_control_add_count(b, "status_answered", c->status_answered);
    bd_control_add_count(b, "releases_refused", c->releases_refused);
    bd_control_add_count(b, "conflicts_demanded", c->conflicts_demanded);
    bd_control_add_count(b, "resolved", c->resolved);
    bd_control_add_count(b, "unresolved", c->unresolved);
    bd_control_add_count(b, "cache_full", c->cache_full);
    /* The WINS client's transactions (all zero without wins_server). */
    json_builder_set_member_name(b, "wins");
    json_builder_begin_object(b);
    bd_control_add_count(b, "registered", c->wins_registered);
    bd_control_add_count(b, "refused", c->wins_refused);
    bd_control_add_count(b, "silent", c->wins_silent);
    bd_control_add_count(b, "refresh_failed", c->wins_refresh_failed);
    bd_control_add_count(b, "released", c->wins_released);
    bd_control_add_count(b, "resolved", c->wins_resolved);
    bd_control_add_count(b, "query_fallbacks", c->wins_query_fallbacks);
    json_builder_end_object(b);
    json_builder_end_object(b);
}

static void
add_reasm_stats(JsonBuilder *b, const MsReasmCounters *c)
{
    if (!begin_section(b, "reassembly", c))
        return;
    bd_control_add_count(b, "completed", c->completed);
    bd_control_add_count(b, "orphans", c->orphans);
    bd_control_add_count(b, "out_of_order", c->out_of_order);
    bd_control_add_count(b, "timed_out", c->timed_out);
    bd_control_add_count(b, "refused_full", c->refused_full);
    bd_control_add_count(b, "too_large", c->too_large);
    bd_control_add_count(b, "replaced", c->replaced);
    json_builder_end_object(b);
}

static void
add_socket_stats(JsonBuilder *b, const char *member, const MsUdpCounters *c)
{
    if (!begin_section(b, member, c))
        return;
    bd_control_add_count(b, "received", c->received);
    bd_control_add_count(b, "sent", c->sent);
    bd_control_add_count(b, "oversized", c->oversized);
    bd_control_add_count(b, "recv_errors", c->recv_errors);
    bd_control_add_count(b, "send_errors", c->send_errors);
    json_builder_end_object(b);
}

static void
add_control_stats(JsonBuilder *b, const BdControlCounters *c)
{
    if (!begin_section(b, "control", c))
        return;
    bd_control_add_count(b, "clients", c->clients);
    bd_control_add_count(b, "watchers", c->watchers);
    bd_control_add_count(b, "accepted", c->accepted);
    bd_control_add_count(b, "refused", c->refused);
    bd_control_add_count(b, "requests", c->requests);
    bd_control_add_count(b, "errors", c->errors);
    bd_control_add_count(b, "lines_too_long", c->lines_too_long);
    bd_control_add_count(b, "idle_closed", c->idle_closed);
    bd_control_add_count(b, "slow_dropped", c->slow_dropped);
    bd_control_add_count(b, "events", c->events);
    json_builder_end_object(b);
}

JsonNode *
bd_control_stats(const BdControlView *view, JsonObject *request, GError **error)
{
    g_autoptr(GArray) links = bd_control_select_links(view, request, error);
    if (links == NULL)
        return NULL;
    BdControlDaemonInfo info;
    view->ops->daemon(view->self, &info);
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "daemon");
    json_builder_begin_object(b);
    bd_control_add_count(b, "unrouted", info.unrouted);
    bd_control_add_count(b, "rate_limited", info.rate_limited);
    bd_control_add_count(b, "rate_shared", info.rate_shared);
    json_builder_set_member_name(b, "sockets");
    json_builder_begin_object(b);
    add_socket_stats(b, "name_service", info.name_service);
    add_socket_stats(b, "datagram", info.datagram);
    json_builder_end_object(b);
    add_control_stats(b, view->control);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    for (guint i = 0; i < links->len; i++) {
        BdControlLink link;
        view->ops->link(view->self, g_array_index(links, guint, i), &link);
        json_builder_begin_object(b);
        bd_control_add_link(b, &link);
        add_engine_stats(b, brw_engine_counters(link.engine));
        add_table_stats(b, link.table);
        add_reasm_stats(b, link.reasm);
        bd_control_add_count(b, "unresolved_drops", link.unresolved_drops);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}
