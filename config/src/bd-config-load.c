/* Loading: read the text, scan it for what libconfig gets wrong, parse it, walk it against
 * the schema, and return a BdConfig only when no problem was found. */
#include <config/bd-config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bd-config-syntax.h"
#include "bd-config-report.h"
#include "bd-config-schema.h"

static void
apply_tree(config_t *lc, BdConfig *cfg, BdReport *r, const char *hostname)
{
    BdLoad ld = {
        .cfg = cfg,
        .report = r,
        .failed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };
    config_setting_t *root = config_root_setting(lc);
    bd_schema_walk(&ld, root, bd_schema_root, NULL);
    bd_schema_check(&ld, root, hostname);
    g_hash_table_unref(ld.failed);
}

/* `text` has `len` bytes and a NUL after them (it may hold NULs before, which the scan
 * reports). */
static BdConfig *
load_text(const char *text, gsize len, const char *file, const char *hostname, GError **error)
{
    BdReport r;
    bd_report_init(&r, file);
    BdConfig *cfg = NULL;
    if (len > BD_CONFIG_MAX_SIZE) {
        bd_report_add(&r, 1, "larger than %d bytes: not a browserd configuration",
                      BD_CONFIG_MAX_SIZE);
        bd_report_to_error(&r, BD_CONFIG_ERROR_SYNTAX, error);
    } else if (!bd_config_check_syntax(text, len, &r)) {
        bd_report_to_error(&r, BD_CONFIG_ERROR_SYNTAX, error);
    } else {
        config_t lc;
        config_init(&lc);
        if (!config_read_string(&lc, text)) {
            /* @include was refused above, so the error is in our file whatever
             * config_error_file() says (NULL, for a string). */
            bd_report_add(&r, (guint)MAX(config_error_line(&lc), 0), "%s",
                          config_error_text(&lc) ? config_error_text(&lc) : "syntax error");
            bd_report_to_error(&r, BD_CONFIG_ERROR_SYNTAX, error);
        } else {
            cfg = g_new0(BdConfig, 1);
            bd_schema_defaults(cfg);
            apply_tree(&lc, cfg, &r, hostname);
            if (!bd_report_empty(&r)) {
                g_clear_pointer(&cfg, bd_config_free);
                bd_report_to_error(&r, BD_CONFIG_ERROR_INVALID, error);
            }
        }
        config_destroy(&lc);
    }
    bd_report_clear(&r);
    return cfg;
}

/* Editors may leave out the last line break, but libconfig 1.5 sees a comment only
 * when one follows it. */
static BdConfig *
load_text_with_final_newline(const char *text, gsize len, const char *file, const char *hostname,
                             GError **error)
{
    if (len == 0 || text[len - 1] == '\n' || len > BD_CONFIG_MAX_SIZE)
        return load_text(text, len, file, hostname, error);
    g_autofree char *copy = g_malloc(len + 2);
    memcpy(copy, text, len);
    copy[len] = '\n';
    copy[len + 1] = '\0';
    return load_text(copy, len + 1, file, hostname, error);
}

BdConfig *
bd_config_load_string(const char *text, const char *virtual_filename, const char *hostname,
                      GError **error)
{
    g_return_val_if_fail(text != NULL, NULL);
    g_return_val_if_fail(virtual_filename != NULL, NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);
    return load_text_with_final_newline(text, strlen(text), virtual_filename, hostname, error);
}

/* Reads at most BD_CONFIG_MAX_SIZE + 1 bytes: enough to tell a file too large, and -c
 * /dev/zero or a huge file by mistake never eats the memory. */
static char *
read_bounded(const char *path, gsize *len, GError **error)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        int saved = errno;
        g_set_error(error, BD_CONFIG_ERROR, BD_CONFIG_ERROR_IO, "%s: cannot open: %s", path,
                    g_strerror(saved));
        return NULL;
    }
    GString *buf = g_string_new(NULL);
    char chunk[8192];
    size_t n;
    while (buf->len <= BD_CONFIG_MAX_SIZE && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        g_string_append_len(buf, chunk, (gssize)n);
    int saved = errno;
    gboolean failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        g_set_error(error, BD_CONFIG_ERROR, BD_CONFIG_ERROR_IO, "%s: cannot read: %s", path,
                    g_strerror(saved));
        g_string_free(buf, TRUE);
        return NULL;
    }
    *len = buf->len;
    return g_string_free(buf, FALSE);
}

BdConfig *
bd_config_load_file(const char *path, const char *hostname, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);
    gsize len = 0;
    g_autofree char *text = read_bounded(path, &len, error);
    if (text == NULL)
        return NULL;
    return load_text_with_final_newline(text, len, path, hostname, error);
}
