/* The simulated LAN's event queue: order by (time, insertion), moves and removals. The
 * determinism of every scenario rests on it. */
#include "sim-queue.h"

#include "test-util.h"

typedef struct {
    SimQueueItem item;
    guint id;
} Item;

static void
test_same_time_leaves_in_queue_order(void)
{
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    SimQueue *q = sim_queue_new();
    for (guint i = 0; i < 100; i++) {
        Item *it = g_new0(Item, 1);
        it->id = i;
        sim_queue_item_init(&it->item);
        g_ptr_array_add(items, it);
        sim_queue_schedule(q, &it->item, (gint64)(i % 3) * 10); /* three instants */
    }
    gint64 last_time = -1;
    guint last_id_at_time = 0;
    for (guint n = 0; n < 100; n++) {
        Item *it = (Item *)sim_queue_pop(q);
        CU_ASSERT_PTR_NOT_NULL_FATAL(it);
        CU_ASSERT_FALSE(sim_queue_item_queued(&it->item));
        CU_ASSERT_TRUE(it->item.time_us >= last_time);
        if (it->item.time_us == last_time)
            CU_ASSERT_TRUE(it->id > last_id_at_time);
        last_time = it->item.time_us;
        last_id_at_time = it->id;
    }
    CU_ASSERT_PTR_NULL(sim_queue_pop(q));
    sim_queue_free(q);
}

/* Random schedules, moves and removals against a brute-force minimum. */
static void
test_moves_and_removals_keep_heap_order(void)
{
    enum { N = 200 };
    Item items[N];
    SimQueue *q = sim_queue_new();
    GRand *r = g_rand_new_with_seed(7);
    for (guint i = 0; i < N; i++) {
        items[i].id = i;
        sim_queue_item_init(&items[i].item);
    }
    for (guint round = 0; round < 5000; round++) {
        Item *it = &items[g_rand_int_range(r, 0, N)];
        switch (g_rand_int_range(r, 0, 4)) {
        case 0:
        case 1:
            sim_queue_schedule(q, &it->item, g_rand_int_range(r, 0, 1000));
            break;
        case 2:
            sim_queue_remove(q, &it->item);
            break;
        default: {
            /* the popped item is the least (time, seq) of those queued */
            const SimQueueItem *best = NULL;
            for (guint i = 0; i < N; i++) {
                const SimQueueItem *c = &items[i].item;
                if (sim_queue_item_queued(c) &&
                    (!best || c->time_us < best->time_us ||
                     (c->time_us == best->time_us && c->seq < best->seq)))
                    best = c;
            }
            CU_ASSERT_PTR_EQUAL(sim_queue_pop(q), best);
            break;
        }
        }
        gsize queued = 0;
        for (guint i = 0; i < N; i++)
            queued += sim_queue_item_queued(&items[i].item);
        CU_ASSERT_EQUAL(sim_queue_length(q), queued);
    }
    g_rand_free(r);
    sim_queue_free(q);
}

static CU_TestInfo tests[] = {
    {"same time leaves in queue order", test_same_time_leaves_in_queue_order},
    {"moves and removals keep heap order", test_moves_and_removals_keep_heap_order},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("sim-queue", tests);
}
