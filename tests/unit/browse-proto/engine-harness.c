#include "engine-harness.h"

#include <libmailslot/ms-mailslot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Harnesses not freed yet. A failed CU_ASSERT_*_FATAL leaves its test early, skipping the
 * test's harness_free(); whatever is left is freed at exit, so a failing test does not also
 * show up as a leak under valgrind. */
static GPtrArray *live_harnesses;

static void
free_leftover_harnesses(void)
{
    while (live_harnesses && live_harnesses->len > 0)
        harness_free(g_ptr_array_index(live_harnesses, live_harnesses->len - 1));
    if (live_harnesses)
        g_ptr_array_free(live_harnesses, TRUE);
    live_harnesses = NULL;
}

void
harness_config_init(BrwEngineConfig *cfg)
{
    brw_engine_config_init(cfg);
    g_strlcpy(cfg->netbios_name, H_NAME, sizeof cfg->netbios_name);
    g_strlcpy(cfg->workgroup, H_GROUP, sizeof cfg->workgroup);
    g_strlcpy(cfg->comment, "engine under test", sizeof cfg->comment);
    cfg->seed = H_SEED;
}

static void
record_effect(const BrwEffect *effect, gpointer user_data)
{
    EngineHarness *h = user_data;
    HarnessEffect he;
    memset(&he, 0, sizeof he);
    he.at_us = h->now_us;
    he.effect = *effect;
    g_array_append_val(h->effects, he);
    if (effect->kind == BRW_EFFECT_ROLE_CHANGED && effect->role.new_role == BRW_ROLE_MASTER)
        h->master_since_us = h->now_us;
}

EngineHarness *
harness_new(const BrwEngineConfig *cfg)
{
    EngineHarness *h = g_new0(EngineHarness, 1);
    if (cfg)
        h->cfg = *cfg;
    else
        harness_config_init(&h->cfg);
    h->effects = g_array_new(FALSE, TRUE, sizeof(HarnessEffect));
    h->now_us = H_T0;
    h->auto_accept_1d = TRUE;
    h->master_since_us = -1;
    h->next_dgram_id = 0x4000;
    h->engine = brw_engine_new(&h->cfg, record_effect, h);
    if (!live_harnesses) {
        live_harnesses = g_ptr_array_new();
        atexit(free_leftover_harnesses);
    }
    g_ptr_array_add(live_harnesses, h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h->engine);
    return h;
}

EngineHarness *
harness_new_seeded(guint64 seed)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.seed = seed;
    return harness_new(&cfg);
}

void
harness_free(EngineHarness *h)
{
    if (!h)
        return;
    if (live_harnesses)
        g_ptr_array_remove_fast(live_harnesses, h);
    brw_engine_free(h->engine);
    g_array_free(h->effects, TRUE);
    g_free(h);
}

/* Answers <group><1D> registrations (when auto_accept_1d) after an engine call returned. */
static void
after_call(EngineHarness *h)
{
    for (int round = 0; round < 100; round++) {
        MsName pending[8];
        guint n_pending = 0;
        for (guint i = h->answered_upto; i < h->effects->len; i++) {
            const HarnessEffect *he = &g_array_index(h->effects, HarnessEffect, i);
            if (he->effect.kind == BRW_EFFECT_REGISTER_NAME &&
                ms_name_suffix(&he->effect.name.name) == MS_SUFFIX_MASTER_BROWSER &&
                n_pending < G_N_ELEMENTS(pending))
                pending[n_pending++] = he->effect.name.name;
        }
        h->answered_upto = h->effects->len;
        if (!h->auto_accept_1d || n_pending == 0)
            return;
        for (guint i = 0; i < n_pending; i++)
            brw_engine_name_result(h->engine, h->now_us, &pending[i], TRUE);
    }
    CU_FAIL("the engine keeps asking for <1D>");
}

void
harness_start(EngineHarness *h)
{
    brw_engine_start(h->engine, h->now_us);
    h->started = TRUE;
    after_call(h);
}

void
harness_stop(EngineHarness *h, gboolean leaving)
{
    brw_engine_stop(h->engine, h->now_us, leaving);
    after_call(h);
}

static gboolean
step_until(EngineHarness *h, gint64 target_us, HarnessPred pred, gpointer data)
{
    if (pred && pred(h, data))
        return TRUE;
    gint64 last = G_MININT64;
    guint same = 0;
    for (;;) {
        gint64 d = brw_engine_next_deadline(h->engine);
        if (d > target_us)
            break;
        if (d < h->now_us)
            d = h->now_us;
        if (d == last) {
            if (++same > 1000) {
                fprintf(stderr, "harness: deadline stuck at T0%+" G_GINT64_FORMAT " us\n",
                        d - H_T0);
                CU_FAIL("the engine's deadline does not move on");
                break;
            }
        } else {
            same = 0;
            last = d;
        }
        h->now_us = d;
        brw_engine_handle_timeout(h->engine, d);
        after_call(h);
        if (pred && pred(h, data))
            return TRUE;
    }
    if (target_us > h->now_us)
        h->now_us = target_us;
    return pred ? pred(h, data) : TRUE;
}

void
harness_advance_to(EngineHarness *h, gint64 target_us)
{
    step_until(h, target_us, NULL, NULL);
}

void
harness_advance(EngineHarness *h, gint64 delta_us)
{
    step_until(h, h->now_us + delta_us, NULL, NULL);
}

gboolean
harness_advance_until(EngineHarness *h, gint64 limit_us, HarnessPred pred, gpointer data)
{
    return step_until(h, h->now_us + limit_us, pred, data);
}

MsName
harness_name(const char *base, guint8 suffix)
{
    MsName n;
    memset(&n, 0, sizeof n);
    MsStatus st = ms_name_init(&n, base, suffix, NULL);
    CU_ASSERT_EQUAL(st, MS_OK);
    return n;
}

MsName
harness_group_name(const EngineHarness *h, guint8 suffix)
{
    MsName n;
    memset(&n, 0, sizeof n);
    if (suffix == MS_SUFFIX_MSBROWSE) {
        ms_name_init_msbrowse(&n, h->cfg.scope);
        return n;
    }
    MsStatus st = ms_name_init(&n, h->cfg.workgroup, suffix, h->cfg.scope);
    CU_ASSERT_EQUAL(st, MS_OK);
    return n;
}

void
harness_election(BrwFrame *f, guint32 criteria, guint32 uptime_ms, const char *name)
{
    brw_frame_init(f, BRW_FRAME_REQUEST_ELECTION);
    f->election.criteria = criteria;
    f->election.uptime_ms = uptime_ms;
    g_strlcpy(f->election.server_name, name, sizeof f->election.server_name);
}

void
harness_announcement(BrwFrame *f, BrwFrameKind kind, const char *name, guint32 type,
                     guint32 periodicity_ms, const char *comment)
{
    brw_frame_init(f, kind);
    g_strlcpy(f->announcement.server_name, name, sizeof f->announcement.server_name);
    f->announcement.os_major = 6;
    f->announcement.os_minor = 1;
    f->announcement.server_type = type;
    f->announcement.periodicity_ms = periodicity_ms;
    g_strlcpy(f->announcement.comment, comment ? comment : "", sizeof f->announcement.comment);
}

void
harness_domain_announcement(BrwFrame *f, const char *group, const char *master,
                            guint32 periodicity_ms)
{
    brw_frame_init(f, BRW_FRAME_DOMAIN_ANNOUNCEMENT);
    g_strlcpy(f->domain.machine_group, group, sizeof f->domain.machine_group);
    g_strlcpy(f->domain.master_name, master, sizeof f->domain.master_name);
    f->domain.periodicity_ms = periodicity_ms;
    f->domain.config_version_major = 6;
    f->domain.config_version_minor = 1;
    f->domain.server_type = BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_NT;
}

void
harness_become_backup(BrwFrame *f, const char *name)
{
    brw_frame_init(f, BRW_FRAME_BECOME_BACKUP);
    g_strlcpy(f->become_backup.browser_to_promote, name,
              sizeof f->become_backup.browser_to_promote);
}

void
harness_reset_state(BrwFrame *f, guint8 flags)
{
    brw_frame_init(f, BRW_FRAME_RESET_STATE_REQUEST);
    f->reset.flags = flags;
}

void
harness_backup_request(BrwFrame *f, guint8 count, guint32 token)
{
    brw_frame_init(f, BRW_FRAME_GET_BACKUP_LIST_REQUEST);
    f->backup_request.requested_count = count;
    f->backup_request.token = token;
}

void
harness_announcement_request(BrwFrame *f)
{
    brw_frame_init(f, BRW_FRAME_ANNOUNCEMENT_REQUEST);
}

void
harness_deliver_dgram(EngineHarness *h, const MsDgram *d)
{
    guint8 buf[2048];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = ms_dgram_encode(d, &w);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    MsDgram back;
    st = ms_dgram_decode(buf, w.len, &back);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    brw_engine_handle_datagram(h->engine, h->now_us, &back, d->source_ip, d->source_port);
    after_call(h);
}

static void
deliver_mailslot(EngineHarness *h, const char *mailslot, const guint8 *data, gsize len,
                 const char *src, guint32 ip, guint16 port, const MsName *dest, MsDgramType type)
{
    MsDgram header;
    memset(&header, 0, sizeof header);
    header.type = type;
    header.flags = MS_DGRAM_FLAG_FIRST | MS_DGRAM_SNT_B;
    header.id = h->next_dgram_id++;
    header.source_ip = ip;
    header.source_port = port;
    MsStatus st = ms_name_init(&header.source_name, src, MS_SUFFIX_WORKSTATION, h->cfg.scope);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    header.destination_name = *dest;

    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    st = ms_mailslot_build_datagram(&w, &header, mailslot, data, len);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    MsDgram d;
    st = ms_dgram_decode(buf, w.len, &d);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    brw_engine_handle_datagram(h->engine, h->now_us, &d, ip, port);
    after_call(h);
}

void
harness_deliver(EngineHarness *h, const BrwFrame *f, const char *src, guint32 ip, guint16 port,
                const MsName *dest, MsDgramType type)
{
    guint8 data[1024];
    MsWriter w = ms_writer_init(data, sizeof data);
    MsStatus st = brw_frame_encode(f, &w);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    deliver_mailslot(h, brw_frame_mailslot(f), data, w.len, src, ip, port, dest, type);
}

void
harness_inject_group(EngineHarness *h, const BrwFrame *f, const char *src, guint8 suffix)
{
    MsName dest = harness_group_name(h, suffix);
    harness_deliver(h, f, src, H_PEER_IP, H_PEER_PORT, &dest, MS_DGRAM_DIRECT_GROUP);
}

void
harness_inject_unique(EngineHarness *h, const BrwFrame *f, const char *src, const char *dest_base,
                      guint8 suffix)
{
    MsName dest;
    MsStatus st = ms_name_init(&dest, dest_base, suffix, h->cfg.scope);
    CU_ASSERT_EQUAL_FATAL(st, MS_OK);
    harness_deliver(h, f, src, H_PEER_IP, H_PEER_PORT, &dest, MS_DGRAM_DIRECT_UNIQUE);
}

void
harness_deliver_raw(EngineHarness *h, const char *mailslot, const guint8 *data, gsize len,
                    const char *src, const MsName *dest, MsDgramType type)
{
    deliver_mailslot(h, mailslot, data, len, src, H_PEER_IP, H_PEER_PORT, dest, type);
}

guint
harness_mark(const EngineHarness *h)
{
    return h->effects->len;
}

const HarnessEffect *
harness_effect(const EngineHarness *h, guint i)
{
    CU_ASSERT_FATAL(i < h->effects->len);
    return &g_array_index(h->effects, HarnessEffect, i);
}

gint
harness_find_send(const EngineHarness *h, guint from, BrwFrameKind kind, const MsName *dest)
{
    for (guint i = from; i < h->effects->len; i++) {
        const HarnessEffect *he = &g_array_index(h->effects, HarnessEffect, i);
        if (he->effect.kind != BRW_EFFECT_SEND || he->effect.send.frame.kind != kind)
            continue;
        if (dest && !ms_name_equal(&he->effect.send.destination, dest))
            continue;
        return (gint)i;
    }
    return -1;
}

gint
harness_find_group_send(const EngineHarness *h, guint from, BrwFrameKind kind, guint8 suffix)
{
    MsName dest = harness_group_name(h, suffix);
    return harness_find_send(h, from, kind, &dest);
}

guint
harness_count_sends(const EngineHarness *h, guint from, BrwFrameKind kind, const MsName *dest)
{
    guint n = 0;
    for (gint i = harness_find_send(h, from, kind, dest); i >= 0;
         i = harness_find_send(h, (guint)i + 1, kind, dest))
        n++;
    return n;
}

guint
harness_count_sends_between(const EngineHarness *h, BrwFrameKind kind, gint64 from_us, gint64 to_us)
{
    guint n = 0;
    for (guint i = 0; i < h->effects->len; i++) {
        const HarnessEffect *he = &g_array_index(h->effects, HarnessEffect, i);
        if (he->effect.kind == BRW_EFFECT_SEND && he->effect.send.frame.kind == kind &&
            he->at_us >= from_us && he->at_us <= to_us)
            n++;
    }
    return n;
}

gint
harness_find_effect(const EngineHarness *h, guint from, BrwEffectKind kind)
{
    for (guint i = from; i < h->effects->len; i++)
        if (g_array_index(h->effects, HarnessEffect, i).effect.kind == kind)
            return (gint)i;
    return -1;
}

gint
harness_find_name_op(const EngineHarness *h, guint from, BrwEffectKind kind, const MsName *name)
{
    for (guint i = from; i < h->effects->len; i++) {
        const HarnessEffect *he = &g_array_index(h->effects, HarnessEffect, i);
        if (he->effect.kind == kind && ms_name_equal(&he->effect.name.name, name))
            return (gint)i;
    }
    return -1;
}

const BrwFrame *
harness_send_frame(const EngineHarness *h, gint index)
{
    CU_ASSERT_FATAL(index >= 0);
    const HarnessEffect *he = harness_effect(h, (guint)index);
    CU_ASSERT_EQUAL_FATAL(he->effect.kind, BRW_EFFECT_SEND);
    return &he->effect.send.frame;
}

static gboolean
role_is_master(EngineHarness *h, gpointer data)
{
    (void)data;
    return brw_engine_role(h->engine) == BRW_ROLE_MASTER;
}

gboolean
harness_make_master(EngineHarness *h)
{
    if (!h->started)
        harness_start(h);
    brw_engine_force_election(h->engine, h->now_us);
    after_call(h);
    gboolean ok = harness_advance_until(h, 30 * H_SEC, role_is_master, NULL);
    CU_ASSERT_TRUE(ok);
    if (!ok)
        harness_dump(h, 0);
    return ok;
}

void
harness_learn_master(EngineHarness *h, const char *master)
{
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, master,
                         BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT |
                             BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_MASTER_BROWSER,
                         (guint32)(12 * 60 * 1000), "the master");
    harness_inject_group(h, &f, master, MS_SUFFIX_BROWSER_ELECTION);
}

gboolean
harness_make_backup(EngineHarness *h, const char *master, const BrwListEntry *servers, guint n)
{
    if (!h->started)
        harness_start(h);
    harness_learn_master(h, master);
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_become_backup(&f, h->cfg.netbios_name);
    harness_inject_unique(h, &f, master, h->cfg.netbios_name, MS_SUFFIX_WORKSTATION);
    gint sync = harness_find_effect(h, mark, BRW_EFFECT_SYNC);
    CU_ASSERT_TRUE(sync >= 0);
    if (sync < 0) {
        harness_dump(h, mark);
        return FALSE;
    }
    brw_engine_sync_result(h->engine, h->now_us, TRUE, servers, n, NULL, 0);
    after_call(h);
    gboolean ok = brw_engine_role(h->engine) == BRW_ROLE_BACKUP;
    CU_ASSERT_TRUE(ok);
    return ok;
}

BrwListEntry
harness_entry(const char *name, guint32 type, const char *comment)
{
    BrwListEntry e;
    memset(&e, 0, sizeof e);
    g_strlcpy(e.name, name, sizeof e.name);
    e.server_type = type;
    e.version_major = 6;
    e.version_minor = 1;
    g_strlcpy(e.comment, comment ? comment : "", sizeof e.comment);
    e.source = BRW_SOURCE_SYNC;
    return e;
}

gboolean
harness_effect_equal(const HarnessEffect *a, const HarnessEffect *b)
{
    if (a->at_us != b->at_us || a->effect.kind != b->effect.kind)
        return FALSE;
    const BrwEffect *x = &a->effect, *y = &b->effect;
    switch (x->kind) {
    case BRW_EFFECT_SEND:
        return ms_name_equal(&x->send.destination, &y->send.destination) &&
               memcmp(x->send.destination.bytes, y->send.destination.bytes, MS_NAME_LEN) == 0 &&
               !x->send.group == !y->send.group && x->send.ip == y->send.ip &&
               x->send.port == y->send.port && brw_frame_equal(&x->send.frame, &y->send.frame);
    case BRW_EFFECT_REGISTER_NAME:
    case BRW_EFFECT_RELEASE_NAME:
        return ms_name_equal(&x->name.name, &y->name.name) && !x->name.group == !y->name.group;
    case BRW_EFFECT_SYNC:
    case BRW_EFFECT_MASTER_CHANGED:
        return strcmp(x->master, y->master) == 0;
    case BRW_EFFECT_ROLE_CHANGED:
        return x->role.old_role == y->role.old_role && x->role.new_role == y->role.new_role;
    case BRW_EFFECT_SERVER_ADDED:
    case BRW_EFFECT_SERVER_REMOVED:
    case BRW_EFFECT_DOMAIN_ADDED:
    case BRW_EFFECT_DOMAIN_REMOVED:
    case BRW_EFFECT_RIVAL_MASTER:
    case BRW_EFFECT_RIVAL_DOMAIN_MASTER:
        return strcmp(x->entry, y->entry) == 0;
    case BRW_EFFECT_ELECTION_WON:
    case BRW_EFFECT_ELECTION_LOST:
        return x->election.our_criteria == y->election.our_criteria &&
               x->election.our_uptime_ms == y->election.our_uptime_ms &&
               strcmp(x->election.winner, y->election.winner) == 0 &&
               x->election.winner_criteria == y->election.winner_criteria &&
               x->election.winner_uptime_ms == y->election.winner_uptime_ms;
    case BRW_EFFECT_DOMAIN_SYNC:
        return x->domain_sync.ip == y->domain_sync.ip &&
               strcmp(x->domain_sync.peer, y->domain_sync.peer) == 0 &&
               x->domain_sync.server_type == y->domain_sync.server_type &&
               x->domain_sync.domain_type == y->domain_sync.domain_type;
    case BRW_EFFECT_FIND_DOMAIN_MASTER:
        return TRUE;
    }
    return FALSE;
}

void
harness_dump(const EngineHarness *h, guint from)
{
    for (guint i = from; i < h->effects->len; i++) {
        const HarnessEffect *he = &g_array_index(h->effects, HarnessEffect, i);
        char name[MS_NAME_STRING_MAX];
        fprintf(stderr, "  [%u] T0%+10.3f s %-16s", i, (double)(he->at_us - H_T0) / 1e6,
                brw_effect_kind_to_string(he->effect.kind));
        switch (he->effect.kind) {
        case BRW_EFFECT_SEND:
            fprintf(stderr, " %s -> %s%s", brw_frame_kind_to_string(he->effect.send.frame.kind),
                    ms_name_to_string(&he->effect.send.destination, name, sizeof name),
                    he->effect.send.group ? " (group)" : "");
            break;
        case BRW_EFFECT_REGISTER_NAME:
        case BRW_EFFECT_RELEASE_NAME:
            fprintf(stderr, " %s", ms_name_to_string(&he->effect.name.name, name, sizeof name));
            break;
        case BRW_EFFECT_SYNC:
        case BRW_EFFECT_MASTER_CHANGED:
            fprintf(stderr, " %s", he->effect.master);
            break;
        case BRW_EFFECT_ROLE_CHANGED:
            fprintf(stderr, " %s -> %s", brw_role_to_string(he->effect.role.old_role),
                    brw_role_to_string(he->effect.role.new_role));
            break;
        default:
            fprintf(stderr, " %s", he->effect.entry);
            break;
        }
        fprintf(stderr, "\n");
    }
}

BrwCounters
harness_counters(const EngineHarness *h)
{
    return *brw_engine_counters(h->engine);
}

guint64
harness_dropped_total(const BrwCounters *c)
{
    guint64 n = 0;
    for (guint i = 0; i < BRW_DROP_REASON_COUNT; i++)
        n += c->dropped[i];
    return n;
}
