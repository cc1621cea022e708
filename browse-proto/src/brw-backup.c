/* Following the master and backup duties ([MS-BRWS] 3.3.5.1, 3.3.5.2, 3.3.5.10, 3.3.6;
 * brws.md §8.3, §8.4): finding the master, BecomeBackup, the periodic list copy (run by
 * the daemon as a SYNC effect) and ResetStateRequest. */
#include "brw-engine-private.h"

#include <string.h>

#include <browse-proto/brw-server-type.h>

/* [MS-BRWS] 3.3.5.1, fn 49: three FindMaster expiries without a master start an election. */
#define FIND_MASTER_TRIES 3
/* [MS-BRWS] 3.3.6: two failed copies in a row start an election (BRWS-040). */
#define SYNC_FAILURES_ELECT 2
/* After a failed copy, try again this soon rather than a full period later. */
#define SYNC_RETRY BRW_MINUTE

static void
send_announcement_request_to_master(BrwEngine *e)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_ANNOUNCEMENT_REQUEST);
    g_strlcpy(f.request.response_name, e->cfg.netbios_name, sizeof f.request.response_name);
    brw_engine_send_to_group(e, &f, 0x1D); /* [MS-BRWS] 2.2.2: "force the master" */
}

void
brw_backup_look_for_master(BrwEngine *e, gint64 now_us)
{
    if (e->electing || e->claiming)
        return; /* the election will name one */
    brw_engine_set_master(e, "");
    e->find_master_misses = 0;
    send_announcement_request_to_master(e);
    e->find_master_due = now_us + (gint64)e->cfg.timing.find_master_ms * BRW_MS;
}

void
brw_backup_on_find_master_timer(BrwEngine *e, gint64 now_us)
{
    e->find_master_due = BRW_NEVER;
    if ((e->role != BRW_ROLE_POTENTIAL && e->role != BRW_ROLE_BACKUP) || e->master[0] != '\0')
        return;
    if (++e->find_master_misses < FIND_MASTER_TRIES) {
        send_announcement_request_to_master(e);
        e->find_master_due = now_us + (gint64)e->cfg.timing.find_master_ms * BRW_MS;
        return;
    }
    /* BRWS-072: nobody answers for <1D>. A browser that may not stand still makes the
     * others elect ([MS-BRWS] 3.1.6 form: Version 0, Criteria 0). */
    e->find_master_misses = 0;
    if (e->cfg.local_master)
        brw_election_start(e, now_us);
    else
        brw_election_send_forced(e);
    e->fruitless_searches++;
    e->master_silence_due = now_us + brw_backup_search_delay(e);
}

gint64
brw_backup_search_delay(const BrwEngine *e)
{
    /* A browser that cannot hear the master (a one-way link, a filtering switch) would
     * otherwise call an election every FindMaster + settle period, forever. */
    guint doublings = e->fruitless_searches > 0 ? MIN(e->fruitless_searches - 1, 5u) : 0;
    return MIN(BRW_ELECTION_SETTLE << doublings, 12 * BRW_MINUTE);
}

static void
request_sync(BrwEngine *e)
{
    if (e->sync_pending || e->master[0] == '\0')
        return;
    e->sync_pending = TRUE;
    e->sync_due = BRW_NEVER;
    BrwEffect fx = {.kind = BRW_EFFECT_SYNC};
    g_strlcpy(fx.master, e->master, sizeof fx.master);
    brw_engine_emit(e, &fx);
}

void
brw_backup_note_master(BrwEngine *e, gint64 now_us, const char *name, guint32 periodicity_ms)
{
    gboolean changed = !brw_name_is(e->master, name);
    brw_engine_set_master(e, name);
    e->find_master_due = BRW_NEVER;
    e->find_master_misses = 0;
    /* The master tells when it speaks next; two missed announcements and a minute's grace
     * and we look for it again (a dead master is replaced without waiting for syncs). */
    gint64 period = CLAMP((gint64)periodicity_ms * BRW_MS, BRW_MINUTE, 60 * BRW_MINUTE);
    e->master_silence_due = now_us + 2 * period + BRW_MINUTE;
    if (e->role == BRW_ROLE_BACKUP && (changed || !e->backup_confirmed))
        request_sync(e); /* BRWS-073: copy from whoever is master now */
}

void
brw_backup_on_local_master(BrwEngine *e, gint64 now_us, const BrwAnnouncement *a)
{
    if (a->server_name[0] == '\0') {
        e->counters.dropped[BRW_DROP_MALFORMED]++;
        return;
    }
    e->fruitless_searches = 0; /* heard the master itself, not only of it */
    brw_backup_note_master(e, now_us, a->server_name, a->periodicity_ms);
}

void
brw_backup_on_become_backup(BrwEngine *e, gint64 now_us, const BrwBecomeBackup *b)
{
    /* BRWS-071: the broadcast form reaches everyone; only the named browser acts. */
    if (!brw_name_is(b->browser_to_promote, e->cfg.netbios_name)) {
        e->counters.dropped[BRW_DROP_NOT_FOR_US]++;
        return;
    }
    /* BRWS-070: copy the master's lists first; the BACKUP bit shows once that worked. */
    brw_engine_set_role(e, BRW_ROLE_BACKUP);
    e->backup_confirmed = FALSE;
    e->sync_failures = 0;
    if (e->master[0] != '\0')
        request_sync(e);
    else
        brw_backup_look_for_master(e, now_us);
}

void
brw_backup_on_sync_timer(BrwEngine *e, gint64 now_us)
{
    e->sync_due = BRW_NEVER;
    if (e->role != BRW_ROLE_BACKUP)
        return;
    if (e->master[0] == '\0')
        brw_backup_look_for_master(e, now_us);
    else
        request_sync(e); /* BRWS-074 */
}

/* Makes the synced part of `list` equal to `entries`: entries heard locally stay, synced
 * ones the master no longer lists go (with their events), the rest are renewed. */
static void
replace_synced(BrwEngine *e, BrwList *list, const BrwListEntry *entries, guint n,
               gint64 now_us, BrwEffectKind added, BrwEffectKind removed)
{
    g_autoptr(GHashTable) fresh = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree char **upper = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++) {
        upper[i] = g_ascii_strup(entries[i].name, -1);
        g_hash_table_add(fresh, upper[i]);
    }
    g_autoptr(GPtrArray) old = brw_list_query(list, BRW_SV_TYPE_ALL, FALSE, NULL);
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < old->len; i++) {
        const BrwListEntry *o = g_ptr_array_index(old, i);
        g_autofree char *key = g_ascii_strup(o->name, -1);
        if (o->source == BRW_SOURCE_SYNC && !g_hash_table_contains(fresh, key))
            g_ptr_array_add(gone, g_strdup(o->name));
    }
    for (guint i = 0; i < gone->len; i++) {
        brw_list_remove(list, g_ptr_array_index(gone, i));
        brw_engine_emit_entry(e, removed, g_ptr_array_index(gone, i));
    }
    /* Kept until two copies have failed and a bit more: then the master is gone anyway. */
    gint64 lifetime = 3 * (gint64)e->cfg.timing.backup_sync_ms * BRW_MS;
    for (guint i = 0; i < n; i++) {
        BrwListEntry entry = entries[i];
        entry.source = BRW_SOURCE_SYNC;
        entry.name[BRW_LIST_NAME_MAX] = '\0';
        entry.comment[BRW_LIST_COMMENT_MAX] = '\0';
        brw_engine_update_entry(e, list, &entry, now_us, lifetime, added);
    }
    for (guint i = 0; i < n; i++)
        g_free(upper[i]);
}

void
brw_backup_on_sync_result(BrwEngine *e, gint64 now_us, gboolean ok,
                          const BrwListEntry *servers, guint n_servers,
                          const BrwListEntry *domains, guint n_domains)
{
    if (!e->sync_pending)
        return; /* nobody asked, or the role ended meanwhile */
    e->sync_pending = FALSE;
    if (e->role != BRW_ROLE_BACKUP)
        return;
    if (!ok) {
        e->counters.syncs_failed++;
        if (++e->sync_failures >= SYNC_FAILURES_ELECT) {
            e->sync_failures = 0;
            brw_election_start(e, now_us); /* BRWS-040 */
        }
        e->sync_due = now_us + MIN(SYNC_RETRY, (gint64)e->cfg.timing.backup_sync_ms * BRW_MS);
        return;
    }
    e->counters.syncs_ok++;
    e->sync_failures = 0;
    replace_synced(e, e->servers, servers, n_servers, now_us, BRW_EFFECT_SERVER_ADDED,
                   BRW_EFFECT_SERVER_REMOVED);
    replace_synced(e, e->domains, domains, n_domains, now_us, BRW_EFFECT_DOMAIN_ADDED,
                   BRW_EFFECT_DOMAIN_REMOVED);
    e->sync_due = now_us + (gint64)e->cfg.timing.backup_sync_ms * BRW_MS;
    if (!e->backup_confirmed) {
        /* BRWS-070: now we can serve, say so at once. */
        e->backup_confirmed = TRUE;
        brw_announce_host(e, now_us, brw_engine_server_type(e));
    }
}

void
brw_backup_end(BrwEngine *e, gboolean keep_lists)
{
    e->sync_due = BRW_NEVER;
    e->sync_pending = FALSE;
    e->backup_confirmed = FALSE;
    e->sync_failures = 0;
    if (!keep_lists) {
        brw_engine_clear_list(e, e->servers, BRW_EFFECT_SERVER_REMOVED);
        brw_engine_clear_list(e, e->domains, BRW_EFFECT_DOMAIN_REMOVED);
    }
}

void
brw_backup_on_reset(BrwEngine *e, gint64 now_us, guint8 flags)
{
    /* [MS-BRWS] 3.3.5.10, BRWS-060, BRWS-075. STOP (0x04) never reaches here. */
    if (e->role == BRW_ROLE_MASTER && (flags & (BRW_RESET_STOP_MASTER | BRW_RESET_CLEAR_ALL))) {
        brw_master_step_down(e, now_us);
    } else if (e->role == BRW_ROLE_BACKUP && (flags & BRW_RESET_CLEAR_ALL)) {
        brw_backup_end(e, FALSE);
        brw_engine_set_role(e, BRW_ROLE_POTENTIAL);
        brw_announce_host(e, now_us, brw_engine_server_type(e));
    }
}
