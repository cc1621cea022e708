/* The fake daemon (bd-control-fake.h). */
#include "bd-control-fake.h"

#include <string.h>

static void
drain(FakeLink *l)
{
    /* Granted after the engine call returned: the engine is never re-entered. */
    for (guint i = 0; i < l->inbox->len; i++) {
        MsName name = g_array_index(l->inbox, MsName, i);
        brw_engine_name_result(l->engine, l->view->now, &name, TRUE);
    }
    g_array_set_size(l->inbox, 0);
}

static void
on_effect(const BrwEffect *fx, gpointer user_data)
{
    FakeLink *l = user_data;
    if (fx->kind == BRW_EFFECT_REGISTER_NAME) {
        g_array_append_val(l->inbox, fx->name.name);
        if (l->table != NULL)
            ms_name_table_register(l->table, l->view->now, &fx->name.name, fx->name.group);
    } else if (fx->kind == BRW_EFFECT_RELEASE_NAME && l->table != NULL) {
        ms_name_table_release(l->table, l->view->now, &fx->name.name);
    }
    if (l->view->on_event != NULL)
        l->view->on_event(l, fx, l->view->event_data);
}

static void
ignore_table_effect(const MsNameTableEffect *fx, gpointer user_data)
{
    (void)fx;
    (void)user_data;
}

static void
link_free(gpointer p)
{
    FakeLink *l = p;
    brw_engine_free(l->engine);
    ms_name_table_free(l->table);
    g_array_unref(l->inbox);
    g_free(l);
}

FakeView *
fake_view_new(void)
{
    FakeView *v = g_new0(FakeView, 1);
    v->now = FAKE_T0;
    v->links = g_ptr_array_new_with_free_func(link_free);
    v->info.version = "9.9.9";
    v->info.pid = 4242;
    v->info.started_us = FAKE_T0 - 60 * G_USEC_PER_SEC;
    v->info.unrouted = 3;
    v->info.name_service = &v->name_service;
    v->info.datagram = &v->datagram;
    v->name_service.received = 10;
    v->datagram.received = 20;
    return v;
}

void
fake_view_free(FakeView *v)
{
    if (v == NULL)
        return;
    g_ptr_array_unref(v->links);
    g_free(v);
}

FakeLink *
fake_view_add_link(FakeView *v, const char *interface, guint32 ip, const char *workgroup,
                   const char *netbios_name, gboolean browser, gboolean table)
{
    FakeLink *l = g_new0(FakeLink, 1);
    l->view = v;
    g_strlcpy(l->interface, interface, sizeof l->interface);
    l->ip = ip;
    g_strlcpy(l->workgroup, workgroup, sizeof l->workgroup);
    l->inbox = g_array_new(FALSE, FALSE, sizeof(MsName));
    BrwEngineConfig cfg;
    brw_engine_config_init(&cfg);
    g_strlcpy(cfg.netbios_name, netbios_name, sizeof cfg.netbios_name);
    g_strlcpy(cfg.workgroup, workgroup, sizeof cfg.workgroup);
    g_strlcpy(cfg.comment, "fake", sizeof cfg.comment);
    cfg.browser = browser;
    cfg.backup = FALSE;
    cfg.seed = 1000 + v->links->len;
    l->engine = brw_engine_new(&cfg, on_effect, l);
    if (table) {
        MsNameTableConfig tcfg;
        ms_name_table_config_init(&tcfg);
        tcfg.addresses[0] = ip;
        tcfg.n_addresses = 1;
        g_strlcpy(tcfg.node_name, netbios_name, sizeof tcfg.node_name);
        tcfg.seed = 77;
        l->table = ms_name_table_new(&tcfg, ignore_table_effect, NULL);
    }
    g_ptr_array_add(v->links, l);
    l->started_us = v->now;
    brw_engine_start(l->engine, v->now);
    drain(l);
    return l;
}

void
fake_view_run_until(FakeView *v, gint64 t)
{
    for (guint guard = 0; guard < 100000; guard++) {
        gint64 next = G_MAXINT64;
        for (guint i = 0; i < v->links->len; i++) {
            FakeLink *l = g_ptr_array_index(v->links, i);
            next = MIN(next, brw_engine_next_deadline(l->engine));
            if (l->table != NULL)
                next = MIN(next, ms_name_table_next_deadline(l->table));
        }
        if (next > t)
            break;
        v->now = MAX(v->now, next);
        for (guint i = 0; i < v->links->len; i++) {
            FakeLink *l = g_ptr_array_index(v->links, i);
            brw_engine_handle_timeout(l->engine, v->now);
            drain(l);
            if (l->table != NULL)
                ms_name_table_handle_timeout(l->table, v->now);
        }
    }
    v->now = MAX(v->now, t);
}

gboolean
fake_link_make_master(FakeLink *l)
{
    FakeView *v = l->view;
    brw_engine_force_election(l->engine, v->now);
    drain(l);
    gint64 limit = v->now + 30 * G_USEC_PER_SEC;
    while (brw_engine_role(l->engine) != BRW_ROLE_MASTER && v->now < limit)
        fake_view_run_until(v, v->now + 100 * 1000);
    return brw_engine_role(l->engine) == BRW_ROLE_MASTER;
}

void
fake_link_add_entry(FakeLink *l, gboolean domain, const char *name, guint32 type,
                    const char *comment, gint64 heard_us, gint64 lifetime_s)
{
    BrwListEntry e;
    memset(&e, 0, sizeof e);
    g_strlcpy(e.name, name, sizeof e.name);
    e.server_type = type;
    e.version_major = 4;
    e.version_minor = 9;
    g_strlcpy(e.comment, comment, sizeof e.comment);
    e.source = BRW_SOURCE_LOCAL;
    BrwList *list = domain ? brw_engine_domains(l->engine) : brw_engine_servers(l->engine);
    brw_list_update(list, &e, heard_us, lifetime_s * G_USEC_PER_SEC);
}

/* ---- the view --------------------------------------------------------------------- */

static gint64
fv_now(gpointer self)
{
    return ((FakeView *)self)->now;
}

static guint
fv_n_links(gpointer self)
{
    return ((FakeView *)self)->links->len;
}

void
fake_link_add_sync(FakeLink *l, const char *peer, guint32 ip, gint64 at_us, guint servers,
                   guint domains, const char *error)
{
    g_assert(l->n_syncs < G_N_ELEMENTS(l->syncs));
    BdSyncRecord *r = &l->syncs[l->n_syncs++];
    *r = (BdSyncRecord){.peer_ip = ip, .at_us = at_us, .ok = error == NULL,
                        .servers = servers, .domains = domains, .elapsed_us = 12000};
    g_strlcpy(r->peer, peer, sizeof r->peer);
    g_strlcpy(r->error, error ? error : "", sizeof r->error);
}

static void
fv_link(gpointer self, guint index, BdControlLink *out)
{
    FakeLink *l = g_ptr_array_index(((FakeView *)self)->links, index);
    *out = (BdControlLink){
        .interface = l->interface,
        .ip = l->ip,
        .workgroup = l->workgroup,
        .engine = l->engine,
        .table = l->table,
        .reasm = l->table != NULL ? &l->reasm : NULL,
        .unresolved_drops = 2,
        .started_us = l->started_us,
        .syncs = l->syncs,
        .n_syncs = l->n_syncs,
    };
}

static void
fv_elect(gpointer self, guint index)
{
    FakeView *v = self;
    FakeLink *l = g_ptr_array_index(v->links, index);
    l->elect_calls++;
    brw_engine_force_election(l->engine, v->now);
    drain(l);
}

static gboolean
fv_announce(gpointer self, guint index)
{
    FakeView *v = self;
    FakeLink *l = g_ptr_array_index(v->links, index);
    l->announce_calls++;
    return brw_engine_request_announcements(l->engine, v->now);
}

static void
fv_daemon(gpointer self, BdControlDaemonInfo *out)
{
    *out = ((FakeView *)self)->info;
}

static const BdControlViewOps fake_ops = {
    .now = fv_now,
    .n_links = fv_n_links,
    .link = fv_link,
    .elect = fv_elect,
    .announce = fv_announce,
    .daemon = fv_daemon,
};

BdControlView
fake_view_control(FakeView *v)
{
    return (BdControlView){.ops = &fake_ops, .self = v, .control = NULL};
}
