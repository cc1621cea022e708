/* Datagram fragment reassembly: RFC 1002 §5.3.3, bounded. */
#include <libmailslot/ms-reasm.h>

#include <string.h>

typedef struct {
    gboolean used;
    guint32 source_ip;
    guint16 id;
    gint64 started_us;
    MsDgram header; /* of the first fragment; data fields unused */
    GByteArray *data;
} Pending;

struct MsReassembler {
    MsReasmLimits limits;
    MsReasmCounters counters;
    Pending *slots; /* limits.max_pending of them; small, so a linear scan is the index */
    gsize held_bytes;
    GByteArray *completed; /* the last completed datagram's data, lent to the caller */
};

MsReassembler *
ms_reassembler_new(const MsReasmLimits *limits)
{
    MsReassembler *r = g_new0(MsReassembler, 1);
    if (limits)
        r->limits = *limits;
    if (r->limits.max_pending == 0)
        r->limits.max_pending = 16;
    if (r->limits.max_bytes == 0)
        r->limits.max_bytes = 64 * 1024;
    if (r->limits.max_datagram == 0)
        r->limits.max_datagram = 8 * 1024;
    if (r->limits.timeout_us <= 0)
        r->limits.timeout_us = MS_REASM_DEFAULT_TIMEOUT_US;
    r->slots = g_new0(Pending, r->limits.max_pending);
    r->completed = g_byte_array_new();
    return r;
}

static void
slot_clear(MsReassembler *r, Pending *p)
{
    if (!p->used)
        return;
    r->held_bytes -= p->data->len;
    g_byte_array_unref(p->data);
    memset(p, 0, sizeof *p);
}

void
ms_reassembler_free(MsReassembler *r)
{
    if (r == NULL)
        return;
    for (guint i = 0; i < r->limits.max_pending; i++)
        slot_clear(r, &r->slots[i]);
    g_free(r->slots);
    g_byte_array_unref(r->completed);
    g_free(r);
}

void
ms_reassembler_expire(MsReassembler *r, gint64 now_us)
{
    for (guint i = 0; i < r->limits.max_pending; i++) {
        Pending *p = &r->slots[i];
        if (p->used && now_us - p->started_us >= r->limits.timeout_us) {
            slot_clear(r, p);
            r->counters.timed_out++;
        }
    }
}

gint64
ms_reassembler_next_deadline(const MsReassembler *r)
{
    gint64 next = G_MAXINT64;
    for (guint i = 0; i < r->limits.max_pending; i++) {
        if (r->slots[i].used)
            next = MIN(next, r->slots[i].started_us + r->limits.timeout_us);
    }
    return next;
}

guint
ms_reassembler_pending(const MsReassembler *r)
{
    guint n = 0;
    for (guint i = 0; i < r->limits.max_pending; i++)
        n += r->slots[i].used ? 1 : 0;
    return n;
}

const MsReasmCounters *
ms_reassembler_counters(const MsReassembler *r)
{
    return &r->counters;
}

static Pending *
find(MsReassembler *r, guint32 source_ip, guint16 id)
{
    for (guint i = 0; i < r->limits.max_pending; i++) {
        Pending *p = &r->slots[i];
        if (p->used && p->source_ip == source_ip && p->id == id)
            return p;
    }
    return NULL;
}

static Pending *
free_slot(MsReassembler *r)
{
    for (guint i = 0; i < r->limits.max_pending; i++) {
        if (!r->slots[i].used)
            return &r->slots[i];
    }
    return NULL;
}

static MsReasmResult
start(MsReassembler *r, const MsDgram *first, gint64 now_us)
{
    Pending *p = find(r, first->source_ip, first->id);
    if (p) {
        /* A sender reusing the id: the old datagram can never complete now. */
        slot_clear(r, p);
        r->counters.replaced++;
    }
    if (first->data_len > r->limits.max_datagram) {
        r->counters.too_large++;
        return MS_REASM_DROPPED;
    }
    p = free_slot(r);
    if (p == NULL || r->held_bytes + first->data_len > r->limits.max_bytes) {
        /* At a cap new work is refused and what is held is kept (hardening policy). */
        r->counters.refused_full++;
        return MS_REASM_DROPPED;
    }
    p->used = TRUE;
    p->source_ip = first->source_ip;
    p->id = first->id;
    p->started_us = now_us;
    p->header = *first;
    p->header.data = NULL;
    p->header.data_len = 0;
    p->data = g_byte_array_sized_new((guint)first->data_len);
    g_byte_array_append(p->data, first->data, (guint)first->data_len);
    r->held_bytes += first->data_len;
    return MS_REASM_PENDING;
}

static MsReasmResult
append(MsReassembler *r, const MsDgram *frag, MsDgram *whole)
{
    Pending *p = find(r, frag->source_ip, frag->id);
    if (p == NULL) {
        r->counters.orphans++;
        return MS_REASM_DROPPED;
    }
    if (frag->packet_offset != p->data->len) {
        r->counters.out_of_order++;
        slot_clear(r, p);
        return MS_REASM_DROPPED;
    }
    if (p->data->len + frag->data_len > r->limits.max_datagram ||
        r->held_bytes + frag->data_len > r->limits.max_bytes) {
        r->counters.too_large++;
        slot_clear(r, p);
        return MS_REASM_DROPPED;
    }
    g_byte_array_append(p->data, frag->data, (guint)frag->data_len);
    r->held_bytes += frag->data_len;
    if (frag->flags & MS_DGRAM_FLAG_MORE)
        return MS_REASM_PENDING;

    g_byte_array_set_size(r->completed, 0);
    g_byte_array_append(r->completed, p->data->data, p->data->len);
    *whole = p->header;
    whole->flags = (guint8)((whole->flags & ~MS_DGRAM_FLAG_MORE) | MS_DGRAM_FLAG_FIRST);
    whole->packet_offset = 0;
    whole->data = r->completed->data;
    whole->data_len = r->completed->len;
    slot_clear(r, p);
    r->counters.completed++;
    return MS_REASM_COMPLETE;
}

MsReasmResult
ms_reassembler_push(MsReassembler *r, const MsDgram *fragment, gint64 now_us, MsDgram *whole)
{
    g_return_val_if_fail(ms_dgram_type_carries_data(fragment->type), MS_REASM_DROPPED);
    ms_reassembler_expire(r, now_us);
    if (ms_dgram_is_whole(fragment)) {
        *whole = *fragment;
        return MS_REASM_COMPLETE;
    }
    if (fragment->flags & MS_DGRAM_FLAG_FIRST)
        return start(r, fragment, now_us);
    return append(r, fragment, whole);
}
