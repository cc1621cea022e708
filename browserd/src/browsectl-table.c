/* Aligned tables (browsectl-table.h). */
#include "browsectl-table.h"

#include <string.h>

struct BrowsectlTable {
    guint n_columns;
    guint indent;
    gboolean has_header;
    GPtrArray *cells; /* char*, row after row */
};

char *
browsectl_clean(const char *text)
{
    g_autofree char *valid = g_utf8_make_valid(text != NULL ? text : "", -1);
    GString *out = g_string_sized_new(strlen(valid));
    for (char *p = valid; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
            g_string_append_c(out, '?');
        else
            g_string_append_unichar(out, c);
    }
    return g_string_free(out, FALSE);
}

BrowsectlTable *
browsectl_table_new(guint n_columns, const char *const *headers, guint indent)
{
    BrowsectlTable *t = g_new0(BrowsectlTable, 1);
    t->n_columns = n_columns;
    t->indent = indent;
    t->cells = g_ptr_array_new_with_free_func(g_free);
    if (headers != NULL) {
        t->has_header = TRUE;
        browsectl_table_add(t, headers);
    }
    return t;
}

void
browsectl_table_free(BrowsectlTable *t)
{
    if (t == NULL)
        return;
    g_ptr_array_unref(t->cells);
    g_free(t);
}

void
browsectl_table_add(BrowsectlTable *t, const char *const *cells)
{
    for (guint i = 0; i < t->n_columns; i++)
        g_ptr_array_add(t->cells, browsectl_clean(cells[i]));
}

guint
browsectl_table_rows(const BrowsectlTable *t)
{
    return t->cells->len / t->n_columns - (t->has_header ? 1 : 0);
}

void
browsectl_table_render(const BrowsectlTable *t, GString *out)
{
    guint rows = t->cells->len / t->n_columns;
    g_autofree glong *width = g_new0(glong, t->n_columns);
    for (guint i = 0; i < t->cells->len; i++)
        width[i % t->n_columns] =
            MAX(width[i % t->n_columns], g_utf8_strlen(g_ptr_array_index(t->cells, i), -1));
    for (guint r = 0; r < rows; r++) {
        GString *line = g_string_new(NULL);
        g_string_append_printf(line, "%*s", (int)t->indent, "");
        for (guint c = 0; c < t->n_columns; c++) {
            const char *cell = g_ptr_array_index(t->cells, r * t->n_columns + c);
            g_string_append(line, cell);
            if (c + 1 < t->n_columns) {
                glong pad = width[c] - g_utf8_strlen(cell, -1) + 2;
                for (glong k = 0; k < pad; k++)
                    g_string_append_c(line, ' ');
            }
        }
        while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate(line, line->len - 1); /* empty last cells leave no tail */
        g_string_append_printf(out, "%s\n", line->str);
        g_string_free(line, TRUE);
    }
}
