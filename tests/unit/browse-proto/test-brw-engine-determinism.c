/* The engine is a deterministic function of its seed and inputs: the same seed and inputs
 * give the same effects at the same times; another seed gives other random delays; extra
 * or early timeout calls change nothing ("calling it early or twice is harmless"). */
#include <string.h>

#include "engine-harness.h"

#define PLAIN (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER)

/* A scripted life: start with no master, an AnnouncementRequest (random reply), an election
 * we beat (random delay), the win, servers appear (one a potential browser, so a random
 * BecomeBackup choice), a GetBackupListRequest, 40 minutes of timers. With `poke`, the
 * script also calls handle_timeout every 250 ms whether or not anything is due. */
static EngineHarness *
run_script(guint64 seed, gboolean poke)
{
    EngineHarness *h = harness_new_seeded(seed);
    harness_start(h);
    BrwFrame f;
    struct {
        gint64 at;
        int what;
    } steps[] = {
        {1 * H_SEC, 0},  {2 * H_SEC, 1},  {40 * H_SEC, 2}, {41 * H_SEC, 3},
        {42 * H_SEC, 4}, {43 * H_SEC, 5}, {90 * H_SEC, 6}, {40 * H_MIN, -1},
    };
    for (guint s = 0; s < G_N_ELEMENTS(steps); s++) {
        gint64 target = H_T0 + steps[s].at;
        if (poke) {
            while (h->now_us + 250 * H_MS < target) {
                harness_advance(h, 250 * H_MS);
                brw_engine_handle_timeout(h->engine, h->now_us);
                brw_engine_handle_timeout(h->engine, h->now_us);
            }
        }
        harness_advance_to(h, target);
        switch (steps[s].what) {
        case 0:
            harness_announcement_request(&f);
            harness_inject_group(h, &f, "ASKER", MS_SUFFIX_BROWSER_ELECTION);
            break;
        case 1:
            harness_election(&f, 0x01010F00u, 0, "ZZZ");
            harness_inject_group(h, &f, "ZZZ", MS_SUFFIX_BROWSER_ELECTION);
            break;
        case 2:
        case 3:
        case 4:
            harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT,
                                 steps[s].what == 2   ? "CAND1"
                                 : steps[s].what == 3 ? "CAND2"
                                                      : "SRV1",
                                 steps[s].what == 4 ? PLAIN : PLAIN | BRW_SV_TYPE_POTENTIAL_BROWSER,
                                 12 * 60000, "");
            harness_inject_group(h, &f, f.announcement.server_name, MS_SUFFIX_MASTER_BROWSER);
            break;
        case 5:
            harness_backup_request(&f, 4, 77);
            harness_inject_group(h, &f, "CLIENT", MS_SUFFIX_MASTER_BROWSER);
            break;
        case 6:
            harness_announcement_request(&f);
            harness_inject_group(h, &f, "ASKER", MS_SUFFIX_WORKSTATION);
            break;
        default:
            break;
        }
    }
    return h;
}

static gboolean
same_effects(const EngineHarness *a, const EngineHarness *b)
{
    if (harness_mark(a) != harness_mark(b)) {
        fprintf(stderr, "%u effects vs %u\n", harness_mark(a), harness_mark(b));
        return FALSE;
    }
    for (guint i = 0; i < harness_mark(a); i++) {
        if (!harness_effect_equal(harness_effect(a, i), harness_effect(b, i))) {
            fprintf(stderr, "effect %u differs:\n", i);
            harness_dump(a, i);
            harness_dump(b, i);
            return FALSE;
        }
    }
    return TRUE;
}

static void
test_same_seed_same_effects(void)
{
    EngineHarness *a = run_script(H_SEED, FALSE);
    EngineHarness *b = run_script(H_SEED, FALSE);
    CU_ASSERT_TRUE(harness_mark(a) > 20);
    CU_ASSERT_EQUAL(brw_engine_role(a->engine), BRW_ROLE_MASTER);
    CU_ASSERT_TRUE(same_effects(a, b));
    CU_ASSERT_EQUAL(
        memcmp(brw_engine_counters(a->engine), brw_engine_counters(b->engine), sizeof(BrwCounters)),
        0);
    harness_free(a);
    harness_free(b);
}

static void
test_early_and_repeated_timeouts_harmless(void)
{
    EngineHarness *a = run_script(H_SEED, FALSE);
    EngineHarness *b = run_script(H_SEED, TRUE);
    CU_ASSERT_TRUE(same_effects(a, b));
    harness_free(a);
    harness_free(b);
}

/* The time of the first SEND of `kind` to `dest` (NULL: any), or -1. */
static gint64
first_send_at(const EngineHarness *h, BrwFrameKind kind, const MsName *dest)
{
    gint i = harness_find_send(h, 0, kind, dest);
    return i < 0 ? -1 : harness_effect(h, (guint)i)->at_us;
}

/* The master's answer to the AnnouncementRequest injected at T0+90 s (random 0-30 s). */
static gint64
reply_at(const EngineHarness *h)
{
    for (guint i = 0; i < harness_mark(h); i++) {
        const HarnessEffect *he = harness_effect(h, i);
        if (he->effect.kind == BRW_EFFECT_SEND &&
            (he->effect.send.frame.kind == BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT ||
             he->effect.send.frame.kind == BRW_FRAME_HOST_ANNOUNCEMENT) &&
            he->at_us >= H_T0 + 90 * H_SEC && he->at_us <= H_T0 + 120 * H_SEC)
            return he->at_us;
    }
    return -1;
}

static void
test_other_seed_other_delays(void)
{
    EngineHarness *base = run_script(H_SEED, FALSE);
    gint64 el0 = first_send_at(base, BRW_FRAME_REQUEST_ELECTION, NULL);
    gint64 reply0 = reply_at(base);
    CU_ASSERT_TRUE(el0 > 0);
    if (reply0 < 0)
        harness_dump(base, 0);
    CU_ASSERT_TRUE(reply0 > 0);
    guint el_differs = 0, reply_differs = 0, whole_differs = 0;
    for (guint64 seed = 1; seed <= 6; seed++) {
        EngineHarness *h = run_script(H_SEED + seed, FALSE);
        if (first_send_at(h, BRW_FRAME_REQUEST_ELECTION, NULL) != el0)
            el_differs++;
        gint64 r = reply_at(h);
        CU_ASSERT_TRUE(r > 0);
        if (r != reply0)
            reply_differs++;
        gboolean same = harness_mark(h) == harness_mark(base);
        for (guint i = 0; same && i < harness_mark(h); i++)
            same = harness_effect_equal(harness_effect(h, i), harness_effect(base, i));
        if (!same)
            whole_differs++;
        harness_free(h);
    }
    CU_ASSERT_TRUE(el_differs >= 5);
    CU_ASSERT_TRUE(reply_differs >= 5);
    CU_ASSERT_EQUAL(whole_differs, 6);
    harness_free(base);
}

/* No hidden global state: engines built one after the other with the same seed and inputs
 * draw the same delays (no process-wide random source, no static counters). */
static void
test_no_global_random_state(void)
{
    for (int round = 0; round < 3; round++) {
        EngineHarness *a = harness_new_seeded(99);
        harness_start(a);
        BrwFrame f;
        harness_election(&f, 0, 0, "ZZZ");
        harness_inject_group(a, &f, "ZZZ", MS_SUFFIX_BROWSER_ELECTION);
        harness_advance(a, 10 * H_SEC);
        gint64 t = first_send_at(a, BRW_FRAME_REQUEST_ELECTION, NULL);
        static gint64 expect = -1;
        if (round == 0)
            expect = t;
        CU_ASSERT_EQUAL(t, expect);
        harness_free(a);
    }
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"same_seed_same_effects", test_same_seed_same_effects},
        {"early_and_repeated_timeouts_harmless", test_early_and_repeated_timeouts_harmless},
        {"other_seed_other_delays", test_other_seed_other_delays},
        {"no_global_random_state", test_no_global_random_state},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-determinism", tests);
}
