/* The schema: every key browserd knows, its type, range and where it lands in BdConfig,
 * and the walk that checks a parsed libconfig tree against it. */
#pragma once

#include <glib.h>
#include <libconfig.h>
#include <config/bd-config.h>

#include "bd-config-report.h"

typedef enum {
    BD_KEY_STRING,
    BD_KEY_INT,
    BD_KEY_BOOL,
    BD_KEY_STRINGS, /* a list or array of strings */
    BD_KEY_MODE,    /* a permission mode written as a string of octal digits ("0660"):
                     * libconfig 1.5 reads the integer 0660 as decimal 660 */
    BD_KEY_GROUP,
} BdKeyType;

/* What one load works on. */
typedef struct {
    BdConfig *cfg;
    BdReport *report;
    GHashTable *failed; /* paths ("ports.session") that had a problem: cross-key checks
                         * skip them rather than report a consequence as a second error */
} BdLoad;

typedef struct BdKey BdKey;

/* Validates a STRING or STRINGS setting (its type already checked) and stores it. */
typedef void (*BdKeyApply)(BdLoad *ld, const config_setting_t *s, const char *path);

struct BdKey {
    const char *name;
    BdKeyType type;
    gint64 min, max;       /* INT, MODE: the allowed range */
    gsize offset;          /* INT, BOOL, MODE: the field in BdConfig */
    gsize size;            /* INT, MODE: sizeof the field (1, 2 or 4 bytes, unsigned) */
    BdKeyApply apply;      /* STRING, STRINGS */
    const BdKey *children; /* GROUP: its keys, ended by a NULL name */
};

/* Why `interfaces` has no default, for the messages that say it is missing or empty. */
#define BD_INTERFACES_WHY                                                                          \
    "browserd speaks an unauthenticated protocol, so it serves only the networks named "           \
    "here; list interface names or IPv4 addresses, e.g. interfaces = [\"eth0\"];"

/* "an integer", "a string", ... for a libconfig type, as messages name it. */
const char *bd_schema_type_name(int type);

/* The top-level keys, ended by a NULL name. */
extern const BdKey bd_schema_root[];

/* The `security` group (bd-config-security.c): its keys, defaults, comparison, dump. */
extern const BdKey bd_schema_security_keys[];
void bd_schema_security_defaults(BdConfig *cfg);
gboolean bd_config_security_equal(const BdConfig *a, const BdConfig *b);
void bd_config_dump_security(GString *out, const BdConfig *cfg);

/* Fills *cfg with every default; names and interfaces are left empty. */
void bd_schema_defaults(BdConfig *cfg);

/* Checks every setting of `group` against `keys` (`prefix` is the group's path, NULL at the
 * top) and stores the good values into ld->cfg; reports unknown keys, wrong types and
 * values out of range. */
void bd_schema_walk(BdLoad *ld, const config_setting_t *group, const BdKey *keys,
                    const char *prefix);

/* What a walk cannot see key by key: required keys, the netbios_name default, and rules
 * between keys. */
void bd_schema_check(BdLoad *ld, config_setting_t *root, const char *hostname);

/* Records a problem with the key at `path` and marks it failed. */
void bd_load_fail(BdLoad *ld, const config_setting_t *s, const char *path, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
