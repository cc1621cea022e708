#include "sim-golden.h"

#include "test-util.h"

#include <stdio.h>
#include <string.h>

static gboolean
write_file(const char *path, const GString *text)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_path_get_dirname(path);
    g_mkdir_with_parents(dir, 0755);
    if (!g_file_set_contents(path, text->str, (gssize)text->len, &error)) {
        fprintf(stderr, "cannot write %s: %s\n", path, error->message);
        return FALSE;
    }
    return TRUE;
}

/* 1-based line of the first byte where a and b differ. */
static guint
first_difference_line(const char *a, gsize alen, const char *b, gsize blen)
{
    guint line = 1;
    for (gsize i = 0; i < alen && i < blen && a[i] == b[i]; i++) {
        if (a[i] == '\n')
            line++;
    }
    return line;
}

gboolean
sim_golden_check(const char *name, const GString *trace)
{
    g_autofree char *file = g_strdup_printf("%s.trace", name);
    g_autofree char *relative = g_build_filename("traces", file, NULL);
    g_autofree char *golden = test_data_path(relative);
    const char *update = g_getenv("BROWSERD_UPDATE_TRACES");
    if (update && g_str_equal(update, "1")) {
        if (!write_file(golden, trace))
            return FALSE;
        fprintf(stderr, "updated %s\n", golden);
        return TRUE;
    }

    g_autofree char *expected = NULL;
    gsize expected_len = 0;
    gboolean have = g_file_get_contents(golden, &expected, &expected_len, NULL);
    if (have && expected_len == trace->len && memcmp(expected, trace->str, trace->len) == 0)
        return TRUE;

    g_autofree char *produced = g_build_filename(BROWSERD_TRACE_OUT_DIR, file, NULL);
    write_file(produced, trace);
    if (!have)
        fprintf(stderr, "golden trace %s is missing; the produced one is %s\n", golden, produced);
    else
        fprintf(stderr, "trace %s differs from %s from line %u on\n", produced, golden,
                first_difference_line(expected, expected_len, trace->str, trace->len));
    fprintf(stderr, "  see: diff -u %s %s\n", golden, produced);
    fprintf(stderr, "  if the change is intended: BROWSERD_UPDATE_TRACES=1 ctest -L sim\n");
    return FALSE;
}
