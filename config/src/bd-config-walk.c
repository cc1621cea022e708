/* Walking a parsed libconfig tree against the schema: unknown keys (with hints), types,
 * ranges, and storing what is good. Every problem is reported; nothing stops the walk. */
#include "bd-config-schema.h"

#include <string.h>

#include "bd-config-hint.h"
#include "bd-config-values.h"

const char *
bd_schema_type_name(int type)
{
    switch (type) {
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a float";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "nothing";
    }
}

void
bd_load_fail(BdLoad *ld, const config_setting_t *s, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    bd_report_add(ld->report, config_setting_source_line(s), "%s: %s", path, message);
    g_hash_table_add(ld->failed, g_strdup(path));
}

typedef struct {
    const char *typed;
    char *best; /* full path of the closest key */
    guint distance;
} Hint;

static void
consider(Hint *h, const char *prefix, const BdKey *key)
{
    guint d;
    if (!bd_hint_is_close(h->typed, key->name, &d) || d >= h->distance)
        return;
    g_free(h->best);
    h->best = prefix ? g_strdup_printf("%s.%s", prefix, key->name) : g_strdup(key->name);
    h->distance = d;
}

/* Every key of the tree, with its path, so that "session" at the top suggests
 * "ports.session". The typed key's own level goes first and wins ties. */
static void
consider_tree(Hint *h, const BdKey *keys, const char *prefix, const BdKey *skip)
{
    for (const BdKey *k = keys; keys != skip && k->name != NULL; k++)
        consider(h, prefix, k);
    for (const BdKey *k = keys; k->name != NULL; k++) {
        if (k->type != BD_KEY_GROUP)
            continue;
        g_autofree char *path =
            prefix ? g_strdup_printf("%s.%s", prefix, k->name) : g_strdup(k->name);
        consider_tree(h, k->children, path, skip);
    }
}

static void
report_unknown(BdLoad *ld, const config_setting_t *s, const char *path, const BdKey *keys,
               const char *prefix)
{
    Hint h = {.typed = config_setting_name(s), .best = NULL, .distance = G_MAXUINT};
    for (const BdKey *k = keys; k->name != NULL; k++)
        consider(&h, prefix, k);
    consider_tree(&h, bd_schema_root, NULL, keys);
    /* Names have no length limit in libconfig; the quote cuts them. */
    g_autofree char *shown = bd_report_quote(path);
    if (h.best != NULL)
        bd_report_add(ld->report, config_setting_source_line(s),
                      "unknown key %s (did you mean '%s'?)", shown, h.best);
    else
        bd_report_add(ld->report, config_setting_source_line(s), "unknown key %s", shown);
    g_free(h.best);
}

static void
store_uint(BdConfig *cfg, const BdKey *key, guint32 value)
{
    guint8 *field = (guint8 *)cfg + key->offset;
    switch (key->size) {
    case 1:
        *field = (guint8)value;
        break;
    case 2:
        *(guint16 *)(void *)field = (guint16)value;
        break;
    case 4:
        *(guint32 *)(void *)field = value;
        break;
    default:
        g_assert_not_reached();
    }
}

static void
walk_int(BdLoad *ld, const config_setting_t *s, const BdKey *key, const char *path)
{
    int type = config_setting_type(s);
    if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64) {
        bd_load_fail(ld, s, path,
                     "expected an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                     ", got %s",
                     key->min, key->max, bd_schema_type_name(type));
        return;
    }
    long long value = config_setting_get_int64(s);
    if (value < key->min || value > key->max) {
        bd_load_fail(ld, s, path,
                     "%lld is out of range (%" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ")", value,
                     key->min, key->max);
        return;
    }
    store_uint(ld->cfg, key, (guint32)value); /* every range lies within 0..G_MAXUINT32 */
}

static void
walk_bool(BdLoad *ld, const config_setting_t *s, const BdKey *key, const char *path)
{
    int type = config_setting_type(s);
    if (type != CONFIG_TYPE_BOOL) {
        bd_load_fail(ld, s, path, "expected true or false, got %s", bd_schema_type_name(type));
        return;
    }
    gboolean *field = (gboolean *)(void *)((guint8 *)ld->cfg + key->offset);
    *field = config_setting_get_bool(s) ? TRUE : FALSE;
}

static void
walk_mode(BdLoad *ld, const config_setting_t *s, const BdKey *key, const char *path)
{
    int type = config_setting_type(s);
    if (type != CONFIG_TYPE_STRING) {
        /* libconfig 1.5 reads 0660 as the decimal 660, so a mode must be quoted. */
        bd_load_fail(ld, s, path, "expected a string of octal digits such as \"0660\", got %s%s",
                     bd_schema_type_name(type),
                     type == CONFIG_TYPE_INT || type == CONFIG_TYPE_INT64
                         ? " (quote it: libconfig reads 0660 as the decimal 660)"
                         : "");
        return;
    }
    guint value = 0;
    g_autofree char *problem = NULL;
    if (!bd_value_mode(config_setting_get_string(s), (guint)key->max, &value, &problem)) {
        bd_load_fail(ld, s, path, "%s", problem);
        return;
    }
    store_uint(ld->cfg, key, value);
}

static void
walk_key(BdLoad *ld, const config_setting_t *s, const BdKey *key, const char *path)
{
    int type = config_setting_type(s);
    switch (key->type) {
    case BD_KEY_INT:
        walk_int(ld, s, key, path);
        break;
    case BD_KEY_BOOL:
        walk_bool(ld, s, key, path);
        break;
    case BD_KEY_MODE:
        walk_mode(ld, s, key, path);
        break;
    case BD_KEY_STRING:
        if (type != CONFIG_TYPE_STRING)
            bd_load_fail(ld, s, path, "expected a string, got %s", bd_schema_type_name(type));
        else
            key->apply(ld, s, path);
        break;
    case BD_KEY_STRINGS:
        if (type != CONFIG_TYPE_LIST && type != CONFIG_TYPE_ARRAY)
            bd_load_fail(ld, s, path, "expected a list of strings such as [\"eth0\"], got %s",
                         bd_schema_type_name(type));
        else
            key->apply(ld, s, path);
        break;
    case BD_KEY_GROUP:
        if (type != CONFIG_TYPE_GROUP)
            bd_load_fail(ld, s, path, "expected a group { ... }, got %s",
                         bd_schema_type_name(type));
        else
            bd_schema_walk(ld, s, key->children, path);
        break;
    }
}

void
bd_schema_walk(BdLoad *ld, const config_setting_t *group, const BdKey *keys, const char *prefix)
{
    guint n = (guint)config_setting_length(group);
    for (guint i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, i);
        const char *name = config_setting_name(s);
        g_autofree char *path = prefix ? g_strdup_printf("%s.%s", prefix, name) : g_strdup(name);
        const BdKey *key = NULL;
        for (const BdKey *k = keys; k->name != NULL && key == NULL; k++)
            if (strcmp(k->name, name) == 0)
                key = k;
        if (key == NULL)
            report_unknown(ld, s, path, keys, prefix);
        else
            walk_key(ld, s, key, path);
    }
}
