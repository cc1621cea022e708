/* Fuzzes the configuration loader with arbitrary text (cut at the first NUL, as a C string
 * is). Properties: nothing crashes or leaks (libconfig 1.5 leaks on syntax errors, so this
 * also checks that our syntax check stops every bad text before libconfig sees it: no
 * message is one of libconfig's own); a failure is one or more lines, each
 * "fuzz.conf:LINE: message"; a success has a workgroup and at least one interface, and its
 * dump loads again to an equal config whose dump is the same text. */
#include <config/bd-config.h>

#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define FUZZ_FILE "fuzz.conf"
#define FUZZ_HOST "fuzzhost.example.org"

static gboolean
is_located_line(const char *line)
{
    static const char prefix[] = FUZZ_FILE ":";
    if (strncmp(line, prefix, sizeof prefix - 1) != 0)
        return FALSE;
    const char *p = line + sizeof prefix - 1;
    if (!g_ascii_isdigit(*p) || *p == '0')
        return FALSE;
    while (g_ascii_isdigit(*p))
        p++;
    return p[0] == ':' && p[1] == ' ' && p[2] != '\0';
}

int
LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    g_autofree char *text = g_strndup((const char *)data, size);
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) cfg = bd_config_load_string(text, FUZZ_FILE, FUZZ_HOST, &error);
    if (cfg == NULL) {
        FUZZ_CHECK(error != NULL && error->domain == BD_CONFIG_ERROR);
        g_auto(GStrv) lines = g_strsplit(error->message, "\n", -1);
        FUZZ_CHECK(lines[0] != NULL);
        for (char **l = lines; *l != NULL; l++) {
            FUZZ_CHECK(is_located_line(*l));
            FUZZ_CHECK(!g_str_has_suffix(*l, ": syntax error"));
            FUZZ_CHECK(!g_str_has_suffix(*l, ": duplicate setting name"));
            FUZZ_CHECK(!g_str_has_suffix(*l, ": mismatched element type in array"));
        }
        return 0;
    }
    FUZZ_CHECK(error == NULL);
    FUZZ_CHECK(cfg->workgroup[0] != '\0' && cfg->netbios_name[0] != '\0');
    FUZZ_CHECK(cfg->n_interfaces > 0 && cfg->interfaces != NULL);
    g_autofree char *dump = bd_config_dump(cfg);
    g_autoptr(BdConfig) again = bd_config_load_string(dump, "dump.conf", NULL, &error);
    FUZZ_CHECK(again != NULL);
    FUZZ_CHECK(bd_config_equal(cfg, again));
    g_autofree char *dump2 = bd_config_dump(again);
    FUZZ_CHECK(strcmp(dump, dump2) == 0);
    BrwEngineConfig engine;
    bd_config_to_engine_config(cfg, 1, &engine);
    FUZZ_CHECK(strcmp(engine.workgroup, cfg->workgroup) == 0);
    return 0;
}
