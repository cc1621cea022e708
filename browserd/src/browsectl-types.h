/* ServerType bits as browsectl shows and accepts them: words for people ("workstation",
 * "domain-controller", "windows-9x"), where the daemon's JSON carries the SV_TYPE_ names.
 * One table serves the display, the -t option, --list-types (which the bash completion
 * reads) and the man page's list (a test compares them). */
#pragma once

#include <glib.h>

/* The word of one bit, or NULL when `bit` is not exactly one known bit. */
const char *browsectl_type_word(guint32 bit);

/* "workstation, server, nt": known bits in ascending order, unknown ones as one hex number
 * at the end; "none" for 0. Newly allocated. */
char *browsectl_type_words(guint32 type);

/* Parses what -t accepts: a word, "all", a number (decimal or 0x hex), or several of them
 * separated by commas; words are case-insensitive. *mask gets their union. FALSE with
 * *problem (newly allocated) naming the first thing it did not understand. */
gboolean browsectl_type_parse(const char *text, guint32 *mask, char **problem);

/* Every word, one per line, in bit order. Newly allocated. */
char *browsectl_type_list(void);
