/* Local master duties ([MS-BRWS] 3.3.5.3-3.3.5.10, 3.3.6; brws.md §8.5, §9): taking and
 * leaving the role, the server and machine-group lists, GetBackupList answers and keeping
 * the right number of backups. */
#include "brw-engine-private.h"

#include <string.h>

#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-dgram.h>

/* A BecomeBackup is given this long to show as BACKUP_BROWSER in an announcement before
 * the candidate counts as unwilling and another may be asked... */
#define PROMOTION_WAIT BRW_MINUTE
/* ...and an unwilling one is not asked again for this long: Samba ignores BecomeBackup,
 * and asking it every minute forever is noise. */
#define DECLINED_HOLDOFF (60 * BRW_MINUTE)
/* How often a master re-counts its backups, besides when its list changes. */
#define BACKUP_REVIEW_PERIOD BRW_MINUTE
/* List changes within this window are counted together. */
#define BACKUP_REVIEW_COALESCE BRW_SECOND

/* [MS-BRWS] fn 51: 0 backups for 1 server, 1 for 2-31, 2 for 32-63, 3 beyond (BRWS-062). */
guint
brw_master_backups_wanted(guint servers)
{
    if (servers <= 1)
        return 0;
    if (servers < 32)
        return 1;
    if (servers < 64)
        return 2;
    return 3;
}

static void
review_soon(BrwEngine *e, gint64 now_us)
{
    e->backup_review_due = MIN(e->backup_review_due, now_us + BACKUP_REVIEW_COALESCE);
}

/* Grace after 3 x Periodicity. While a server's gaps double (1, 1, 2, 4 min), one lost
 * announcement puts the next exactly at 3 x the last Periodicity (P + 2P); without this the
 * entry would expire a moment before it is renewed, a remove/add flap. */
#define EXPIRY_GRACE (900 * BRW_MS)

/* An entry's lifetime: 3 x its Periodicity ([MS-BRWS] 3.3.6, BRWS-054) and the grace, at
 * least 3 s so a Periodicity of 0 does not expire an entry as it arrives. */
static gint64
lifetime_for(guint32 periodicity_ms)
{
    return 3 * (gint64)MAX(periodicity_ms, 1000u) * BRW_MS + EXPIRY_GRACE;
}

/* Our own entries, renewed with every LocalMasterAnnouncement: the list a master serves
 * holds the master itself, and its group is in the machine-group list (Samba does both). */
void
brw_master_refresh_self(BrwEngine *e, gint64 now_us)
{
    if (e->role != BRW_ROLE_MASTER)
        return;
    BrwListEntry self = {.source = BRW_SOURCE_LOCAL};
    g_strlcpy(self.name, e->cfg.netbios_name, sizeof self.name);
    self.server_type = brw_engine_server_type(e);
    self.version_major = e->cfg.os_major;
    self.version_minor = e->cfg.os_minor;
    g_strlcpy(self.comment, e->cfg.comment, sizeof self.comment);
    guint32 lma_gap = brw_announce_lma_gap_ms(e, e->lma_count);
    brw_engine_update_entry(e, e->servers, &self, now_us, lifetime_for(lma_gap), BRW_EFFECT_SERVER_ADDED);

    BrwListEntry group = {.source = BRW_SOURCE_LOCAL};
    g_strlcpy(group.name, e->cfg.workgroup, sizeof group.name);
    group.server_type = self.server_type | BRW_SV_TYPE_DOMAIN_ENUM;
    group.version_major = e->cfg.os_major;
    group.version_minor = e->cfg.os_minor;
    g_strlcpy(group.comment, e->cfg.netbios_name, sizeof group.comment);
    guint32 domain_gap = brw_announce_domain_gap_ms(e, e->domain_count);
    brw_engine_update_entry(e, e->domains, &group, now_us, lifetime_for(MAX(lma_gap, domain_gap)),
                 BRW_EFFECT_DOMAIN_ADDED);
}

/* [MS-BRWS] 3.3.6 / brws.md §6.4, won the election: __MSBROWSE__<01> then <group><1D>.
 * The role is taken only when <1D> is ours (BRWS-037). */
void
brw_master_claim(BrwEngine *e, gint64 now_us)
{
    (void)now_us;
    e->claiming = TRUE;
    brw_engine_name_op(e, BRW_EFFECT_REGISTER_NAME, NULL, 0x01, TRUE);
    brw_engine_name_op(e, BRW_EFFECT_REGISTER_NAME, e->cfg.workgroup, 0x1D, FALSE);
}

static void
release_master_names(BrwEngine *e)
{
    brw_engine_name_op(e, BRW_EFFECT_RELEASE_NAME, e->cfg.workgroup, 0x1D, FALSE);
    brw_engine_name_op(e, BRW_EFFECT_RELEASE_NAME, NULL, 0x01, TRUE);
}

/* Back-off before electing again after <1D> was refused: at once, then 1, 2, 4 ... 12
 * min, so a holder that never lets go costs one election per 12 minutes, not a storm. */
static gint64
claim_backoff(guint failures)
{
    if (failures <= 1)
        return 0;
    guint shift = MIN(failures - 2, 4u);
    return MIN((gint64)1 << shift, 12) * BRW_MINUTE;
}

static void
become_master(BrwEngine *e, gint64 now_us)
{
    e->claim_failures = 0;
    brw_backup_end(e, TRUE); /* a backup keeps the lists it copied */
    gboolean nobody_known = brw_list_count(e->servers) == 0;
    brw_engine_set_role(e, BRW_ROLE_MASTER);
    brw_engine_set_master(e, e->cfg.netbios_name);
    e->find_master_due = e->master_silence_due = BRW_NEVER;
    e->find_master_misses = 0;
    e->fruitless_searches = 0;
    g_hash_table_remove_all(e->promoted);
    brw_announce_master_start(e, now_us);
    if (nobody_known) {
        /* BRWS-050: ask every server of the group (<group><00>, [MS-BRWS] 2.2.2) to
         * announce now rather than on its own schedule. */
        BrwFrame f;
        brw_frame_init(&f, BRW_FRAME_ANNOUNCEMENT_REQUEST);
        g_strlcpy(f.request.response_name, e->cfg.netbios_name, sizeof f.request.response_name);
        brw_engine_send_to_group(e, &f, 0x00);
    }
    e->backup_review_due = now_us + BACKUP_REVIEW_PERIOD;
    brw_domain_on_master(e, now_us);
}

void
brw_master_on_claim_result(BrwEngine *e, gint64 now_us, gboolean ok)
{
    if (!e->claiming) {
        /* We lost or stopped while the registration was out: give the name back. */
        if (ok && e->role != BRW_ROLE_MASTER)
            release_master_names(e);
        return;
    }
    e->claiming = FALSE;
    if (ok) {
        become_master(e, now_us);
        return;
    }
    /* BRWS-037: a defender holds <1D>; no LMB duties, elect again after a back-off. */
    e->counters.name_failures++;
    e->claim_failures++;
    brw_engine_name_op(e, BRW_EFFECT_RELEASE_NAME, NULL, 0x01, TRUE);
    e->claim_retry_due = now_us + claim_backoff(e->claim_failures);
    /* Someone holds <1D>: the retry above is the one way back in; looking for the master
     * meanwhile would only add elections. */
    e->master_silence_due = BRW_NEVER;
}

void
brw_master_leave(BrwEngine *e)
{
    if (e->role != BRW_ROLE_MASTER)
        return;
    release_master_names(e);
    e->lma_due = e->lma_reply_due = e->domain_due = e->backup_review_due = BRW_NEVER;
    g_hash_table_remove_all(e->promoted);
    brw_domain_end(e, TRUE); /* what the peers gave stays as long as the lists do */
}

void
brw_master_step_down(BrwEngine *e, gint64 now_us)
{
    if (e->role != BRW_ROLE_MASTER)
        return;
    /* [MS-BRWS] 3.3.5.8 losing, 3.3.5.10 reset: <1D> and __MSBROWSE__ go, the lists
     * and the backup list with them (a potential browser serves nothing, BRWS-076). */
    brw_master_leave(e);
    brw_engine_clear_list(e, e->servers, BRW_EFFECT_SERVER_REMOVED);
    brw_engine_clear_list(e, e->domains, BRW_EFFECT_DOMAIN_REMOVED);
    brw_engine_set_role(e, BRW_ROLE_POTENTIAL);
    brw_engine_set_master(e, "");
    e->master_silence_due = now_us + BRW_ELECTION_SETTLE;
    /* BRWS-035, BRWS-064: the MASTER bit is gone from what we say next, said at once. */
    brw_announce_host(e, now_us, brw_engine_server_type(e));
}

void
brw_master_on_host_announcement(BrwEngine *e, gint64 now_us, const BrwAnnouncement *a,
                                 gboolean local_master_frame)
{
    (void)local_master_frame;
    if (a->server_name[0] == '\0') {
        e->counters.dropped[BRW_DROP_MALFORMED]++;
        return;
    }
    /* BRWS-038: another master of our group on our subnet: elect, so that only one stays
     * ([MS-BRWS] 3.3.5.2, 3.3.5.3, 3.3.5.8). */
    if ((a->server_type & BRW_SV_TYPE_MASTER_BROWSER) &&
        !brw_name_is(a->server_name, e->cfg.netbios_name))
        brw_election_start(e, now_us);

    guint32 type = brw_server_type_sanitize_received(a->server_type);
    if (type == 0) {
        /* [MS-BRWS] 3.2.7, BRWS-055: the server is going away. */
        if (brw_list_remove(e->servers, a->server_name)) {
            brw_engine_emit_entry(e, BRW_EFFECT_SERVER_REMOVED, a->server_name);
            review_soon(e, now_us);
        }
        return;
    }
    const BrwListEntry *old = brw_list_lookup(e->servers, a->server_name);
    guint32 old_type = old != NULL ? old->server_type : 0;
    gboolean is_new = old == NULL;

    BrwListEntry entry = {.source = BRW_SOURCE_LOCAL};
    g_strlcpy(entry.name, a->server_name, sizeof entry.name);
    entry.server_type = type;
    entry.version_major = a->os_major;
    entry.version_minor = a->os_minor;
    g_strlcpy(entry.comment, a->comment, sizeof entry.comment);
    brw_engine_update_entry(e, e->servers, &entry, now_us, lifetime_for(a->periodicity_ms),
                 BRW_EFFECT_SERVER_ADDED);
    /* A confirmed promotion, a new candidate, or a backup that gave up: count again. */
    const guint32 roles = BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_BACKUP_BROWSER;
    if (is_new || ((old_type ^ type) & roles))
        review_soon(e, now_us);
}

void
brw_master_on_domain_announcement(BrwEngine *e, gint64 now_us, const BrwDomainAnnouncement *d)
{
    if (d->machine_group[0] == '\0') {
        e->counters.dropped[BRW_DROP_MALFORMED]++;
        return;
    }
    if (brw_name_is(d->machine_group, e->cfg.workgroup)) {
        /* Another master claims our group here: the same conflict as BRWS-038. */
        brw_election_start(e, now_us);
        return;
    }
    /* [MS-BRWS] 3.3.5.4, BRWS-056: group -> its master, for 3 x Periodicity. */
    BrwListEntry entry = {.source = BRW_SOURCE_LOCAL};
    g_strlcpy(entry.name, d->machine_group, sizeof entry.name);
    entry.server_type = d->server_type | BRW_SV_TYPE_DOMAIN_ENUM;
    entry.version_major = d->config_version_major;
    entry.version_minor = d->config_version_minor;
    g_strlcpy(entry.comment, d->master_name, sizeof entry.comment);
    brw_engine_update_entry(e, e->domains, &entry, now_us, lifetime_for(d->periodicity_ms),
                 BRW_EFFECT_DOMAIN_ADDED);
}

guint
brw_engine_backup_list(const BrwEngine *e, char (*names)[BRW_NAME_SIZE], guint max)
{
    g_return_val_if_fail(e != NULL && names != NULL, 0);
    if (e->role != BRW_ROLE_MASTER)
        return 0;
    /* [MS-BRWS] fn 50, BRWS-057: the master lists itself (Samba lists only itself), then
     * the servers that announced BACKUP_BROWSER (BRWS-065), by name. */
    guint n = 0;
    if (max == 0 || n < max)
        g_strlcpy(names[n++], e->cfg.netbios_name, BRW_NAME_SIZE);
    g_autoptr(GPtrArray) backups =
        brw_list_query(e->servers, BRW_SV_TYPE_BACKUP_BROWSER, TRUE, NULL);
    for (guint i = 0; i < backups->len && (max == 0 || n < max); i++) {
        const BrwListEntry *b = g_ptr_array_index(backups, i);
        if (!brw_name_is(b->name, e->cfg.netbios_name))
            g_strlcpy(names[n++], b->name, BRW_NAME_SIZE);
    }
    return n;
}

static gboolean
response_fits(const BrwEngine *e, const BrwFrame *f, const MsName *dest)
{
    BrwSend send = {.destination = *dest, .frame = *f};
    MsName source;
    ms_name_init(&source, e->cfg.netbios_name, 0x00, e->cfg.scope);
    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    return brw_send_encode(&send, &source, 0, 0, 0, &w) == MS_OK;
}

void
brw_master_on_backup_request(BrwEngine *e, const BrwBackupListRequest *rq,
                             const MsName *requester, guint32 ip, guint16 port)
{
    char base[MS_NAME_LEN];
    ms_name_base(requester, base);
    MsName dest;
    if (ms_name_init(&dest, base, 0x00, e->cfg.scope) != MS_OK) {
        e->counters.dropped[BRW_DROP_MALFORMED]++;
        return;
    }
    /* [MS-BRWS] 3.3.5.9: the token echoed, at most RequestedCount names (BRWS-058), and
     * never more than one datagram holds; to <requester><00> at the request's source. */
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_RESPONSE);
    f.backup_response.token = rq->token;
    guint max = rq->requested_count != 0 ? MIN(rq->requested_count, BRW_BACKUP_LIST_MAX)
                                         : BRW_BACKUP_LIST_MAX;
    guint n = brw_engine_backup_list(e, f.backup_response.names, max);
    f.backup_response.count = (guint8)n;
    while (f.backup_response.count > 1 && !response_fits(e, &f, &dest))
        f.backup_response.count--;
    brw_engine_send(e, &f, &dest, FALSE, ip, port);
}

static void
send_become_backup(BrwEngine *e, gint64 now_us, const char *name)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_BECOME_BACKUP);
    g_strlcpy(f.become_backup.browser_to_promote, name, BRW_NAME_SIZE);
    brw_engine_send_to_computer(e, &f, name); /* [MS-BRWS] 3.3.5.7: <server>[0x00] */
    gint64 *when = g_new(gint64, 1);
    *when = now_us;
    g_hash_table_replace(e->promoted, g_strdup(name), when);
}

static void
send_reset_clear_all(BrwEngine *e, const char *name)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_RESET_STATE_REQUEST);
    f.reset.flags = BRW_RESET_CLEAR_ALL; /* [MS-BRWS] 3.3.5.10, BRWS-063 */
    brw_engine_send_to_computer(e, &f, name);
}

static gboolean
promotion_settled(gpointer key, gpointer value, gpointer user_data)
{
    const BrwEngine *e = ((gpointer *)user_data)[0];
    gint64 now_us = *(const gint64 *)((gpointer *)user_data)[1];
    const BrwListEntry *entry = brw_list_lookup(e->servers, key);
    if (entry == NULL || (entry->server_type & BRW_SV_TYPE_BACKUP_BROWSER))
        return TRUE; /* gone, or confirmed: it counts as a backup now */
    return *(const gint64 *)value + DECLINED_HOLDOFF <= now_us;
}

/* Promotions still waiting for their answer. */
static guint
promotions_pending(const BrwEngine *e, gint64 now_us)
{
    guint n = 0;
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, e->promoted);
    while (g_hash_table_iter_next(&it, NULL, &value))
        if (*(const gint64 *)value + PROMOTION_WAIT > now_us)
            n++;
    return n;
}

void
brw_master_review_backups(BrwEngine *e, gint64 now_us)
{
    if (e->role != BRW_ROLE_MASTER) {
        e->backup_review_due = BRW_NEVER;
        return;
    }
    e->backup_review_due = now_us + BACKUP_REVIEW_PERIOD;
    gpointer ctx[2] = {e, &now_us};
    g_hash_table_foreach_remove(e->promoted, promotion_settled, ctx);

    /* Only servers heard on this subnet count ([MS-BRWS] fn 51 "in the group"). */
    g_autoptr(GPtrArray) local = brw_list_query(e->servers, BRW_SV_TYPE_ALL, TRUE, NULL);
    guint wanted = brw_master_backups_wanted(local->len);
    /* Positions in `local` (its entries are const; the arrays only point into it). */
    g_autoptr(GArray) backups = g_array_new(FALSE, FALSE, sizeof(guint));
    g_autoptr(GArray) candidates = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < local->len; i++) {
        const BrwListEntry *s = g_ptr_array_index(local, i);
        if (brw_name_is(s->name, e->cfg.netbios_name))
            continue;
        if (s->server_type & BRW_SV_TYPE_BACKUP_BROWSER)
            g_array_append_val(backups, i);
        else if ((s->server_type & BRW_SV_TYPE_POTENTIAL_BROWSER) &&
                 !(s->server_type & BRW_SV_TYPE_MASTER_BROWSER) &&
                 !g_hash_table_contains(e->promoted, s->name))
            g_array_append_val(candidates, i);
    }
    guint have = backups->len + promotions_pending(e, now_us);
    /* BRWS-062: ask random candidates (the seed decides) until enough are on their way. */
    while (have < wanted && candidates->len > 0) {
        guint pick = (guint)g_rand_int_range(e->rand, 0, (gint32)candidates->len);
        const BrwListEntry *c = g_ptr_array_index(local, g_array_index(candidates, guint, pick));
        g_array_remove_index_fast(candidates, pick);
        send_become_backup(e, now_us, c->name);
        have++;
    }
    /* BRWS-063: too many (the list shrank): demote the last by name. */
    for (guint i = backups->len; i > wanted; i--) {
        const BrwListEntry *b = g_ptr_array_index(local, g_array_index(backups, guint, i - 1));
        send_reset_clear_all(e, b->name);
    }
}
