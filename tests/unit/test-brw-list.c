/* Browse lists: BRWS-053..BRWS-056 (entries appear at once, expire after 3 periods, go at
 * ServerType 0 by the engine's call), BRWS-084 (learned entries never replace local ones),
 * RAP-045/047/048/052 (type filter, local only, sorted without duplicates, resume). */
#include <browse-proto/brw-list.h>
#include <browse-proto/brw-server-type.h>

#include <string.h>

#include "test-util.h"

#define SEC G_USEC_PER_SEC
#define MIN_ (60 * SEC)

static BrwListEntry
server(const char *name, guint32 type, BrwListSource source)
{
    BrwListEntry e = {0};
    g_strlcpy(e.name, name, sizeof e.name);
    e.server_type = type;
    e.version_major = 6;
    e.version_minor = 1;
    g_strlcpy(e.comment, "a comment", sizeof e.comment);
    e.source = source;
    return e;
}

static void
add_local(BrwList *list, const char *name, guint32 type, gint64 now, gint64 lifetime)
{
    BrwListEntry e = server(name, type, BRW_SOURCE_LOCAL);
    CU_ASSERT_NOT_EQUAL(brw_list_update(list, &e, now, lifetime), BRW_LIST_REFUSED_FULL);
}

static void
test_update_adds_then_updates_case_insensitively(void)
{
    g_autoptr(BrwList) list = brw_list_new(0);
    BrwListEntry e = server("Alpha", BRW_SV_TYPE_SERVER, BRW_SOURCE_LOCAL);
    CU_ASSERT_EQUAL(brw_list_update(list, &e, 0, 3 * MIN_), BRW_LIST_ADDED);
    g_strlcpy(e.name, "ALPHA", sizeof e.name);
    g_strlcpy(e.comment, "new comment", sizeof e.comment);
    CU_ASSERT_EQUAL(brw_list_update(list, &e, SEC, 3 * MIN_), BRW_LIST_UPDATED);
    CU_ASSERT_EQUAL(brw_list_count(list), 1);
    const BrwListEntry *got = brw_list_lookup(list, "alpha");
    CU_ASSERT_PTR_NOT_NULL_FATAL(got);
    CU_ASSERT_STRING_EQUAL(got->comment, "new comment");
    CU_ASSERT_EQUAL(got->last_heard_us, SEC);
    CU_ASSERT_EQUAL(got->expires_us, SEC + 3 * MIN_);

    BrwListEntry bad = server("", 0, BRW_SOURCE_LOCAL);
    CU_ASSERT_EQUAL(brw_list_update(list, &bad, 0, SEC), BRW_LIST_REFUSED_NAME);
    CU_ASSERT_TRUE(brw_list_remove(list, "Alpha"));
    CU_ASSERT_FALSE(brw_list_remove(list, "Alpha"));
    CU_ASSERT_EQUAL(brw_list_count(list), 0);
}

/* BRWS-054: gone after 3 x periodicity, not before. */
static void
test_brws054_expiry(void)
{
    g_autoptr(BrwList) list = brw_list_new(0);
    gint64 periodicity = 12 * MIN_;
    add_local(list, "SRV1", BRW_SV_TYPE_SERVER, 0, 3 * periodicity);
    add_local(list, "SRV2", BRW_SV_TYPE_SERVER, 500000, 3 * 60 * SEC);
    CU_ASSERT_EQUAL(brw_list_next_expiry(list), 500000 + 3 * 60 * SEC);

    CU_ASSERT_EQUAL(brw_list_expire(list, 3 * 60 * SEC + 499999, NULL, NULL), 0);
    CU_ASSERT_EQUAL(brw_list_expire(list, 3 * 60 * SEC + 500000, NULL, NULL), 1);
    CU_ASSERT_PTR_NULL(brw_list_lookup(list, "SRV2"));
    CU_ASSERT_EQUAL(brw_list_next_expiry(list), 3 * periodicity);

    /* a refresh before expiry pushes it out */
    add_local(list, "SRV1", BRW_SV_TYPE_SERVER, 30 * MIN_, 3 * periodicity);
    CU_ASSERT_EQUAL(brw_list_expire(list, 3 * periodicity, NULL, NULL), 0);
    CU_ASSERT_EQUAL(brw_list_next_expiry(list), 30 * MIN_ + 3 * periodicity);
    CU_ASSERT_EQUAL(brw_list_expire(list, 30 * MIN_ + 3 * periodicity, NULL, NULL), 1);
    CU_ASSERT_EQUAL(brw_list_count(list), 0);
    CU_ASSERT_EQUAL(brw_list_next_expiry(list), G_MAXINT64);
}

static void
count_expired(const BrwListEntry *e, gpointer user_data)
{
    (void)e;
    (*(guint *)user_data)++;
}

/* Many entries with many lifetimes: each goes exactly when due, even after long silences
 * and with lifetimes clamped to the wheel. */
static void
test_expiry_matches_a_naive_model(void)
{
    g_autoptr(BrwList) list = brw_list_new(0);
    GRand *rand = g_rand_new_with_seed(7);
    gint64 expires[500];
    gint64 now = 5 * SEC;
    for (guint i = 0; i < G_N_ELEMENTS(expires); i++) {
        char name[16];
        g_snprintf(name, sizeof name, "S%u", i);
        gint64 lifetime = g_rand_int_range(rand, 1, 7200) * (gint64)SEC / 2 + i;
        add_local(list, name, 1, now, lifetime);
        expires[i] = now + MIN(lifetime, BRW_LIST_MAX_LIFETIME_US);
        now += g_rand_int_range(rand, 0, 3000);
    }
    guint expired = 0;
    while (brw_list_count(list) > 0) {
        gint64 next = brw_list_next_expiry(list);
        CU_ASSERT_TRUE_FATAL(next != G_MAXINT64);
        now = MAX(now, next) + g_rand_int_range(rand, 0, 2) * 400 * SEC;
        brw_list_expire(list, now, count_expired, &expired);
        for (guint i = 0; i < G_N_ELEMENTS(expires); i++) {
            char name[16];
            g_snprintf(name, sizeof name, "S%u", i);
            CU_ASSERT_EQUAL(brw_list_lookup(list, name) != NULL, expires[i] > now);
        }
    }
    CU_ASSERT_EQUAL(expired, G_N_ELEMENTS(expires));
    g_rand_free(rand);
}

/* BRWS-084: what other browsers told us never overwrites what we heard ourselves. */
static void
test_brws084_sync_never_overwrites_local(void)
{
    g_autoptr(BrwList) list = brw_list_new(0);
    add_local(list, "SRV1", BRW_SV_TYPE_SERVER, 0, MIN_);
    BrwListEntry synced = server("srv1", BRW_SV_TYPE_WORKSTATION, BRW_SOURCE_SYNC);
    CU_ASSERT_EQUAL(brw_list_update(list, &synced, SEC, MIN_), BRW_LIST_REFUSED_LOCAL);
    CU_ASSERT_EQUAL(brw_list_lookup(list, "SRV1")->server_type, BRW_SV_TYPE_SERVER);

    BrwListEntry remote = server("REMOTE", BRW_SV_TYPE_SERVER, BRW_SOURCE_SYNC);
    CU_ASSERT_EQUAL(brw_list_update(list, &remote, SEC, MIN_), BRW_LIST_ADDED);
    /* and a local announcement takes a synced entry over */
    add_local(list, "REMOTE", BRW_SV_TYPE_SERVER, 2 * SEC, MIN_);
    CU_ASSERT_EQUAL(brw_list_lookup(list, "REMOTE")->source, BRW_SOURCE_LOCAL);

    BrwListEntry gone = server("GONE", 1, BRW_SOURCE_SYNC);
    brw_list_update(list, &gone, SEC, MIN_);
    CU_ASSERT_EQUAL(brw_list_remove_source(list, BRW_SOURCE_SYNC), 1);
    CU_ASSERT_EQUAL(brw_list_count(list), 2);
}

/* At the cap new names are refused; known ones still update. */
static void
test_cap_refuses_new_keeps_old(void)
{
    g_autoptr(BrwList) list = brw_list_new(2);
    add_local(list, "A", 1, 0, MIN_);
    add_local(list, "B", 1, 0, MIN_);
    BrwListEntry c = server("C", 1, BRW_SOURCE_LOCAL);
    CU_ASSERT_EQUAL(brw_list_update(list, &c, 0, MIN_), BRW_LIST_REFUSED_FULL);
    BrwListEntry a = server("A", 3, BRW_SOURCE_LOCAL);
    CU_ASSERT_EQUAL(brw_list_update(list, &a, 0, MIN_), BRW_LIST_UPDATED);
    CU_ASSERT_EQUAL(brw_list_count(list), 2);
}

static GPtrArray *
query_names(BrwList *list, guint32 mask, gboolean local_only, const char *from)
{
    g_autoptr(GPtrArray) entries = brw_list_query(list, mask, local_only, from);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < entries->len; i++)
        g_ptr_array_add(names, g_strdup(((BrwListEntry *)g_ptr_array_index(entries, i))->name));
    g_ptr_array_add(names, NULL);
    return names;
}

#define ASSERT_NAMES(array, ...)                                                                 \
    do {                                                                                         \
        const char *expected_[] = {__VA_ARGS__, NULL};                                           \
        CU_ASSERT_TRUE(g_strv_equal((const char *const *)(array)->pdata, expected_));            \
    } while (0)

/* RAP-045/047/048/052: filter by type, local only, sorted case-insensitively, resumable. */
static void
test_queries_filter_sort_and_resume(void)
{
    g_autoptr(BrwList) list = brw_list_new(0);
    add_local(list, "zeta", BRW_SV_TYPE_SERVER, 0, MIN_);
    add_local(list, "Alpha", BRW_SV_TYPE_WORKSTATION, 0, MIN_);
    add_local(list, "PDC", BRW_SV_TYPE_DOMAIN_CTRL | BRW_SV_TYPE_SERVER, 0, MIN_);
    BrwListEntry remote = server("mid", BRW_SV_TYPE_SERVER, BRW_SOURCE_SYNC);
    brw_list_update(list, &remote, 0, MIN_);

    g_autoptr(GPtrArray) all = query_names(list, 0xFFFFFFFFu, FALSE, NULL);
    ASSERT_NAMES(all, "Alpha", "mid", "PDC", "zeta");
    g_autoptr(GPtrArray) servers = query_names(list, BRW_SV_TYPE_SERVER, FALSE, NULL);
    ASSERT_NAMES(servers, "mid", "PDC", "zeta");
    g_autoptr(GPtrArray) pdcs = query_names(list, BRW_SV_TYPE_DOMAIN_CTRL, FALSE, NULL);
    ASSERT_NAMES(pdcs, "PDC");
    g_autoptr(GPtrArray) local = query_names(list, 0xFFFFFFFFu, TRUE, NULL);
    ASSERT_NAMES(local, "Alpha", "PDC", "zeta");
    g_autoptr(GPtrArray) resumed = query_names(list, 0xFFFFFFFFu, FALSE, "MID");
    ASSERT_NAMES(resumed, "mid", "PDC", "zeta");
    g_autoptr(GPtrArray) past = query_names(list, 0xFFFFFFFFu, FALSE, "n");
    ASSERT_NAMES(past, "PDC", "zeta");
    g_autoptr(GPtrArray) none = query_names(list, 0xFFFFFFFFu, FALSE, "zz");
    CU_ASSERT_PTR_NULL(none->pdata[0]);

    /* the snapshot follows additions and removals */
    add_local(list, "beta", BRW_SV_TYPE_SERVER, 0, MIN_);
    brw_list_remove(list, "zeta");
    g_autoptr(GPtrArray) after = query_names(list, BRW_SV_TYPE_SERVER, FALSE, NULL);
    ASSERT_NAMES(after, "beta", "mid", "PDC");
}

/* The version (browserd caches its NetServerEnum2 answer by it) moves with every change and
 * only then: add, update (a refresh too), removal, expiry, removal by source. */
static void
test_version_moves_with_every_change(void)
{
    g_autoptr(BrwList) list = brw_list_new(1);
    guint64 v = brw_list_version(list);
    add_local(list, "alpha", BRW_SV_TYPE_SERVER, 0, MIN_);
    CU_ASSERT_NOT_EQUAL(brw_list_version(list), v);
    v = brw_list_version(list);
    BrwListEntry beta = server("beta", BRW_SV_TYPE_SERVER, BRW_SOURCE_LOCAL);
    CU_ASSERT_EQUAL(brw_list_update(list, &beta, 0, MIN_), BRW_LIST_REFUSED_FULL); /* cap 1 */
    CU_ASSERT_EQUAL(brw_list_version(list), v);
    g_autoptr(GPtrArray) q = query_names(list, 0xFFFFFFFFu, FALSE, NULL);
    ASSERT_NAMES(q, "alpha");
    CU_ASSERT_EQUAL(brw_list_version(list), v); /* reading changes nothing */
    add_local(list, "ALPHA", BRW_SV_TYPE_SERVER, SEC, MIN_);
    CU_ASSERT_NOT_EQUAL(brw_list_version(list), v);
    v = brw_list_version(list);
    CU_ASSERT_EQUAL(brw_list_expire(list, 2 * MIN_, NULL, NULL), 1);
    CU_ASSERT_NOT_EQUAL(brw_list_version(list), v);
    v = brw_list_version(list);
    add_local(list, "gamma", BRW_SV_TYPE_SERVER, 0, MIN_);
    CU_ASSERT_TRUE(brw_list_remove(list, "gamma"));
    CU_ASSERT_NOT_EQUAL(brw_list_version(list), v);
    v = brw_list_version(list);
    BrwListEntry remote = server("delta", BRW_SV_TYPE_SERVER, BRW_SOURCE_SYNC);
    brw_list_update(list, &remote, 0, MIN_);
    CU_ASSERT_NOT_EQUAL(brw_list_version(list), v);
    v = brw_list_version(list);
    CU_ASSERT_EQUAL(brw_list_remove_source(list, BRW_SOURCE_SYNC), 1);
    CU_ASSERT_NOT_EQUAL(brw_list_version(list), v);
}

/* A filtered query on a list that changed since its last sorted view sorts only the matches
 * (GetBackupList during a flood): same entries, same order as the sorted view gives. */
static void
test_filtered_query_on_a_changed_list(void)
{
    g_autoptr(BrwList) list = brw_list_new(0);
    add_local(list, "zeta", BRW_SV_TYPE_BACKUP_BROWSER, 0, MIN_);
    add_local(list, "alpha", BRW_SV_TYPE_SERVER, 0, MIN_);
    add_local(list, "Kappa", BRW_SV_TYPE_BACKUP_BROWSER, 0, MIN_);
    BrwListEntry remote = server("beta", BRW_SV_TYPE_BACKUP_BROWSER, BRW_SOURCE_SYNC);
    brw_list_update(list, &remote, 0, MIN_);
    g_autoptr(GPtrArray) backups = query_names(list, BRW_SV_TYPE_BACKUP_BROWSER, FALSE, NULL);
    ASSERT_NAMES(backups, "beta", "Kappa", "zeta");
    add_local(list, "delta", BRW_SV_TYPE_BACKUP_BROWSER, 0, MIN_);
    g_autoptr(GPtrArray) local = query_names(list, BRW_SV_TYPE_BACKUP_BROWSER, TRUE, NULL);
    ASSERT_NAMES(local, "delta", "Kappa", "zeta");
    g_autoptr(GPtrArray) all = query_names(list, 0xFFFFFFFFu, FALSE, NULL);
    ASSERT_NAMES(all, "alpha", "beta", "delta", "Kappa", "zeta");
}

static CU_TestInfo tests[] = {
    {"update adds then updates", test_update_adds_then_updates_case_insensitively},
    {"BRWS-054 expiry", test_brws054_expiry},
    {"expiry matches a naive model", test_expiry_matches_a_naive_model},
    {"BRWS-084 sync never overwrites local", test_brws084_sync_never_overwrites_local},
    {"cap refuses new, keeps old", test_cap_refuses_new_keeps_old},
    {"RAP-045/047/048/052 queries", test_queries_filter_sort_and_resume},
    {"filtered query on a changed list", test_filtered_query_on_a_changed_list},
    {"version moves with every change", test_version_moves_with_every_change},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("brw-list", tests);
}
