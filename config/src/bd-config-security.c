/* The `security` group (issue 8, docs/SECURITY.md): its keys, their values, comparison and
 * dump. In one file so the other groups stay as they were. */
#include "bd-config-schema.h"

#include <stddef.h>
#include <string.h>

#include "bd-config-values.h"

#define FIELD(f) offsetof(BdConfig, f), sizeof(((BdConfig *)NULL)->f)

/* Checks each element of the list `s` as a string with `check`, which stores it into slot
 * i of the caller's array; *n gets the count when every element was good. */
typedef gboolean (*ElementCheck)(BdLoad *ld, const char *text, guint i, char **problem);

static void
apply_list(BdLoad *ld, const config_setting_t *s, const char *path, ElementCheck check,
           guint *n)
{
    guint len = (guint)config_setting_length(s);
    if (len > BRW_POLICY_LIST_MAX) {
        bd_load_fail(ld, s, path, "holds %u entries; at most %d are allowed", len,
                     BRW_POLICY_LIST_MAX);
        return;
    }
    gboolean ok = TRUE;
    for (guint i = 0; i < len; i++) {
        const config_setting_t *e = config_setting_get_elem(s, i);
        g_autofree char *where = g_strdup_printf("%s[%u]", path, i);
        g_autofree char *problem = NULL;
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            bd_load_fail(ld, e, where, "expected a string, got %s",
                         bd_schema_type_name(config_setting_type(e)));
            ok = FALSE;
        } else if (!check(ld, config_setting_get_string(e), i, &problem)) {
            bd_load_fail(ld, e, where, "%s", problem);
            ok = FALSE;
        }
    }
    *n = ok ? len : 0;
}

static gboolean
check_reset_from(BdLoad *ld, const char *text, guint i, char **problem)
{
    return bd_value_subnet(text, &ld->cfg->security.policy.reset_from[i], problem);
}

static gboolean
check_peer(BdLoad *ld, const char *text, guint i, char **problem)
{
    return bd_value_subnet(text, &ld->cfg->security.peers[i], problem);
}

static gboolean
check_smb_from(BdLoad *ld, const char *text, guint i, char **problem)
{
    return bd_value_subnet(text, &ld->cfg->security.smb_from[i], problem);
}

static gboolean
check_trusted(BdLoad *ld, const char *text, guint i, char **problem)
{
    return bd_value_netbios_name(text, ld->cfg->security.policy.trusted_masters[i], problem);
}

static gboolean
check_allow(BdLoad *ld, const char *text, guint i, char **problem)
{
    return bd_value_name_pattern(text, ld->cfg->security.policy.names_allow[i], problem);
}

static gboolean
check_deny(BdLoad *ld, const char *text, guint i, char **problem)
{
    return bd_value_name_pattern(text, ld->cfg->security.policy.names_deny[i], problem);
}

static void
apply_reset_from(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_list(ld, s, path, check_reset_from, &ld->cfg->security.policy.n_reset_from);
}

static void
apply_peers(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_list(ld, s, path, check_peer, &ld->cfg->security.n_peers);
}

static void
apply_smb_from(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_list(ld, s, path, check_smb_from, &ld->cfg->security.n_smb_from);
}

static void
apply_trusted(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_list(ld, s, path, check_trusted, &ld->cfg->security.policy.n_trusted_masters);
}

static void
apply_allow(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_list(ld, s, path, check_allow, &ld->cfg->security.policy.n_names_allow);
}

static void
apply_deny(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_list(ld, s, path, check_deny, &ld->cfg->security.policy.n_names_deny);
}

const BdKey bd_schema_security_keys[] = {
    {"peers", BD_KEY_STRINGS, 0, 0, 0, 0, apply_peers, NULL},
    {"reset_state_from", BD_KEY_STRINGS, 0, 0, 0, 0, apply_reset_from, NULL},
    {"trusted_masters", BD_KEY_STRINGS, 0, 0, 0, 0, apply_trusted, NULL},
    {"names_allow", BD_KEY_STRINGS, 0, 0, 0, 0, apply_allow, NULL},
    {"names_deny", BD_KEY_STRINGS, 0, 0, 0, 0, apply_deny, NULL},
    {"smb_from", BD_KEY_STRINGS, 0, 0, 0, 0, apply_smb_from, NULL},
    {"rate_per_source", BD_KEY_INT, 0, 100000, FIELD(security.rate_per_source), NULL, NULL},
    {"rate_burst", BD_KEY_INT, 1, 100000, FIELD(security.rate_burst), NULL, NULL},
    {"max_sources", BD_KEY_INT, 16, 1000000, FIELD(security.max_sources), NULL, NULL},
    {"max_fragments", BD_KEY_INT, 1, 1024, FIELD(security.max_fragments), NULL, NULL},
    {"max_cached_names", BD_KEY_INT, 0, 4096, FIELD(security.max_cached_names), NULL, NULL},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

void
bd_schema_security_defaults(BdConfig *cfg)
{
    /* Lists empty: no peers, no reset obeyed, every master and name accepted. A B-node
     * LAN's normal rate is a few packets a minute per host; 50/s with a burst of 200
     * passes an elected master answering a room of clients and stops a single flooder. */
    cfg->security.rate_per_source = 50;
    cfg->security.rate_burst = 200;
    cfg->security.max_sources = 4096;
    cfg->security.max_fragments = 16;  /* ms_reassembler_new()'s default */
    cfg->security.max_cached_names = 64; /* ms_name_table_config_init()'s default */
}

static gboolean
subnets_equal(const BrwSubnet *a, guint na, const BrwSubnet *b, guint nb)
{
    if (na != nb)
        return FALSE;
    for (guint i = 0; i < na; i++)
        if (a[i].net != b[i].net || a[i].mask != b[i].mask)
            return FALSE;
    return TRUE;
}

gboolean
bd_config_security_equal(const BdConfig *a, const BdConfig *b)
{
    const BdSecurity *x = &a->security, *y = &b->security;
    return brw_policy_equal(&x->policy, &y->policy) &&
           subnets_equal(x->peers, x->n_peers, y->peers, y->n_peers) &&
           subnets_equal(x->smb_from, x->n_smb_from, y->smb_from, y->n_smb_from) &&
           x->rate_per_source == y->rate_per_source && x->rate_burst == y->rate_burst &&
           x->max_sources == y->max_sources && x->max_fragments == y->max_fragments &&
           x->max_cached_names == y->max_cached_names;
}

static void
dump_subnets(GString *out, const char *key, const BrwSubnet *v, guint n)
{
    g_string_append_printf(out, "  %s = [", key);
    for (guint i = 0; i < n; i++) {
        guint32 ip = v[i].net;
        guint bits = 0;
        for (guint32 m = v[i].mask; m != 0; m <<= 1)
            bits++;
        g_string_append_printf(out, "%s\"%u.%u.%u.%u/%u\"", i ? ", " : " ", ip >> 24,
                               (ip >> 16) & 255, (ip >> 8) & 255, ip & 255, bits);
    }
    g_string_append(out, n ? " ];\n" : "];\n");
}

static void
dump_names(GString *out, const char *key, const char *first, gsize stride, guint n)
{
    /* Names and patterns hold no '"' or '\' (validated), so they need no escaping. */
    g_string_append_printf(out, "  %s = [", key);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(out, "%s\"%s\"", i ? ", " : " ", first + i * stride);
    g_string_append(out, n ? " ];\n" : "];\n");
}

void
bd_config_dump_security(GString *out, const BdConfig *cfg)
{
    const BrwPolicy *p = &cfg->security.policy;
    g_string_append(out, "security = {\n");
    dump_subnets(out, "peers", cfg->security.peers, cfg->security.n_peers);
    dump_subnets(out, "reset_state_from", p->reset_from, p->n_reset_from);
    dump_names(out, "trusted_masters", p->trusted_masters[0], BRW_NAME_SIZE,
               p->n_trusted_masters);
    dump_names(out, "names_allow", p->names_allow[0], BRW_PATTERN_SIZE, p->n_names_allow);
    dump_names(out, "names_deny", p->names_deny[0], BRW_PATTERN_SIZE, p->n_names_deny);
    dump_subnets(out, "smb_from", cfg->security.smb_from, cfg->security.n_smb_from);
    g_string_append_printf(out,
                           "  rate_per_source = %u;\n  rate_burst = %u;\n  max_sources = %u;\n"
                           "  max_fragments = %u;\n  max_cached_names = %u;\n};\n",
                           cfg->security.rate_per_source, cfg->security.rate_burst,
                           cfg->security.max_sources, cfg->security.max_fragments,
                           cfg->security.max_cached_names);
}
