/* The engine's life cycle, datagram intake, dispatch by opcode, effects and deadlines.
 * The protocol decisions live in brw-election.c, brw-announce.c, brw-master.c and
 * brw-backup.c; this file routes frames to them and keeps the books. */
#include "brw-engine-private.h"

#include <string.h>

#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-mailslot.h>

/* Where a datagram was addressed, among the names an engine answers to. */
typedef enum {
    DEST_OTHER = 0,
    DEST_GROUP,       /* <group><00>: AnnouncementRequest to every server */
    DEST_BROWSERS,    /* <group><1E>: elections, LMAs, BecomeBackup (broadcast form) */
    DEST_MASTER,      /* <group><1D>: the local master */
    DEST_DOMAIN_MASTER, /* <group><1B>: the domain master */
    DEST_MSBROWSE,    /* __MSBROWSE__<01>: DomainAnnouncements between masters */
    DEST_COMPUTER,    /* <name><00> or <name><20>: unicast frames to us */
} Destination;

void
brw_engine_config_init(BrwEngineConfig *cfg)
{
    g_return_if_fail(cfg != NULL);
    memset(cfg, 0, sizeof *cfg);
    cfg->os_major = 6;
    cfg->os_minor = 1;
    cfg->server_type = BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT;
    cfg->browser = TRUE;
    cfg->local_master = TRUE;
    cfg->backup = TRUE;
    cfg->os_level = BRW_CRITERIA_OS_SAMBA;
    cfg->timing.host_announce_max_ms = 12 * 60 * 1000;
    cfg->timing.local_master_max_ms = 12 * 60 * 1000;
    cfg->timing.domain_announce_max_ms = 15 * 60 * 1000;
    cfg->timing.backup_sync_ms = 12 * 60 * 1000;
    cfg->timing.announce_reply_max_ms = 30 * 1000;
    cfg->timing.find_master_ms = 1500;
    cfg->timing.domain_sync_ms = 12 * 60 * 1000;
    cfg->timing.lmb_expiry_ms = 36 * 60 * 1000;
}

const char *
brw_role_to_string(BrwRole role)
{
    switch (role) {
    case BRW_ROLE_STOPPED: return "stopped";
    case BRW_ROLE_NON_BROWSER: return "non-browser";
    case BRW_ROLE_POTENTIAL: return "potential";
    case BRW_ROLE_BACKUP: return "backup";
    case BRW_ROLE_MASTER: return "master";
    }
    return "unknown";
}

const char *
brw_effect_kind_to_string(BrwEffectKind kind)
{
    switch (kind) {
    case BRW_EFFECT_SEND: return "send";
    case BRW_EFFECT_REGISTER_NAME: return "register-name";
    case BRW_EFFECT_RELEASE_NAME: return "release-name";
    case BRW_EFFECT_SYNC: return "sync";
    case BRW_EFFECT_ROLE_CHANGED: return "role-changed";
    case BRW_EFFECT_MASTER_CHANGED: return "master-changed";
    case BRW_EFFECT_SERVER_ADDED: return "server-added";
    case BRW_EFFECT_SERVER_REMOVED: return "server-removed";
    case BRW_EFFECT_DOMAIN_ADDED: return "domain-added";
    case BRW_EFFECT_DOMAIN_REMOVED: return "domain-removed";
    case BRW_EFFECT_ELECTION_WON: return "election-won";
    case BRW_EFFECT_ELECTION_LOST: return "election-lost";
    case BRW_EFFECT_DOMAIN_SYNC: return "domain-sync";
    case BRW_EFFECT_FIND_DOMAIN_MASTER: return "find-domain-master";
    case BRW_EFFECT_RIVAL_MASTER: return "rival-master";
    case BRW_EFFECT_RIVAL_DOMAIN_MASTER: return "rival-domain-master";
    }
    return "unknown";
}

const char *
brw_drop_reason_to_string(BrwDropReason reason)
{
    static const char *const names[BRW_DROP_REASON_COUNT] = {
        [BRW_DROP_NOT_MAILSLOT] = "not-mailslot",
        [BRW_DROP_OTHER_MAILSLOT] = "other-mailslot",
        [BRW_DROP_TRUNCATED] = "truncated",
        [BRW_DROP_UNKNOWN_OPCODE] = "unknown-opcode",
        [BRW_DROP_MALFORMED] = "malformed",
        [BRW_DROP_NOT_FOR_US] = "not-for-us",
        [BRW_DROP_OWN] = "own",
        [BRW_DROP_ROLE] = "role",
        [BRW_DROP_STOPPED] = "stopped",
        [BRW_DROP_LIST_FULL] = "list-full",
        [BRW_DROP_UNTRUSTED] = "untrusted",
        [BRW_DROP_NAME_POLICY] = "name-policy",
    };
    if ((guint)reason >= BRW_DROP_REASON_COUNT)
        return "unknown";
    return names[reason];
}

/* Names on the wire are compared case-insensitively ([MS-BRWS] 3.3.5.8 for elections; the
 * lists key the same way). */
gboolean
brw_name_is(const char *a, const char *b)
{
    return g_ascii_strcasecmp(a, b) == 0;
}

static gboolean
copy_upper_name(char out[BRW_NAME_SIZE], const char *in)
{
    gsize len = strlen(in);
    if (len == 0 || len >= BRW_NAME_SIZE)
        return FALSE;
    for (gsize i = 0; i <= len; i++)
        out[i] = g_ascii_toupper(in[i]);
    return TRUE;
}

BrwEngine *
brw_engine_new(const BrwEngineConfig *cfg, BrwEffectFunc effect, gpointer user_data)
{
    g_return_val_if_fail(cfg != NULL && effect != NULL, NULL);
    BrwEngine *e = g_new0(BrwEngine, 1);
    e->cfg = *cfg;
    MsName probe;
    if (!copy_upper_name(e->cfg.netbios_name, cfg->netbios_name) ||
        !copy_upper_name(e->cfg.workgroup, cfg->workgroup) ||
        ms_name_init(&probe, e->cfg.workgroup, 0x00, e->cfg.scope) != MS_OK ||
        ms_name_init(&probe, e->cfg.netbios_name, 0x00, e->cfg.scope) != MS_OK) {
        g_debug("engine: invalid computer name, workgroup or scope");
        g_free(e);
        return NULL;
    }
    e->cfg.comment[sizeof e->cfg.comment - 1] = '\0';
    e->effect_func = effect;
    e->effect_data = user_data;
    e->effects = g_array_new(FALSE, FALSE, sizeof(BrwEffect));
    guint32 seed[2] = {(guint32)cfg->seed, (guint32)(cfg->seed >> 32)};
    e->rand = g_rand_new_with_seed_array(seed, 2);
    e->role = BRW_ROLE_STOPPED;
    e->servers = brw_list_new(cfg->max_servers);
    e->domains = brw_list_new(cfg->max_domains);
    e->promoted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    e->name_filter = brw_name_filter_new(&cfg->policy);
    e->rivals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    e->host_due = e->host_reply_due = e->election_due = e->claim_retry_due = BRW_NEVER;
    e->find_master_due = e->master_silence_due = BRW_NEVER;
    e->lma_due = e->lma_reply_due = e->domain_due = e->backup_review_due = BRW_NEVER;
    e->sync_due = BRW_NEVER;
    brw_domain_init(e);
    return e;
}

void
brw_engine_free(BrwEngine *e)
{
    if (e == NULL)
        return;
    g_array_free(e->effects, TRUE);
    g_rand_free(e->rand);
    brw_list_free(e->servers);
    brw_list_free(e->domains);
    g_hash_table_destroy(e->promoted);
    brw_domain_free(e);
    brw_name_filter_free(e->name_filter);
    g_hash_table_destroy(e->rivals);
    g_free(e);
}

/* Effects leave at the end of the public call that caused them (DESIGN.md §2.4), so a
 * callback always sees the engine in a consistent state. */
void
brw_engine_emit(BrwEngine *e, const BrwEffect *effect)
{
    g_array_append_val(e->effects, *effect);
}

static void
flush_effects(BrwEngine *e)
{
    /* Index loop: the array is only appended to by the engine, never by a callback. */
    for (guint i = 0; i < e->effects->len; i++)
        e->effect_func(&g_array_index(e->effects, BrwEffect, i), e->effect_data);
    g_array_set_size(e->effects, 0);
}

void
brw_engine_send(BrwEngine *e, const BrwFrame *frame, const MsName *dest, gboolean group,
                guint32 ip, guint16 port)
{
    BrwEffect fx = {.kind = BRW_EFFECT_SEND};
    fx.send.destination = *dest;
    fx.send.group = group;
    fx.send.ip = ip;
    fx.send.port = port;
    fx.send.frame = *frame;
    e->counters.sent[frame->kind & 0x0F]++;
    brw_engine_emit(e, &fx);
}

void
brw_engine_send_to_group(BrwEngine *e, const BrwFrame *frame, guint8 suffix)
{
    MsName dest;
    if (suffix == 0x01)
        ms_name_init_msbrowse(&dest, e->cfg.scope);
    else
        ms_name_init(&dest, e->cfg.workgroup, suffix, e->cfg.scope);
    /* <group><1D> is unique; every other browser name is a group name ([MS-BRWS] 2.1.1). */
    brw_engine_send(e, frame, &dest, suffix != 0x1D, 0, 0);
}

void
brw_engine_send_to_computer(BrwEngine *e, const BrwFrame *frame, const char *computer)
{
    MsName dest;
    if (ms_name_init(&dest, computer, 0x00, e->cfg.scope) != MS_OK)
        return;
    brw_engine_send(e, frame, &dest, FALSE, 0, 0);
}

void
brw_engine_name_op(BrwEngine *e, BrwEffectKind kind, const char *base, guint8 suffix,
                   gboolean group)
{
    BrwEffect fx = {.kind = kind};
    if (base == NULL)
        ms_name_init_msbrowse(&fx.name.name, e->cfg.scope);
    else
        ms_name_init(&fx.name.name, base, suffix, e->cfg.scope);
    fx.name.group = group;
    brw_engine_emit(e, &fx);
}

void
brw_engine_set_role(BrwEngine *e, BrwRole role)
{
    if (e->role == role)
        return;
    BrwEffect fx = {.kind = BRW_EFFECT_ROLE_CHANGED};
    fx.role.old_role = e->role;
    fx.role.new_role = role;
    e->role = role;
    brw_engine_emit(e, &fx);
}

void
brw_engine_set_master(BrwEngine *e, const char *name)
{
    if (strcmp(e->master, name) == 0)
        return;
    g_strlcpy(e->master, name, sizeof e->master);
    BrwEffect fx = {.kind = BRW_EFFECT_MASTER_CHANGED};
    g_strlcpy(fx.master, name, sizeof fx.master);
    brw_engine_emit(e, &fx);
}

void
brw_engine_emit_entry(BrwEngine *e, BrwEffectKind kind, const char *name)
{
    BrwEffect fx = {.kind = kind};
    g_strlcpy(fx.entry, name, sizeof fx.entry);
    brw_engine_emit(e, &fx);
}

void
brw_engine_update_entry(BrwEngine *e, BrwList *list, const BrwListEntry *entry, gint64 now_us,
                        gint64 lifetime_us, BrwEffectKind added)
{
    /* The administrator's name policy; our own server and group entries are never
     * refused. */
    if (!brw_name_is(entry->name, e->cfg.netbios_name) &&
        !brw_name_is(entry->name, e->cfg.workgroup) &&
        !brw_name_filter_allows(e->name_filter, entry->name)) {
        e->counters.dropped[BRW_DROP_NAME_POLICY]++;
        return;
    }
    switch (brw_list_update(list, entry, now_us, lifetime_us)) {
    case BRW_LIST_ADDED:
        brw_engine_emit_entry(e, added, entry->name);
        break;
    case BRW_LIST_UPDATED:
        break;
    case BRW_LIST_REFUSED_FULL:
        e->counters.dropped[BRW_DROP_LIST_FULL]++;
        break;
    case BRW_LIST_REFUSED_LOCAL: /* a synced copy never replaces what we heard ourselves */
        break;
    case BRW_LIST_REFUSED_NAME:
        e->counters.dropped[BRW_DROP_MALFORMED]++;
        break;
    }
}

void
brw_engine_clear_list(BrwEngine *e, BrwList *list, BrwEffectKind removed)
{
    g_autoptr(GPtrArray) all = brw_list_query(list, BRW_SV_TYPE_ALL, FALSE, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < all->len; i++)
        g_ptr_array_add(names, g_strdup(((const BrwListEntry *)g_ptr_array_index(all, i))->name));
    for (guint i = 0; i < names->len; i++) {
        brw_list_remove(list, g_ptr_array_index(names, i));
        brw_engine_emit_entry(e, removed, g_ptr_array_index(names, i));
    }
}

gint64
brw_engine_random_delay(BrwEngine *e, gint64 min_us, gint64 max_us)
{
    if (max_us <= min_us)
        return min_us;
    gint64 span = max_us - min_us + 1;
    if (span > G_MAXINT32)
        span = G_MAXINT32;
    return min_us + g_rand_int_range(e->rand, 0, (gint32)span);
}

void
brw_engine_start(BrwEngine *e, gint64 now_us)
{
    g_return_if_fail(e != NULL);
    if (e->role != BRW_ROLE_STOPPED)
        return;
    e->started_us = now_us;
    /* [MS-BRWS] 2.1.1.3: every server joins <group><00>; browsers also <group><1E>. */
    brw_engine_name_op(e, BRW_EFFECT_REGISTER_NAME, e->cfg.workgroup, 0x00, TRUE);
    if (e->cfg.browser) {
        brw_engine_name_op(e, BRW_EFFECT_REGISTER_NAME, e->cfg.workgroup, 0x1E, TRUE);
        brw_engine_set_role(e, BRW_ROLE_POTENTIAL);
    } else {
        brw_engine_set_role(e, BRW_ROLE_NON_BROWSER);
    }
    brw_domain_start(e);
    brw_announce_start(e, now_us);
    if (e->cfg.browser) {
        /* [MS-BRWS] 3.3.3: a preferred master (or DMB) forces an election at start; any
         * other browser first looks for the master it would serve. */
        if ((e->cfg.preferred_master || e->cfg.domain_master) && e->cfg.local_master)
            brw_election_start(e, now_us);
        else
            brw_backup_look_for_master(e, now_us);
    }
    flush_effects(e);
}

static void
clear_timers(BrwEngine *e)
{
    e->host_due = e->host_reply_due = e->election_due = e->claim_retry_due = BRW_NEVER;
    e->find_master_due = e->master_silence_due = BRW_NEVER;
    e->lma_due = e->lma_reply_due = e->domain_due = e->backup_review_due = BRW_NEVER;
    e->sync_due = BRW_NEVER;
    e->electing = FALSE;
    e->claiming = FALSE;
    e->sync_pending = FALSE;
}

void
brw_engine_stop(BrwEngine *e, gint64 now_us, gboolean leaving)
{
    g_return_if_fail(e != NULL);
    if (e->role == BRW_ROLE_STOPPED)
        return;
    if (e->role == BRW_ROLE_MASTER) {
        /* [MS-BRWS] 3.3.7: make the others elect a successor now, not when they notice.
         * The lists stay: the daemon saves them, and they are valid when it comes back. */
        brw_election_send_forced(e);
        brw_master_leave(e);
    }
    /* 3.2.7: type 0 says "gone"; 3.3.7: a server that only stops browsing drops the bits. */
    guint32 type = brw_engine_server_type(e) & ~BRW_SV_TYPE_BROWSER_ROLES;
    brw_announce_host(e, now_us, leaving ? 0 : type);
    if (e->cfg.browser)
        brw_engine_name_op(e, BRW_EFFECT_RELEASE_NAME, e->cfg.workgroup, 0x1E, TRUE);
    if (e->dmb_held) /* [MS-BRWS] 3.4.7 */
        brw_engine_name_op(e, BRW_EFFECT_RELEASE_NAME, e->cfg.workgroup, 0x1B, FALSE);
    e->dmb_held = FALSE;
    brw_engine_name_op(e, BRW_EFFECT_RELEASE_NAME, e->cfg.workgroup, 0x00, TRUE);
    clear_timers(e);
    brw_engine_set_role(e, BRW_ROLE_STOPPED);
    flush_effects(e);
}

static void
drop(BrwEngine *e, BrwDropReason reason)
{
    e->counters.dropped[reason]++;
}

static Destination
classify_destination(const BrwEngine *e, const MsName *dest)
{
    if (g_ascii_strcasecmp(dest->scope, e->cfg.scope) != 0)
        return DEST_OTHER;
    MsName msbrowse;
    ms_name_init_msbrowse(&msbrowse, e->cfg.scope);
    if (ms_name_equal(dest, &msbrowse))
        return DEST_MSBROWSE;
    char base[MS_NAME_LEN];
    ms_name_base(dest, base);
    guint8 suffix = ms_name_suffix(dest);
    if (brw_name_is(base, e->cfg.workgroup)) {
        switch (suffix) {
        case 0x00: return DEST_GROUP;
        case 0x1E: return DEST_BROWSERS;
        case 0x1D: return DEST_MASTER;
        case 0x1B: return e->dmb_held ? DEST_DOMAIN_MASTER : DEST_OTHER;
        default: return DEST_OTHER;
        }
    }
    if (brw_name_is(base, e->cfg.netbios_name) && (suffix == 0x00 || suffix == 0x20))
        return DEST_COMPUTER;
    return DEST_OTHER;
}

static BrwDropReason
decode_failure_reason(const MsMailslotWrite *m, MsStatus st)
{
    BrwLayout layout;
    if (ms_mailslot_name_is(m, MS_MAILSLOT_BROWSE))
        layout = BRW_LAYOUT_BROWSE;
    else if (ms_mailslot_name_is(m, MS_MAILSLOT_LANMAN))
        layout = BRW_LAYOUT_LANMAN;
    else
        return BRW_DROP_OTHER_MAILSLOT;
    if (st == MS_ERR_TRUNCATED)
        return BRW_DROP_TRUNCATED;
    if (st == MS_ERR_UNSUPPORTED && m->data_len > 0 &&
        !brw_frame_layout_has_kind(layout, m->data[0]))
        return BRW_DROP_UNKNOWN_OPCODE;
    return BRW_DROP_MALFORMED;
}

static gboolean
is_browser_role(BrwRole role)
{
    return role == BRW_ROLE_POTENTIAL || role == BRW_ROLE_BACKUP || role == BRW_ROLE_MASTER;
}

/* Acts on one decoded frame; returns FALSE when our role (or its addressing) makes it
 * nothing to us ([MS-BRWS] 3.3.5: each role listens for its own frames only). */
static gboolean
dispatch(BrwEngine *e, gint64 now_us, const BrwFrame *f, Destination dest,
         const MsDgram *dgram, guint32 src_ip, guint16 src_port)
{
    switch (f->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
        /* Only the master collects them; Samba also takes them on the wrong suffix. */
        if (e->role != BRW_ROLE_MASTER || dest == DEST_MSBROWSE)
            return FALSE;
        brw_master_on_host_announcement(e, now_us, &f->announcement, FALSE);
        return TRUE;
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        if (e->role == BRW_ROLE_MASTER) {
            brw_master_on_host_announcement(e, now_us, &f->announcement, TRUE);
            return TRUE;
        }
        if (!is_browser_role(e->role))
            return FALSE;
        brw_backup_on_local_master(e, now_us, &f->announcement);
        return TRUE;
    case BRW_FRAME_ANNOUNCEMENT_REQUEST:
        if (dest == DEST_MSBROWSE)
            return FALSE;
        brw_announce_on_request(e, now_us, dest == DEST_MASTER);
        return TRUE;
    case BRW_FRAME_REQUEST_ELECTION:
        if (!is_browser_role(e->role) || dest == DEST_MSBROWSE)
            return FALSE;
        brw_election_on_request(e, now_us, &f->election);
        return TRUE;
    case BRW_FRAME_GET_BACKUP_LIST_REQUEST:
        /* [MS-BRWS] 3.3.5.5: only the owner of <group><1D> answers; the owner of <1B>
         * answers as one (BRWS-086). */
        if (e->role != BRW_ROLE_MASTER || (dest != DEST_MASTER && dest != DEST_DOMAIN_MASTER))
            return FALSE;
        brw_master_on_backup_request(e, &f->backup_request, &dgram->source_name, src_ip,
                                     src_port);
        return TRUE;
    case BRW_FRAME_BECOME_BACKUP:
        if (e->role != BRW_ROLE_POTENTIAL || !e->cfg.backup)
            return FALSE;
        brw_backup_on_become_backup(e, now_us, &f->become_backup);
        return TRUE;
    case BRW_FRAME_DOMAIN_ANNOUNCEMENT:
        if (e->role != BRW_ROLE_MASTER || dest != DEST_MSBROWSE)
            return FALSE;
        brw_master_on_domain_announcement(e, now_us, &f->domain);
        return TRUE;
    case BRW_FRAME_RESET_STATE_REQUEST:
        if (!is_browser_role(e->role) || (f->reset.flags & BRW_RESET_STOP))
            return FALSE; /* 0x04: Windows ignores the whole frame ([MS-BRWS] fn 56) */
        if (!brw_policy_reset_allowed(&e->cfg.policy, src_ip)) {
            e->counters.dropped[BRW_DROP_UNTRUSTED]++; /* by default, from anyone */
            return TRUE;
        }
        brw_backup_on_reset(e, now_us, f->reset.flags);
        return TRUE;
    case BRW_FRAME_MASTER_ANNOUNCEMENT:
        /* [MS-BRWS] 2.2.8: to the domain master's computer name <00> (Samba sends it there
         * once a node status gave the name); we send it to <1B>, a sync peer's to <1D>. */
        if (dest != DEST_DOMAIN_MASTER && dest != DEST_MASTER && dest != DEST_COMPUTER)
            return FALSE;
        return brw_domain_on_master_announcement(e, now_us, &f->master, src_ip);
    case BRW_FRAME_GET_BACKUP_LIST_RESPONSE: /* 3.3.5: browser servers ignore it */
        return FALSE;
    }
    return FALSE;
}

void
brw_engine_handle_datagram(BrwEngine *e, gint64 now_us, const MsDgram *dgram, guint32 src_ip,
                           guint16 src_port)
{
    g_return_if_fail(e != NULL && dgram != NULL);
    MsMailslotWrite m;
    BrwFrame f;
    if (e->role == BRW_ROLE_STOPPED) {
        drop(e, BRW_DROP_STOPPED);
    } else if (!ms_dgram_type_carries_data(dgram->type) || dgram->data == NULL ||
               ms_mailslot_parse(dgram->data, dgram->data_len, &m) != MS_OK) {
        drop(e, BRW_DROP_NOT_MAILSLOT);
    } else {
        MsStatus st = brw_frame_decode_mailslot(&m, &f);
        if (st != MS_OK) {
            drop(e, decode_failure_reason(&m, st));
        } else {
            e->counters.received[f.kind & 0x0F]++;
            char source[MS_NAME_LEN];
            ms_name_base(&dgram->source_name, source);
            Destination dest = classify_destination(e, &dgram->destination_name);
            if (brw_name_is(source, e->cfg.netbios_name))
                drop(e, BRW_DROP_OWN);
            else if (dest == DEST_OTHER)
                drop(e, BRW_DROP_NOT_FOR_US);
            else if (!brw_trust_admit(e, now_us, &f, source))
                drop(e, BRW_DROP_UNTRUSTED);
            else if (!dispatch(e, now_us, &f, dest, dgram, src_ip, src_port))
                drop(e, BRW_DROP_ROLE);
        }
    }
    flush_effects(e);
}

static void
on_server_expired(const BrwListEntry *entry, gpointer user_data)
{
    brw_domain_on_expired(user_data, entry, FALSE);
    brw_engine_emit_entry(user_data, BRW_EFFECT_SERVER_REMOVED, entry->name);
}

static void
on_domain_expired(const BrwListEntry *entry, gpointer user_data)
{
    brw_domain_on_expired(user_data, entry, TRUE);
    brw_engine_emit_entry(user_data, BRW_EFFECT_DOMAIN_REMOVED, entry->name);
}

void
brw_engine_handle_timeout(BrwEngine *e, gint64 now_us)
{
    g_return_if_fail(e != NULL);
    if (e->role == BRW_ROLE_STOPPED)
        return;
    /* [MS-BRWS] 3.3.6 Server Expiration: a server that expired may have been a backup. */
    if (brw_list_expire(e->servers, now_us, on_server_expired, e) > 0 &&
        e->role == BRW_ROLE_MASTER)
        e->backup_review_due = MIN(e->backup_review_due, now_us);
    brw_list_expire(e->domains, now_us, on_domain_expired, e);

    if (brw_due(e->election_due, now_us))
        brw_election_on_timer(e, now_us);
    if (brw_due(e->claim_retry_due, now_us)) {
        e->claim_retry_due = BRW_NEVER;
        brw_election_start(e, now_us);
    }
    if (brw_due(e->find_master_due, now_us))
        brw_backup_on_find_master_timer(e, now_us);
    if (brw_due(e->master_silence_due, now_us)) {
        e->master_silence_due = BRW_NEVER;
        if (e->role == BRW_ROLE_POTENTIAL || e->role == BRW_ROLE_BACKUP)
            brw_backup_look_for_master(e, now_us);
    }
    brw_announce_on_timers(e, now_us);
    if (brw_due(e->backup_review_due, now_us))
        brw_master_review_backups(e, now_us);
    if (brw_due(e->sync_due, now_us))
        brw_backup_on_sync_timer(e, now_us);
    brw_domain_on_timers(e, now_us);
    flush_effects(e);
}

gint64
brw_engine_next_deadline(const BrwEngine *e)
{
    g_return_val_if_fail(e != NULL, BRW_NEVER);
    if (e->role == BRW_ROLE_STOPPED)
        return BRW_NEVER;
    const gint64 timers[] = {
        e->host_due,          e->host_reply_due,   e->election_due,
        e->claim_retry_due,   e->find_master_due,  e->master_silence_due,
        e->lma_due,           e->lma_reply_due,    e->domain_due,
        e->backup_review_due, e->sync_due,         brw_list_next_expiry(e->servers),
        brw_list_next_expiry(e->domains), brw_domain_next_deadline(e),
    };
    gint64 next = BRW_NEVER;
    for (gsize i = 0; i < G_N_ELEMENTS(timers); i++)
        next = MIN(next, timers[i]);
    return next;
}

void
brw_engine_name_result(BrwEngine *e, gint64 now_us, const MsName *name, gboolean ok)
{
    g_return_if_fail(e != NULL && name != NULL);
    MsName master_name;
    ms_name_init(&master_name, e->cfg.workgroup, 0x1D, e->cfg.scope);
    /* Group names cannot be refused on a B-node in practice; only <1D> decides a role,
     * and <1B> the domain master's duties. */
    if (ms_name_equal(name, &master_name))
        brw_master_on_claim_result(e, now_us, ok);
    else
        brw_domain_on_name(e, name, ok);
    flush_effects(e);
}

void
brw_engine_name_lost(BrwEngine *e, gint64 now_us, const MsName *name)
{
    g_return_if_fail(e != NULL && name != NULL);
    MsName master_name;
    ms_name_init(&master_name, e->cfg.workgroup, 0x1D, e->cfg.scope);
    if (ms_name_equal(name, &master_name) && e->role == BRW_ROLE_MASTER) {
        /* Someone else owns <1D> now: we cannot be the master ([MS-BRWS] 3.3.6). */
        e->counters.name_failures++;
        brw_master_step_down(e, now_us);
    } else {
        brw_domain_on_name(e, name, FALSE);
    }
    flush_effects(e);
}

void
brw_engine_sync_result(BrwEngine *e, gint64 now_us, gboolean ok, const BrwListEntry *servers,
                       guint n_servers, const BrwListEntry *domains, guint n_domains)
{
    g_return_if_fail(e != NULL);
    brw_backup_on_sync_result(e, now_us, ok, servers, n_servers, domains, n_domains);
    flush_effects(e);
}

void
brw_engine_domain_sync_result(BrwEngine *e, gint64 now_us, guint32 ip, gboolean ok,
                              const BrwListEntry *servers, guint n_servers,
                              const BrwListEntry *domains, guint n_domains)
{
    g_return_if_fail(e != NULL);
    brw_domain_on_sync_result(e, now_us, ip, ok, servers, n_servers, domains, n_domains);
    flush_effects(e);
}

void
brw_engine_domain_master_found(BrwEngine *e, gint64 now_us, guint32 ip)
{
    g_return_if_fail(e != NULL);
    brw_domain_on_found(e, now_us, ip);
    flush_effects(e);
}

gboolean
brw_engine_is_domain_master(const BrwEngine *e)
{
    g_return_val_if_fail(e != NULL, FALSE);
    return e->dmb_held;
}

void
brw_engine_force_election(BrwEngine *e, gint64 now_us)
{
    g_return_if_fail(e != NULL);
    if (is_browser_role(e->role)) {
        if (e->cfg.local_master)
            brw_election_start(e, now_us);
        else
            brw_election_send_forced(e);
    }
    flush_effects(e);
}

gboolean
brw_engine_request_announcements(BrwEngine *e, gint64 now_us)
{
    g_return_val_if_fail(e != NULL, FALSE);
    (void)now_us; /* nothing is scheduled: the request goes out at once */
    if (e->role == BRW_ROLE_STOPPED)
        return FALSE;
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_ANNOUNCEMENT_REQUEST);
    g_strlcpy(f.request.response_name, e->cfg.netbios_name, sizeof f.request.response_name);
    brw_engine_send_to_group(e, &f, 0x00);
    flush_effects(e);
    return TRUE;
}

BrwRole
brw_engine_role(const BrwEngine *e)
{
    return e->role;
}

const char *
brw_engine_master(const BrwEngine *e)
{
    return e->master;
}

const BrwEngineConfig *
brw_engine_config(const BrwEngine *e)
{
    return &e->cfg;
}

gboolean
brw_engine_electing(const BrwEngine *e)
{
    return e->electing;
}

BrwList *
brw_engine_servers(BrwEngine *e)
{
    return e->servers;
}

BrwList *
brw_engine_domains(BrwEngine *e)
{
    return e->domains;
}

const BrwCounters *
brw_engine_counters(const BrwEngine *e)
{
    return &e->counters;
}

guint32
brw_engine_server_type(const BrwEngine *e)
{
    guint32 type = brw_server_type_sanitize_announced(e->cfg.server_type) &
                   ~(BRW_SV_TYPE_BROWSER_ROLES | BRW_SV_TYPE_DOMAIN_MASTER);
    switch (e->role) {
    case BRW_ROLE_POTENTIAL:
        return type | BRW_SV_TYPE_POTENTIAL_BROWSER;
    case BRW_ROLE_BACKUP:
        /* [MS-BRWS] 3.3.5.1: the flag shows once the lists were fetched. */
        return type | BRW_SV_TYPE_POTENTIAL_BROWSER |
               (e->backup_confirmed ? BRW_SV_TYPE_BACKUP_BROWSER : 0);
    case BRW_ROLE_MASTER:
        /* Windows keeps POTENTIAL while master ([MS-BRWS] 4.1 capture: 0x00051003). */
        return type | BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_MASTER_BROWSER |
               (e->dmb_held ? BRW_SV_TYPE_DOMAIN_MASTER : 0);
    case BRW_ROLE_NON_BROWSER:
    case BRW_ROLE_STOPPED:
        break;
    }
    return type;
}
