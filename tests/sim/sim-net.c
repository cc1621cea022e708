/* What the simulated network does with an engine's effects: datagrams (encoded, carried
 * with latency and loss, decoded at each receiver), name registrations, list syncs. */
#include "sim-lan-private.h"

#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-status.h>

char *
sim_name_key(const MsName *name)
{
    char text[MS_NAME_STRING_MAX];
    ms_name_to_string(name, text, sizeof text);
    return g_ascii_strup(text, -1); /* NetBIOS names and scopes compare case-insensitively */
}

void
sim_node_hold(SimNode *n, const char *key)
{
    if (g_hash_table_contains(n->names, key))
        return;
    g_hash_table_add(n->names, g_strdup(key));
    GPtrArray *holders = g_hash_table_lookup(n->lan->holders, key);
    if (!holders) {
        holders = g_ptr_array_new();
        g_hash_table_insert(n->lan->holders, g_strdup(key), holders);
    }
    g_ptr_array_add(holders, n);
    if (g_str_equal(key, n->browse_key))
        n->browsing_since_us = n->lan->now_us;
}

void
sim_node_drop(SimNode *n, const char *key)
{
    g_hash_table_remove(n->pending, key);
    if (!g_hash_table_remove(n->names, key))
        return;
    GPtrArray *holders = g_hash_table_lookup(n->lan->holders, key);
    if (holders)
        g_ptr_array_remove(holders, n); /* keeps the others in registration order */
    if (g_str_equal(key, n->browse_key))
        n->browsing_since_us = G_MAXINT64;
}

void
sim_node_drop_all(SimNode *n)
{
    /* copies: dropping a name frees the table's key */
    GList *keys = g_hash_table_get_keys(n->names);
    for (GList *l = keys; l; l = l->next)
        l->data = g_strdup(l->data);
    for (GList *l = keys; l; l = l->next)
        sim_node_drop(n, l->data);
    g_list_free_full(keys, g_free);
    g_hash_table_remove_all(n->pending);
}

void
sim_net_packet_unref(SimPacket *p)
{
    if (--p->refs > 0)
        return;
    g_free(p->dest_key);
    g_free(p);
}

static const SimLink *
link_between(const SimLan *lan, const SimNode *a, const SimNode *b)
{
    if (g_hash_table_size(lan->links) == 0)
        return &lan->default_link;
    gint64 key = ((gint64)MIN(a->index, b->index) << 32) | MAX(a->index, b->index);
    const SimLink *link = g_hash_table_lookup(lan->links, &key);
    return link ? link : &lan->default_link;
}

static gboolean
can_reach(const SimNode *from, const SimNode *to)
{
    return to != from && to->alive && to->segment == from->segment;
}

/* A unicast to an address: across segments when they are routed subnets. */
static gboolean
can_route(const SimLan *lan, const SimNode *from, const SimNode *to)
{
    return to != from && to->alive && (lan->cfg.routed || to->segment == from->segment);
}

/* Queues one delivery of p to r, unless the loss draw drops it. */
static void
carry(SimLan *lan, SimPacket *p, const SimNode *from, const SimNode *r)
{
    const SimLink *link = link_between(lan, from, r);
    if (link->loss > 0.0 && g_rand_double(lan->rand) < link->loss) {
        lan->stats.lost++;
        return;
    }
    gint64 delay = link->latency_us;
    if (link->jitter_us > 0)
        delay += g_rand_int_range(lan->rand, 0, (gint32)MIN(link->jitter_us, G_MAXINT32));
    p->refs++;
    sim_event_schedule(lan, sim_event_new(SIM_EV_DELIVER, r, p), lan->now_us + delay);
}

static void
note_election(SimLan *lan, const SimNode *n)
{
    char *key = g_ascii_strup(n->cfg.workgroup, -1);
    gint64 *t = g_hash_table_lookup(lan->elections, key);
    if (!t) {
        t = g_new(gint64, 1);
        g_hash_table_insert(lan->elections, key, t);
    } else {
        g_free(key);
    }
    *t = lan->now_us;
}

static void
net_send(SimNode *n, const BrwSend *send)
{
    SimLan *lan = n->lan;
    lan->stats.sent++;
    char dest[MS_NAME_STRING_MAX];
    ms_name_to_string(&send->destination, dest, sizeof dest);
    sim_lan_trace_line(lan, n, "send %s -> %s", brw_frame_kind_to_string(send->frame.kind),
                       dest);
    if (send->frame.kind == BRW_FRAME_REQUEST_ELECTION)
        note_election(lan, n);

    SimPacket *p = g_new0(SimPacket, 1);
    p->refs = 1; /* ours until the receivers are queued */
    p->sender = n->index;
    p->send = *send;
    p->dest_key = sim_name_key(&send->destination);
    MsWriter w = ms_writer_init(p->bytes, sizeof p->bytes);
    MsStatus st = brw_send_encode(send, &n->source, n->ip, MS_DGRAM_PORT, n->next_dgram_id++, &w);
    if (st != MS_OK) {
        sim_lan_anomaly(lan, "%s: brw_send_encode(%s -> %s): %s", n->cfg.netbios_name,
                        brw_frame_kind_to_string(send->frame.kind), dest,
                        ms_status_to_string(st));
        sim_net_packet_unref(p);
        return;
    }
    p->len = w.len;

    gboolean reached = FALSE;
    if (send->ip != 0) {
        /* a reply to a request's source address, or a MasterAnnouncement */
        const SimNode *r = g_hash_table_lookup(lan->by_ip, GUINT_TO_POINTER(send->ip));
        if (r && can_route(lan, n, r)) {
            carry(lan, p, n, r);
            reached = TRUE;
        }
    } else {
        /* a group name is broadcast to every holder; a unique one is resolved to its first
         * holder, as a name query answered by the first defender would */
        const GPtrArray *holders = g_hash_table_lookup(lan->holders, p->dest_key);
        for (guint i = 0; holders && i < holders->len; i++) {
            const SimNode *r = g_ptr_array_index(holders, i);
            if (!can_reach(n, r))
                continue;
            carry(lan, p, n, r);
            reached = TRUE;
            if (!send->group)
                break;
        }
    }
    if (!reached && !send->group)
        lan->stats.unresolved++;
    sim_net_packet_unref(p);
}

void
sim_net_deliver(SimLan *lan, const SimEvent *ev)
{
    SimNode *r = sim_node(lan, ev->node);
    const SimPacket *p = ev->data;
    const SimNode *from = sim_node(lan, p->sender);
    /* The receiver must still be the same live node, on the sender's segment, holding the
     * destination name: its datagram service checks the name on arrival. */
    gboolean routed = lan->cfg.routed && p->send.ip != 0;
    if (!r->alive || ev->incarnation != r->incarnation ||
        (r->segment != from->segment && !routed) || !g_hash_table_contains(r->names, p->dest_key))
        return;
    MsDgram dgram;
    MsStatus st = ms_dgram_decode(p->bytes, p->len, &dgram);
    if (st != MS_OK) {
        sim_lan_anomaly(lan, "%s: ms_dgram_decode of a datagram from %s: %s",
                        r->cfg.netbios_name, from->cfg.netbios_name, ms_status_to_string(st));
        return;
    }
    brw_engine_handle_datagram(r->engine, lan->now_us, &dgram, from->ip, MS_DGRAM_PORT);
    lan->stats.deliveries++;
    sim_node_refresh(r);
    if (lan->observer) {
        SimObservation obs = {.kind = SIM_OBS_DELIVERED,
                              .now_us = lan->now_us,
                              .node = r->index,
                              .sender = from->index,
                              .send = &p->send};
        lan->observer(lan, &obs, lan->observer_data);
    }
}

static void
net_register(SimNode *n, const MsName *name, gboolean group)
{
    SimLan *lan = n->lan;
    SimNameOp *op = g_new0(SimNameOp, 1);
    op->name = *name;
    op->group = group;
    op->key = sim_name_key(name);
    op->id = ++lan->next_name_op;
    guint64 *id = g_new(guint64, 1);
    *id = op->id;
    g_hash_table_replace(n->pending, g_strdup(op->key), id);
    sim_event_schedule(lan, sim_event_new(SIM_EV_NAME, n, op),
                       lan->now_us + lan->cfg.name_delay_us);
}

static gboolean
held_by_another(const SimLan *lan, const SimNode *n, const char *key)
{
    const GPtrArray *holders = g_hash_table_lookup(lan->holders, key);
    for (guint i = 0; holders && i < holders->len; i++) {
        if (can_reach(n, g_ptr_array_index(holders, i)))
            return TRUE;
    }
    return FALSE;
}

void
sim_net_answer_name(SimLan *lan, const SimEvent *ev)
{
    SimNode *n = sim_node(lan, ev->node);
    const SimNameOp *op = ev->data;
    if (!n->alive || ev->incarnation != n->incarnation)
        return;
    const guint64 *pending = g_hash_table_lookup(n->pending, op->key);
    if (!pending || *pending != op->id)
        return; /* released, or registered again, before the answer */
    g_hash_table_remove(n->pending, op->key);
    /* RFC 1001 15.2.2.2: a unique name is refused when a holder defends it */
    gboolean ok = op->group || !held_by_another(lan, n, op->key);
    if (ok) {
        sim_node_hold(n, op->key);
    } else {
        lan->stats.name_refusals++;
        char text[MS_NAME_STRING_MAX];
        sim_lan_trace_line(lan, n, "name %s refused",
                           ms_name_to_string(&op->name, text, sizeof text));
    }
    brw_engine_name_result(n->engine, lan->now_us, &op->name, ok);
    sim_node_refresh(n);
}

static void
net_release(SimNode *n, const MsName *name)
{
    char *key = sim_name_key(name);
    sim_node_drop(n, key);
    g_free(key);
}

static void
net_sync(SimNode *n, const char *master)
{
    SimLan *lan = n->lan;
    sim_event_schedule(lan, sim_event_new(SIM_EV_SYNC, n, g_strdup(master)),
                       lan->now_us + lan->cfg.sync_delay_us);
}

/* The entries of a list as NetServerEnum2 would return them: copies, sorted by name (only
 * those heard on the node's own subnet when `local_only`). */
static GArray *
list_query_copy(BrwList *list, gboolean local_only)
{
    GPtrArray *q = brw_list_query(list, BRW_SV_TYPE_ALL, local_only, NULL);
    GArray *out = g_array_sized_new(FALSE, FALSE, sizeof(BrwListEntry), q->len);
    for (guint i = 0; i < q->len; i++)
        g_array_append_val(out, *(const BrwListEntry *)g_ptr_array_index(q, i));
    g_ptr_array_unref(q);
    return out;
}

/* The entries of a list_copy() array (NULL when empty: an empty GArray has no data). */
static const BrwListEntry *
entries_of(const GArray *a)
{
    return a->len > 0 ? &g_array_index(a, BrwListEntry, 0) : NULL;
}

void
sim_net_answer_sync(SimLan *lan, const SimEvent *ev)
{
    SimNode *n = sim_node(lan, ev->node);
    if (!n->alive || ev->incarnation != n->incarnation)
        return;
    gint m = sim_lan_find_node(lan, ev->data);
    SimNode *master = m >= 0 ? sim_node(lan, (guint)m) : NULL;
    if (master && can_reach(n, master) && brw_engine_role(master->engine) == BRW_ROLE_MASTER) {
        GArray *servers = list_query_copy(brw_engine_servers(master->engine), FALSE);
        GArray *domains = list_query_copy(brw_engine_domains(master->engine), FALSE);
        brw_engine_sync_result(n->engine, lan->now_us, TRUE, entries_of(servers), servers->len,
                               entries_of(domains), domains->len);
        g_array_unref(servers);
        g_array_unref(domains);
        lan->stats.syncs_ok++;
    } else {
        brw_engine_sync_result(n->engine, lan->now_us, FALSE, NULL, 0, NULL, 0);
        lan->stats.syncs_failed++;
    }
    sim_node_refresh(n);
}

/* As brw-rap-answer-enum.c reads a ServerType: all bits set means every server, not
 * LOCAL_LIST_ONLY (RAP-045). */
static gboolean
local_only(guint32 type)
{
    return type != BRW_SV_TYPE_ALL && (type & BRW_SV_TYPE_LOCAL_LIST_ONLY) != 0;
}

void
sim_net_answer_domain_sync(SimLan *lan, const SimEvent *ev)
{
    SimNode *n = sim_node(lan, ev->node);
    const BrwEffect *fx = ev->data;
    if (!n->alive || ev->incarnation != n->incarnation)
        return;
    guint32 ip = fx->domain_sync.ip;
    const SimNode *peer = g_hash_table_lookup(lan->by_ip, GUINT_TO_POINTER(ip));
    /* NetServerEnum2 over TCP to a browser that serves lists (BRWS-076: a master here) */
    if (peer && can_route(lan, n, peer) && brw_engine_role(peer->engine) == BRW_ROLE_MASTER) {
        GArray *servers = list_query_copy(brw_engine_servers(peer->engine),
                                          local_only(fx->domain_sync.server_type));
        GArray *domains = list_query_copy(brw_engine_domains(peer->engine),
                                          local_only(fx->domain_sync.domain_type));
        brw_engine_domain_sync_result(n->engine, lan->now_us, ip, TRUE, entries_of(servers),
                                      servers->len, entries_of(domains), domains->len);
        g_array_unref(servers);
        g_array_unref(domains);
        lan->stats.syncs_ok++;
    } else {
        brw_engine_domain_sync_result(n->engine, lan->now_us, ip, FALSE, NULL, 0, NULL, 0);
        lan->stats.syncs_failed++;
    }
    sim_node_refresh(n);
}

void
sim_net_answer_find_dmb(SimLan *lan, const SimEvent *ev)
{
    SimNode *n = sim_node(lan, ev->node);
    if (!n->alive || ev->incarnation != n->incarnation)
        return;
    MsName dmb;
    ms_name_init(&dmb, n->cfg.workgroup, 0x1B, n->cfg.scope);
    g_autofree char *key = sim_name_key(&dmb);
    const GPtrArray *holders = g_hash_table_lookup(lan->holders, key);
    guint32 ip = 0;
    for (guint i = 0; holders && i < holders->len && ip == 0; i++) {
        const SimNode *h = g_ptr_array_index(holders, i);
        if (can_route(lan, n, h))
            ip = h->ip;
    }
    brw_engine_domain_master_found(n->engine, lan->now_us, ip);
    sim_node_refresh(n);
}

static void
observe_effect(SimNode *n, const BrwEffect *effect)
{
    SimLan *lan = n->lan;
    if (!lan->observer)
        return;
    SimObservation obs = {.kind = SIM_OBS_EFFECT,
                          .now_us = lan->now_us,
                          .node = n->index,
                          .effect = effect};
    lan->observer(lan, &obs, lan->observer_data);
}

void
sim_net_on_effect(const BrwEffect *effect, gpointer user_data)
{
    SimNode *n = user_data;
    switch (effect->kind) {
    case BRW_EFFECT_SEND:
        net_send(n, &effect->send);
        break;
    case BRW_EFFECT_REGISTER_NAME:
        net_register(n, &effect->name.name, effect->name.group);
        break;
    case BRW_EFFECT_RELEASE_NAME:
        net_release(n, &effect->name.name);
        break;
    case BRW_EFFECT_SYNC:
        net_sync(n, effect->master);
        break;
    case BRW_EFFECT_ROLE_CHANGED:
        n->lan->stats.role_changes++;
        sim_lan_trace_line(n->lan, n, "role %s -> %s", brw_role_to_string(effect->role.old_role),
                           brw_role_to_string(effect->role.new_role));
        break;
    case BRW_EFFECT_MASTER_CHANGED:
    case BRW_EFFECT_SERVER_ADDED:
    case BRW_EFFECT_SERVER_REMOVED:
    case BRW_EFFECT_DOMAIN_ADDED:
    case BRW_EFFECT_DOMAIN_REMOVED:
    case BRW_EFFECT_ELECTION_WON:
    case BRW_EFFECT_ELECTION_LOST:
    case BRW_EFFECT_RIVAL_MASTER:
    case BRW_EFFECT_RIVAL_DOMAIN_MASTER:
        break;
    case BRW_EFFECT_DOMAIN_SYNC:
        sim_event_schedule(n->lan,
                           sim_event_new(SIM_EV_DOMAIN_SYNC, n, g_memdup2(effect, sizeof *effect)),
                           n->lan->now_us + n->lan->cfg.sync_delay_us);
        break;
    case BRW_EFFECT_FIND_DOMAIN_MASTER: /* a WINS query's round trip */
        sim_event_schedule(n->lan, sim_event_new(SIM_EV_FIND_DMB, n, NULL),
                           n->lan->now_us + n->lan->cfg.sync_delay_us);
        break;
    }
    observe_effect(n, effect);
}
