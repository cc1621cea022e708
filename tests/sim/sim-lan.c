/* The simulated LAN: nodes and their life cycle, the virtual clock and the run loop. What
 * the network does with an engine's effects is in sim-net.c. */
#include "sim-lan-private.h"

#include <stdarg.h>
#include <string.h>

/* An engine whose deadline is still due after this many timeouts at one instant would stall
 * the clock; it is reported and pushed 1 ms ahead. */
#define SIM_STUCK_LIMIT 1000

/* splitmix64: spreads the LAN's seed into independent per-node seeds. */
static guint64
mix64(guint64 x)
{
    x += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

void
sim_lan_config_init(SimLanConfig *cfg, guint64 seed)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->seed = seed;
    cfg->latency_us = 1 * SIM_MS;
    cfg->jitter_us = 500;
    cfg->loss = 0.0;
    cfg->name_delay_us = 750 * SIM_MS;
    cfg->sync_delay_us = 20 * SIM_MS;
}

static void
node_free(gpointer p)
{
    SimNode *n = p;
    brw_engine_free(n->engine);
    g_free(n->browse_key);
    g_hash_table_destroy(n->names);
    g_hash_table_destroy(n->pending);
    g_free(n);
}

SimLan *
sim_lan_new(const SimLanConfig *cfg)
{
    SimLan *lan = g_new0(SimLan, 1);
    lan->cfg = *cfg;
    lan->default_link.latency_us = cfg->latency_us;
    lan->default_link.jitter_us = cfg->jitter_us;
    lan->default_link.loss = cfg->loss;
    guint32 seed[2] = {(guint32)cfg->seed, (guint32)(cfg->seed >> 32)};
    lan->rand = g_rand_new_with_seed_array(seed, 2);
    lan->queue = sim_queue_new();
    lan->nodes = g_ptr_array_new_with_free_func(node_free);
    lan->holders = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
    lan->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    lan->by_ip = g_hash_table_new(g_direct_hash, g_direct_equal);
    lan->links = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    lan->elections = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    lan->anomalies = g_ptr_array_new_with_free_func(g_free);
    return lan;
}

static void
event_free(SimEvent *ev)
{
    switch (ev->kind) {
    case SIM_EV_TIMER:
        return; /* embedded in its node */
    case SIM_EV_DELIVER:
        sim_net_packet_unref(ev->data);
        break;
    case SIM_EV_NAME: {
        SimNameOp *op = ev->data;
        g_free(op->key);
        g_free(op);
        break;
    }
    case SIM_EV_SYNC:
    case SIM_EV_START:
    case SIM_EV_DOMAIN_SYNC:
    case SIM_EV_FIND_DMB:
        g_free(ev->data);
        break;
    }
    g_free(ev);
}

void
sim_lan_free(SimLan *lan)
{
    if (!lan)
        return;
    SimQueueItem *item;
    while ((item = sim_queue_pop(lan->queue)) != NULL)
        event_free((SimEvent *)item);
    sim_queue_free(lan->queue);
    g_ptr_array_unref(lan->nodes);
    g_hash_table_destroy(lan->holders);
    g_hash_table_destroy(lan->by_name);
    g_hash_table_destroy(lan->by_ip);
    g_hash_table_destroy(lan->links);
    g_hash_table_destroy(lan->elections);
    g_ptr_array_unref(lan->anomalies);
    if (lan->trace)
        g_string_free(lan->trace, TRUE);
    g_rand_free(lan->rand);
    g_free(lan);
}

void
sim_lan_anomaly(SimLan *lan, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(lan->anomalies, g_strdup_printf("t=%" G_GINT64_FORMAT "us %s", lan->now_us,
                                                    text));
    g_free(text);
}

void
sim_lan_trace_line(SimLan *lan, const SimNode *n, const char *fmt, ...)
{
    if (!lan->trace)
        return;
    g_string_append_printf(lan->trace, "t=%06" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT " %s ",
                           lan->now_us / SIM_SEC, (lan->now_us / SIM_MS) % 1000,
                           n->cfg.netbios_name);
    va_list ap;
    va_start(ap, fmt);
    g_string_append_vprintf(lan->trace, fmt, ap);
    va_end(ap);
    g_string_append_c(lan->trace, '\n');
}

SimEvent *
sim_event_new(SimEventKind kind, const SimNode *node, gpointer data)
{
    SimEvent *ev = g_new(SimEvent, 1);
    sim_queue_item_init(&ev->item);
    ev->kind = kind;
    ev->node = node->index;
    ev->incarnation = node->incarnation;
    ev->data = data;
    return ev;
}

void
sim_event_schedule(SimLan *lan, SimEvent *ev, gint64 at_us)
{
    sim_queue_schedule(lan->queue, &ev->item, MAX(at_us, lan->now_us));
}

void
sim_node_refresh(SimNode *n)
{
    SimLan *lan = n->lan;
    gint64 due = n->alive ? brw_engine_next_deadline(n->engine) : G_MAXINT64;
    if (due == G_MAXINT64) {
        sim_queue_remove(lan->queue, &n->timer.item);
        return;
    }
    if (due <= lan->now_us) {
        /* Due now: run it after what is already queued for this instant. A deadline that
         * stays in the past whatever we do would stall the clock. */
        due = lan->now_us;
        if (n->stuck_at_us == lan->now_us && n->stuck_count >= SIM_STUCK_LIMIT) {
            if (n->stuck_count == SIM_STUCK_LIMIT)
                sim_lan_anomaly(lan, "%s: next_deadline() still due after %u timeouts at once",
                                n->cfg.netbios_name, SIM_STUCK_LIMIT);
            due = lan->now_us + SIM_MS;
        }
    }
    if (!sim_queue_item_queued(&n->timer.item) || n->timer.item.time_us != due)
        sim_queue_schedule(lan->queue, &n->timer.item, due);
}

static guint32
ip_of_index(guint index)
{
    /* 10.0.x.y with y in 1..250: no .0 or .255 host parts */
    return (10u << 24) | ((index / 250) << 8) | (index % 250 + 1);
}

static BrwEngine *
engine_for(SimNode *n, const BrwEngineConfig *cfg)
{
    BrwEngine *e = brw_engine_new(cfg, sim_net_on_effect, n);
    if (!e)
        g_error("sim: engine refused the config of node %u (%s)", n->index, cfg->netbios_name);
    return e;
}

void
sim_lan_node_config(SimLan *lan, const char *workgroup, BrwEngineConfig *cfg)
{
    guint index = lan->nodes->len;
    brw_engine_config_init(cfg);
    g_snprintf(cfg->netbios_name, sizeof cfg->netbios_name, "NODE%03u", index + 1);
    g_strlcpy(cfg->workgroup, workgroup, sizeof cfg->workgroup);
    cfg->seed = mix64(lan->cfg.seed ^ mix64(index + 1));
    /* The simulated LAN trusts its own browsers' ResetStateRequests (BRWS-063 surplus
     * backups), as an administrator of a LAN of browserds would list them. */
    cfg->policy.reset_from[0] = (BrwSubnet){10u << 24, 0xFF000000u};
    cfg->policy.n_reset_from = 1;
}

guint
sim_lan_add_node(SimLan *lan, const BrwEngineConfig *cfg)
{
    SimNode *n = g_new0(SimNode, 1);
    n->lan = lan;
    n->index = lan->nodes->len;
    n->engine = engine_for(n, cfg);
    n->cfg = *brw_engine_config(n->engine);
    if (ms_name_init(&n->source, n->cfg.netbios_name, MS_SUFFIX_WORKSTATION, n->cfg.scope) !=
        MS_OK)
        g_error("sim: bad node name %s", n->cfg.netbios_name);
    MsName browse;
    if (ms_name_init(&browse, n->cfg.workgroup, MS_SUFFIX_BROWSER_ELECTION, n->cfg.scope) !=
        MS_OK)
        g_error("sim: bad workgroup %s", n->cfg.workgroup);
    n->browse_key = sim_name_key(&browse);
    n->ip = ip_of_index(n->index);
    n->started_us = G_MAXINT64;
    n->browsing_since_us = G_MAXINT64;
    n->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    n->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    n->timer.kind = SIM_EV_TIMER;
    n->timer.node = n->index;
    n->timer.data = NULL;
    sim_queue_item_init(&n->timer.item);
    n->stuck_at_us = G_MININT64;
    g_ptr_array_add(lan->nodes, n);
    g_hash_table_insert(lan->by_name, g_ascii_strup(n->cfg.netbios_name, -1), n);
    g_hash_table_insert(lan->by_ip, GUINT_TO_POINTER(n->ip), n);
    return n->index;
}

guint
sim_lan_add_browser(SimLan *lan, const char *workgroup)
{
    BrwEngineConfig cfg;
    sim_lan_node_config(lan, workgroup, &cfg);
    return sim_lan_add_node(lan, &cfg);
}

static void
hold_computer_names(SimNode *n)
{
    static const guint8 suffixes[] = {MS_SUFFIX_WORKSTATION, MS_SUFFIX_SERVER};
    for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        MsName name;
        if (ms_name_init(&name, n->cfg.netbios_name, suffixes[i], n->cfg.scope) != MS_OK)
            continue;
        char *key = sim_name_key(&name);
        sim_node_hold(n, key);
        g_free(key);
    }
}

static void
node_start(SimNode *n)
{
    SimLan *lan = n->lan;
    n->alive = TRUE;
    n->started_us = lan->now_us;
    n->stuck_count = 0;
    sim_lan_trace_line(lan, n, "start");
    hold_computer_names(n);
    brw_engine_start(n->engine, lan->now_us);
    sim_node_refresh(n);
}

void
sim_lan_start(SimLan *lan, guint node, gint64 at_us)
{
    SimNode *n = sim_node(lan, node);
    sim_event_schedule(lan, sim_event_new(SIM_EV_START, n, NULL), at_us);
}

void
sim_lan_start_within(SimLan *lan, GRand *r, guint first, guint count, gint64 from_us,
                     gint64 window_us)
{
    for (guint i = first; i < first + count; i++)
        sim_lan_start(lan, i, from_us + (gint64)(g_rand_double(r) * (double)window_us));
}

void
sim_lan_kill(SimLan *lan, guint node)
{
    SimNode *n = sim_node(lan, node);
    if (!n->alive)
        return;
    sim_lan_trace_line(lan, n, "kill");
    n->alive = FALSE;
    n->incarnation++; /* whatever is in flight to it or pending for it is now stale */
    sim_node_drop_all(n);
    sim_queue_remove(lan->queue, &n->timer.item);
}

void
sim_lan_stop(SimLan *lan, guint node, gboolean leaving)
{
    SimNode *n = sim_node(lan, node);
    if (!n->alive)
        return;
    sim_lan_trace_line(lan, n, leaving ? "stop leaving" : "stop");
    brw_engine_stop(n->engine, lan->now_us, leaving);
    sim_node_refresh(n);
}

void
sim_lan_restart(SimLan *lan, guint node, gint64 at_us)
{
    SimNode *n = sim_node(lan, node);
    sim_lan_kill(lan, node);
    n->incarnation++; /* also cancels a start that is still queued */
    BrwEngineConfig cfg = n->cfg;
    cfg.seed = mix64(cfg.seed ^ n->incarnation);
    brw_engine_free(n->engine);
    n->engine = engine_for(n, &cfg);
    n->cfg = *brw_engine_config(n->engine);
    sim_lan_start(lan, node, at_us);
}

void
sim_lan_force_election(SimLan *lan, guint node)
{
    SimNode *n = sim_node(lan, node);
    if (!n->alive)
        return;
    sim_lan_trace_line(lan, n, "force election");
    brw_engine_force_election(n->engine, lan->now_us);
    sim_node_refresh(n);
}

void
sim_lan_set_segment(SimLan *lan, guint node, guint segment)
{
    sim_node(lan, node)->segment = segment;
}

guint
sim_lan_segment(const SimLan *lan, guint node)
{
    return sim_node(lan, node)->segment;
}

void
sim_lan_set_link(SimLan *lan, guint a, guint b, gint64 latency_us, gint64 jitter_us,
                 double loss)
{
    gint64 *key = g_new(gint64, 1);
    *key = ((gint64)MIN(a, b) << 32) | MAX(a, b);
    SimLink *link = g_new(SimLink, 1);
    link->latency_us = latency_us;
    link->jitter_us = jitter_us;
    link->loss = loss;
    g_hash_table_replace(lan->links, key, link);
}

static void
run_timer(SimLan *lan, SimNode *n)
{
    if (n->stuck_at_us == lan->now_us) {
        n->stuck_count++;
    } else {
        n->stuck_at_us = lan->now_us;
        n->stuck_count = 0;
    }
    lan->stats.timeouts++;
    brw_engine_handle_timeout(n->engine, lan->now_us);
    sim_node_refresh(n);
}

static void
dispatch(SimLan *lan, SimEvent *ev)
{
    SimNode *n = sim_node(lan, ev->node);
    switch (ev->kind) {
    case SIM_EV_TIMER:
        run_timer(lan, n);
        break;
    case SIM_EV_START:
        if (ev->incarnation == n->incarnation && !n->alive)
            node_start(n);
        break;
    case SIM_EV_DELIVER:
        sim_net_deliver(lan, ev);
        break;
    case SIM_EV_NAME:
        sim_net_answer_name(lan, ev);
        break;
    case SIM_EV_SYNC:
        sim_net_answer_sync(lan, ev);
        break;
    case SIM_EV_DOMAIN_SYNC:
        sim_net_answer_domain_sync(lan, ev);
        break;
    case SIM_EV_FIND_DMB:
        sim_net_answer_find_dmb(lan, ev);
        break;
    }
}

void
sim_lan_run_until(SimLan *lan, gint64 t_us)
{
    SimQueueItem *top;
    while ((top = sim_queue_peek(lan->queue)) != NULL && top->time_us <= t_us) {
        sim_queue_pop(lan->queue);
        lan->now_us = MAX(lan->now_us, top->time_us);
        lan->stats.events++;
        SimEvent *ev = (SimEvent *)top;
        dispatch(lan, ev);
        event_free(ev);
    }
    lan->now_us = MAX(lan->now_us, t_us);
}

void
sim_lan_run_for(SimLan *lan, gint64 duration_us)
{
    sim_lan_run_until(lan, lan->now_us + duration_us);
}

gint64
sim_lan_now(const SimLan *lan)
{
    return lan->now_us;
}

guint
sim_lan_node_count(const SimLan *lan)
{
    return lan->nodes->len;
}

BrwEngine *
sim_lan_engine(SimLan *lan, guint node)
{
    return sim_node(lan, node)->engine;
}

const char *
sim_lan_node_name(const SimLan *lan, guint node)
{
    return sim_node(lan, node)->cfg.netbios_name;
}

guint32
sim_lan_node_ip(const SimLan *lan, guint node)
{
    return sim_node(lan, node)->ip;
}

gboolean
sim_lan_node_alive(const SimLan *lan, guint node)
{
    return sim_node(lan, node)->alive;
}

gint64
sim_lan_node_started_us(const SimLan *lan, guint node)
{
    return sim_node(lan, node)->started_us;
}

gint64
sim_lan_node_browsing_since(const SimLan *lan, guint node)
{
    return sim_node(lan, node)->browsing_since_us;
}

gboolean
sim_lan_node_holds(const SimLan *lan, guint node, const MsName *name)
{
    char *key = sim_name_key(name);
    gboolean held = g_hash_table_contains(sim_node(lan, node)->names, key);
    g_free(key);
    return held;
}

gint
sim_lan_find_node(const SimLan *lan, const char *name)
{
    char *key = g_ascii_strup(name, -1);
    SimNode *n = g_hash_table_lookup(lan->by_name, key);
    g_free(key);
    return n ? (gint)n->index : -1;
}

gint64
sim_lan_last_election_us(const SimLan *lan, const char *workgroup)
{
    char *key = g_ascii_strup(workgroup, -1);
    const gint64 *t = g_hash_table_lookup(lan->elections, key);
    g_free(key);
    return t ? *t : G_MININT64;
}

const SimLanStats *
sim_lan_stats(const SimLan *lan)
{
    return &lan->stats;
}

const GPtrArray *
sim_lan_anomalies(const SimLan *lan)
{
    return lan->anomalies;
}

void
sim_lan_set_tracing(SimLan *lan, gboolean on)
{
    if (lan->trace)
        g_string_free(lan->trace, TRUE);
    lan->trace = on ? g_string_new(NULL) : NULL;
}

const GString *
sim_lan_trace(const SimLan *lan)
{
    return lan->trace;
}

void
sim_lan_set_observer(SimLan *lan, SimObserverFunc func, gpointer user_data)
{
    lan->observer = func;
    lan->observer_data = user_data;
}
