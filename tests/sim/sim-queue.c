#include "sim-queue.h"

struct SimQueue {
    GPtrArray *heap; /* SimQueueItem *, heap-ordered */
    guint64 next_seq;
};

SimQueue *
sim_queue_new(void)
{
    SimQueue *q = g_new0(SimQueue, 1);
    q->heap = g_ptr_array_new();
    return q;
}

void
sim_queue_free(SimQueue *q)
{
    if (!q)
        return;
    for (guint i = 0; i < q->heap->len; i++)
        ((SimQueueItem *)g_ptr_array_index(q->heap, i))->pos = SIM_QUEUE_NOT_QUEUED;
    g_ptr_array_free(q->heap, TRUE);
    g_free(q);
}

void
sim_queue_item_init(SimQueueItem *item)
{
    item->time_us = 0;
    item->seq = 0;
    item->pos = SIM_QUEUE_NOT_QUEUED;
}

static gboolean
item_before(const SimQueueItem *a, const SimQueueItem *b)
{
    return a->time_us < b->time_us || (a->time_us == b->time_us && a->seq < b->seq);
}

static SimQueueItem *
at(const SimQueue *q, gsize i)
{
    return g_ptr_array_index(q->heap, (guint)i);
}

static void
place(SimQueue *q, gsize i, SimQueueItem *item)
{
    q->heap->pdata[i] = item;
    item->pos = i;
}

static void
sift_up(SimQueue *q, gsize i)
{
    SimQueueItem *item = at(q, i);
    while (i > 0) {
        gsize parent = (i - 1) / 2;
        if (!item_before(item, at(q, parent)))
            break;
        place(q, i, at(q, parent));
        i = parent;
    }
    place(q, i, item);
}

static void
sift_down(SimQueue *q, gsize i)
{
    gsize n = q->heap->len;
    SimQueueItem *item = at(q, i);
    for (;;) {
        gsize child = 2 * i + 1;
        if (child >= n)
            break;
        if (child + 1 < n && item_before(at(q, child + 1), at(q, child)))
            child++;
        if (!item_before(at(q, child), item))
            break;
        place(q, i, at(q, child));
        i = child;
    }
    place(q, i, item);
}

void
sim_queue_schedule(SimQueue *q, SimQueueItem *item, gint64 time_us)
{
    item->time_us = time_us;
    item->seq = q->next_seq++;
    if (!sim_queue_item_queued(item)) {
        g_ptr_array_add(q->heap, item);
        item->pos = q->heap->len - 1;
        sift_up(q, item->pos);
        return;
    }
    /* Moved: the new key may be earlier or later than the old one. */
    gsize i = item->pos;
    sift_up(q, i);
    sift_down(q, item->pos);
}

void
sim_queue_remove(SimQueue *q, SimQueueItem *item)
{
    if (!sim_queue_item_queued(item))
        return;
    gsize i = item->pos;
    SimQueueItem *last = g_ptr_array_steal_index(q->heap, q->heap->len - 1);
    item->pos = SIM_QUEUE_NOT_QUEUED;
    if (last == item)
        return;
    place(q, i, last);
    sift_up(q, i);
    sift_down(q, last->pos);
}

SimQueueItem *
sim_queue_peek(const SimQueue *q)
{
    return q->heap->len ? at(q, 0) : NULL;
}

SimQueueItem *
sim_queue_pop(SimQueue *q)
{
    SimQueueItem *top = sim_queue_peek(q);
    if (top)
        sim_queue_remove(q, top);
    return top;
}

gsize
sim_queue_length(const SimQueue *q)
{
    return q->heap->len;
}
