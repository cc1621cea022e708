/* Aligned text tables for browsectl's output to people: columns padded to their widest
 * cell (counted in characters, not bytes), two spaces apart, no trailing spaces. Cells are
 * cleaned on the way in: control characters (a terminal escape in a server's comment) are
 * shown as '?'. */
#pragma once

#include <glib.h>

typedef struct BrowsectlTable BrowsectlTable;

/* `headers` (NULL for none) has n_columns entries. `indent` spaces start every line. */
BrowsectlTable *browsectl_table_new(guint n_columns, const char *const *headers, guint indent);
void browsectl_table_free(BrowsectlTable *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BrowsectlTable, browsectl_table_free)

/* Adds a row of n_columns cells (NULL cells are empty); they are copied. */
void browsectl_table_add(BrowsectlTable *t, const char *const *cells);
guint browsectl_table_rows(const BrowsectlTable *t);

/* Appends the table to `out`, one line per row after the header. */
void browsectl_table_render(const BrowsectlTable *t, GString *out);

/* `text` as a table shows it: valid UTF-8 without control characters. Newly allocated. */
char *browsectl_clean(const char *text);
