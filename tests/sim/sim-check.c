#include "sim-check.h"

#include <browse-proto/brw-server-type.h>

/* Uptimes closer than this count as equal (docs/ARCHITECTURE.md "Comparison"). */
#define SIM_UPTIME_TIE_US (60 * SIM_SEC)

static gboolean
in_group(SimLan *lan, guint node, const char *workgroup, guint segment)
{
    return sim_lan_node_alive(lan, node) && sim_lan_segment(lan, node) == segment &&
           g_ascii_strcasecmp(brw_engine_config(sim_lan_engine(lan, node))->workgroup,
                              workgroup) == 0;
}

static gboolean
is_browser(SimLan *lan, guint node)
{
    const BrwEngine *e = sim_lan_engine(lan, node);
    const BrwEngineConfig *cfg = brw_engine_config(e);
    return cfg->browser && cfg->local_master && brw_engine_role(e) != BRW_ROLE_STOPPED;
}

guint
sim_check_role_count(SimLan *lan, const char *workgroup, guint segment, BrwRole role)
{
    guint count = 0;
    for (guint i = 0; i < sim_lan_node_count(lan); i++) {
        if (in_group(lan, i, workgroup, segment) &&
            brw_engine_role(sim_lan_engine(lan, i)) == role)
            count++;
    }
    return count;
}

guint
sim_check_masters(SimLan *lan, const char *workgroup, guint segment, gint *first)
{
    guint count = 0;
    if (first)
        *first = -1;
    for (guint i = 0; i < sim_lan_node_count(lan); i++) {
        if (!in_group(lan, i, workgroup, segment) ||
            brw_engine_role(sim_lan_engine(lan, i)) != BRW_ROLE_MASTER)
            continue;
        if (first && *first < 0)
            *first = (gint)i;
        count++;
    }
    return count;
}

gboolean
sim_check_electing(SimLan *lan, const char *workgroup, guint segment)
{
    for (guint i = 0; i < sim_lan_node_count(lan); i++) {
        if (in_group(lan, i, workgroup, segment) && brw_engine_electing(sim_lan_engine(lan, i)))
            return TRUE;
    }
    return FALSE;
}

gint
sim_check_compare(SimLan *lan, guint a, guint b)
{
    if (a == b)
        return 0;
    guint32 ca = brw_engine_criteria(sim_lan_engine(lan, a));
    guint32 cb = brw_engine_criteria(sim_lan_engine(lan, b));
    if (ca != cb)
        return ca > cb ? 1 : -1;
    /* uptime = now - start: the earlier start is the longer uptime */
    gint64 sa = sim_lan_node_started_us(lan, a);
    gint64 sb = sim_lan_node_started_us(lan, b);
    if (sa + SIM_UPTIME_TIE_US < sb)
        return 1;
    if (sb + SIM_UPTIME_TIE_US < sa)
        return -1;
    return g_ascii_strcasecmp(sim_lan_node_name(lan, a), sim_lan_node_name(lan, b)) < 0 ? 1 : -1;
}

gint
sim_check_best(SimLan *lan, const char *workgroup, guint segment)
{
    gint64 last = sim_lan_last_election_us(lan, workgroup);
    if (last == G_MININT64)
        return -1;
    GArray *cands = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < sim_lan_node_count(lan); i++) {
        if (in_group(lan, i, workgroup, segment) && is_browser(lan, i) &&
            sim_lan_node_browsing_since(lan, i) <= last)
            g_array_append_val(cands, i);
    }
    gint best = -1;
    for (guint i = 0; i < cands->len; i++) {
        guint c = g_array_index(cands, guint, i);
        if (best < 0 || sim_check_compare(lan, c, (guint)best) > 0)
            best = (gint)c;
    }
    /* the order is not transitive near the 60 s tie: the winner must beat everyone */
    for (guint i = 0; best >= 0 && i < cands->len; i++) {
        if (sim_check_compare(lan, (guint)best, g_array_index(cands, guint, i)) < 0)
            best = -1;
    }
    g_array_unref(cands);
    return best;
}

gint64
sim_check_run_until_one_master(SimLan *lan, const char *workgroup, guint segment,
                               gint64 limit_us, gint64 step_us)
{
    for (;;) {
        if (sim_check_masters(lan, workgroup, segment, NULL) == 1 &&
            !sim_check_electing(lan, workgroup, segment))
            return sim_lan_now(lan);
        if (sim_lan_now(lan) >= limit_us)
            return -1;
        sim_lan_run_until(lan, MIN(limit_us, sim_lan_now(lan) + step_us));
    }
}

guint
sim_check_missing_servers(SimLan *lan, guint master)
{
    BrwEngine *m = sim_lan_engine(lan, master);
    const char *workgroup = brw_engine_config(m)->workgroup;
    guint segment = sim_lan_segment(lan, master);
    BrwList *servers = brw_engine_servers(m);
    guint missing = 0;
    for (guint i = 0; i < sim_lan_node_count(lan); i++) {
        if (!in_group(lan, i, workgroup, segment) ||
            brw_engine_role(sim_lan_engine(lan, i)) == BRW_ROLE_STOPPED)
            continue;
        if (!brw_list_lookup(servers, sim_lan_node_name(lan, i)))
            missing++;
    }
    return missing;
}

guint
sim_check_backups_wanted(guint servers)
{
    if (servers <= 1)
        return 0;
    if (servers <= 31)
        return 1;
    if (servers <= 63)
        return 2;
    return 3;
}

gboolean
sim_check_lists_equal(BrwList *a, BrwList *b, GString *why)
{
    GPtrArray *qa = brw_list_query(a, BRW_SV_TYPE_ALL, FALSE, NULL);
    GPtrArray *qb = brw_list_query(b, BRW_SV_TYPE_ALL, FALSE, NULL);
    gboolean equal = qa->len == qb->len;
    if (!equal && why)
        g_string_append_printf(why, "%u entries against %u; ", qa->len, qb->len);
    for (guint i = 0; i < MIN(qa->len, qb->len); i++) {
        const BrwListEntry *x = g_ptr_array_index(qa, i);
        const BrwListEntry *y = g_ptr_array_index(qb, i);
        if (g_ascii_strcasecmp(x->name, y->name) != 0 || x->server_type != y->server_type) {
            if (why)
                g_string_append_printf(why, "entry %u: %s 0x%08x against %s 0x%08x", i, x->name,
                                       x->server_type, y->name, y->server_type);
            equal = FALSE;
            break;
        }
    }
    g_ptr_array_unref(qa);
    g_ptr_array_unref(qb);
    return equal;
}
