/* Invariants of a browsing LAN, read from the engines of a simulated one.
 *
 * "Browsers" here are the nodes that may stand in elections: configured with browser and
 * local_master, alive, and not stopped. Everything is per (workgroup, segment). */
#pragma once

#include "sim-lan.h"

G_BEGIN_DECLS

/* How many live nodes of `workgroup` in `segment` are MASTER; *first (may be NULL) gets
 * the lowest such index, or -1. */
guint sim_check_masters(SimLan *lan, const char *workgroup, guint segment, gint *first);

/* How many live nodes of `workgroup` in `segment` have `role`. */
guint sim_check_role_count(SimLan *lan, const char *workgroup, guint segment, BrwRole role);

/* TRUE while some live node of `workgroup` in `segment` runs an election. */
gboolean sim_check_electing(SimLan *lan, const char *workgroup, guint segment);

/* The engine's election order ([MS-BRWS] 3.3.5.8, docs/ARCHITECTURE.md "Criteria"): >0
 * when node a beats node b, <0 when b beats a, 0 for a == b. Criteria as the engines
 * would send them now (brw_engine_criteria), then uptime where two uptimes within 60 s
 * count as equal, then the lower name, case-insensitively. */
gint sim_check_compare(SimLan *lan, guint a, guint b);

/* The browser of `workgroup` in `segment` that beats every other by sim_check_compare(),
 * among those that took part in the last election of the workgroup: a browser counts when
 * its <workgroup><1E> was registered by the time the last RequestElection was sent. A
 * browser that joins later waits for the next election ([MS-BRWS] 3.3.3: only a preferred
 * master forces one at start, and then it sends a RequestElection itself). Returns -1 when
 * no election has happened, nobody counts, or no one browser beats all the others (the
 * 60 s uptime tie is not transitive). */
gint sim_check_best(SimLan *lan, const char *workgroup, guint segment);

/* Runs the LAN in `step_us` steps until `workgroup` has exactly one master in `segment` and
 * nobody there is electing, but not past `limit_us`. Returns the time that was first seen,
 * or -1 at the limit. */
gint64 sim_check_run_until_one_master(SimLan *lan, const char *workgroup, guint segment,
                                      gint64 limit_us, gint64 step_us);

/* How many live, started, not stopped nodes of the master's workgroup in its segment are
 * missing from its server list. */
guint sim_check_missing_servers(SimLan *lan, guint master);

/* Backups a master keeps for `servers` entries in its list (BRWS-062): 0 for 1, 1 for
 * 2-31, 2 for 32-63, 3 beyond. */
guint sim_check_backups_wanted(guint servers);

/* TRUE when both lists hold the same names (case-insensitively) with the same server types;
 * otherwise FALSE, and the first difference is appended to `why` (may be NULL). */
gboolean sim_check_lists_equal(BrwList *a, BrwList *b, GString *why);

G_END_DECLS
