/* json-schema-check SCHEMA FILE: validates every line of FILE (browsectl --json output, one
 * JSON object per line) against the whole schema, with the tests' validator
 * (tests/unit/json-schema-mini.c), so that scripts such as the interop tests check
 * browsectl's output the same way the unit tests do. Exit 0 when every line is valid. */
#include <stdio.h>

#include "json-schema-mini.h"

int
main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: json-schema-check SCHEMA FILE\n");
        return 2;
    }
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonParser) sp = json_parser_new();
    if (!json_parser_load_from_file(sp, argv[1], &error)) {
        fprintf(stderr, "%s: %s\n", argv[1], error->message);
        return 2;
    }
    g_autofree char *text = NULL;
    if (!g_file_get_contents(argv[2], &text, NULL, &error)) {
        fprintf(stderr, "%s: %s\n", argv[2], error->message);
        return 2;
    }
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    guint checked = 0;
    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] == '\0')
            continue;
        g_autoptr(JsonParser) p = json_parser_new();
        g_autoptr(GString) why = g_string_new(NULL);
        if (!json_parser_load_from_data(p, lines[i], -1, &error)) {
            fprintf(stderr, "%s:%u: not JSON: %s\n", argv[2], i + 1, error->message);
            return 1;
        }
        if (!jsm_validate(json_parser_get_root(sp), "#", json_parser_get_root(p), why)) {
            fprintf(stderr, "%s:%u: %s\n", argv[2], i + 1, why->str);
            return 1;
        }
        checked++;
    }
    if (checked == 0) {
        fprintf(stderr, "%s: no JSON line to check\n", argv[2]);
        return 1;
    }
    printf("%s: %u line(s) valid\n", argv[2], checked);
    return 0;
}
