/* The simulated LAN's event queue: a binary min-heap ordered by (time, sequence).
 *
 * The sequence number is handed out by the queue on every push or reschedule, so two events
 * due at the same microsecond leave in the order they were queued: a run is a function of
 * its seed alone. Items are embedded in the caller's structs (intrusive), which lets a node
 * keep one timer item and move it in O(log n) whenever its engine's deadline changes,
 * instead of piling up stale timer events. The queue owns no item. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
    gint64 time_us;
    guint64 seq;
    gsize pos; /* index in the heap, SIM_QUEUE_NOT_QUEUED when out of it */
} SimQueueItem;

#define SIM_QUEUE_NOT_QUEUED G_MAXSIZE

typedef struct SimQueue SimQueue;

SimQueue *sim_queue_new(void);
/* Frees the queue, not the items still in it. */
void sim_queue_free(SimQueue *q);

/* Marks an item as not queued; call once before its first push. */
void sim_queue_item_init(SimQueueItem *item);

/* Queues `item` at `time_us`; an item already queued is moved there instead. Either way it
 * gets a fresh sequence number, i.e. it goes after everything already due at that time. */
void sim_queue_schedule(SimQueue *q, SimQueueItem *item, gint64 time_us);

/* Takes `item` out of the queue; harmless when it is not in it. */
void sim_queue_remove(SimQueue *q, SimQueueItem *item);

/* The earliest item without removing it, NULL when empty. */
SimQueueItem *sim_queue_peek(const SimQueue *q);

/* Removes and returns the earliest item, NULL when empty. */
SimQueueItem *sim_queue_pop(SimQueue *q);

gsize sim_queue_length(const SimQueue *q);

static inline gboolean
sim_queue_item_queued(const SimQueueItem *item)
{
    return item->pos != SIM_QUEUE_NOT_QUEUED;
}

G_END_DECLS
