/* The daemon's log writer and rate limit (DESIGN.md §4: structured logging, journald when
 * present; rate-limit anything a packet can trigger). */
#include "bd-log.h"

#include <stdio.h>
#include <unistd.h>

static BdLogLevel threshold = BD_LOG_LEVEL_MESSAGE;

static BdLogLevel
level_of(GLogLevelFlags flags)
{
    if (flags & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
        return BD_LOG_LEVEL_ERROR;
    if (flags & G_LOG_LEVEL_WARNING)
        return BD_LOG_LEVEL_WARNING;
    if (flags & G_LOG_LEVEL_MESSAGE)
        return BD_LOG_LEVEL_MESSAGE;
    if (flags & G_LOG_LEVEL_INFO)
        return BD_LOG_LEVEL_INFO;
    return BD_LOG_LEVEL_DEBUG;
}

static GLogWriterOutput
writer(GLogLevelFlags flags, const GLogField *fields, gsize n_fields, gpointer user_data)
{
    (void)user_data;
    BdLogLevel level = level_of(flags);
    if (level > threshold)
        return G_LOG_WRITER_HANDLED;
    if (g_log_writer_is_journald(fileno(stderr)) &&
        g_log_writer_journald(flags, fields, n_fields, NULL) == G_LOG_WRITER_HANDLED)
        return G_LOG_WRITER_HANDLED;
    const char *message = "";
    for (gsize i = 0; i < n_fields; i++)
        if (g_strcmp0(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
            message = fields[i].value;
    /* One line per event: tests and people grep these (docs/ARCHITECTURE.md, "The
     * daemon"). */
    fprintf(stderr, "browserd: %s: %s\n", bd_log_level_to_string(level), message);
    fflush(stderr);
    return G_LOG_WRITER_HANDLED;
}

void
bd_log_init(BdLogLevel level)
{
    threshold = level;
    g_log_set_writer_func(writer, NULL, NULL);
}

void
bd_log_set_level(BdLogLevel level)
{
    threshold = level;
}

gboolean
bd_rate_limit_allow(BdRateLimit *rl, gint64 now_us, guint64 *suppressed)
{
    if (rl->last_us != 0 && now_us > rl->last_us)
        rl->tokens = MIN((double)rl->burst,
                         rl->tokens + (double)(now_us - rl->last_us) * rl->per_second / 1e6);
    rl->last_us = now_us;
    if (rl->tokens < 1.0) {
        rl->suppressed++;
        return FALSE;
    }
    rl->tokens -= 1.0;
    if (suppressed != NULL)
        *suppressed = rl->suppressed;
    rl->suppressed = 0;
    return TRUE;
}
