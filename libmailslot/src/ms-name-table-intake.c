/* Packet intake: every UDP 137 payload is checked (own, decodable, our scope, complete) and
 * handed to the step that acts on it, or counted as dropped by reason. RFC 1002 §5.1.1.5
 * is the B-node's whole list of what it acts on; everything else is dropped silently
 * (NBT-023). */
#include "ms-name-table-private.h"

static gboolean
is_own_address(const MsNameTable *t, guint32 ip)
{
    for (guint i = 0; i < t->cfg.n_addresses; i++) {
        if (t->cfg.addresses[i] == ip)
            return TRUE;
    }
    return FALSE;
}

/* NBT-004: a packet about a name of another scope is none of ours. Every name it carries
 * counts (the additional record is normally a pointer to the question anyway). */
static gboolean
in_our_scope(const MsNameTable *t, const MsNbnsPacket *p)
{
    const char *scope = t->cfg.scope;
    return (!p->has_question || ms_name_scope_equal(&p->question_name, scope)) &&
           (!p->has_answer || ms_name_scope_equal(&p->answer.name, scope)) &&
           (!p->has_additional || ms_name_scope_equal(&p->additional.name, scope));
}

static MsNameTableDropReason
on_response(MsNameTable *t, gint64 now_us, const MsNbnsPacket *p, guint32 src_ip, guint16 src_port)
{
    MsNameTableDropReason r;
    if (!p->has_answer)
        return MS_NAME_TABLE_DROP_INCOMPLETE;
    /* Transactions with the WINS server first: only the server may answer them. */
    r = ms_name_table_wins_on_response(t, now_us, p, src_ip);
    if (r != MS_NT_PASS)
        return r;
    switch (ms_nbns_opcode(p)) {
    case MS_NBNS_OP_REGISTRATION:
        r = ms_name_table_on_registration_response(t, p, src_ip, src_port);
        /* A CFT_ERR response to no registration of ours is a NAME CONFLICT DEMAND (§4.2.8):
         * someone resolving one of our names heard a second owner. */
        if (r == MS_NAME_TABLE_DROP_UNSOLICITED && ms_nbns_rcode(p) == MS_NBNS_RCODE_CFT_ERR)
            r = ms_name_table_on_conflict_demand(t, p, src_ip);
        return r;
    case MS_NBNS_OP_QUERY:
        return ms_name_table_on_query_response(t, now_us, p, src_ip);
    case MS_NBNS_OP_WACK:
        r = ms_name_table_register_on_wack(t, now_us, p);
        if (r == MS_NAME_TABLE_DROP_UNSOLICITED)
            r = ms_name_table_query_on_wack(t, now_us, p);
        return r;
    case MS_NBNS_OP_RELEASE:
        return ms_name_table_on_own_release_response(t, p);
    case MS_NBNS_OP_REFRESH:
    case MS_NBNS_OP_REFRESH_ALT:
    case MS_NBNS_OP_MULTIHOMED:
        break; /* we never ask these */
    }
    return MS_NAME_TABLE_DROP_UNSOLICITED;
}

static MsNameTableDropReason
on_request(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip, guint16 src_port)
{
    gboolean broadcast = (p->flags & MS_NBNS_FLAG_BROADCAST) != 0;
    if (!p->has_question)
        return MS_NAME_TABLE_DROP_INCOMPLETE;
    switch (ms_nbns_opcode(p)) {
    case MS_NBNS_OP_QUERY:
        /* The decoder admits NB and NBSTAT questions only. Both are answered whether they
         * came broadcast or not: Samba answers a node status sent to 255.255.255.255
         * without the B flag (nmbd-lmb-startup, frame 69). */
        if (p->question_type == MS_NBNS_TYPE_NBSTAT)
            return ms_name_table_on_node_status_request(t, p, src_ip, src_port);
        return ms_name_table_on_name_query(t, p, src_ip, src_port);
    case MS_NBNS_OP_REGISTRATION:
        if (!broadcast)
            return ms_name_table_on_unicast_request(t, p, src_ip, src_port);
        return ms_name_table_on_registration_request(t, p, src_ip, src_port);
    case MS_NBNS_OP_RELEASE:
        if (!broadcast)
            return ms_name_table_on_unicast_request(t, p, src_ip, src_port);
        return ms_name_table_on_release_request(t, p, src_ip, src_port);
    case MS_NBNS_OP_REFRESH:
    case MS_NBNS_OP_REFRESH_ALT:
        /* Only an NBNS takes refreshes (nbt.md §4.7); a broadcast one is noise to us. */
        if (!broadcast)
            return ms_name_table_on_unicast_request(t, p, src_ip, src_port);
        return MS_NAME_TABLE_DROP_OPCODE;
    case MS_NBNS_OP_WACK:       /* a response opcode without the R bit */
    case MS_NBNS_OP_MULTIHOMED: /* Microsoft's, for WINS only */
        break;
    }
    return MS_NAME_TABLE_DROP_OPCODE;
}

void
ms_name_table_handle_packet(MsNameTable *t, gint64 now_us, const guint8 *buf, gsize len,
                            guint32 src_ip, guint16 src_port)
{
    g_return_if_fail(t != NULL && (buf != NULL || len == 0));
    MsNbnsPacket p;
    MsStatus st;
    MsNameTableDropReason r;

    t->counters.received++;
    ms_name_table_cache_purge(t, now_us);
    if (is_own_address(t, src_ip)) {
        /* NBT-011: our own broadcasts come back on a real LAN; acting on them would make us
         * defend against, and answer, ourselves. */
        r = MS_NAME_TABLE_DROP_OWN;
    } else if ((st = ms_nbns_decode(buf, len, &p)) != MS_OK) {
        t->counters.decode_errors[st]++;
        r = MS_NAME_TABLE_DROP_MALFORMED;
    } else if (!in_our_scope(t, &p)) {
        r = MS_NAME_TABLE_DROP_SCOPE;
    } else if (ms_nbns_is_response(&p)) {
        r = on_response(t, now_us, &p, src_ip, src_port);
    } else {
        r = on_request(t, &p, src_ip, src_port);
    }
    if (r != MS_NT_HANDLED)
        t->counters.dropped[r]++;
    ms_name_table_flush(t);
}
