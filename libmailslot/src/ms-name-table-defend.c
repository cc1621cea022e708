/* Others against our names (RFC 1002 §5.1.1.5): registrations we defend, releases of our
 * names we refuse, conflict demands we obey, and requests meant for an NBNS (NBT-024). */
#include "ms-name-table-private.h"

#include <string.h>

/* The requester's address entry of a registration, overwrite, refresh or release request:
 * the additional record's first NB entry, which every response echoes (§4.2.5-4.2.11). */
static gboolean
requester_entry(const MsNbnsPacket *p, MsNbAddrEntry *out)
{
    return p->has_question && p->has_additional && p->additional.type == MS_NBNS_TYPE_NB &&
           ms_nbns_nb_entry(&p->additional, 0, out);
}

static void
send_registration_response(MsNameTable *t, const MsNbnsPacket *p, MsNbnsRcode rcode,
                           const MsNbAddrEntry *entry, guint32 ip, guint16 port)
{
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    /* TTL 0, as Samba's defence in the captures (nmbd-election-simultaneous-tie, frame 93). */
    MsStatus st =
        ms_nbns_build_registration_response(&w, p->trn_id, rcode, &p->question_name, entry, 0);
    MsNtDest to = ms_name_table_unicast(ip, port);
    ms_name_table_send(t, st, &p->question_name, &to, &w);
}

static void
send_release_response(MsNameTable *t, const MsNbnsPacket *p, MsNbnsRcode rcode,
                      const MsNbAddrEntry *entry, guint32 ip, guint16 port)
{
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = ms_nbns_build_release_response(&w, p->trn_id, rcode, &p->question_name, entry);
    MsNtDest to = ms_name_table_unicast(ip, port);
    ms_name_table_send(t, st, &p->question_name, &to, &w);
}

MsNameTableDropReason
ms_name_table_on_registration_request(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip,
                                      guint16 src_port)
{
    MsNbAddrEntry req;
    if (!requester_entry(p, &req))
        return MS_NAME_TABLE_DROP_INCOMPLETE;
    const MsNtName *n = ms_name_table_find(t, &p->question_name, NULL);
    if (n == NULL || n->state != MS_NAME_STATE_HELD) {
        /* Not ours (a name still registering is not ours yet). An overwrite request (no RD)
         * is the RFC's NAME UPDATE: a cache that knows the name takes the new owner. */
        gboolean update = (p->flags & MS_NBNS_FLAG_RD) == 0;
        if (update && ms_name_table_cache_update(t, &p->question_name, &req))
            return MS_NT_HANDLED;
        return MS_NAME_TABLE_DROP_NOT_OURS;
    }
    gboolean wants_group = (req.nb_flags & MS_NB_FLAG_GROUP) != 0;
    if (wants_group && n->group) {
        /* NBT-010: any number of nodes may share a group name. */
        return MS_NT_HANDLED;
    }
    /* NBT-009: a unique claim on any name we hold, or a group claim on our unique name, gets
     * a negative response (ACT_ERR) unicast to the requester, echoing its name and entry. */
    send_registration_response(t, p, MS_NBNS_RCODE_ACT_ERR, &req, src_ip, src_port);
    t->counters.defended++;
    return MS_NT_HANDLED;
}

MsNameTableDropReason
ms_name_table_on_release_request(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip,
                                 guint16 src_port)
{
    MsNbAddrEntry req;
    if (!requester_entry(p, &req))
        return MS_NAME_TABLE_DROP_INCOMPLETE;
    const MsNtName *n = ms_name_table_find(t, &p->question_name, NULL);
    if (n == NULL || n->state != MS_NAME_STATE_HELD || n->group) {
        /* §5.1.1.5: a release makes a cache forget the name. */
        if (ms_name_table_cache_forget(t, &p->question_name, req.addr))
            return MS_NT_HANDLED;
        return MS_NAME_TABLE_DROP_NOT_OURS;
    }
    /* Someone else releasing our unique name: as Samba does, say it is ours (ACT_ERR,
     * §4.2.11), so that the others' caches are not misled silently. */
    send_release_response(t, p, MS_NBNS_RCODE_ACT_ERR, &req, src_ip, src_port);
    t->counters.releases_refused++;
    return MS_NT_HANDLED;
}

MsNameTableDropReason
ms_name_table_on_conflict_demand(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip)
{
    MsNtName *n = ms_name_table_find(t, &p->answer.name, NULL);
    /* Only a unique name can be in conflict: a group has many owners by design. */
    if (n == NULL || n->state != MS_NAME_STATE_HELD || n->group)
        return MS_NAME_TABLE_DROP_NOT_OURS;
    /* §5.1.1.5, NBT-019: the name "does not logically exist" any more: no answers, no
     * defence, no datagrams; it stays listed (CNF) until our user deletes it. */
    n->state = MS_NAME_STATE_CONFLICT;
    n->due = MS_NT_NEVER;
    n->via_wins = FALSE; /* a refresh in flight ends with it */
    MsNameTableEffect fx;
    memset(&fx, 0, sizeof fx);
    fx.kind = MS_NAME_TABLE_EFFECT_LOST;
    fx.name = n->name;
    fx.group = FALSE;
    fx.lost.ip = src_ip;
    t->counters.lost++;
    ms_name_table_emit(t, &fx);
    return MS_NT_HANDLED;
}

MsNameTableDropReason
ms_name_table_on_unicast_request(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip,
                                 guint16 src_port)
{
    MsNbAddrEntry req;
    if (!requester_entry(p, &req))
        return MS_NAME_TABLE_DROP_INCOMPLETE;
    /* NBT-024: we are no NBNS. Samba says so with FMT_ERR, in a release response for a
     * release and a registration response otherwise; nothing is ever accepted. */
    if (ms_nbns_opcode(p) == MS_NBNS_OP_RELEASE)
        send_release_response(t, p, MS_NBNS_RCODE_FMT_ERR, &req, src_ip, src_port);
    else
        send_registration_response(t, p, MS_NBNS_RCODE_FMT_ERR, &req, src_ip, src_port);
    return MS_NAME_TABLE_DROP_UNICAST_REQUEST;
}
