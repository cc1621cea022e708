/* Edit distance for hints; the keys are short, so the full table is cheap. */
#include "bd-config-hint.h"

#include <string.h>

#define HINT_KEY_MAX 64
#define HINT_MAX_EDITS 2u
#define HINT_PREFIX_MIN 4u

guint
bd_hint_distance(const char *a, const char *b)
{
    gsize n = strlen(a), m = strlen(b);
    if (n > HINT_KEY_MAX || m > HINT_KEY_MAX)
        return G_MAXUINT;
    guint d[HINT_KEY_MAX + 1][HINT_KEY_MAX + 1];
    for (gsize i = 0; i <= n; i++)
        d[i][0] = (guint)i;
    for (gsize j = 0; j <= m; j++)
        d[0][j] = (guint)j;
    for (gsize i = 1; i <= n; i++) {
        for (gsize j = 1; j <= m; j++) {
            gboolean same = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]);
            guint best = MIN(d[i - 1][j] + 1, d[i][j - 1] + 1);
            best = MIN(best, d[i - 1][j - 1] + (same ? 0u : 1u));
            if (i > 1 && j > 1 && g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 2]) &&
                g_ascii_tolower(a[i - 2]) == g_ascii_tolower(b[j - 1]))
                best = MIN(best, d[i - 2][j - 2] + 1);
            d[i][j] = best;
        }
    }
    return d[n][m];
}

gboolean
bd_hint_is_close(const char *typed, const char *known, guint *distance)
{
    guint dist = bd_hint_distance(typed, known);
    if (distance != NULL)
        *distance = dist;
    gsize len = strlen(typed);
    if (dist <= HINT_MAX_EDITS && (gsize)dist * 2 < len)
        return TRUE;
    /* A key cut short, typically without its unit: "find_master" for "find_master_ms". */
    return len >= HINT_PREFIX_MIN && g_ascii_strncasecmp(typed, known, len) == 0;
}
