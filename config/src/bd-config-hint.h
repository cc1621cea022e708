/* "Did you mean" for unknown keys. */
#pragma once

#include <glib.h>

/* The edit distance between two keys, case-insensitively, counting insertions, deletions,
 * substitutions and swaps of neighbours (optimal string alignment): "wrokgroup" is 1 from
 * "workgroup". Keys longer than 64 bytes are never close: returns G_MAXUINT. */
guint bd_hint_distance(const char *a, const char *b);

/* TRUE when `typed` is close enough to `known` to suggest it: at most 2 edits, and fewer
 * than half of the typed key, so that short keys do not match everything; or `typed` is
 * the start of `known`, at least 4 characters long. *distance is the edit distance, which
 * ranks the candidates. */
gboolean bd_hint_is_close(const char *typed, const char *known, guint *distance);
