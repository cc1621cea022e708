/* The syntax check made before libconfig parses a text. libconfig 1.5 gets some inputs
 * wrong, and this check makes sure it never sees them:
 *  - on a syntax error it leaks the string it had just read, and says only "syntax error";
 *  - it wraps integers beyond 32 bits (4294967316 reads as 20);
 *  - it silently drops everything after a block comment that is never closed;
 *  - it stops at a NUL byte; it opens any file an @include names.
 * So the text is checked here against libconfig 1.5's own grammar (its grammar.y), with
 * messages that say what was expected, and libconfig parses only text that passed. */
#pragma once

#include <glib.h>

#include "bd-config-report.h"

/* Reports the problems up to the first syntax error (after which the structure can no
 * longer be trusted), each at its line. Also refuses what libconfig would refuse
 * for meaning rather than syntax: a key set twice in one group and an array mixing types.
 * Returns TRUE when the text is fit for libconfig. */
gboolean bd_config_check_syntax(const char *text, gsize len, BdReport *report);
