/* Answers about our names (RFC 1002 §5.1.1.5): name queries (§4.2.12-4.2.14) and node
 * status requests (§4.2.17-4.2.18). Every answer goes to the request's source address and
 * source port (§4.2.1.1, NBT-022), whatever port that is. */
#include "ms-name-table-private.h"

#include <stdlib.h>
#include <string.h>

MsNameTableDropReason
ms_name_table_on_name_query(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip, guint16 src_port)
{
    const MsNtName *n = ms_name_table_find(t, &p->question_name, NULL);
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsNtDest to = ms_name_table_unicast(src_ip, src_port);
    MsStatus st;

    if (n != NULL && n->state == MS_NAME_STATE_HELD) {
        /* NBT-012, NBT-015: our entry, for a group name too (every member answers with its
         * own address, which is how a browser finds all masters). The question name is
         * echoed as it came. */
        MsNbAddrEntry own = ms_name_table_own_entry(t, n->group);
        st = ms_nbns_build_query_response(&w, p->trn_id, &p->question_name, &own, 1,
                                          t->cfg.answer_ttl_s);
        ms_name_table_send(t, st, &p->question_name, &to, &w);
        t->counters.queries_answered++;
        return MS_NT_HANDLED;
    }
    /* NBT-013: never a negative answer to a broadcast. NBT-014: a unicast query gets NAM_ERR
     * unless it asked for recursion, which Samba leaves unanswered (a node is no NBNS). */
    if ((p->flags & (MS_NBNS_FLAG_BROADCAST | MS_NBNS_FLAG_RD)) != 0)
        return MS_NAME_TABLE_DROP_NOT_OURS;
    st = ms_nbns_build_negative_query_response(&w, p->trn_id, MS_NBNS_RCODE_NAM_ERR,
                                               &p->question_name);
    ms_name_table_send(t, st, &p->question_name, &to, &w);
    t->counters.negative_answers++;
    return MS_NT_HANDLED;
}

/* Node status order (Samba's): the names of our computer name first, then by their bytes. */
typedef struct {
    MsNodeStatusEntry entry;
    gboolean node_name;
} StatusItem;

static int
compare_status_items(const void *a, const void *b)
{
    const StatusItem *x = a, *y = b;
    if (x->node_name != y->node_name)
        return x->node_name ? -1 : 1;
    return memcmp(x->entry.name, y->entry.name, MS_NAME_LEN);
}

static guint16
status_flags(const MsNameTable *t, const MsNtName *n)
{
    /* RFC 1002 §4.2.18: G and ONT as in our address entries, ACT on every entry; CNF for a
     * name lost to a conflict, DRG for one being released. */
    guint16 flags = (guint16)(ms_name_table_own_entry(t, n->group).nb_flags | MS_NAME_FLAG_ACT);
    if (n->state == MS_NAME_STATE_CONFLICT)
        flags |= MS_NAME_FLAG_CNF;
    else if (n->state == MS_NAME_STATE_RELEASING)
        flags |= MS_NAME_FLAG_DRG;
    return flags;
}

void
ms_name_table_node_status(const MsNameTable *t, MsNodeStatus *out)
{
    g_return_if_fail(t != NULL && out != NULL);
    StatusItem items[MS_NAME_TABLE_MAX_NAMES];
    guint count = 0;
    memset(out, 0, sizeof *out);
    for (guint i = 0; i < t->names->len && count < G_N_ELEMENTS(items); i++) {
        const MsNtName *n = &g_array_index(t->names, MsNtName, i);
        if (n->state == MS_NAME_STATE_REGISTERING)
            continue; /* not ours yet */
        StatusItem *it = &items[count++];
        /* Upper case, as Samba lists them; the table keeps the bytes it was given. */
        for (guint b = 0; b < MS_NAME_LEN; b++)
            it->entry.name[b] = (guint8)g_ascii_toupper((gchar)n->name.bytes[b]);
        it->entry.flags = status_flags(t, n);
        char base[MS_NAME_LEN];
        ms_name_base(&n->name, base);
        it->node_name =
            t->cfg.node_name[0] != '\0' && g_ascii_strcasecmp(base, t->cfg.node_name) == 0;
    }
    qsort(items, count, sizeof items[0], compare_status_items);
    out->num_names = count;
    for (guint i = 0; i < count; i++)
        out->names[i] = items[i].entry;
    /* The statistics, UNIT_ID (MAC) first, stay zero: Samba sends zeros too, and they would
     * only tell a stranger about the host. */
}

MsNameTableDropReason
ms_name_table_on_node_status_request(MsNameTable *t, const MsNbnsPacket *p, guint32 src_ip,
                                     guint16 src_port)
{
    /* NBT-016: for "*" or a name we hold. Every name listed is in our scope, which the
     * request's scope matched already (NBT-017); the builder cuts to 576 bytes with TC. */
    const MsNtName *n = ms_name_table_find(t, &p->question_name, NULL);
    if (!ms_name_table_is_wildcard(&p->question_name) &&
        (n == NULL || n->state != MS_NAME_STATE_HELD))
        return MS_NAME_TABLE_DROP_NOT_OURS;
    MsNodeStatus status;
    ms_name_table_node_status(t, &status);
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    MsStatus st = ms_nbns_build_node_status_response(&w, p->trn_id, &p->question_name, &status);
    MsNtDest to = ms_name_table_unicast(src_ip, src_port);
    ms_name_table_send(t, st, &p->question_name, &to, &w);
    t->counters.status_answered++;
    return MS_NT_HANDLED;
}
