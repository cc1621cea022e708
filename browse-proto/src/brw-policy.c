/* The administrator's policy (brw-policy.h). */
#include <browse-proto/brw-policy.h>

#include <string.h>

gboolean
brw_subnets_contain(const BrwSubnet *subnets, guint n, guint32 ip)
{
    for (guint i = 0; i < n; i++)
        if ((ip & subnets[i].mask) == (subnets[i].net & subnets[i].mask))
            return TRUE;
    return FALSE;
}

static gboolean
strings_equal(const char (*a)[BRW_PATTERN_SIZE], const char (*b)[BRW_PATTERN_SIZE], guint n)
{
    for (guint i = 0; i < n; i++)
        if (strcmp(a[i], b[i]) != 0)
            return FALSE;
    return TRUE;
}

gboolean
brw_policy_equal(const BrwPolicy *a, const BrwPolicy *b)
{
    if (a->n_reset_from != b->n_reset_from || a->n_trusted_masters != b->n_trusted_masters ||
        a->n_names_allow != b->n_names_allow || a->n_names_deny != b->n_names_deny)
        return FALSE;
    for (guint i = 0; i < a->n_reset_from; i++)
        if (a->reset_from[i].net != b->reset_from[i].net ||
            a->reset_from[i].mask != b->reset_from[i].mask)
            return FALSE;
    for (guint i = 0; i < a->n_trusted_masters; i++)
        if (strcmp(a->trusted_masters[i], b->trusted_masters[i]) != 0)
            return FALSE;
    return strings_equal(a->names_allow, b->names_allow, a->n_names_allow) &&
           strings_equal(a->names_deny, b->names_deny, a->n_names_deny);
}

gboolean
brw_policy_reset_allowed(const BrwPolicy *p, guint32 ip)
{
    /* [MS-BRWS] 3.3.5.10 trusts any sender; an empty list trusts none, so by default a
     * forged frame cannot demote our master or empty our backup's lists. */
    return brw_subnets_contain(p->reset_from, MIN(p->n_reset_from, BRW_POLICY_LIST_MAX), ip);
}

gboolean
brw_policy_master_trusted(const BrwPolicy *p, const char *name)
{
    if (p->n_trusted_masters == 0)
        return TRUE;
    for (guint i = 0; i < p->n_trusted_masters && i < BRW_POLICY_LIST_MAX; i++)
        if (g_ascii_strcasecmp(p->trusted_masters[i], name) == 0)
            return TRUE;
    return FALSE;
}

struct BrwNameFilter {
    GPtrArray *allow; /* GPatternSpec*, patterns upper-cased */
    GPtrArray *deny;
};

static GPtrArray *
compile(const char (*patterns)[BRW_PATTERN_SIZE], guint n)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_pattern_spec_free);
    for (guint i = 0; i < n && i < BRW_POLICY_LIST_MAX; i++) {
        g_autofree char *upper = g_ascii_strup(patterns[i], -1);
        g_ptr_array_add(out, g_pattern_spec_new(upper));
    }
    return out;
}

BrwNameFilter *
brw_name_filter_new(const BrwPolicy *p)
{
    g_return_val_if_fail(p != NULL, NULL);
    BrwNameFilter *f = g_new0(BrwNameFilter, 1);
    f->allow = compile(p->names_allow, p->n_names_allow);
    f->deny = compile(p->names_deny, p->n_names_deny);
    return f;
}

void
brw_name_filter_free(BrwNameFilter *f)
{
    if (f == NULL)
        return;
    g_ptr_array_unref(f->allow);
    g_ptr_array_unref(f->deny);
    g_free(f);
}

static gboolean
matches_any(const GPtrArray *specs, const char *upper)
{
    for (guint i = 0; i < specs->len; i++)
        if (g_pattern_spec_match_string(g_ptr_array_index(specs, i), upper))
            return TRUE;
    return FALSE;
}

gboolean
brw_name_filter_allows(const BrwNameFilter *f, const char *name)
{
    if (f == NULL || (f->allow->len == 0 && f->deny->len == 0))
        return TRUE;
    /* Names are at most 15 bytes; upper-case into a stack buffer (NetBIOS names compare
     * case-insensitively, and the patterns were upper-cased when compiled). */
    char upper[BRW_NAME_SIZE * 2];
    g_strlcpy(upper, name, sizeof upper);
    for (char *c = upper; *c != '\0'; c++)
        *c = g_ascii_toupper(*c);
    if (f->allow->len > 0 && !matches_any(f->allow, upper))
        return FALSE;
    return !matches_any(f->deny, upper);
}
