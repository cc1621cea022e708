/* Golden traces: a scenario's trace compared byte for byte with a committed file. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Compares `trace` with tests/data/traces/<name>.trace. On a match returns TRUE. On a
 * mismatch (or a missing file) writes the new trace to <build>/traces/<name>.trace, prints
 * where the first difference is and the diff command to run, and returns FALSE. With
 * BROWSERD_UPDATE_TRACES=1 in the environment the committed file is rewritten instead and
 * the result is TRUE. */
gboolean sim_golden_check(const char *name, const GString *trace);

G_END_DECLS
