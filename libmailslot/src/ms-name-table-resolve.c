/* Resolving a unique name for our user: the B-node find_name (RFC 1002 §5.1.1.3), conflict
 * detection on the answers (§5.1.1.5 "POSITIVE NAME QUERY RESPONSE"), and the cache.
 *
 * The cache is bounded: expired entries go first, and when every entry is still fresh a
 * new answer is not cached (it is still delivered), as the project's caps refuse rather
 * than evict. */
#include "ms-name-table-private.h"

#include <string.h>

static void
emit_resolved(MsNameTable *t, const MsName *name, guint32 ip, guint16 nb_flags, guint32 ttl_s,
              MsNameAnswerSource source)
{
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = MS_NAME_TABLE_EFFECT_RESOLVED;
    fx.name = *name;
    fx.group = (nb_flags & MS_NB_FLAG_GROUP) != 0;
    fx.resolved.ip = ip;
    fx.resolved.nb_flags = nb_flags;
    fx.resolved.ttl_s = ttl_s;
    fx.resolved.source = source;
    t->counters.resolved++;
    ms_name_table_emit(t, &fx);
}

static void
emit_unresolved(MsNameTable *t, const MsName *name)
{
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = MS_NAME_TABLE_EFFECT_UNRESOLVED;
    fx.name = *name;
    t->counters.unresolved++;
    ms_name_table_emit(t, &fx);
}

/* ---- cache --------------------------------------------------------------------------- */

static gint
cache_index(const MsNameTable *t, const MsName *name)
{
    for (guint i = 0; i < t->cache->len; i++) {
        if (ms_name_equal(&g_array_index(t->cache, MsNtCacheEntry, i).name, name))
            return (gint)i;
    }
    return -1;
}

void
ms_name_table_cache_purge(MsNameTable *t, gint64 now_us)
{
    for (guint i = 0; i < t->cache->len;) {
        if (g_array_index(t->cache, MsNtCacheEntry, i).expires_us <= now_us)
            g_array_remove_index_fast(t->cache, i);
        else
            i++;
    }
}

static void
cache_insert(MsNameTable *t, gint64 now_us, const MsName *name, const MsNbAddrEntry *entry,
             guint32 ttl_s)
{
    /* An answer's TTL 0 means "infinite" (RFC 1002 §4.2.1.3); ours is the upper bound. */
    guint32 keep_s = t->cfg.cache_ttl_s;
    if (ttl_s != 0 && ttl_s < keep_s)
        keep_s = ttl_s;
    if (t->cfg.cache_size == 0 || keep_s == 0)
        return;
    ms_name_table_cache_purge(t, now_us);
    gint i = cache_index(t, name);
    if (i < 0) {
        if (t->cache->len >= t->cfg.cache_size) {
            t->counters.cache_full++;
            return;
        }
        MsNtCacheEntry fresh;
        memset(&fresh, 0, sizeof fresh);
        fresh.name = *name;
        g_array_append_val(t->cache, fresh);
        i = (gint)t->cache->len - 1;
    }
    MsNtCacheEntry *c = &g_array_index(t->cache, MsNtCacheEntry, i);
    c->ip = entry->addr;
    c->nb_flags = entry->nb_flags;
    c->expires_us = now_us + (gint64)keep_s * MS_NT_SECOND;
}

/* The entry of `name` if it is still fresh at now_us. */
static const MsNtCacheEntry *
cache_fresh(const MsNameTable *t, gint64 now_us, const MsName *name)
{
    gint i = cache_index(t, name);
    if (i < 0)
        return NULL;
    const MsNtCacheEntry *c = &g_array_index(t->cache, MsNtCacheEntry, i);
    return c->expires_us > now_us ? c : NULL;
}

gboolean
ms_name_table_cache_lookup(const MsNameTable *t, gint64 now_us, const MsName *name, guint32 *ip,
                           guint16 *nb_flags)
{
    g_return_val_if_fail(t != NULL && name != NULL, FALSE);
    const MsNtCacheEntry *c = cache_fresh(t, now_us, name);
    if (c == NULL)
        return FALSE;
    if (ip)
        *ip = c->ip;
    if (nb_flags)
        *nb_flags = c->nb_flags;
    return TRUE;
}

gboolean
ms_name_table_cache_forget(MsNameTable *t, const MsName *name, guint32 addr)
{
    gint i = cache_index(t, name);
    if (i < 0 || g_array_index(t->cache, MsNtCacheEntry, i).ip != addr)
        return FALSE;
    g_array_remove_index_fast(t->cache, (guint)i);
    return TRUE;
}

gboolean
ms_name_table_cache_update(MsNameTable *t, const MsName *name, const MsNbAddrEntry *entry)
{
    gint i = cache_index(t, name);
    if (i < 0)
        return FALSE;
    MsNtCacheEntry *c = &g_array_index(t->cache, MsNtCacheEntry, i);
    c->ip = entry->addr;
    c->nb_flags = entry->nb_flags;
    return TRUE;
}

/* ---- queries ------------------------------------------------------------------------- */

static MsNtQuery *
find_query(const MsNameTable *t, const MsName *name)
{
    for (guint i = 0; i < t->queries->len; i++) {
        MsNtQuery *q = &g_array_index(t->queries, MsNtQuery, i);
        if (ms_name_equal(&q->name, name))
            return q;
    }
    return NULL;
}

/* A response belongs to a query by its transaction id and its name (§5.1.1.3: "IF NOT
 * response tid = request tid THEN ignore packet"). */
static MsNtQuery *
find_query_by_trn(const MsNameTable *t, guint16 trn_id, const MsName *name)
{
    MsNtQuery *q = find_query(t, name);
    return (q != NULL && q->trn_id == trn_id) ? q : NULL;
}

/* One NAME QUERY REQUEST (§4.2.12: RD), broadcast with B (0x0110) or to the WINS server
 * (0x0100), then a pause; retries reuse the transaction id. */
void
ms_name_table_send_query(MsNameTable *t, gint64 now_us, MsNtQuery *q)
{
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = ms_nbns_build_name_query(&w, q->trn_id, &q->name, !q->via_wins);
    MsNtDest to = ms_name_table_request_dest(t, q->via_wins);
    ms_name_table_send(t, st, &q->name, &to, &w);
    q->sends++;
    q->due = now_us + ms_name_table_retry_pause(t, q->via_wins);
}

void
ms_name_table_start_query(MsNameTable *t, gint64 now_us, MsNtQuery *q, gboolean via_wins)
{
    q->trn_id = ms_name_table_new_trn_id(t);
    q->via_wins = via_wins;
    q->sends = 0;
    q->wacked = FALSE;
    ms_name_table_send_query(t, now_us, q);
}

void
ms_name_table_resolve(MsNameTable *t, gint64 now_us, const MsName *name)
{
    g_return_if_fail(t != NULL && name != NULL);
    ms_name_table_cache_purge(t, now_us);
    const MsNtName *own = ms_name_table_find(t, name, NULL);
    const MsNtCacheEntry *c;
    MsNtQuery *q;

    if (!ms_name_scope_equal(name, t->cfg.scope) || ms_name_table_is_wildcard(name)) {
        emit_unresolved(t, name);
    } else if (own != NULL && own->state == MS_NAME_STATE_HELD && !own->group) {
        /* Our own broadcasts never reach us, so our own names are answered here. */
        MsNbAddrEntry e = ms_name_table_own_entry(t, FALSE);
        emit_resolved(t, name, e.addr, e.nb_flags, t->cfg.answer_ttl_s, MS_NAME_ANSWER_SELF);
    } else if ((c = cache_fresh(t, now_us, name)) != NULL) {
        guint32 left_s = (guint32)((c->expires_us - now_us + MS_NT_SECOND - 1) / MS_NT_SECOND);
        emit_resolved(t, name, c->ip, c->nb_flags, left_s, MS_NAME_ANSWER_CACHE);
    } else if ((q = find_query(t, name)) != NULL) {
        /* One query per name: a pending one answers every caller when it ends. One already
         * answered (only when the cache could not keep it) answers from its record. */
        if (q->answered)
            emit_resolved(t, name, q->ip, q->nb_flags, 0, MS_NAME_ANSWER_CACHE);
        else
            q->waiters++;
    } else if (t->queries->len >= t->cfg.max_queries) {
        emit_unresolved(t, name);
    } else {
        MsNtQuery fresh;
        memset(&fresh, 0, sizeof fresh);
        fresh.name = *name;
        fresh.waiters = 1;
        g_array_append_val(t->queries, fresh);
        q = &g_array_index(t->queries, MsNtQuery, t->queries->len - 1);
        /* An H-node asks its WINS server first (RFC 1001 §15.4). */
        ms_name_table_start_query(t, now_us, q, ms_name_table_has_wins(t));
    }
    ms_name_table_flush(t);
}

void
ms_name_table_query_on_timer(MsNameTable *t, gint64 now_us, guint index)
{
    MsNtQuery *q = &g_array_index(t->queries, MsNtQuery, index);
    if (q->answered) {
        /* CONFLICT_TIMER ran out (or a WINS answer came): later answers are no longer
         * compared. */
        g_array_remove_index(t->queries, index);
    } else if (q->via_wins) {
        ms_name_table_wins_query_on_timer(t, now_us, q);
    } else if (q->sends < t->cfg.timing.retry_count) {
        ms_name_table_send_query(t, now_us, q);
    } else {
        /* §5.1.1.3: no response after the last retry: failure. */
        for (guint i = 0; i < q->waiters; i++)
            emit_unresolved(t, &q->name);
        g_array_remove_index(t->queries, index);
    }
}

/* NBT-018: a second, different positive answer for a unique name while the conflict timer
 * runs. The later responder gets a NAME CONFLICT DEMAND (a registration response with
 * CFT_ERR, §4.2.8) at the well-known port, as demands always go there (§4.2.1.1), and the
 * cache forgets the name: which of the two owns it is not ours to say. */
static void
demand_conflict(MsNameTable *t, const MsNbnsPacket *p, MsNtQuery *q, const MsNbAddrEntry *later,
                guint32 src_ip)
{
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = ms_nbns_build_registration_response(&w, p->trn_id, MS_NBNS_RCODE_CFT_ERR,
                                                      &p->answer.name, later, 0);
    MsNtDest to = ms_name_table_unicast(src_ip, MS_NBNS_PORT);
    ms_name_table_send(t, st, &q->name, &to, &w);
    t->counters.conflicts_demanded++;
    gint i = cache_index(t, &q->name);
    if (i >= 0)
        g_array_remove_index_fast(t->cache, (guint)i);
}

void
ms_name_table_query_answer(MsNameTable *t, gint64 now_us, MsNtQuery *q, const MsNbAddrEntry *entry,
                           guint32 ttl_s)
{
    q->answered = TRUE;
    q->ip = entry->addr;
    q->nb_flags = entry->nb_flags;
    cache_insert(t, now_us, &q->name, entry, ttl_s);
    for (guint i = 0; i < q->waiters; i++)
        emit_resolved(t, &q->name, entry->addr, entry->nb_flags, ttl_s, MS_NAME_ANSWER_NETWORK);
    q->waiters = 0;
}

MsNameTableDropReason
ms_name_table_on_query_response(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p,
                                guint32 src_ip)
{
    MsNtQuery *q = find_query_by_trn(t, p->trn_id, &p->answer.name);
    MsNbAddrEntry entry;
    if (q == NULL)
        return MS_NAME_TABLE_DROP_UNSOLICITED;
    /* §5.1.1.3: negative and redirect responses come from an NBNS; a B-node ignores them. */
    if (ms_nbns_rcode(p) != MS_NBNS_RCODE_OK || p->answer.type != MS_NBNS_TYPE_NB ||
        !ms_nbns_nb_entry(&p->answer, 0, &entry))
        return MS_NAME_TABLE_DROP_IGNORED;
    if (!q->answered) {
        /* The first positive answer wins; the conflict timer starts. */
        ms_name_table_query_answer(t, now_us, q, &entry, p->answer.ttl);
        q->due = now_us + (gint64)t->cfg.timing.conflict_timer_ms * MS_NT_MS;
        return MS_NT_HANDLED;
    }
    /* The same owner again (Samba answers twice, once per socket), a group (many owners
     * by design), or a responder we already told: nothing to do. */
    if (entry.addr == q->ip || ((q->nb_flags | entry.nb_flags) & MS_NB_FLAG_GROUP) != 0 ||
        (q->demanded && entry.addr == q->demanded_ip))
        return MS_NT_HANDLED;
    demand_conflict(t, p, q, &entry, src_ip);
    q->demanded = TRUE;
    q->demanded_ip = entry.addr;
    return MS_NT_HANDLED;
}

MsNameTableDropReason
ms_name_table_query_on_wack(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p)
{
    MsNtQuery *q = find_query_by_trn(t, p->trn_id, &p->answer.name);
    if (q == NULL)
        return MS_NAME_TABLE_DROP_UNSOLICITED;
    if (q->answered || q->wacked)
        return MS_NAME_TABLE_DROP_IGNORED;
    /* §4.2.16, NBT-021: wait the TTL (once, capped) before the next retry. */
    q->wacked = TRUE;
    q->due = MAX(q->due, now_us + ms_name_table_wack_delay(t, p->answer.ttl));
    return MS_NT_HANDLED;
}
