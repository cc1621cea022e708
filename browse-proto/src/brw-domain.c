/* Browsing across subnets ([MS-BRWS] 3.3.6, 3.4; brws.md §10): the domain master's and the
 * local master's side of the exchange.
 *
 *  - A domain master holds <group><1B>. A local master announces itself to it with
 *    MasterAnnouncement; the domain master then copies that LMB's local lists
 *    (NetServerEnum2 with LOCAL_LIST_ONLY, BRWS-081), again every sync period, and
 *    forgets the LMB and its entries after 36 min of silence (BRWS-082).
 *  - A local master announces itself to its domain master after winning and every
 *    12 min (BRWS-080), and copies the domain master's whole lists on the same schedule
 *    (BRWS-083).
 *  - Configured sync peers take both parts with each other, without a domain master:
 *    each announces itself to the others and copies their local lists; only listed
 *    addresses are taken as sources.
 *
 * Only a domain master's whole list is copied; from anyone else we take what it heard
 * itself (LOCAL_LIST_ONLY). Copies of copies between equals would keep a stopped server
 * alive forever, each reminding the other of it.
 *
 * Our domain master's copy of what we heard is as old as its last copy from us: when a
 * local entry expires here, the domain master still lists it for up to a period, and
 * taking it back would keep it another. Such names are not taken from the domain master
 * for two periods (a tombstone).
 *
 * Every browser we copy from is a peer, keyed by address. A peer's entries are remembered
 * by name, so that its next copy replaces what it sent before, and an entry goes only
 * when no peer lists it any more. Entries we heard ourselves always win (BRWS-084). The
 * copies themselves are the daemon's (DOMAIN_SYNC effects). */
#include "brw-engine-private.h"

#include <browse-proto/brw-server-type.h>
#include <string.h>

/* A peer's MasterAnnouncements may come often (one per LMB election); its lists are
 * copied at most this often on their account. */
#define RESYNC_MIN BRW_MINUTE

typedef struct {
    guint32 ip;
    char name[BRW_NAME_SIZE]; /* as it announced itself; "" for an address we were given */
    gboolean announce;        /* we send it MasterAnnouncement (our DMB, a sync peer) */
    gboolean whole;           /* we copy all it knows (our DMB), not only its local lists */
    gboolean configured;      /* ours to keep (DMB, sync peer); otherwise an LMB that
                               * announced itself to us, forgotten when it goes quiet */
    gint64 heard_us;          /* its last MasterAnnouncement */
    gint64 announce_due;      /* upstream: our next MasterAnnouncement to it */
    gint64 sync_due;
    gint64 synced_us; /* when the last copy ended, 0 before */
    gboolean sync_pending;
    GHashTable *servers; /* upper-case names its last copy gave us */
    GHashTable *domains;
} BrwPeer;

static void
peer_free(gpointer data)
{
    BrwPeer *p = data;
    g_hash_table_unref(p->servers);
    g_hash_table_unref(p->domains);
    g_free(p);
}

void
brw_domain_init(BrwEngine *e)
{
    e->peers = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, peer_free);
    e->tombstones = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    e->find_dmb_due = BRW_NEVER;
}

void
brw_domain_free(BrwEngine *e)
{
    if (e->peers != NULL)
        g_hash_table_unref(e->peers);
    if (e->tombstones != NULL)
        g_hash_table_unref(e->tombstones);
}

static char *
tombstone_key(const char *name, gboolean domains)
{
    g_autofree char *upper = g_ascii_strup(name, -1);
    return g_strconcat(domains ? "D:" : "S:", upper, NULL);
}

void
brw_domain_on_expired(BrwEngine *e, const BrwListEntry *entry, gboolean domain)
{
    if (entry->source != BRW_SOURCE_LOCAL || e->dmb_ip == 0)
        return; /* only an LMB with a domain master copies its own entries back */
    gint64 *until = g_new(gint64, 1);
    *until = entry->expires_us + 2 * (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
    g_hash_table_replace(e->tombstones, tombstone_key(entry->name, domain), until);
}

static gboolean
tombstone_over(gpointer key, gpointer value, gpointer now)
{
    (void)key;
    return *(const gint64 *)value <= *(const gint64 *)now;
}

static gboolean
buried(BrwEngine *e, const char *name, gboolean domains)
{
    g_autofree char *key = tombstone_key(name, domains);
    return g_hash_table_contains(e->tombstones, key);
}

static gboolean
is_sync_peer(const BrwEngine *e, guint32 ip)
{
    for (guint i = 0; i < e->cfg.n_sync_peers; i++)
        if (e->cfg.sync_peers[i] == ip)
            return TRUE;
    return FALSE;
}

static BrwPeer *
peer_get(BrwEngine *e, guint32 ip)
{
    BrwPeer *p = g_hash_table_lookup(e->peers, GUINT_TO_POINTER(ip));
    if (p != NULL)
        return p;
    p = g_new0(BrwPeer, 1);
    p->ip = ip;
    p->announce_due = p->sync_due = BRW_NEVER;
    p->servers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    p->domains = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_insert(e->peers, GUINT_TO_POINTER(ip), p);
    return p;
}

/* TRUE when a peer other than `except` lists `key` in the same list. */
static gboolean
listed_elsewhere(BrwEngine *e, const BrwPeer *except, const char *key, gboolean domains)
{
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, e->peers);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const BrwPeer *p = value;
        if (p != except && g_hash_table_contains(domains ? p->domains : p->servers, key))
            return TRUE;
    }
    return FALSE;
}

/* Drops the entries `names` gave us that no other peer lists and that are still copies. */
static void
drop_names(BrwEngine *e, BrwPeer *p, GHashTable *names, gboolean domains, GHashTable *keep)
{
    BrwList *list = domains ? e->domains : e->servers;
    BrwEffectKind removed = domains ? BRW_EFFECT_DOMAIN_REMOVED : BRW_EFFECT_SERVER_REMOVED;
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, names);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        if (keep != NULL && g_hash_table_contains(keep, key))
            continue;
        const BrwListEntry *entry = brw_list_lookup(list, key);
        if (entry == NULL || entry->source != BRW_SOURCE_SYNC ||
            listed_elsewhere(e, p, key, domains))
            continue;
        char name[BRW_NAME_SIZE];
        g_strlcpy(name, entry->name, sizeof name);
        brw_list_remove(list, name);
        brw_engine_emit_entry(e, removed, name);
    }
}

/* Makes what `p` contributes to one list equal to its latest copy (BRWS-084: local
 * entries are never replaced, brw_list_update refuses that). */
static void
merge(BrwEngine *e, gint64 now_us, BrwPeer *p, gboolean domains, const BrwListEntry *entries,
      guint n)
{
    BrwList *list = domains ? e->domains : e->servers;
    GHashTable **names = domains ? &p->domains : &p->servers;
    GHashTable *fresh = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    /* Kept through two failed copies and a bit more: then the peer is gone anyway. */
    gint64 lifetime = 3 * (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
    g_hash_table_foreach_remove(e->tombstones, tombstone_over, &now_us);
    for (guint i = 0; i < n; i++) {
        BrwListEntry entry = entries[i];
        entry.name[BRW_LIST_NAME_MAX] = '\0';
        entry.comment[BRW_LIST_COMMENT_MAX] = '\0';
        entry.source = BRW_SOURCE_SYNC;
        if (entry.name[0] == '\0' || brw_name_is(entry.name, e->cfg.netbios_name) ||
            (p->whole && buried(e, entry.name, domains)))
            continue;
        brw_engine_update_entry(e, list, &entry, now_us, lifetime,
                                domains ? BRW_EFFECT_DOMAIN_ADDED : BRW_EFFECT_SERVER_ADDED);
        g_hash_table_add(fresh, g_ascii_strup(entry.name, -1));
    }
    drop_names(e, p, *names, domains, fresh);
    g_hash_table_unref(*names);
    *names = fresh;
}

static void
peer_forget(BrwEngine *e, BrwPeer *p, gboolean keep_lists)
{
    if (!keep_lists) {
        drop_names(e, p, p->servers, FALSE, NULL);
        drop_names(e, p, p->domains, TRUE, NULL);
    }
    g_hash_table_remove(e->peers, GUINT_TO_POINTER(p->ip));
}

static void request_sync(BrwEngine *e, BrwPeer *p);

/* ---- our side as local master ------------------------------------------------------ */

/* MasterAnnouncement ([MS-BRWS] 2.2.8) to a domain master at <group><1B>, or to a sync
 * peer's <group><1D>: the names each of them holds (Samba takes datagrams for its own
 * names only). */
static void
announce_to(BrwEngine *e, const BrwPeer *p)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_MASTER_ANNOUNCEMENT);
    g_strlcpy(f.master.master_name, e->cfg.netbios_name, sizeof f.master.master_name);
    MsName dest;
    ms_name_init(&dest, e->cfg.workgroup, p->ip == e->dmb_ip ? 0x1B : 0x1D, e->cfg.scope);
    brw_engine_send(e, &f, &dest, FALSE, p->ip, 0);
}

/* Our domain master (`whole`) or a sync peer: announced to and copied from from now on. */
static void
add_configured(BrwEngine *e, gint64 now_us, guint32 ip, gboolean whole)
{
    BrwPeer *p = peer_get(e, ip);
    p->configured = p->announce = TRUE;
    p->whole = p->whole || whole;
    p->announce_due = now_us; /* BRWS-080: right after winning */
    if (!p->sync_pending)
        p->sync_due = now_us;
}

void
brw_domain_on_master(BrwEngine *e, gint64 now_us)
{
    for (guint i = 0; i < e->cfg.n_sync_peers; i++)
        add_configured(e, now_us, e->cfg.sync_peers[i], FALSE);
    if (e->dmb_held) {
        /* the domain master is its own */
    } else if (e->cfg.domain_master_ip != 0) {
        e->dmb_ip = e->cfg.domain_master_ip;
        add_configured(e, now_us, e->dmb_ip, TRUE);
    } else {
        e->find_dmb_due = now_us;
    }
    brw_domain_on_timers(e, now_us); /* what is due now happens in this call */
}

void
brw_domain_on_found(BrwEngine *e, gint64 now_us, guint32 ip)
{
    if (e->role != BRW_ROLE_MASTER || e->dmb_held || e->cfg.domain_master_ip != 0)
        return;
    if (ip == 0 || ip == e->dmb_ip) {
        /* none yet (a pure workgroup, BRWS §1.3), or the one we know: ask again later */
        e->find_dmb_due = now_us + (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
        return;
    }
    BrwPeer *old = g_hash_table_lookup(e->peers, GUINT_TO_POINTER(e->dmb_ip));
    if (old != NULL && !is_sync_peer(e, old->ip))
        peer_forget(e, old, FALSE);
    e->dmb_ip = ip;
    add_configured(e, now_us, ip, TRUE);
    e->find_dmb_due = now_us + (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
    brw_domain_on_timers(e, now_us);
}

void
brw_domain_end(BrwEngine *e, gboolean keep_lists)
{
    g_autoptr(GList) peers = g_hash_table_get_values(e->peers);
    for (GList *l = peers; l != NULL; l = l->next)
        peer_forget(e, l->data, keep_lists);
    e->dmb_ip = 0;
    e->find_dmb_due = BRW_NEVER;
    g_hash_table_remove_all(e->tombstones);
}

/* ---- the domain master's side -------------------------------------------------------- */

void
brw_domain_start(BrwEngine *e)
{
    /* BRWS-085: only a domain master registers <group><1B>. */
    if (e->cfg.browser && e->cfg.domain_master)
        brw_engine_name_op(e, BRW_EFFECT_REGISTER_NAME, e->cfg.workgroup, 0x1B, FALSE);
}

gboolean
brw_domain_on_name(BrwEngine *e, const MsName *name, gboolean held)
{
    MsName dmb;
    ms_name_init(&dmb, e->cfg.workgroup, 0x1B, e->cfg.scope);
    if (!ms_name_equal(name, &dmb))
        return FALSE;
    if (!held)
        e->counters.name_failures++; /* another domain master: we are only an LMB */
    e->dmb_held = held;
    return TRUE;
}

gboolean
brw_domain_on_master_announcement(BrwEngine *e, gint64 now_us, const BrwMasterAnnouncement *m,
                                  guint32 src_ip)
{
    /* BRWS-081: a domain master takes any LMB; anyone else only its listed peers. */
    if (e->role != BRW_ROLE_MASTER || src_ip == 0 || (!e->dmb_held && !is_sync_peer(e, src_ip)))
        return FALSE;
    BrwPeer *p = peer_get(e, src_ip);
    if (m->master_name[0] != '\0')
        g_strlcpy(p->name, m->master_name, sizeof p->name);
    p->heard_us = now_us;
    if (!p->sync_pending && (p->synced_us == 0 || now_us - p->synced_us >= RESYNC_MIN))
        request_sync(e, p); /* BRWS-081: within seconds */
    return TRUE;
}

/* ---- copies ------------------------------------------------------------------------ */

static void
request_sync(BrwEngine *e, BrwPeer *p)
{
    p->sync_due = BRW_NEVER;
    p->sync_pending = TRUE;
    BrwEffect fx = {.kind = BRW_EFFECT_DOMAIN_SYNC};
    fx.domain_sync.ip = p->ip;
    g_strlcpy(fx.domain_sync.peer, p->name, sizeof fx.domain_sync.peer);
    /* BRWS-083: everything from our domain master; BRWS-081: from anyone else only what
     * it heard itself, so that copies never travel in circles. */
    fx.domain_sync.server_type = p->whole ? BRW_SV_TYPE_ALL : BRW_SV_TYPE_LOCAL_LIST_ONLY;
    fx.domain_sync.domain_type =
        p->whole ? BRW_SV_TYPE_DOMAIN_ENUM : BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_LOCAL_LIST_ONLY;
    brw_engine_emit(e, &fx);
}

void
brw_domain_on_sync_result(BrwEngine *e, gint64 now_us, guint32 ip, gboolean ok,
                          const BrwListEntry *servers, guint n_servers, const BrwListEntry *domains,
                          guint n_domains)
{
    BrwPeer *p = g_hash_table_lookup(e->peers, GUINT_TO_POINTER(ip));
    if (p == NULL || !p->sync_pending)
        return; /* forgotten meanwhile, or never asked */
    p->sync_pending = FALSE;
    p->synced_us = now_us;
    p->sync_due = now_us + (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
    if (!ok) {
        e->counters.syncs_failed++;
        return; /* what it gave before stays until it expires */
    }
    e->counters.syncs_ok++;
    merge(e, now_us, p, FALSE, servers, n_servers);
    merge(e, now_us, p, TRUE, domains, n_domains);
}

void
brw_domain_on_timers(BrwEngine *e, gint64 now_us)
{
    if (brw_due(e->find_dmb_due, now_us)) {
        e->find_dmb_due = now_us + (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
        BrwEffect fx = {.kind = BRW_EFFECT_FIND_DOMAIN_MASTER};
        brw_engine_emit(e, &fx);
    }
    g_autoptr(GList) peers = g_hash_table_get_values(e->peers);
    gint64 silence = (gint64)e->cfg.timing.lmb_expiry_ms * BRW_MS;
    for (GList *l = peers; l != NULL; l = l->next) {
        BrwPeer *p = l->data;
        if (!p->configured && p->heard_us + silence <= now_us) {
            peer_forget(e, p, FALSE); /* BRWS-082 */
            continue;
        }
        if (brw_due(p->announce_due, now_us)) {
            announce_to(e, p);
            p->announce_due = now_us + (gint64)e->cfg.timing.domain_sync_ms * BRW_MS;
        }
        if (brw_due(p->sync_due, now_us))
            request_sync(e, p);
    }
}

gint64
brw_domain_next_deadline(const BrwEngine *e)
{
    gint64 next = e->find_dmb_due;
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, e->peers);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const BrwPeer *p = value;
        next = MIN(next, MIN(p->announce_due, p->sync_due));
        if (!p->configured)
            next = MIN(next, p->heard_us + (gint64)e->cfg.timing.lmb_expiry_ms * BRW_MS);
    }
    return next;
}
