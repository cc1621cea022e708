/* Counters: frames received per opcode (decoded, before role checks), frames sent per opcode
 * (exactly the SEND effects), elections started / won / lost, syncs, name failures. */
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

/* One frame of every kind (two HostAnnouncements, one in the LAN Manager layout) reaches a
 * potential browser; each is counted under its opcode whatever the role does with it. */
static void
test_received_per_opcode(void)
{
    EngineHarness *h = quiet_potential();
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV1", PLAIN, 60000, "");
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_MASTER_BROWSER);
    f.layout = BRW_LAYOUT_LANMAN;
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_WORKSTATION);
    harness_announcement_request(&f);
    harness_inject_group(h, &f, "ASKER", MS_SUFFIX_BROWSER_ELECTION);
    harness_election(&f, brw_criteria_make(99, BRW_CRITERIA_ROLE_DC), 0, "BIG");
    harness_inject_group(h, &f, "BIG", MS_SUFFIX_BROWSER_ELECTION);
    harness_backup_request(&f, 4, 1);
    harness_inject_group(h, &f, "CLIENT", MS_SUFFIX_MASTER_BROWSER);
    brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_RESPONSE);
    f.backup_response.count = 1;
    g_strlcpy(f.backup_response.names[0], "LMB", BRW_NAME_SIZE);
    harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
    harness_become_backup(&f, "SOMEONE");
    harness_inject_group(h, &f, "LMB", MS_SUFFIX_BROWSER_ELECTION);
    harness_domain_announcement(&f, H_OTHER_GROUP, "OTHERLMB", 60000);
    harness_inject_group(h, &f, "OTHERLMB", MS_SUFFIX_MSBROWSE);
    brw_frame_init(&f, BRW_FRAME_MASTER_ANNOUNCEMENT);
    g_strlcpy(f.master.master_name, "LMB", sizeof f.master.master_name);
    harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
    harness_reset_state(&f, BRW_RESET_STOP);
    harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);

    const BrwCounters *c = brw_engine_counters(h->engine);
    const struct {
        guint op;
        guint64 n;
    } expect[] = {
        {0x01, 2}, {0x02, 1}, {0x08, 1}, {0x09, 1}, {0x0A, 1},
        {0x0B, 1}, {0x0C, 1}, {0x0D, 1}, {0x0E, 1}, {0x0F, 1 /* learn_master */},
    };
    guint64 total = 0;
    for (guint i = 0; i < G_N_ELEMENTS(expect); i++) {
        if (c->received[expect[i].op] != expect[i].n)
            fprintf(stderr,
                    "received[0x%02x] = %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT "\n",
                    expect[i].op, c->received[expect[i].op], expect[i].n);
        CU_ASSERT_EQUAL(c->received[expect[i].op], expect[i].n);
        total += expect[i].n;
    }
    guint64 sum = 0;
    for (guint op = 0; op < G_N_ELEMENTS(c->received); op++)
        sum += c->received[op];
    CU_ASSERT_EQUAL(sum, total);
    harness_free(h);
}

static void
check_sent_matches_effects(const EngineHarness *h)
{
    const BrwCounters *c = brw_engine_counters(h->engine);
    guint64 counted[16] = {0};
    for (guint i = 0; i < harness_mark(h); i++) {
        const HarnessEffect *he = harness_effect(h, i);
        if (he->effect.kind == BRW_EFFECT_SEND && he->effect.send.frame.kind < 16)
            counted[he->effect.send.frame.kind]++;
    }
    for (guint op = 0; op < 16; op++) {
        if (c->sent[op] != counted[op])
            fprintf(stderr,
                    "sent[0x%02x] = %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " SEND effects\n",
                    op, c->sent[op], counted[op]);
        CU_ASSERT_EQUAL(c->sent[op], counted[op]);
    }
}

/* sent[] counts exactly the SEND effects, by opcode, through a master's busy life. */
static void
test_sent_per_opcode(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "CAND",
                         PLAIN | BRW_SV_TYPE_POTENTIAL_BROWSER, 12 * 60000, "");
    harness_inject_group(h, &f, "CAND", MS_SUFFIX_MASTER_BROWSER);
    harness_backup_request(&f, 4, 5);
    harness_inject_group(h, &f, "CLIENT", MS_SUFFIX_MASTER_BROWSER);
    harness_advance(h, 30 * H_MIN);
    harness_stop(h, TRUE);
    const BrwCounters *c = brw_engine_counters(h->engine);
    CU_ASSERT_TRUE(c->sent[BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT] >= 5);
    CU_ASSERT_TRUE(c->sent[BRW_FRAME_DOMAIN_ANNOUNCEMENT] >= 5);
    CU_ASSERT_EQUAL(c->sent[BRW_FRAME_GET_BACKUP_LIST_RESPONSE], 1);
    CU_ASSERT_TRUE(c->sent[BRW_FRAME_REQUEST_ELECTION] >= 5); /* 4 to win, 1 at stop */
    check_sent_matches_effects(h);
    harness_free(h);
}

/* The same for a non-browser and a backup. */
static void
test_sent_per_opcode_other_roles(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.browser = FALSE;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    harness_advance(h, 39 * H_MIN); /* at 0, 1, 2, 4, 8, 16, 28 min */
    CU_ASSERT_EQUAL(brw_engine_counters(h->engine)->sent[BRW_FRAME_HOST_ANNOUNCEMENT], 7);
    check_sent_matches_effects(h);
    harness_free(h);

    h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    harness_advance(h, 20 * H_MIN);
    check_sent_matches_effects(h);
    harness_free(h);
}

/* elections_started / won: a potential's election that it wins. */
static void
test_elections_won(void)
{
    EngineHarness *h = quiet_potential();
    BrwCounters c = harness_counters(h);
    CU_ASSERT_EQUAL(c.elections_started, 0);
    BrwFrame f;
    harness_election(&f, 0x01010F00u, 0, "ZZZ");
    harness_inject_group(h, &f, "ZZZ", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_EQUAL(harness_counters(h).elections_started, 1);
    /* more frames we beat do not start a second one while it runs */
    harness_advance(h, 300 * H_MS);
    harness_inject_group(h, &f, "ZZZ", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_EQUAL(harness_counters(h).elections_started, 1);
    harness_advance(h, 30 * H_SEC);
    c = harness_counters(h);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(c.elections_won, 1);
    CU_ASSERT_EQUAL(c.elections_lost, 0);
    harness_free(h);
}

/* elections_lost: a running election ended by a better browser. */
static void
test_elections_lost(void)
{
    EngineHarness *h = quiet_potential();
    BrwFrame f;
    harness_election(&f, 0x01010F00u, 0, "ZZZ");
    harness_inject_group(h, &f, "ZZZ", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    harness_election(&f, brw_criteria_make(99, BRW_CRITERIA_ROLE_DC), 0, "BIG");
    harness_inject_group(h, &f, "BIG", MS_SUFFIX_BROWSER_ELECTION);
    BrwCounters c = harness_counters(h);
    CU_ASSERT_EQUAL(c.elections_started, 1);
    CU_ASSERT_EQUAL(c.elections_lost, 1);
    CU_ASSERT_EQUAL(c.elections_won, 0);
    harness_free(h);
}

/* syncs_ok / syncs_failed. */
static void
test_sync_counters(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    CU_ASSERT_EQUAL(harness_counters(h).syncs_ok, 1);
    CU_ASSERT_EQUAL(harness_counters(h).syncs_failed, 0);
    guint mark = harness_mark(h);
    harness_advance(h, 12 * H_MIN);
    CU_ASSERT_TRUE_FATAL(harness_find_effect(h, mark, BRW_EFFECT_SYNC) >= 0);
    brw_engine_sync_result(h->engine, h->now_us, FALSE, NULL, 0, NULL, 0);
    CU_ASSERT_EQUAL(harness_counters(h).syncs_ok, 1);
    CU_ASSERT_EQUAL(harness_counters(h).syncs_failed, 1);
    harness_free(h);
}

/* name_failures: a <1D> taken from a master counts, and the master steps down. */
static void
test_name_lost_counts_and_demotes(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    harness_advance(h, 10 * H_SEC);
    CU_ASSERT_EQUAL(harness_counters(h).name_failures, 0);
    guint mark = harness_mark(h);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    brw_engine_name_lost(h->engine, h->now_us, &g1d);
    CU_ASSERT_EQUAL(harness_counters(h).name_failures, 1);
    CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_MASTER_BROWSER, 0);
    gint rc = harness_find_effect(h, mark, BRW_EFFECT_ROLE_CHANGED);
    CU_ASSERT_TRUE(rc >= 0);
    harness_free(h);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"received_per_opcode", test_received_per_opcode},
        {"sent_per_opcode", test_sent_per_opcode},
        {"sent_per_opcode_other_roles", test_sent_per_opcode_other_roles},
        {"elections_won", test_elections_won},
        {"elections_lost", test_elections_lost},
        {"sync_counters", test_sync_counters},
        {"name_lost_counts_and_demotes", test_name_lost_counts_and_demotes},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-counters", tests);
}
