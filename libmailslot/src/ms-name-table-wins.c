/* The H-node's side of the table (RFC 1001 §15.4, RFC 1002 §5.1.2-5.1.3): transactions
 * with a WINS server (an NBNS), by unicast to its port 137.
 *
 * - Registration (§4.2.2: RD, no B, our TTL): a positive response grants the name for the
 *   TTL the server chose (§4.2.5), a negative one refuses it (§4.2.6), a WACK extends the
 *   wait (§4.2.16); silence after UCAST_REQ_RETRY_COUNT sends falls back to the B-node
 *   broadcast registration, as an H-node does when its server is down.
 * - Refresh (§4.2.4, opcode 8, as Samba sends it; nmbd takes 8 and 9) at half the granted
 *   TTL; the answer is a registration response. Silence is retried later (the server may be
 *   back); a negative answer means the server gave the name to someone else: a unique name
 *   is lost as to a conflict demand, a group name is no longer registered. A name held
 *   after the broadcast fallback is registered with the server again at the same pace, and
 *   the same answers decide.
 * - Release (§4.2.9, no RD, no B): sent once with the broadcast release, in
 *   ms-name-table-register.c.
 * - Query (§4.2.12, RD, no B): a positive answer resolves at once (the server is the
 *   authority, so no conflict timer); a negative one or silence falls back to the broadcast
 *   query.
 * Only the server's address may answer these transactions; anything else claiming to is
 * counted (DROP_NOT_WINS) and ignored, so a B-node neighbour cannot fake the server.
 * End-node challenges (§4.2.7, a positive response without RA) are not followed: counted
 * as ignored, so silence and the broadcast fallback follow; nmbd never sends them.
 * The requests are those of the broadcast steps (ms-name-table-register.c, -resolve.c),
 * sent to the server instead; this file holds the H-node's decisions. */
#include "ms-name-table-private.h"

#include <string.h>

/* The next refresh: at half the granted TTL (Windows and Samba refresh well before the
 * end), at least a second from now. TTL 0 is infinite: never. */
static void
schedule_refresh(MsNtName *n, gint64 now_us)
{
    if (n->wins_ttl_s == 0) {
        n->due = MS_NT_NEVER;
        return;
    }
    n->due = now_us + MAX((gint64)n->wins_ttl_s * MS_NT_SECOND / 2, MS_NT_SECOND);
}

void
ms_name_table_wins_retry_later(const MsNameTable *t, gint64 now_us, MsNtName *n)
{
    n->via_wins = FALSE;
    n->due = now_us + (gint64)t->cfg.timing.wins_refresh_retry_s * MS_NT_SECOND;
}

void
ms_name_table_wins_on_timer(MsNameTable *t, gint64 now_us, MsNtName *n)
{
    /* A held name the server granted is refreshed; one it never answered for (held by
     * broadcast) is registered with it again, now that it may be back. */
    MsNbnsOpcode opcode = n->state == MS_NAME_STATE_HELD && n->wins_held ? MS_NBNS_OP_REFRESH
                                                                         : MS_NBNS_OP_REGISTRATION;
    if (!n->via_wins) {
        if (n->state == MS_NAME_STATE_HELD)
            ms_name_table_start_request(t, now_us, n, opcode, TRUE); /* due */
        else
            n->due = MS_NT_NEVER;
        return;
    }
    if (n->sends < t->cfg.timing.wins_retry_count) {
        ms_name_table_send_request(t, now_us, n, opcode);
        return;
    }
    if (n->state == MS_NAME_STATE_REGISTERING) {
        /* The server is silent: register as a B-node does (RFC 1001 §15.4 H-node). */
        t->counters.wins_silent++;
        ms_name_table_start_request(t, now_us, n, MS_NBNS_OP_REGISTRATION, FALSE);
        return;
    }
    /* An unanswered refresh or late registration: the name stays ours on this subnet
     * (and the server's record, if any, lives until its TTL ends): try again later. */
    t->counters.wins_refresh_failed++;
    ms_name_table_wins_retry_later(t, now_us, n);
}

void
ms_name_table_wins_query_on_timer(MsNameTable *t, gint64 now_us, MsNtQuery *q)
{
    if (q->sends < t->cfg.timing.wins_retry_count) {
        ms_name_table_send_query(t, now_us, q);
        return;
    }
    t->counters.wins_query_fallbacks++;
    ms_name_table_start_query(t, now_us, q, FALSE);
}

/* ---- responses ----------------------------------------------------------------------- */

/* Our name with a transaction to the server that this response answers. */
static MsNtName *
find_name_transaction(const MsNameTable *t, const MsNbnsPacket *p, guint *index)
{
    MsNtName *n = ms_name_table_find(t, &p->answer.name, index);
    if (n == NULL || !n->via_wins || n->trn_id != p->trn_id ||
        (n->state != MS_NAME_STATE_REGISTERING && n->state != MS_NAME_STATE_HELD))
        return NULL;
    return n;
}

static MsNtQuery *
find_query_transaction(const MsNameTable *t, const MsNbnsPacket *p, guint *index)
{
    for (guint i = 0; i < t->queries->len; i++) {
        MsNtQuery *q = &g_array_index(t->queries, MsNtQuery, i);
        if (q->via_wins && q->trn_id == p->trn_id && ms_name_equal(&q->name, &p->answer.name)) {
            *index = i;
            return q;
        }
    }
    return NULL;
}

static MsNameTableDropReason
on_wack(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p, gboolean *wacked, gint64 *due)
{
    if (*wacked)
        return MS_NAME_TABLE_DROP_IGNORED;
    /* §4.2.16, NBT-021: wait the TTL (once, capped) before the next retry. The cap is the
     * server's own, longer than a B-node's: the source is checked, and nmbd's 60 s are what
     * its challenge of the old owner may take. */
    *wacked = TRUE;
    gint64 delay = MIN((gint64)p->answer.ttl * MS_NT_SECOND,
                       (gint64)t->cfg.timing.wins_wack_max_ms * MS_NT_MS);
    *due = MAX(*due, now_us + delay);
    return MS_NT_HANDLED;
}

/* A unique name the server gave to another: lost, as to a conflict demand (§5.1.1.5). */
static void
lose(MsNameTable *t, MsNtName *n)
{
    n->state = MS_NAME_STATE_CONFLICT;
    n->due = MS_NT_NEVER;
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = MS_NAME_TABLE_EFFECT_LOST;
    fx.name = n->name;
    fx.lost.ip = t->cfg.wins_server;
    t->counters.lost++;
    ms_name_table_emit(t, &fx);
}

static MsNameTableDropReason
on_name_response(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p, guint index)
{
    MsNtName *n = &g_array_index(t->names, MsNtName, index);
    MsNbnsOpcode op = ms_nbns_opcode(p);
    if (op == MS_NBNS_OP_WACK)
        return on_wack(t, now_us, p, &n->wacked, &n->due);
    if (op != MS_NBNS_OP_REGISTRATION && op != MS_NBNS_OP_REFRESH && op != MS_NBNS_OP_REFRESH_ALT)
        return MS_NAME_TABLE_DROP_IGNORED;
    gboolean registering = n->state == MS_NAME_STATE_REGISTERING;
    if (ms_nbns_rcode(p) != MS_NBNS_RCODE_OK) {
        if (registering) {
            t->counters.wins_refused++;
            ms_name_table_refuse(t, index, t->cfg.wins_server, MS_NBNS_PORT, ms_nbns_rcode(p));
        } else {
            /* Refused later (a refresh, or a registration after a broadcast fallback): the
             * server gave the name to another. */
            t->counters.wins_refresh_failed++;
            n->via_wins = FALSE;
            n->wins_held = FALSE;
            n->due = MS_NT_NEVER;
            if (!n->group)
                lose(t, n);
        }
        return MS_NT_HANDLED;
    }
    if ((p->flags & MS_NBNS_FLAG_RA) == 0)
        return MS_NAME_TABLE_DROP_IGNORED; /* an end-node challenge (§4.2.7): see above */
    /* §4.2.5: the TTL is the server's, not necessarily the one we asked for. */
    n->wins_ttl_s = p->answer.ttl;
    n->wins_held = TRUE;
    t->counters.wins_registered++;
    if (registering)
        ms_name_table_grant(t, n);
    n->via_wins = FALSE;
    schedule_refresh(n, now_us);
    return MS_NT_HANDLED;
}

static MsNameTableDropReason
on_query_response(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p, guint index)
{
    MsNtQuery *q = &g_array_index(t->queries, MsNtQuery, index);
    MsNbAddrEntry entry;
    switch (ms_nbns_opcode(p)) {
    case MS_NBNS_OP_WACK:
        return on_wack(t, now_us, p, &q->wacked, &q->due);
    case MS_NBNS_OP_QUERY:
        break;
    default:
        return MS_NAME_TABLE_DROP_IGNORED;
    }
    if (ms_nbns_rcode(p) == MS_NBNS_RCODE_OK && p->answer.type == MS_NBNS_TYPE_NB &&
        ms_nbns_nb_entry(&p->answer, 0, &entry)) {
        t->counters.wins_resolved++;
        ms_name_table_query_answer(t, now_us, q, &entry, p->answer.ttl);
        g_array_remove_index(t->queries, index); /* done: no conflict timer */
        return MS_NT_HANDLED;
    }
    if (ms_nbns_rcode(p) == MS_NBNS_RCODE_OK)
        return MS_NAME_TABLE_DROP_IGNORED; /* a redirect (§4.2.15) or an empty answer */
    /* §5.1.3 (H-node): the server does not know it; the subnet may. */
    t->counters.wins_query_fallbacks++;
    ms_name_table_start_query(t, now_us, q, FALSE);
    return MS_NT_HANDLED;
}

MsNameTableDropReason
ms_name_table_wins_on_response(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p, guint32 src_ip)
{
    if (!ms_name_table_has_wins(t))
        return MS_NT_PASS;
    guint index;
    MsNtQuery *q = NULL;
    if (find_name_transaction(t, p, &index) == NULL &&
        (q = find_query_transaction(t, p, &index)) == NULL)
        return MS_NT_PASS;
    if (src_ip != t->cfg.wins_server)
        return MS_NAME_TABLE_DROP_NOT_WINS;
    return q != NULL ? on_query_response(t, now_us, p, index)
                     : on_name_response(t, now_us, p, index);
}
