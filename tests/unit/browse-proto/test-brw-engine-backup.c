/* Backup duties: promotion by BecomeBackup, the sync and the confirming announcement,
 * finding the master, following the latest LMA, the 12-min refresh, failed syncs, and
 * ResetState. BRWS-040, BRWS-070 .. -075. */
#include <string.h>

#include "engine-harness.h"

#define PLAIN (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER)

static EngineHarness *
quiet_potential(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    harness_learn_master(h, "LMB");
    return h;
}

static void
become_backup_unique(EngineHarness *h, const char *name)
{
    BrwFrame f;
    harness_become_backup(&f, name);
    harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
}

/* BRWS-070: BecomeBackup naming us (sent to our <00>): BACKUP at once, a SYNC with the
 * master, and only once the sync succeeded a HostAnnouncement with BACKUP_BROWSER. */
static void
test_brws_070_promotion_unique(void)
{
    EngineHarness *h = quiet_potential();
    harness_advance_to(h, H_T0 + 20 * H_SEC);
    guint mark = harness_mark(h);
    become_backup_unique(h, H_NAME);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    gint rc = harness_find_effect(h, mark, BRW_EFFECT_ROLE_CHANGED);
    CU_ASSERT_TRUE_FATAL(rc >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.old_role, BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.new_role, BRW_ROLE_BACKUP);
    gint sync = harness_find_effect(h, mark, BRW_EFFECT_SYNC);
    CU_ASSERT_TRUE_FATAL(sync >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)sync)->effect.master, "LMB");

    /* the sync takes a while: no BACKUP_BROWSER announcement yet */
    harness_advance(h, 3 * H_SEC);
    for (gint i = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL); i >= 0;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_HOST_ANNOUNCEMENT, NULL))
        CU_ASSERT_EQUAL(
            harness_send_frame(h, i)->announcement.server_type & BRW_SV_TYPE_BACKUP_BROWSER, 0);
    CU_ASSERT_EQUAL(harness_count_sends(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL), 0);

    BrwListEntry servers[] = {harness_entry("SRV1", PLAIN, "one"),
                              harness_entry("SRV2", PLAIN | BRW_SV_TYPE_PRINTQ_SERVER, "two")};
    BrwListEntry domains[] = {harness_entry(H_OTHER_GROUP, BRW_SV_TYPE_DOMAIN_ENUM, "OTHERLMB")};
    guint done = harness_mark(h);
    brw_engine_sync_result(h->engine, h->now_us, TRUE, servers, 2, domains, 1);
    gint ha = harness_find_send(h, done, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(ha >= 0);
    guint32 type = harness_send_frame(h, ha)->announcement.server_type;
    CU_ASSERT_NOT_EQUAL(type & BRW_SV_TYPE_BACKUP_BROWSER, 0);
    CU_ASSERT_NOT_EQUAL(type & BRW_SV_TYPE_POTENTIAL_BROWSER, 0);
    CU_ASSERT_EQUAL(type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_TRUE(ms_name_equal(&harness_effect(h, (guint)ha)->effect.send.destination, &g1d));
    CU_ASSERT_NOT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_BACKUP_BROWSER, 0);
    /* BRWS-003: this extra announcement tells the truth about the next scheduled one */
    gint64 sent_at = harness_effect(h, (guint)ha)->at_us;
    guint32 said_ms = harness_send_frame(h, ha)->announcement.periodicity_ms;
    harness_advance(h, 13 * H_MIN);
    gint next = harness_find_send(h, (guint)ha + 1, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(next >= 0);
    gint64 gap_ms = (harness_effect(h, (guint)next)->at_us - sent_at) / H_MS;
    if (said_ms + 1 < gap_ms || said_ms > gap_ms + 1)
        fprintf(stderr, "said %u ms, next one came %" G_GINT64_FORMAT " ms later\n", said_ms,
                gap_ms);
    CU_ASSERT_TRUE(said_ms + 1 >= gap_ms && said_ms <= gap_ms + 1);

    const BrwListEntry *e = brw_list_lookup(brw_engine_servers(h->engine), "SRV2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->server_type, PLAIN | BRW_SV_TYPE_PRINTQ_SERVER);
    CU_ASSERT_STRING_EQUAL(e->comment, "two");
    CU_ASSERT_EQUAL(e->source, BRW_SOURCE_SYNC);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_domains(h->engine), H_OTHER_GROUP));
    CU_ASSERT_EQUAL(harness_counters(h).syncs_ok, 1);
    harness_free(h);
}

/* BRWS-070: the group form, BecomeBackup to <group><1E> naming us, works as well. */
static void
test_brws_070_promotion_group(void)
{
    EngineHarness *h = quiet_potential();
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_become_backup(&f, H_NAME);
    harness_inject_group(h, &f, "LMB", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    CU_ASSERT_TRUE(harness_find_effect(h, mark, BRW_EFFECT_SYNC) >= 0);
    harness_free(h);
}

/* BRWS-071: BecomeBackup for another host is ignored; a backup ignores a second one; a
 * non-browser ignores it. */
static void
test_brws_071_become_backup_ignored(void)
{
    EngineHarness *h = quiet_potential();
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_become_backup(&f, "SOMEONE");
    harness_inject_group(h, &f, "LMB", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    harness_free(h);

    h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    harness_advance(h, 10 * H_SEC);
    mark = harness_mark(h);
    become_backup_unique(h, H_NAME);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SYNC), -1);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    harness_free(h);

    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.browser = FALSE;
    h = harness_new(&cfg);
    harness_start(h);
    mark = harness_mark(h);
    BrwCounters before = harness_counters(h);
    become_backup_unique(h, H_NAME);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_NON_BROWSER);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_ROLE], before.dropped[BRW_DROP_ROLE] + 1);
    harness_free(h);
}

/* A browser configured not to serve as backup (it cannot run SYNC effects) ignores a
 * BecomeBackup naming it: no role change, no effect, counted as `role`. */
static void
test_brws_071_backup_refused_by_config(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.backup = FALSE;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    harness_advance(h, 2 * H_SEC); /* still looking for the master: POTENTIAL */
    guint mark = harness_mark(h);
    BrwCounters before = harness_counters(h);
    become_backup_unique(h, H_NAME);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_ROLE], before.dropped[BRW_DROP_ROLE] + 1);
    harness_free(h);
}

/* Collects the times of AnnouncementRequests to <group><1D> from `from` on. */
static guint
find_master_requests(const EngineHarness *h, guint from, gint64 *at, guint max)
{
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    guint n = 0;
    for (gint i = harness_find_send(h, from, BRW_FRAME_ANNOUNCEMENT_REQUEST, &g1d);
         i >= 0 && n < max;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_ANNOUNCEMENT_REQUEST, &g1d))
        at[n++] = harness_effect(h, (guint)i)->at_us;
    return n;
}

static gboolean
is_electing(EngineHarness *h, gpointer data)
{
    (void)data;
    return brw_engine_electing(h->engine);
}

/* BRWS-072: a browser that knows no master asks <group><1D> at start and every 1.5 s; after
 * three misses (4.5 s) it starts an election. */
static void
test_brws_072_find_master_at_start(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    CU_ASSERT_TRUE_FATAL(harness_advance_until(h, 10 * H_SEC, is_electing, NULL));
    gint64 electing_at = h->now_us;
    gint64 at[8];
    guint n = find_master_requests(h, 0, at, G_N_ELEMENTS(at));
    if (n != 3)
        harness_dump(h, 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(at[0], H_T0);
    CU_ASSERT_EQUAL(at[1] - at[0], 1500 * H_MS);
    CU_ASSERT_EQUAL(at[2] - at[1], 1500 * H_MS);
    CU_ASSERT_EQUAL(electing_at - at[0], 4500 * H_MS);
    /* it calls the election itself: its first RequestElection within 250 ms (the 0.8-3 s
     * of a potential browser are for answering someone else's) */
    harness_advance(h, 300 * H_MS);
    gint el = harness_find_send(h, 0, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE_FATAL(el >= 0);
    gint64 d = harness_effect(h, (guint)el)->at_us - electing_at;
    CU_ASSERT_TRUE(d >= 0 && d <= 250 * H_MS);
    harness_free(h);
}

/* BRWS-072: an LMA during the search ends it: no more requests, no election. */
static void
test_brws_072_lma_ends_search(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    harness_learn_master(h, "LMB");
    guint mark = harness_mark(h);
    harness_advance(h, 60 * H_SEC);
    gint64 at[8];
    CU_ASSERT_EQUAL(find_master_requests(h, mark, at, G_N_ELEMENTS(at)), 0);
    CU_ASSERT_EQUAL(harness_find_send(h, 0, BRW_FRAME_REQUEST_ELECTION, NULL), -1);
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    CU_ASSERT_STRING_EQUAL(brw_engine_master(h->engine), "LMB");
    harness_free(h);
}

/* BRWS-072: a backup whose master falls silent for 2 x its announced periodicity + 1 min
 * looks for it again, and after three misses elects with a backup's delay. */
static void
test_brws_072_silent_master(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    harness_advance(h, 1 * H_SEC);
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, "LMB",
                         PLAIN | BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_MASTER_BROWSER,
                         2 * 60000, "");
    harness_inject_group(h, &f, "LMB", MS_SUFFIX_BROWSER_ELECTION);
    gint64 last_lma = h->now_us;
    guint mark = harness_mark(h);
    CU_ASSERT_TRUE_FATAL(harness_advance_until(h, 10 * H_MIN, is_electing, NULL));
    gint64 at[8];
    guint n = find_master_requests(h, mark, at, G_N_ELEMENTS(at));
    if (n != 3)
        harness_dump(h, mark);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_EQUAL(at[0] - last_lma, 5 * H_MIN);
    CU_ASSERT_EQUAL(at[1] - at[0], 1500 * H_MS);
    CU_ASSERT_EQUAL(at[2] - at[1], 1500 * H_MS);
    CU_ASSERT_EQUAL(h->now_us - at[0], 4500 * H_MS);
    gint64 electing_at = h->now_us;
    harness_advance(h, 1 * H_SEC);
    gint el = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE_FATAL(el >= 0);
    gint64 d = harness_effect(h, (guint)el)->at_us - electing_at;
    CU_ASSERT_TRUE(d >= 200 * H_MS && d <= 600 * H_MS);
    harness_free(h);
}

/* BRWS-073: the master followed is the one of the latest LMA, and syncs go there. */
static void
test_brws_073_follows_latest_lma(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    gint64 synced = h->now_us;
    harness_advance(h, 30 * H_SEC);
    guint mark = harness_mark(h);
    harness_learn_master(h, "NEWLMB");
    CU_ASSERT_STRING_EQUAL(brw_engine_master(h->engine), "NEWLMB");
    gint mc = harness_find_effect(h, mark, BRW_EFFECT_MASTER_CHANGED);
    CU_ASSERT_TRUE_FATAL(mc >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)mc)->effect.master, "NEWLMB");
    harness_advance_to(h, synced + 12 * H_MIN);
    gint sync = harness_find_effect(h, mark, BRW_EFFECT_SYNC);
    CU_ASSERT_TRUE_FATAL(sync >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)sync)->effect.master, "NEWLMB");
    harness_free(h);
}

/* Keeps LMB alive (an LMA every 10 min) while advancing to `target`. */
static void
advance_with_master(EngineHarness *h, gint64 target)
{
    while (h->now_us + 10 * H_MIN < target) {
        harness_advance(h, 10 * H_MIN);
        harness_learn_master(h, "LMB");
    }
    harness_advance_to(h, target);
}

/* BRWS-074: the lists are fetched again every 12 min; each sync replaces the synced
 * entries as a whole. */
static void
test_brws_074_sync_every_12_min(void)
{
    EngineHarness *h = harness_new(NULL);
    BrwListEntry first[] = {harness_entry("SRV1", PLAIN, ""), harness_entry("SRV2", PLAIN, "")};
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", first, 2));
    gint64 t = h->now_us;
    for (int round = 1; round <= 2; round++) {
        guint mark = harness_mark(h);
        advance_with_master(h, t + round * 12 * H_MIN - 1);
        CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SYNC), -1);
        harness_advance_to(h, t + round * 12 * H_MIN);
        gint sync = harness_find_effect(h, mark, BRW_EFFECT_SYNC);
        CU_ASSERT_TRUE_FATAL(sync >= 0);
        CU_ASSERT_EQUAL(harness_effect(h, (guint)sync)->at_us, t + round * 12 * H_MIN);
        CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)sync)->effect.master, "LMB");
        BrwListEntry next[] = {harness_entry(round == 1 ? "SRV3" : "SRV4", PLAIN, "")};
        brw_engine_sync_result(h->engine, h->now_us, TRUE, next, 1, NULL, 0);
    }
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV1"));
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV3"));
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV4"));
    CU_ASSERT_EQUAL(harness_counters(h).syncs_ok, 3);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    harness_free(h);
}

/* Advances (master kept alive) until a SYNC effect at index >= *from (it may have been
 * emitted already) and answers it; *from then points past it. */
static gboolean
answer_next_sync(EngineHarness *h, guint *from, gboolean ok)
{
    for (int i = 0; i < 30 && harness_find_effect(h, *from, BRW_EFFECT_SYNC) < 0; i++) {
        harness_advance(h, 1 * H_MIN);
        harness_learn_master(h, "LMB");
    }
    gint sync = harness_find_effect(h, *from, BRW_EFFECT_SYNC);
    CU_ASSERT_TRUE(sync >= 0);
    if (sync < 0)
        return FALSE;
    *from = (guint)sync + 1;
    brw_engine_sync_result(h->engine, h->now_us, ok, NULL, 0, NULL, 0);
    return TRUE;
}

/* BRWS-040: two failed syncs in a row start an election; one does not. */
static void
test_brws_040_two_failures_elect(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    guint mark = harness_mark(h);
    guint from = mark;
    CU_ASSERT_TRUE_FATAL(answer_next_sync(h, &from, FALSE));
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL), -1);
    guint second = harness_mark(h);
    CU_ASSERT_TRUE_FATAL(answer_next_sync(h, &from, FALSE));
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    gint64 failed = h->now_us;
    harness_advance(h, 1 * H_SEC);
    gint el = harness_find_send(h, second, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE_FATAL(el >= 0);
    gint64 d = harness_effect(h, (guint)el)->at_us - failed;
    CU_ASSERT_TRUE(d >= 200 * H_MS && d <= 600 * H_MS);
    BrwCounters c = harness_counters(h);
    CU_ASSERT_EQUAL(c.syncs_failed, 2);
    harness_free(h);
}

/* BRWS-040: a success between two failures resets the count. */
static void
test_brws_040_success_resets_count(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    guint mark = harness_mark(h);
    guint from = mark;
    CU_ASSERT_TRUE_FATAL(answer_next_sync(h, &from, FALSE));
    CU_ASSERT_TRUE_FATAL(answer_next_sync(h, &from, TRUE));
    CU_ASSERT_TRUE_FATAL(answer_next_sync(h, &from, FALSE));
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    harness_advance(h, 2 * H_SEC);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL), -1);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    harness_free(h);
}

/* BRWS-075: ResetStateRequest CLEAR_ALL makes a backup POTENTIAL again: BACKUP_BROWSER gone
 * from the type, the criteria and the next HostAnnouncement; no more syncs. */
static void
test_brws_075_reset_clear_all(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.policy.reset_from[0] = (BrwSubnet){H_PEER_IP & 0xFFFFFF00u, 0xFFFFFF00u};
    cfg.policy.n_reset_from = 1;
    EngineHarness *h = harness_new(&cfg);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    harness_advance(h, 30 * H_SEC);
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_reset_state(&f, BRW_RESET_CLEAR_ALL);
    harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_BACKUP_BROWSER, 0);
    CU_ASSERT_NOT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_POTENTIAL_BROWSER, 0);
    CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), 0x14010F02u);
    advance_with_master(h, h->now_us + 30 * H_MIN);
    gint ha = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(ha >= 0);
    CU_ASSERT_EQUAL(
        harness_send_frame(h, ha)->announcement.server_type & BRW_SV_TYPE_BACKUP_BROWSER, 0);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SYNC), -1);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    harness_free(h);
}

/* A sync result no SYNC is waiting for is ignored. */
static void
test_unexpected_sync_result_ignored(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    harness_learn_master(h, "LMB");
    guint mark = harness_mark(h);
    BrwListEntry servers[] = {harness_entry("INTRUDER", PLAIN, "")};
    brw_engine_sync_result(h->engine, h->now_us, TRUE, servers, 1, NULL, 0);
    brw_engine_sync_result(h->engine, h->now_us, FALSE, NULL, 0, NULL, 0);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "INTRUDER"));
    BrwCounters c = harness_counters(h);
    CU_ASSERT_EQUAL(c.syncs_ok, 0);
    CU_ASSERT_EQUAL(c.syncs_failed, 0);
    harness_free(h);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws_070_promotion_unique", test_brws_070_promotion_unique},
        {"brws_070_promotion_group", test_brws_070_promotion_group},
        {"brws_071_become_backup_ignored", test_brws_071_become_backup_ignored},
        {"brws_071_backup_refused_by_config", test_brws_071_backup_refused_by_config},
        {"brws_072_find_master_at_start", test_brws_072_find_master_at_start},
        {"brws_072_lma_ends_search", test_brws_072_lma_ends_search},
        {"brws_072_silent_master", test_brws_072_silent_master},
        {"brws_073_follows_latest_lma", test_brws_073_follows_latest_lma},
        {"brws_074_sync_every_12_min", test_brws_074_sync_every_12_min},
        {"brws_040_two_failures_elect", test_brws_040_two_failures_elect},
        {"brws_040_success_resets_count", test_brws_040_success_resets_count},
        {"brws_075_reset_clear_all", test_brws_075_reset_clear_all},
        {"unexpected_sync_result_ignored", test_unexpected_sync_result_ignored},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-backup", tests);
}
