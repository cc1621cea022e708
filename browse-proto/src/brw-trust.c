/* The administrator's policy at intake (brw-policy.h, docs/SECURITY.md): which frames an
 * untrusted host may not make us obey, and the rival masters reported to the operator.
 *
 * [MS-BRWS] trusts every host on the subnet. With policy.trusted_masters set we never
 * yield to anyone else: a RequestElection that would beat us, a LocalMasterAnnouncement we
 * would follow and a BecomeBackup we would obey are dropped when their sender is not
 * listed. We still cannot stop the rival from claiming <1D> where nobody defends it; what
 * the policy buys is that our own browser keeps its role and lists, and that the operator
 * hears of the rival. */
#include "brw-engine-private.h"

#include <browse-proto/brw-server-type.h>

/* A rival is reported again after this, so a persistent one shows up in the log now and
 * then without flooding it. */
#define RIVAL_REPORT_EVERY (10 * BRW_MINUTE)
/* Rival names remembered at once; a flood of forged claims from more names than this
 * is not reported name by name (the `untrusted` drop counter still counts it). */
#define RIVALS_MAX 256

static void
forget_stale_rivals(BrwEngine *e, gint64 now_us)
{
    GHashTableIter it;
    gpointer when;
    g_hash_table_iter_init(&it, e->rivals);
    while (g_hash_table_iter_next(&it, NULL, &when))
        if (now_us - *(gint64 *)when >= RIVAL_REPORT_EVERY)
            g_hash_table_iter_remove(&it);
}

static void
report_rival(BrwEngine *e, gint64 now_us, const char *name, gboolean domain_master)
{
    if (name[0] == '\0' || brw_name_is(name, e->cfg.netbios_name) ||
        brw_policy_master_trusted(&e->cfg.policy, name))
        return;
    g_autofree char *key = g_ascii_strup(name, -1);
    gint64 *last = g_hash_table_lookup(e->rivals, key);
    if (last != NULL && now_us - *last < RIVAL_REPORT_EVERY)
        return;
    if (last == NULL && g_hash_table_size(e->rivals) >= RIVALS_MAX) {
        forget_stale_rivals(e, now_us);
        if (g_hash_table_size(e->rivals) >= RIVALS_MAX)
            return;
    }
    gint64 *when = g_new(gint64, 1);
    *when = now_us;
    g_hash_table_replace(e->rivals, g_steal_pointer(&key), when);
    e->counters.rivals++;
    brw_engine_emit_entry(e, domain_master ? BRW_EFFECT_RIVAL_DOMAIN_MASTER
                                           : BRW_EFFECT_RIVAL_MASTER,
                          name);
}

/* Announcements that claim a browser role: the master, or a domain master. */
static void
check_announcement(BrwEngine *e, gint64 now_us, const BrwAnnouncement *a, gboolean lma)
{
    if (a->server_type & BRW_SV_TYPE_DOMAIN_MASTER)
        report_rival(e, now_us, a->server_name, TRUE);
    else if (lma || (a->server_type & BRW_SV_TYPE_MASTER_BROWSER))
        report_rival(e, now_us, a->server_name, FALSE);
}

gboolean
brw_trust_admit(BrwEngine *e, gint64 now_us, const BrwFrame *f, const char *source)
{
    /* ResetStateRequest's reset_from is checked in dispatch, after its role check, so a
     * non-browser still counts it as `role`. */
    const BrwPolicy *p = &e->cfg.policy;
    if (p->n_trusted_masters == 0)
        return TRUE;
    switch (f->kind) {
    case BRW_FRAME_HOST_ANNOUNCEMENT:
        /* Still listed: a master of ours starts an election against it (BRWS-038), which
         * it cannot win with us, since its RequestElections are dropped below. */
        check_announcement(e, now_us, &f->announcement, FALSE);
        return TRUE;
    case BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT:
        check_announcement(e, now_us, &f->announcement, TRUE);
        /* A master of ours elects against it; anyone else would follow it: refuse. */
        return e->role == BRW_ROLE_MASTER ||
               brw_policy_master_trusted(p, f->announcement.server_name);
    case BRW_FRAME_REQUEST_ELECTION: {
        const BrwRequestElection *rq = &f->election;
        guint8 role = brw_criteria_role(rq->criteria);
        if (role & BRW_CRITERIA_ROLE_PDC)
            report_rival(e, now_us, rq->server_name, TRUE);
        else if (role & BRW_CRITERIA_ROLE_MASTER)
            report_rival(e, now_us, rq->server_name, FALSE);
        /* Never yield to an untrusted host; a frame we beat anyway goes on as usual. */
        return brw_policy_master_trusted(p, rq->server_name) ||
               brw_election_we_win(e, now_us, rq);
    }
    case BRW_FRAME_BECOME_BACKUP:
        /* Only a master sends it ([MS-BRWS] 3.3.5.10): obey trusted masters only. */
        return brw_policy_master_trusted(p, source);
    default:
        return TRUE;
    }
}
