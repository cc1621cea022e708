/* What an administrator lets the network do to a browser (issue 8, docs/SECURITY.md).
 *
 * The browser protocol is unauthenticated: any host on the subnet may claim to be the
 * master, tell a browser to reset, or announce any name. A BrwPolicy narrows that:
 *  - ResetStateRequest is obeyed only from `reset_from` (empty: never, the default);
 *  - `trusted_masters`, when not empty, are the only hosts an election is yielded to or a
 *    LocalMasterAnnouncement is followed from; any other master is reported as a rival;
 *  - `names_allow` / `names_deny` are glob patterns (`*`, `?`; case-insensitive) that a
 *    server or machine-group name must pass to enter a browse list: matching an allow
 *    pattern when there are any, and no deny pattern.
 *
 * Plain values with fixed arrays, so a BrwEngineConfig holding one can still be copied.
 * Pure: no I/O; the name filter is compiled once, since the list update path runs it for
 * every announcement. */
#pragma once

#include <glib.h>
#include <browse-proto/brw-frame.h>

G_BEGIN_DECLS

#define BRW_POLICY_LIST_MAX 32
#define BRW_PATTERN_SIZE 32 /* a pattern of at most 31 bytes */

/* An IPv4 network, host byte order; an address is a /32 (mask 0xFFFFFFFF). */
typedef struct {
    guint32 net;
    guint32 mask;
} BrwSubnet;

/* TRUE when `ip` (host byte order) is inside one of the n subnets. */
gboolean brw_subnets_contain(const BrwSubnet *subnets, guint n, guint32 ip);

typedef struct {
    BrwSubnet reset_from[BRW_POLICY_LIST_MAX];
    guint n_reset_from;
    char trusted_masters[BRW_POLICY_LIST_MAX][BRW_NAME_SIZE]; /* upper case */
    guint n_trusted_masters;
    char names_allow[BRW_POLICY_LIST_MAX][BRW_PATTERN_SIZE];
    guint n_names_allow;
    char names_deny[BRW_POLICY_LIST_MAX][BRW_PATTERN_SIZE];
    guint n_names_deny;
} BrwPolicy;

/* TRUE when both say the same (entries in the same order). */
gboolean brw_policy_equal(const BrwPolicy *a, const BrwPolicy *b);

/* TRUE when ResetStateRequest from `ip` may be obeyed. */
gboolean brw_policy_reset_allowed(const BrwPolicy *p, guint32 ip);

/* TRUE when `name` may win an election against us or be followed as master: always when
 * no trusted master is configured, otherwise when it is listed (case-insensitive). */
gboolean brw_policy_master_trusted(const BrwPolicy *p, const char *name);

/* The compiled names_allow / names_deny of a policy. */
typedef struct BrwNameFilter BrwNameFilter;

BrwNameFilter *brw_name_filter_new(const BrwPolicy *p);
void brw_name_filter_free(BrwNameFilter *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BrwNameFilter, brw_name_filter_free)

/* TRUE when `name` may enter a browse list. A NULL filter allows everything. */
gboolean brw_name_filter_allows(const BrwNameFilter *f, const char *name);

G_END_DECLS
