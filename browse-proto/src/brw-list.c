/* Browse lists: [MS-BRWS] §3.3.1 (server and domain lists), §3.3.6 (expiry at three
 * announcement periods), footnote 58 (learned entries never replace local ones). */
#include <browse-proto/brw-list.h>

#include <string.h>

/* One-second slots; more of them than seconds in BRW_LIST_MAX_LIFETIME_US, so a slot never
 * holds entries from two different turns of the wheel that are both still alive. */
#define WHEEL_SLOTS 4096
#define SEC G_USEC_PER_SEC

G_STATIC_ASSERT(BRW_LIST_MAX_LIFETIME_US / G_USEC_PER_SEC < WHEEL_SLOTS);

typedef struct {
    BrwListEntry entry;
    char key[BRW_LIST_NAME_MAX + 1]; /* upper-cased name */
    GList wheel_link;                /* in wheel[slot of entry.expires_us] */
} Node;

struct BrwList {
    guint max_entries;
    GHashTable *by_key; /* key -> Node*, owns the nodes */
    GQueue *wheel; /* WHEEL_SLOTS queues, allocated with the first entry: most lists of a
                    * LAN's browsers stay empty, and the wheel is 96 KiB */
    gint64 wheel_cursor_sec; /* every slot before this second has been expired */
    gint64 next_expiry_hint; /* never later than the true next expiry */
    GPtrArray *sorted;       /* Node*, by key; NULL when an add or remove made it stale */
    guint64 version;         /* brw_list_version(): bumped by every add, update, removal */
};

static guint
slot_of(gint64 expires_us)
{
    return (guint)((expires_us / SEC) % WHEEL_SLOTS);
}

static gboolean
make_key(const char *name, char key[BRW_LIST_NAME_MAX + 1])
{
    gsize len = 0;
    while (len <= BRW_LIST_NAME_MAX && name[len] != '\0')
        len++;
    if (len == 0 || len > BRW_LIST_NAME_MAX)
        return FALSE;
    for (gsize i = 0; i < len; i++)
        key[i] = g_ascii_toupper(name[i]);
    key[len] = '\0';
    return TRUE;
}

static void
node_free(gpointer p)
{
    g_free(p);
}

BrwList *
brw_list_new(guint max_entries)
{
    BrwList *list = g_new0(BrwList, 1);
    list->max_entries = max_entries;
    list->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, node_free);
    list->wheel_cursor_sec = G_MININT64;
    list->next_expiry_hint = G_MAXINT64;
    return list;
}

void
brw_list_free(BrwList *list)
{
    if (list == NULL)
        return;
    g_hash_table_destroy(list->by_key);
    g_free(list->wheel);
    if (list->sorted)
        g_ptr_array_unref(list->sorted);
    g_free(list);
}

static void
invalidate_sorted(BrwList *list)
{
    g_clear_pointer(&list->sorted, g_ptr_array_unref);
}

static void
wheel_insert(BrwList *list, Node *node)
{
    if (list->wheel == NULL)
        list->wheel = g_new0(GQueue, WHEEL_SLOTS); /* a zeroed GQueue is an empty one */
    node->wheel_link.data = node;
    g_queue_push_tail_link(&list->wheel[slot_of(node->entry.expires_us)], &node->wheel_link);
    list->next_expiry_hint = MIN(list->next_expiry_hint, node->entry.expires_us);
    if (list->wheel_cursor_sec == G_MININT64)
        list->wheel_cursor_sec = node->entry.last_heard_us / SEC;
}

static void
wheel_remove(BrwList *list, Node *node)
{
    g_queue_unlink(&list->wheel[slot_of(node->entry.expires_us)], &node->wheel_link);
}

static void
node_destroy(BrwList *list, Node *node)
{
    wheel_remove(list, node);
    invalidate_sorted(list);
    list->version++;
    g_hash_table_remove(list->by_key, node->key); /* frees node */
}

BrwListResult
brw_list_update(BrwList *list, const BrwListEntry *entry, gint64 now_us, gint64 lifetime_us)
{
    char key[BRW_LIST_NAME_MAX + 1];
    if (!make_key(entry->name, key))
        return BRW_LIST_REFUSED_NAME;
    lifetime_us = CLAMP(lifetime_us, 1, BRW_LIST_MAX_LIFETIME_US);

    Node *node = g_hash_table_lookup(list->by_key, key);
    BrwListResult result = BRW_LIST_UPDATED;
    if (node) {
        if (entry->source == BRW_SOURCE_SYNC && node->entry.source == BRW_SOURCE_LOCAL)
            return BRW_LIST_REFUSED_LOCAL;
        wheel_remove(list, node);
    } else {
        if (list->max_entries && g_hash_table_size(list->by_key) >= list->max_entries)
            return BRW_LIST_REFUSED_FULL;
        node = g_new0(Node, 1);
        memcpy(node->key, key, sizeof key);
        g_hash_table_insert(list->by_key, node->key, node);
        invalidate_sorted(list);
        result = BRW_LIST_ADDED;
    }
    node->entry = *entry;
    g_strlcpy(node->entry.name, entry->name, sizeof node->entry.name);
    node->entry.comment[BRW_LIST_COMMENT_MAX] = '\0';
    node->entry.last_heard_us = now_us;
    node->entry.expires_us = now_us + lifetime_us;
    wheel_insert(list, node);
    list->version++;
    return result;
}

gboolean
brw_list_remove(BrwList *list, const char *name)
{
    char key[BRW_LIST_NAME_MAX + 1];
    if (!make_key(name, key))
        return FALSE;
    Node *node = g_hash_table_lookup(list->by_key, key);
    if (node == NULL)
        return FALSE;
    node_destroy(list, node);
    return TRUE;
}

guint
brw_list_remove_source(BrwList *list, BrwListSource source)
{
    GHashTableIter it;
    gpointer value;
    guint removed = 0;
    g_hash_table_iter_init(&it, list->by_key);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        Node *node = value;
        if (node->entry.source != source)
            continue;
        wheel_remove(list, node);
        g_hash_table_iter_remove(&it);
        removed++;
    }
    if (removed) {
        invalidate_sorted(list);
        list->version++;
    }
    return removed;
}

/* The earliest expiry, found from the cursor forwards: every live entry expires in one of
 * the next WHEEL_SLOTS seconds. */
static gint64
scan_next_expiry(const BrwList *list)
{
    if (g_hash_table_size(list->by_key) == 0)
        return G_MAXINT64;
    for (gint64 s = list->wheel_cursor_sec; s < list->wheel_cursor_sec + WHEEL_SLOTS; s++) {
        const GQueue *q = &list->wheel[s % WHEEL_SLOTS];
        gint64 best = G_MAXINT64;
        for (const GList *l = q->head; l; l = l->next) {
            const Node *node = l->data;
            if (node->entry.expires_us / SEC == s)
                best = MIN(best, node->entry.expires_us);
        }
        if (best != G_MAXINT64)
            return best;
    }
    return G_MAXINT64;
}

guint
brw_list_expire(BrwList *list, gint64 now_us, BrwListExpiredFunc func, gpointer user_data)
{
    guint removed = 0;
    if (list->wheel_cursor_sec == G_MININT64 || now_us < list->next_expiry_hint)
        return 0;
    gint64 now_sec = now_us / SEC;
    /* after a long silence every slot is due once, no more */
    gint64 first = MAX(list->wheel_cursor_sec, now_sec - WHEEL_SLOTS + 1);
    for (gint64 s = first; s <= now_sec; s++) {
        GQueue *q = &list->wheel[s % WHEEL_SLOTS];
        GList *l = q->head;
        while (l) {
            GList *next = l->next;
            Node *node = l->data;
            if (node->entry.expires_us <= now_us) {
                if (func)
                    func(&node->entry, user_data);
                node_destroy(list, node);
                removed++;
            }
            l = next;
        }
    }
    list->wheel_cursor_sec = now_sec;
    list->next_expiry_hint = scan_next_expiry(list);
    return removed;
}

gint64
brw_list_next_expiry(const BrwList *list)
{
    return g_hash_table_size(list->by_key) ? list->next_expiry_hint : G_MAXINT64;
}

const BrwListEntry *
brw_list_lookup(const BrwList *list, const char *name)
{
    char key[BRW_LIST_NAME_MAX + 1];
    if (!make_key(name, key))
        return NULL;
    const Node *node = g_hash_table_lookup(list->by_key, key);
    return node ? &node->entry : NULL;
}

guint64
brw_list_version(const BrwList *list)
{
    return list->version;
}

guint
brw_list_count(const BrwList *list)
{
    return g_hash_table_size(list->by_key);
}

static gint
compare_nodes(gconstpointer a, gconstpointer b)
{
    const Node *x = *(Node *const *)a;
    const Node *y = *(Node *const *)b;
    return strcmp(x->key, y->key);
}

static GPtrArray *
sorted_nodes(BrwList *list)
{
    if (list->sorted == NULL) {
        list->sorted = g_ptr_array_sized_new(g_hash_table_size(list->by_key));
        GHashTableIter it;
        gpointer value;
        g_hash_table_iter_init(&it, list->by_key);
        while (g_hash_table_iter_next(&it, NULL, &value))
            g_ptr_array_add(list->sorted, value);
        g_ptr_array_sort(list->sorted, compare_nodes);
    }
    return list->sorted;
}

/* Index of the first node whose key is >= key. */
static guint
lower_bound(const GPtrArray *nodes, const char *key)
{
    guint lo = 0, hi = nodes->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        const Node *node = g_ptr_array_index(nodes, mid);
        if (strcmp(node->key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static gboolean
node_matches(const Node *node, guint32 type_mask, gboolean local_only)
{
    return (!local_only || node->entry.source == BRW_SOURCE_LOCAL) &&
           (type_mask == 0xFFFFFFFFu || (node->entry.server_type & type_mask) != 0);
}

/* A filtered query while the sorted view is stale (the list changed since it was built):
 * sort only the matches. A GetBackupListRequest (backup browsers only) arriving during an
 * announcement flood otherwise re-sorted the whole list each time (bench-ingest: 50,000
 * names, GetBackupList p99 13 ms and 140 us of CPU per announcement at 1,000/s). */
static GPtrArray *
query_unsorted(BrwList *list, guint32 type_mask, gboolean local_only)
{
    g_autoptr(GPtrArray) nodes = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, list->by_key);
    while (g_hash_table_iter_next(&it, NULL, &value))
        if (node_matches(value, type_mask, local_only))
            g_ptr_array_add(nodes, value);
    g_ptr_array_sort(nodes, compare_nodes);
    GPtrArray *out = g_ptr_array_sized_new(nodes->len);
    for (guint i = 0; i < nodes->len; i++)
        g_ptr_array_add(out, &((Node *)g_ptr_array_index(nodes, i))->entry);
    return out;
}

GPtrArray *
brw_list_query(BrwList *list, guint32 type_mask, gboolean local_only, const char *from)
{
    if (list->sorted == NULL && (from == NULL || from[0] == '\0') &&
        (type_mask != 0xFFFFFFFFu || local_only))
        return query_unsorted(list, type_mask, local_only);
    GPtrArray *nodes = sorted_nodes(list);
    GPtrArray *out = g_ptr_array_new();
    guint start = 0;
    char key[BRW_LIST_NAME_MAX + 1];
    if (from && from[0]) {
        /* names have at most 15 bytes, so a longer `from` counts by its first 15 */
        g_strlcpy(key, from, sizeof key);
        for (char *p = key; *p; p++)
            *p = g_ascii_toupper(*p);
        start = lower_bound(nodes, key);
    }
    for (guint i = start; i < nodes->len; i++) {
        Node *node = g_ptr_array_index(nodes, i);
        if (node_matches(node, type_mask, local_only))
            g_ptr_array_add(out, &node->entry);
    }
    return out;
}
