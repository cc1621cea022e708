/* Samba's browse.dat as browserd writes it (browserd/src/bd-browse-dat.c): the text for a
 * given list is the golden file's, byte for byte (tests/data/browse-dat/two-links.dat, in
 * the format nmbd writes; tests/interop/test-browse-dat.sh has a real smbd 4.17 read what
 * the daemon writes); names a quoted token cannot hold are left out, comments are made
 * safe, and a name seen on two links is written once. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <browse-proto/brw-server-type.h>

#include "bd-browse-dat.h"
#include "test-util.h"

static BrwListEntry *
entry(GPtrArray *keep, const char *name, guint32 type, const char *comment, BrwListSource source)
{
    BrwListEntry *e = g_new0(BrwListEntry, 1);
    g_strlcpy(e->name, name, sizeof e->name);
    g_strlcpy(e->comment, comment, sizeof e->comment);
    e->server_type = type;
    e->source = source;
    g_ptr_array_add(keep, e);
    return e;
}

static GPtrArray *
list_of(GPtrArray *keep, ...)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(keep, a);
    va_list ap;
    va_start(ap, keep);
    for (BrwListEntry *e; (e = va_arg(ap, BrwListEntry *)) != NULL;)
        g_ptr_array_add(a, e);
    va_end(ap);
    return a;
}

static void
test_two_links_match_the_golden_file(void)
{
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    BdBrowseDatLink links[2] = {
        {
            .workgroup = "LABGRP",
            .master = "B1",
            .servers = list_of(
                arrays, entry(entries, "B1", 0x00051003, "the browse master", BRW_SOURCE_LOCAL),
                entry(entries, "FILESRV", 0x00001003, "files \"here\"\n", BRW_SOURCE_LOCAL),
                entry(entries, "BAD\"NAME", 0x00001003, "left out", BRW_SOURCE_LOCAL),
                /* a stray filter bit must not make a server a workgroup (BRWS-005) */
                entry(entries, "SYNCED", 0x80000003, "from a backup", BRW_SOURCE_SYNC), NULL),
            .domains =
                list_of(arrays, entry(entries, "LABGRP", 0x80051003, "B1", BRW_SOURCE_LOCAL),
                        entry(entries, "OTHERWG", 0x00041003, "OTHERMB", BRW_SOURCE_LOCAL), NULL),
        },
        {
            .workgroup = "LABGRP",
            .master = "",
            .servers = list_of(
                arrays, entry(entries, "filesrv", 0x00000003, "seen twice", BRW_SOURCE_LOCAL),
                entry(entries, "PRN 2", 0x00000202, "", BRW_SOURCE_LOCAL), NULL),
            .domains = list_of(arrays, NULL),
        },
    };
    g_autofree char *text = bd_browse_dat_format(links, G_N_ELEMENTS(links));
    g_autofree char *golden = NULL;
    g_autoptr(GError) error = NULL;
    CU_ASSERT_TRUE_FATAL(g_file_get_contents(BROWSE_DAT_GOLDEN, &golden, NULL, &error));
    if (strcmp(text, golden) != 0)
        fprintf(stderr, "\n--- got:\n%s--- expected (%s):\n%s", text, BROWSE_DAT_GOLDEN, golden);
    CU_ASSERT_STRING_EQUAL(text, golden);
}

static void
test_no_links_no_lines(void)
{
    g_autofree char *text = bd_browse_dat_format(NULL, 0);
    CU_ASSERT_STRING_EQUAL(text, "");
}

/* Every line is four tokens as smbd splits them: quoted name, eight hex digits, quoted
 * comment, quoted group, whatever the comment held. */
static void
test_every_line_has_four_tokens(void)
{
    g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    BdBrowseDatLink link = {
        .workgroup = "WG",
        .master = "M\"X",
        .servers = list_of(arrays, entry(entries, "S1", 3, "\"\"\t\r\n\x7f\"", BRW_SOURCE_LOCAL),
                           entry(entries, "S2", 3, "a \"b\" c", BRW_SOURCE_LOCAL), NULL),
        .domains = list_of(arrays, NULL),
    };
    g_autofree char *text = bd_browse_dat_format(&link, 1);
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    CU_ASSERT_EQUAL(g_strv_length(lines), 4); /* three lines and the empty rest */
    GRegex *re = g_regex_new("^\"[^\"]+\" +[0-9a-f]{8} \"[^\"]*\" +\"[^\"]+\"$", 0, 0, NULL);
    for (guint i = 0; i < 3; i++) {
        if (!g_regex_match(re, lines[i], 0, NULL))
            fprintf(stderr, "\nline %u does not split in four tokens: %s\n", i, lines[i]);
        CU_ASSERT_TRUE(g_regex_match(re, lines[i], 0, NULL));
    }
    g_regex_unref(re);
}

int
main(void)
{
    static CU_TestInfo tests[] = {
        {"two links match the golden file", test_two_links_match_the_golden_file},
        {"no links, no lines", test_no_links_no_lines},
        {"every line has four tokens", test_every_line_has_four_tokens},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("bd-browse-dat", tests);
}
