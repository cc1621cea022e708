/* Engine effects as watch events (bd-control-events.h). */
#include "bd-control-events.h"

#include "bd-control-proto.h"
#include "bd-control-verbs.h"

static const char *
event_name(BrwEffectKind kind)
{
    switch (kind) {
    case BRW_EFFECT_ROLE_CHANGED:
        return "role-changed";
    case BRW_EFFECT_MASTER_CHANGED:
        return "master-changed";
    case BRW_EFFECT_ELECTION_WON:
        return "election-won";
    case BRW_EFFECT_ELECTION_LOST:
        return "election-lost";
    case BRW_EFFECT_SERVER_ADDED:
        return "server-added";
    case BRW_EFFECT_SERVER_REMOVED:
        return "server-removed";
    case BRW_EFFECT_DOMAIN_ADDED:
        return "domain-added";
    case BRW_EFFECT_DOMAIN_REMOVED:
        return "domain-removed";
    case BRW_EFFECT_RIVAL_MASTER:
    case BRW_EFFECT_RIVAL_DOMAIN_MASTER:
        return brw_effect_kind_to_string(kind);
    case BRW_EFFECT_SEND:
    case BRW_EFFECT_REGISTER_NAME:
    case BRW_EFFECT_RELEASE_NAME:
    case BRW_EFFECT_SYNC:
    case BRW_EFFECT_DOMAIN_SYNC:
    case BRW_EFFECT_FIND_DOMAIN_MASTER:
        break;
    }
    return NULL;
}

static char *
iso_time(gint64 wall_us)
{
    g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc(wall_us / G_USEC_PER_SEC);
    if (seconds == NULL)
        return g_strdup("1970-01-01T00:00:00Z"); /* a clock beyond year 9999 */
    /* Milliseconds are what a person comparing with the log wants. */
    g_autoptr(GDateTime) t = g_date_time_add(seconds, (wall_us % G_USEC_PER_SEC) / 1000 * 1000);
    g_autofree char *base = g_date_time_format(t, "%Y-%m-%dT%H:%M:%S");
    return g_strdup_printf("%s.%03dZ", base, g_date_time_get_microsecond(t) / 1000);
}

static void
add_election(JsonBuilder *b, const BrwEffect *fx)
{
    bd_control_add_criteria(b, "criteria", fx->election.our_criteria);
    bd_control_add_count(b, "uptime_ms", fx->election.our_uptime_ms);
    if (fx->kind != BRW_EFFECT_ELECTION_LOST)
        return;
    bd_control_add_text(b, "winner", fx->election.winner);
    bd_control_add_criteria(b, "winner_criteria", fx->election.winner_criteria);
    bd_control_add_count(b, "winner_uptime_ms", fx->election.winner_uptime_ms);
}

JsonNode *
bd_control_event_new(const char *interface, const char *workgroup, const BrwEffect *fx,
                     gint64 wall_us)
{
    const char *name = event_name(fx->kind);
    if (name == NULL)
        return NULL;
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "v");
    json_builder_add_int_value(b, BD_CONTROL_VERSION);
    json_builder_set_member_name(b, "event");
    json_builder_add_string_value(b, name);
    g_autofree char *when = iso_time(MAX(wall_us, 0));
    json_builder_set_member_name(b, "time");
    json_builder_add_string_value(b, when);
    bd_control_add_text(b, "interface", interface);
    bd_control_add_text(b, "workgroup", workgroup);
    switch (fx->kind) {
    case BRW_EFFECT_ROLE_CHANGED:
        json_builder_set_member_name(b, "old");
        json_builder_add_string_value(b, brw_role_to_string(fx->role.old_role));
        json_builder_set_member_name(b, "new");
        json_builder_add_string_value(b, brw_role_to_string(fx->role.new_role));
        break;
    case BRW_EFFECT_MASTER_CHANGED:
        bd_control_add_name_or_null(b, "master", fx->master);
        break;
    case BRW_EFFECT_ELECTION_WON:
    case BRW_EFFECT_ELECTION_LOST:
        add_election(b, fx);
        break;
    default:
        bd_control_add_text(b, "name", fx->entry);
        break;
    }
    json_builder_end_object(b);
    return json_builder_get_root(b);
}
