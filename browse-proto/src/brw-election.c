/* Elections ([MS-BRWS] 3.3.5.8, 3.3.6; brws.md §6): criteria, the comparison, the election
 * delay timer and the outcome. */
#include "brw-engine-private.h"

#include <string.h>

/* Uptimes closer than this compare equal. A receiver sets its own uptime *now* against
 * the sender's *when it was sent*, so with raw milliseconds two browsers started together
 * each see themselves older by the network delay and both keep electing: Samba's flap.
 * A minute is far above any delay and far below the uptimes worth preferring. */
#define UPTIME_TIE_MS 60000u

/* [MS-BRWS] 3.3.6: won after this many RequestElections that nobody beat. (Its other
 * bound, "lost after 30", cannot trigger here: a beaten election stops at once.) */
#define ELECTION_WIN_SENDS 4

guint32
brw_election_uptime_ms(const BrwEngine *e, gint64 now_us)
{
    gint64 ms = (now_us - e->started_us) / BRW_MS;
    if (ms < 0)
        return 0;
    return ms > G_MAXUINT32 ? G_MAXUINT32 : (guint32)ms;
}

guint32
brw_engine_criteria(const BrwEngine *e)
{
    /* brws.md §6.1. 0x02 always, as Samba does ("maintains the list"), so that equal os
     * levels meet as equals; the running-role bits say what we are now (BRWS-007). */
    guint8 role = BRW_CRITERIA_ROLE_DC;
    if (e->cfg.preferred_master)
        role |= BRW_CRITERIA_ROLE_PREFERRED;
    if (e->cfg.domain_master)
        role |= BRW_CRITERIA_ROLE_PDC;
    if (e->role == BRW_ROLE_MASTER)
        role |= BRW_CRITERIA_ROLE_MASTER | BRW_CRITERIA_ROLE_BACKUP;
    else if (e->role == BRW_ROLE_BACKUP)
        role |= BRW_CRITERIA_ROLE_BACKUP;
    return brw_criteria_make(e->cfg.os_level, role);
}

/* [MS-BRWS] 3.3.5.8: higher criteria, then longer uptime, then the lower name wins. */
gboolean
brw_election_we_win(const BrwEngine *e, gint64 now_us, const BrwRequestElection *rq)
{
    if (!e->cfg.local_master)
        return FALSE; /* never stands: a Samba `local master = no` lets everyone win */
    guint32 ours = brw_engine_criteria(e);
    if (ours != rq->criteria)
        return ours > rq->criteria;
    guint32 up = brw_election_uptime_ms(e, now_us);
    guint32 gap = up > rq->uptime_ms ? up - rq->uptime_ms : rq->uptime_ms - up;
    if (gap >= UPTIME_TIE_MS)
        return up > rq->uptime_ms;
    /* Samba: equal names win too; only our own frames could be equal and those are
     * dropped before this. */
    return g_ascii_strcasecmp(e->cfg.netbios_name, rq->server_name) <= 0;
}

/* The Election Delay timer by role ([MS-BRWS] 3.3.5.8, 3.3.6; BRWS-031, BRWS-032): the
 * likelier winner speaks first, so most losers never send at all. */
static gint64
election_delay(BrwEngine *e)
{
    switch (e->role) {
    case BRW_ROLE_MASTER:
        return 100 * BRW_MS;
    case BRW_ROLE_BACKUP:
        return brw_engine_random_delay(e, 200 * BRW_MS, 600 * BRW_MS);
    case BRW_ROLE_POTENTIAL:
        return brw_engine_random_delay(e, 800 * BRW_MS, 3000 * BRW_MS);
    default:
        return 1000 * BRW_MS;
    }
}

/* Between our own RequestElections once the first is out, and the wait after the 4th. The
 * slowest better candidate (a potential browser, up to 3 s after our first, BRWS-031) has
 * answered before then, so winning takes 3.5 s from our first send: a lone browser is
 * master about 9 s after starting (FindMaster 4.5 s, the election, <1D> 0.75 s).
 * Re-arming with the role's delay, as [MS-BRWS] 3.3.6 reads, would take 8-15 s for a
 * potential browser. */
#define ELECTION_ROUND (1000 * BRW_MS)
#define ELECTION_LAST_WAIT (500 * BRW_MS)
/* A potential browser that calls an election itself (FindMaster failed, a preferred
 * master starting) sends within this, not after the 0.8-3 s it waits when answering: that
 * delay lets likelier winners answer first, and here nobody has spoken yet. The draw keeps
 * browsers that noticed the same thing together from speaking in the same millisecond. */
#define ELECTION_CALL_JITTER_MAX (250 * BRW_MS)

static void
election_begin(BrwEngine *e, gint64 first_send_us)
{
    if (!e->cfg.local_master || e->electing || e->claiming)
        return;
    e->electing = TRUE;
    e->election_sends = 0;
    e->find_master_due = BRW_NEVER; /* the election will name the master */
    e->election_due = first_send_us;
    e->counters.elections_started++;
}

void
brw_election_start(BrwEngine *e, gint64 now_us)
{
    if (!e->cfg.local_master || e->electing || e->claiming)
        return; /* nothing to draw: keep the random sequence of the others */
    gint64 delay = e->role == BRW_ROLE_POTENTIAL
                       ? brw_engine_random_delay(e, 0, ELECTION_CALL_JITTER_MAX)
                       : election_delay(e); /* master 100 ms, backup 200-600 ms */
    election_begin(e, now_us + delay);
}

/* [MS-BRWS] 3.3.5.8: answering a RequestElection we beat, after the role's delay, so the
 * likelier winner speaks first and most of the others never need to. */
static void
election_respond(BrwEngine *e, gint64 now_us)
{
    if (!e->cfg.local_master || e->electing || e->claiming)
        return;
    election_begin(e, now_us + election_delay(e));
}

void
brw_election_stop(BrwEngine *e)
{
    e->electing = FALSE;
    e->election_due = BRW_NEVER;
}

static void
send_request_election(BrwEngine *e, guint8 version, guint32 criteria, guint32 uptime_ms)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_REQUEST_ELECTION);
    f.election.version = version;
    f.election.criteria = criteria;
    f.election.uptime_ms = uptime_ms;
    g_strlcpy(f.election.server_name, e->cfg.netbios_name, sizeof f.election.server_name);
    brw_engine_send_to_group(e, &f, 0x1E);
}

/* [MS-BRWS] 3.3.7 (a leaving master) and 3.1.6 (a browser that may not stand): Version 0,
 * Criteria 0 loses to every browser, so all of them elect. */
void
brw_election_send_forced(BrwEngine *e)
{
    send_request_election(e, 0, 0, 0);
}

void
brw_election_on_request(BrwEngine *e, gint64 now_us, const BrwRequestElection *rq)
{
    if (brw_election_we_win(e, now_us, rq)) {
        election_respond(e, now_us); /* keeps a running one going as it is */
        return;
    }
    /* BRWS-034: beaten, we fall silent; BRWS-035: a master steps down. */
    if (e->electing || e->role == BRW_ROLE_MASTER) {
        /* Say who decided it and why, for the operator (issue: "elections with the
         * criteria that decided them"). */
        BrwEffect fx = {.kind = BRW_EFFECT_ELECTION_LOST};
        fx.election.our_criteria = brw_engine_criteria(e);
        fx.election.our_uptime_ms = brw_election_uptime_ms(e, now_us);
        g_strlcpy(fx.election.winner, rq->server_name, sizeof fx.election.winner);
        fx.election.winner_criteria = rq->criteria;
        fx.election.winner_uptime_ms = rq->uptime_ms;
        brw_engine_emit(e, &fx);
    }
    if (e->electing) {
        brw_election_stop(e);
        e->counters.elections_lost++;
    }
    e->claiming = FALSE; /* a <1D> registration still out is released when it answers */
    if (e->role == BRW_ROLE_MASTER)
        brw_master_step_down(e, now_us);
    if (brw_criteria_role(rq->criteria) & BRW_CRITERIA_ROLE_MASTER) {
        /* Beaten by a running master: that is the master, no need to look for one
         * (otherwise a master slow to answer FindMaster would be challenged forever). */
        if (e->role == BRW_ROLE_POTENTIAL || e->role == BRW_ROLE_BACKUP)
            brw_backup_note_master(e, now_us, rq->server_name,
                                   e->cfg.timing.local_master_max_ms);
    } else if (e->master[0] == '\0') {
        /* Someone better is electing: its result will announce itself. A FindMaster of
         * ours still running would otherwise call a second election over it. */
        e->find_master_due = BRW_NEVER;
        e->find_master_misses = 0;
        e->master_silence_due = MIN(e->master_silence_due, now_us + brw_backup_search_delay(e));
    }
}

void
brw_election_on_timer(BrwEngine *e, gint64 now_us)
{
    e->election_due = BRW_NEVER;
    if (!e->electing)
        return;
    if (e->election_sends >= ELECTION_WIN_SENDS) {
        /* BRWS-033: nobody beat our 4th RequestElection within a delay. */
        brw_election_stop(e);
        e->counters.elections_won++;
        BrwEffect fx = {.kind = BRW_EFFECT_ELECTION_WON};
        fx.election.our_criteria = brw_engine_criteria(e);
        fx.election.our_uptime_ms = brw_election_uptime_ms(e, now_us);
        brw_engine_emit(e, &fx);
        if (e->role != BRW_ROLE_MASTER)
            brw_master_claim(e, now_us);
        return;
    }
    send_request_election(e, BRW_ELECTION_VERSION, brw_engine_criteria(e),
                          brw_election_uptime_ms(e, now_us));
    e->election_sends++;
    e->election_due =
        now_us + (e->election_sends >= ELECTION_WIN_SENDS ? ELECTION_LAST_WAIT : ELECTION_ROUND);
}
