/* Our own names: registration (RFC 1002 §5.1.1.1 unique, §5.1.1.2 group) and release
 * (§5.1.1.4), the answers that matter to them while they are on the wire, and their timers. */
#include "ms-name-table-private.h"

#include <string.h>

static void
emit_name_event(MsNameTable *t, MsNameTableEffectKind kind, const MsNtName *n)
{
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = kind;
    fx.name = n->name;
    fx.group = n->group;
    ms_name_table_emit(t, &fx);
}

/* One request of the transaction, with our NB_FLAGS and address: a NAME REGISTRATION
 * REQUEST (RD) or a NAME REFRESH REQUEST (no RD), broadcast with TTL 0 (§4.2.2) or unicast
 * to the WINS server with the TTL we want (§5.1.2); every retry reuses the transaction id,
 * then we pause. */
void
ms_name_table_send_request(MsNameTable *t, gint64 now_us, MsNtName *n, MsNbnsOpcode opcode)
{
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsNbAddrEntry own = ms_name_table_own_entry(t, n->group);
    gboolean broadcast = !n->via_wins;
    MsStatus st =
        ms_nbns_build_name_request(&w, opcode, opcode == MS_NBNS_OP_REGISTRATION, n->trn_id,
                                   &n->name, &own, broadcast ? 0 : t->cfg.answer_ttl_s, broadcast);
    MsNtDest to = ms_name_table_request_dest(t, n->via_wins);
    ms_name_table_send(t, st, &n->name, &to, &w);
    n->sends++;
    n->due = now_us + ms_name_table_retry_pause(t, n->via_wins);
}

void
ms_name_table_start_request(MsNameTable *t, gint64 now_us, MsNtName *n, MsNbnsOpcode opcode,
                            gboolean via_wins)
{
    n->trn_id = ms_name_table_new_trn_id(t);
    n->via_wins = via_wins;
    n->sends = 0;
    n->wacked = FALSE;
    ms_name_table_send_request(t, now_us, n, opcode);
}

static void
start_registration(MsNameTable *t, gint64 now_us, MsNtName *n, gboolean group)
{
    n->group = group;
    n->state = MS_NAME_STATE_REGISTERING;
    n->wins_held = FALSE;
    /* An H-node asks its WINS server first (RFC 1001 §15.4, nbt.md §4.1). */
    ms_name_table_start_request(t, now_us, n, MS_NBNS_OP_REGISTRATION, ms_name_table_has_wins(t));
}

MsStatus
ms_name_table_register(MsNameTable *t, gint64 now_us, const MsName *name, gboolean group)
{
    g_return_val_if_fail(t != NULL && name != NULL, MS_ERR_INVALID_ARG);
    if (!ms_name_scope_equal(name, t->cfg.scope) || ms_name_table_is_wildcard(name))
        return MS_ERR_INVALID_ARG;
    MsNtName *n = ms_name_table_find(t, name, NULL);
    if (n != NULL) {
        switch (n->state) {
        case MS_NAME_STATE_HELD:
            if (n->group != group)
                return MS_ERR_INVALID_ARG;
            /* Confirm again, so that every request of the caller gets its answer. */
            t->counters.registered++;
            emit_name_event(t, MS_NAME_TABLE_EFFECT_REGISTERED, n);
            break;
        case MS_NAME_STATE_REGISTERING:
            if (n->group != group)
                return MS_ERR_INVALID_ARG;
            break;
        case MS_NAME_STATE_CONFLICT:  /* RFC: only delete is valid; this deletes, then adds */
        case MS_NAME_STATE_RELEASING: /* the remaining release sends are dropped */
        case MS_NAME_STATE_ABSENT:
            start_registration(t, now_us, n, group);
            break;
        }
    } else {
        if (t->names->len >= t->cfg.max_names)
            return MS_ERR_NO_SPACE;
        MsNtName fresh;
        memset(&fresh, 0, sizeof fresh);
        fresh.name = *name;
        g_array_append_val(t->names, fresh);
        n = &g_array_index(t->names, MsNtName, t->names->len - 1);
        start_registration(t, now_us, n, group);
    }
    ms_name_table_flush(t);
    return MS_OK;
}

void
ms_name_table_register_on_timer(MsNameTable *t, gint64 now_us, guint index)
{
    MsNtName *n = &g_array_index(t->names, MsNtName, index);
    if (n->via_wins) {
        ms_name_table_wins_on_timer(t, now_us, n);
        return;
    }
    if (n->sends < t->cfg.timing.retry_count) {
        ms_name_table_send_request(t, now_us, n, MS_NBNS_OP_REGISTRATION);
        return;
    }
    /* §5.1.1.1: no response after the last retry, so the name is ours. */
    if (t->cfg.send_overwrite) {
        /* ... and the RFC lets the others know with a NAME UPDATE: an overwrite request
         * (opcode 5 without RD), broadcast, TTL 0 (§4.2.3). */
        guint8 buf[MS_NBNS_MAX_PACKET];
        MsWriter w = ms_writer_init(buf, sizeof buf);
        MsNbAddrEntry own = ms_name_table_own_entry(t, n->group);
        MsStatus st = ms_nbns_build_name_request(&w, MS_NBNS_OP_REGISTRATION, FALSE, n->trn_id,
                                                 &n->name, &own, 0, TRUE);
        MsNtDest to = ms_name_table_broadcast();
        ms_name_table_send(t, st, &n->name, &to, &w);
    }
    ms_name_table_grant(t, n);
    if (ms_name_table_has_wins(t))
        ms_name_table_wins_retry_later(t, now_us, n); /* the server may come back */
}

void
ms_name_table_grant(MsNameTable *t, MsNtName *n)
{
    n->state = MS_NAME_STATE_HELD;
    n->via_wins = FALSE;
    n->due = MS_NT_NEVER; /* the WINS step sets the refresh after this */
    t->counters.registered++;
    emit_name_event(t, MS_NAME_TABLE_EFFECT_REGISTERED, n);
}

/* One NAME RELEASE REQUEST (§4.2.9: no RD, TTL 0, our entry), broadcast or to the WINS
 * server. */
static void
send_release(MsNameTable *t, const MsNtName *n, gboolean to_wins)
{
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsNbAddrEntry own = ms_name_table_own_entry(t, n->group);
    MsStatus st = ms_nbns_build_release(&w, n->trn_id, &n->name, &own, !to_wins);
    MsNtDest to = ms_name_table_request_dest(t, to_wins);
    ms_name_table_send(t, st, &n->name, &to, &w);
}

/* One broadcast release. Returns TRUE when it was the last one and the name left the
 * table. */
static gboolean
release_step(MsNameTable *t, gint64 now_us, guint index)
{
    MsNtName *n = &g_array_index(t->names, MsNtName, index);
    send_release(t, n, FALSE);
    n->sends++;
    if (n->sends >= t->cfg.timing.release_count) {
        /* §5.1.1.4: no response is expected, so nothing is left to wait for. */
        g_array_remove_index(t->names, index);
        return TRUE;
    }
    n->due = now_us + (gint64)t->cfg.timing.retry_interval_ms * MS_NT_MS;
    return FALSE;
}

gboolean
ms_name_table_release_on_timer(MsNameTable *t, gint64 now_us, guint index)
{
    return release_step(t, now_us, index);
}

/* Gives up the name at `index`. */
static void
release_index(MsNameTable *t, gint64 now_us, guint index)
{
    MsNtName *n = &g_array_index(t->names, MsNtName, index);
    switch (n->state) {
    case MS_NAME_STATE_HELD:
        n->state = MS_NAME_STATE_RELEASING;
        n->via_wins = FALSE; /* a refresh in flight is abandoned */
        n->trn_id = ms_name_table_new_trn_id(t);
        n->sends = 0;
        if (n->wins_held) {
            /* §5.1.2: the server forgets it too; sent once, in the same transaction, as
             * nobody waits for its answer (at shutdown there is no time). */
            send_release(t, n, TRUE);
            n->wins_held = FALSE;
            t->counters.wins_released++;
        }
        release_step(t, now_us, index);
        break;
    case MS_NAME_STATE_REGISTERING:
        /* Never ours: a release would tell caches to forget whoever really owns it. */
    case MS_NAME_STATE_CONFLICT:
        /* Another node owns it now; the RFC's only valid operation is to delete it. */
    case MS_NAME_STATE_ABSENT:
        g_array_remove_index(t->names, index);
        break;
    case MS_NAME_STATE_RELEASING:
        break;
    }
}

gboolean
ms_name_table_release(MsNameTable *t, gint64 now_us, const MsName *name)
{
    g_return_val_if_fail(t != NULL && name != NULL, FALSE);
    guint index;
    if (ms_name_table_find(t, name, &index) == NULL)
        return FALSE;
    release_index(t, now_us, index);
    ms_name_table_flush(t);
    return TRUE;
}

void
ms_name_table_release_all(MsNameTable *t, gint64 now_us)
{
    g_return_if_fail(t != NULL);
    /* Every entry either leaves the table or turns RELEASING; both end the loop. */
    for (guint i = 0; i < t->names->len;) {
        guint before = t->names->len;
        if (g_array_index(t->names, MsNtName, i).state == MS_NAME_STATE_RELEASING) {
            i++;
            continue;
        }
        release_index(t, now_us, i);
        if (t->names->len == before)
            i++;
    }
    ms_name_table_flush(t);
}

/* The name of a response: its answer's (the question is not echoed in responses). */
static MsNtName *
find_transaction(const MsNameTable *t, const MsNbnsPacket *p, MsNameState state, guint *index)
{
    MsNtName *n = ms_name_table_find(t, &p->answer.name, index);
    if (n == NULL || n->state != state || n->trn_id != p->trn_id)
        return NULL;
    return n;
}

MsNameTableDropReason
ms_name_table_on_registration_response(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip,
                                       guint16 src_port)
{
    guint index;
    MsNtName *n = find_transaction(t, p, MS_NAME_STATE_REGISTERING, &index);
    if (n == NULL)
        return MS_NAME_TABLE_DROP_UNSOLICITED;
    if (ms_nbns_rcode(p) == MS_NBNS_RCODE_OK) {
        /* §5.1.1.1: positive and end-node challenge responses come from an NBNS only;
         * a B-node ignores them and keeps waiting. */
        return MS_NAME_TABLE_DROP_IGNORED;
    }
    /* Any negative response (ACT_ERR from a defender, CFT_ERR, ...): the name cannot be
     * added (NBT-008). */
    ms_name_table_refuse(t, index, src_ip, src_port, ms_nbns_rcode(p));
    return MS_NT_HANDLED;
}

void
ms_name_table_refuse(MsNameTable *t, guint index, guint32 ip, guint16 port, MsNbnsRcode rcode)
{
    MsNtName *n = &g_array_index(t->names, MsNtName, index);
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = MS_NAME_TABLE_EFFECT_REFUSED;
    fx.name = n->name;
    fx.group = n->group;
    fx.refused.ip = ip;
    fx.refused.port = port;
    fx.refused.rcode = rcode;
    g_array_remove_index(t->names, index);
    t->counters.refused++;
    ms_name_table_emit(t, &fx);
}

MsNameTableDropReason
ms_name_table_on_own_release_response(MsNameTable *t, const MsNbnsPacket *p)
{
    /* §5.1.1.4 expects none; Samba answers releases of its own names with ACT_ERR. Either
     * way the name is going, so there is nothing to do. */
    return find_transaction(t, p, MS_NAME_STATE_RELEASING, NULL) ? MS_NAME_TABLE_DROP_IGNORED
                                                                 : MS_NAME_TABLE_DROP_UNSOLICITED;
}

MsNameTableDropReason
ms_name_table_register_on_wack(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p)
{
    MsNtName *n = find_transaction(t, p, MS_NAME_STATE_REGISTERING, NULL);
    if (n == NULL)
        return MS_NAME_TABLE_DROP_UNSOLICITED;
    if (n->wacked)
        return MS_NAME_TABLE_DROP_IGNORED;
    /* §4.2.16, NBT-021: wait the TTL before the next step (once, and capped, so that a
     * forged WACK cannot hold a registration forever). */
    n->wacked = TRUE;
    n->due = MAX(n->due, now_us + ms_name_table_wack_delay(t, p->answer.ttl));
    return MS_NT_HANDLED;
}
