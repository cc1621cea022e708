/* Collecting load problems and turning them into one GError. */
#include "bd-config-report.h"

#include <string.h>

#define QUOTE_MAX 48

static void
free_problem(gpointer p)
{
    BdProblem *problem = p;
    g_free(problem->text);
    g_free(problem);
}

void
bd_report_init(BdReport *r, const char *file)
{
    r->file = file;
    r->problems = g_ptr_array_new_with_free_func(free_problem);
    r->no_interfaces = FALSE;
}

void
bd_report_clear(BdReport *r)
{
    g_clear_pointer(&r->problems, g_ptr_array_unref);
}

void
bd_report_add(BdReport *r, guint line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    BdProblem *problem = g_new0(BdProblem, 1);
    problem->line = MAX(line, 1u); /* editors jump to FILE:LINE; there is no line 0 */
    problem->text = g_strdup_printf("%s:%u: %s", r->file, problem->line, message);
    g_ptr_array_add(r->problems, problem);
}

gboolean
bd_report_empty(const BdReport *r)
{
    return r->problems->len == 0;
}

static gint
by_line(gconstpointer a, gconstpointer b)
{
    const BdProblem *x = *(const BdProblem *const *)a, *y = *(const BdProblem *const *)b;
    return x->line < y->line ? -1 : x->line > y->line ? 1 : 0;
}

void
bd_report_to_error(BdReport *r, BdConfigError code, GError **error)
{
    /* Checks between keys run after the walk; the operator reads the file top down.
     * g_ptr_array_sort() is stable, so one line's problems keep their order. */
    g_ptr_array_sort(r->problems, by_line);
    GString *all = g_string_new(NULL);
    for (guint i = 0; i < r->problems->len; i++) {
        const BdProblem *problem = g_ptr_array_index(r->problems, i);
        if (i > 0)
            g_string_append_c(all, '\n');
        g_string_append(all, problem->text);
    }
    if (code == BD_CONFIG_ERROR_INVALID && r->no_interfaces)
        code = BD_CONFIG_ERROR_NO_INTERFACES;
    g_set_error_literal(error, BD_CONFIG_ERROR, (gint)code, all->str);
    g_string_free(all, TRUE);
}

char *
bd_report_quote(const char *value)
{
    GString *out = g_string_new("'");
    gsize len = strlen(value);
    for (gsize i = 0; i < len && i < QUOTE_MAX; i++) {
        guchar c = (guchar)value[i];
        if (c == '\\' || c == '\'')
            g_string_append_printf(out, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            g_string_append_printf(out, "\\x%02x", c);
        else
            g_string_append_c(out, (char)c);
    }
    g_string_append(out, len > QUOTE_MAX ? "'..." : "'");
    return g_string_free(out, FALSE);
}
