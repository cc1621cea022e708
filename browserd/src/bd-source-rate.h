/* Per-source rate limits for what arrives on UDP 137/138 (issue 8, docs/SECURITY.md): one
 * token bucket per source address, so one flooding host cannot starve the others of the
 * daemon's time.
 *
 * The table is bounded: at `max_sources` addresses, buckets that have refilled (their
 * source idle long enough that a new bucket would be the same) are swept, at most once a
 * second; if it is still full, new addresses share one bucket, so forged source addresses
 * cost memory up to the cap and no more, and the sources already known keep their own.
 * Pure: time is an argument. */
#pragma once

#include <glib.h>

typedef struct {
    guint64 admitted;
    guint64 limited;  /* refused: the source's bucket (or the shared one) was empty */
    guint64 shared;   /* packets from sources that found the table full */
} BdSourceRateCounters;

typedef struct BdSourceRate BdSourceRate;

/* `per_second` 0 turns the limit off (every packet admitted, nothing remembered). */
BdSourceRate *bd_source_rate_new(guint per_second, guint burst, guint max_sources);
void bd_source_rate_free(BdSourceRate *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdSourceRate, bd_source_rate_free)

/* TRUE when a packet from `ip` (host byte order) may be handled at now_us. */
gboolean bd_source_rate_admit(BdSourceRate *r, guint32 ip, gint64 now_us);

/* Addresses with a bucket of their own now. */
guint bd_source_rate_sources(const BdSourceRate *r);
const BdSourceRateCounters *bd_source_rate_counters(const BdSourceRate *r);
