/* Per-source token buckets (bd-source-rate.h). */
#include "bd-source-rate.h"

#include "bd-log.h"

struct BdSourceRate {
    guint per_second;
    guint burst;
    guint max_sources;
    GHashTable *buckets; /* GUINT_TO_POINTER(ip) -> BdRateLimit* */
    BdRateLimit shared;  /* for sources beyond max_sources */
    gint64 last_sweep_us;
    BdSourceRateCounters counters;
};

BdSourceRate *
bd_source_rate_new(guint per_second, guint burst, guint max_sources)
{
    BdSourceRate *r = g_new0(BdSourceRate, 1);
    r->per_second = per_second;
    r->burst = MAX(burst, 1);
    r->max_sources = MAX(max_sources, 1);
    r->buckets = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    r->shared = (BdRateLimit)BD_RATE_LIMIT_INIT(r->burst, per_second);
    r->last_sweep_us = G_MININT64;
    return r;
}

void
bd_source_rate_free(BdSourceRate *r)
{
    if (r == NULL)
        return;
    g_hash_table_destroy(r->buckets);
    g_free(r);
}

/* Drops the buckets that would be full again by now: forgetting them changes nothing. */
static void
sweep(BdSourceRate *r, gint64 now_us)
{
    r->last_sweep_us = now_us;
    gint64 refill_us = (gint64)r->burst * G_USEC_PER_SEC / r->per_second + 1;
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, r->buckets);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        const BdRateLimit *b = value;
        if (now_us - b->last_us >= refill_us)
            g_hash_table_iter_remove(&it);
    }
}

static BdRateLimit *
bucket_for(BdSourceRate *r, guint32 ip, gint64 now_us)
{
    BdRateLimit *b = g_hash_table_lookup(r->buckets, GUINT_TO_POINTER(ip));
    if (b != NULL)
        return b;
    if (g_hash_table_size(r->buckets) >= r->max_sources &&
        (r->last_sweep_us == G_MININT64 || now_us - r->last_sweep_us >= G_USEC_PER_SEC))
        sweep(r, now_us); /* O(table), at most once a second */
    if (g_hash_table_size(r->buckets) >= r->max_sources) {
        r->counters.shared++;
        return &r->shared;
    }
    b = g_new(BdRateLimit, 1);
    *b = (BdRateLimit)BD_RATE_LIMIT_INIT(r->burst, r->per_second);
    b->last_us = now_us;
    g_hash_table_insert(r->buckets, GUINT_TO_POINTER(ip), b);
    return b;
}

gboolean
bd_source_rate_admit(BdSourceRate *r, guint32 ip, gint64 now_us)
{
    if (r->per_second == 0) {
        r->counters.admitted++;
        return TRUE;
    }
    if (!bd_rate_limit_allow(bucket_for(r, ip, now_us), now_us, NULL)) {
        r->counters.limited++;
        return FALSE;
    }
    r->counters.admitted++;
    return TRUE;
}

guint
bd_source_rate_sources(const BdSourceRate *r)
{
    return g_hash_table_size(r->buckets);
}

const BdSourceRateCounters *
bd_source_rate_counters(const BdSourceRate *r)
{
    return &r->counters;
}
