/* Logging for the daemon: GLib structured logging to journald when stderr is connected to
 * it, otherwise one line per message on stderr, filtered by the configured level; and a
 * rate limit for everything a packet can trigger. */
#pragma once

#include <config/bd-config.h>
#include <glib.h>

/* Installs the writer; messages below `level` are dropped (errors always pass). */
void bd_log_init(BdLogLevel level);
void bd_log_set_level(BdLogLevel level);

/* A token bucket: `burst` messages at once, then `per_second`. */
typedef struct {
    guint burst;
    guint per_second;
    double tokens;
    gint64 last_us;
    guint64 suppressed; /* messages refused since the last one let through */
} BdRateLimit;

#define BD_RATE_LIMIT_INIT(burst_, per_second_)                                                \
    { .burst = (burst_), .per_second = (per_second_), .tokens = (burst_) }

/* TRUE when a message may be logged now. When it may and some were refused before,
 * *suppressed (may be NULL) gets how many, and the count starts again. */
gboolean bd_rate_limit_allow(BdRateLimit *rl, gint64 now_us, guint64 *suppressed);
