/* Elections: the RequestElection frame and criteria, who wins at every tie level, the
 * election delays by role, winning after four uncontested rounds, losing, the refused <1D>,
 * two masters, and a master's shutdown. BRWS-006, -007, -008, -025, -030 .. -039. */
#include <string.h>

#include "engine-harness.h"

#define OUR_CRITERIA brw_criteria_make(20, BRW_CRITERIA_ROLE_DC)

/* A started potential browser that follows a master, so it runs no election of its own. */
static EngineHarness *
quiet_potential(guint64 seed)
{
    EngineHarness *h = harness_new_seeded(seed);
    harness_start(h);
    harness_learn_master(h, "LMB");
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    return h;
}

static void
inject_election(EngineHarness *h, guint8 version, guint32 criteria, guint32 uptime_ms,
                const char *name)
{
    BrwFrame f;
    harness_election(&f, criteria, uptime_ms, name);
    f.election.version = version;
    harness_inject_group(h, &f, name, MS_SUFFIX_BROWSER_ELECTION);
}

/* Injects one RequestElection and says whether it made us contest: an election of ours
 * running right after, and a RequestElection of ours within 3.5 s. The two must agree. */
static gboolean
contests(EngineHarness *h, guint32 criteria, guint32 uptime_ms, const char *name)
{
    guint mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, criteria, uptime_ms, name);
    gboolean electing = brw_engine_electing(h->engine);
    harness_advance(h, 3500 * H_MS);
    gboolean sent = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL) >= 0;
    CU_ASSERT_EQUAL(electing, sent);
    return electing && sent;
}

static guint32
our_uptime_ms(const EngineHarness *h)
{
    return (guint32)((h->now_us - H_T0) / H_MS);
}

/* BRWS-030, level 1: the higher criteria wins whatever the uptime and name say; compared
 * unsigned. */
static void
test_brws_030_criteria_decides(void)
{
    struct {
        guint32 criteria;
        guint32 uptime_ms;
        const char *name;
        gboolean we_contest;
    } cases[] = {
        {brw_criteria_make(21, BRW_CRITERIA_ROLE_DC), 0, "ZZZ", FALSE},
        {OUR_CRITERIA + 1, 0, "ZZZ", FALSE}, /* role byte 0x03 > 0x02 */
        {0xFF010F02u, 0, "ZZZ", FALSE},      /* unsigned: not negative */
        {brw_criteria_make(19, BRW_CRITERIA_ROLE_DC), 0x7FFFFFFF, "AAA", TRUE},
        {OUR_CRITERIA - 1, 0x7FFFFFFF, "AAA", TRUE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        EngineHarness *h = quiet_potential(H_SEED);
        harness_advance_to(h, H_T0 + 2 * H_SEC);
        CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), OUR_CRITERIA);
        gboolean c = contests(h, cases[i].criteria, cases[i].uptime_ms, cases[i].name);
        if (c != cases[i].we_contest)
            fprintf(stderr, "case %u: criteria 0x%08x: contested %d\n", i, cases[i].criteria, c);
        CU_ASSERT_EQUAL(c, cases[i].we_contest);
        harness_free(h);
    }
}

/* BRWS-030, level 2: equal criteria, the longer uptime wins whatever the names; uptimes
 * within 60 s count as equal and the name decides. */
static void
test_brws_030_uptime_decides(void)
{
    struct {
        gint64 delta_ms; /* peer uptime minus ours */
        const char *name;
        gboolean we_contest;
    } cases[] = {
        {+120000, "ZZZ", FALSE}, /* older by 2 min: it wins though its name is worse */
        {-120000, "AAA", TRUE},  /* younger by 2 min: we win though our name is worse */
        {+30000, "ZZZ", TRUE},   /* within 60 s: equal, our lower name wins */
        {-30000, "AAA", FALSE},  /* within 60 s: equal, its lower name wins */
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        EngineHarness *h = quiet_potential(H_SEED);
        harness_advance_to(h, H_T0 + 10 * H_MIN);
        guint32 peer = (guint32)((gint64)our_uptime_ms(h) + cases[i].delta_ms);
        gboolean c = contests(h, OUR_CRITERIA, peer, cases[i].name);
        if (c != cases[i].we_contest)
            fprintf(stderr, "case %u: uptime delta %" G_GINT64_FORMAT " ms, %s: contested %d\n", i,
                    cases[i].delta_ms, cases[i].name, c);
        CU_ASSERT_EQUAL(c, cases[i].we_contest);
        harness_free(h);
    }
}

/* BRWS-030, level 3: equal criteria and uptime: the lower name wins, case-insensitively
 * ("lower" < "MIDDLE" although 'l' > 'M' in ASCII). */
static void
test_brws_030_name_decides(void)
{
    struct {
        const char *name;
        gboolean we_contest;
    } cases[] = {
        {"AAA", FALSE}, {"ZZZ", TRUE}, {"lower", FALSE}, {"MIDDLF", TRUE}, {"MIDDLD", FALSE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        EngineHarness *h = quiet_potential(H_SEED);
        harness_advance_to(h, H_T0 + 10 * H_MIN);
        gboolean c = contests(h, OUR_CRITERIA, our_uptime_ms(h), cases[i].name);
        if (c != cases[i].we_contest)
            fprintf(stderr, "case %u: name %s: contested %d\n", i, cases[i].name, c);
        CU_ASSERT_EQUAL(c, cases[i].we_contest);
        harness_free(h);
    }
}

/* BRWS-030: a forced election (Version 0, Criteria 0, as a client or a stopping master
 * sends) is one we beat: it starts our election. */
static void
test_brws_030_forced_election_starts_ours(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    guint mark = harness_mark(h);
    inject_election(h, 0, 0, 0, "CLIENT");
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    harness_advance(h, 3 * H_SEC);
    CU_ASSERT_TRUE(harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL) >= 0);
    harness_free(h);
}

/* BRWS-006, BRWS-007, BRWS-008: our RequestElection: Version 1, our criteria, uptime in ms
 * since start, reserved 0, our name, to <group><1E> as a group datagram. */
static void
test_brws_006_007_008_request_election_frame(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    harness_advance_to(h, H_T0 + 7 * H_MIN);
    guint mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, 0, "ZZZ");
    harness_advance(h, 4 * H_SEC);
    gint i = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const HarnessEffect *he = harness_effect(h, (guint)i);
    const BrwFrame *f = &he->effect.send.frame;
    MsName g1e = harness_group_name(h, MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &g1e));
    CU_ASSERT_TRUE(he->effect.send.group);
    CU_ASSERT_EQUAL(he->effect.send.ip, 0);
    CU_ASSERT_EQUAL(f->layout, BRW_LAYOUT_BROWSE);
    CU_ASSERT_EQUAL(f->election.version, BRW_ELECTION_VERSION);
    CU_ASSERT_EQUAL(f->election.criteria, 0x14010F02u);
    CU_ASSERT_EQUAL(f->election.reserved, 0);
    CU_ASSERT_STRING_EQUAL(f->election.server_name, H_NAME);
    gint64 expect_ms = (he->at_us - H_T0) / H_MS;
    if (f->election.uptime_ms + 1 < expect_ms || f->election.uptime_ms > expect_ms + 1)
        fprintf(stderr, "uptime %u ms, expected %" G_GINT64_FORMAT "\n", f->election.uptime_ms,
                expect_ms);
    CU_ASSERT_TRUE(f->election.uptime_ms + 1 >= expect_ms &&
                   f->election.uptime_ms <= expect_ms + 1);
    harness_free(h);
}

/* BRWS-007: criteria by configuration and role. */
static void
test_brws_007_criteria_values(void)
{
    struct {
        guint8 os_level;
        gboolean preferred;
        gboolean domain_master;
        guint32 expect;
    } cases[] = {
        {20, FALSE, FALSE, 0x14010F02u}, {20, TRUE, FALSE, 0x14010F0Au},
        {20, FALSE, TRUE, 0x14010F82u},  {33, FALSE, FALSE, 0x21010F02u},
        {0, TRUE, TRUE, 0x00010F8Au},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        BrwEngineConfig cfg;
        harness_config_init(&cfg);
        cfg.os_level = cases[i].os_level;
        cfg.preferred_master = cases[i].preferred;
        cfg.domain_master = cases[i].domain_master;
        EngineHarness *h = harness_new(&cfg);
        harness_start(h);
        CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), cases[i].expect);
        harness_free(h);
    }
    /* backup adds 0x01, master 0x05 */
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), 0x14010F03u);
    harness_free(h);
    h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), 0x14010F07u);
    harness_free(h);
}

/* BRWS-025: a preferred master elects at start (preferred bit set) within seconds, instead
 * of looking for a master first. */
static void
test_brws_025_preferred_master_elects_at_start(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.preferred_master = TRUE;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    harness_advance_to(h, H_T0 + 3 * H_SEC);
    gint i = harness_find_send(h, 0, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const BrwFrame *f = harness_send_frame(h, i);
    CU_ASSERT_NOT_EQUAL(brw_criteria_role(f->election.criteria) & BRW_CRITERIA_ROLE_PREFERRED, 0);
    CU_ASSERT_EQUAL(
        harness_find_group_send(h, 0, BRW_FRAME_ANNOUNCEMENT_REQUEST, MS_SUFFIX_MASTER_BROWSER),
        -1);
    harness_free(h);
}

/* The delay from injecting a frame we beat to our first RequestElection. */
static gint64
election_delay(EngineHarness *h)
{
    guint mark = harness_mark(h);
    gint64 injected = h->now_us;
    inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, 0, "ZZZ");
    harness_advance(h, 5 * H_SEC);
    gint i = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE(i >= 0);
    if (i < 0) {
        harness_dump(h, mark);
        return -1;
    }
    return harness_effect(h, (guint)i)->at_us - injected;
}

/* BRWS-031: a potential browser answers 800-3000 ms later, the delay drawn from the seed. */
static void
test_brws_031_potential_delay(void)
{
    gint64 lo = G_MAXINT64, hi = G_MININT64;
    for (guint64 seed = 1; seed <= 12; seed++) {
        EngineHarness *h = quiet_potential(seed);
        harness_advance_to(h, H_T0 + 2 * H_SEC);
        gint64 d = election_delay(h);
        if (d < 800 * H_MS || d > 3000 * H_MS)
            fprintf(stderr, "seed %" G_GUINT64_FORMAT ": delay %" G_GINT64_FORMAT " us\n", seed, d);
        CU_ASSERT_TRUE(d >= 800 * H_MS && d <= 3000 * H_MS);
        lo = MIN(lo, d);
        hi = MAX(hi, d);
        harness_free(h);
    }
    CU_ASSERT_TRUE(hi > lo); /* random, not a constant */
}

/* BRWS-032: a backup answers 200-600 ms later. */
static void
test_brws_032_backup_delay(void)
{
    gint64 lo = G_MAXINT64, hi = G_MININT64;
    for (guint64 seed = 1; seed <= 12; seed++) {
        EngineHarness *h = harness_new_seeded(seed);
        CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
        harness_advance(h, 2 * H_SEC);
        gint64 d = election_delay(h);
        if (d < 200 * H_MS || d > 600 * H_MS)
            fprintf(stderr, "seed %" G_GUINT64_FORMAT ": delay %" G_GINT64_FORMAT " us\n", seed, d);
        CU_ASSERT_TRUE(d >= 200 * H_MS && d <= 600 * H_MS);
        lo = MIN(lo, d);
        hi = MAX(hi, d);
        harness_free(h);
    }
    CU_ASSERT_TRUE(hi > lo);
}

/* BRWS-032: a master answers exactly 100 ms later. */
static void
test_brws_032_master_delay(void)
{
    for (guint64 seed = 1; seed <= 4; seed++) {
        EngineHarness *h = harness_new_seeded(seed);
        CU_ASSERT_TRUE_FATAL(harness_make_master(h));
        harness_advance(h, 2 * H_SEC);
        gint64 d = election_delay(h);
        CU_ASSERT_EQUAL(d, 100 * H_MS);
        CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
        harness_free(h);
    }
}

/* BRWS-033: four uncontested RequestElections, then (when the timer fires again)
 * __MSBROWSE__<01> (group) and <group><1D> (unique) are registered; MASTER only once <1D>
 * is ours. */
static void
test_brws_033_win_after_four(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    h->auto_accept_1d = FALSE;
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    guint mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, 0, "ZZZ");
    harness_advance(h, 30 * H_SEC);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    MsName msb = harness_group_name(h, MS_SUFFIX_MSBROWSE);
    gint reg1d = harness_find_name_op(h, mark, BRW_EFFECT_REGISTER_NAME, &g1d);
    gint regmsb = harness_find_name_op(h, mark, BRW_EFFECT_REGISTER_NAME, &msb);
    CU_ASSERT_TRUE_FATAL(reg1d >= 0);
    CU_ASSERT_TRUE_FATAL(regmsb >= 0);
    CU_ASSERT_TRUE(regmsb < reg1d);
    CU_ASSERT_TRUE(harness_effect(h, (guint)regmsb)->effect.name.group);
    CU_ASSERT_FALSE(harness_effect(h, (guint)reg1d)->effect.name.group);

    /* exactly four sends before the claim, none after while it waits */
    guint sends = 0;
    gint64 last_send = 0;
    for (gint i = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL); i >= 0;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_REQUEST_ELECTION, NULL)) {
        if (i < regmsb) {
            sends++;
            last_send = harness_effect(h, (guint)i)->at_us;
        }
    }
    if (sends != 4)
        harness_dump(h, mark);
    CU_ASSERT_EQUAL(sends, 4);
    CU_ASSERT_EQUAL(harness_count_sends(h, (guint)regmsb, BRW_FRAME_REQUEST_ELECTION, NULL), 0);
    /* won when the timer fired after the 4th send, not at the 4th send */
    CU_ASSERT_TRUE(harness_effect(h, (guint)regmsb)->at_us > last_send);
    /* not master until <1D> is ours: no LMA yet */
    CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL), -1);

    guint before = harness_mark(h);
    brw_engine_name_result(h->engine, h->now_us, &g1d, TRUE);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_STRING_EQUAL(brw_engine_master(h->engine), H_NAME);
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    gint rc = harness_find_effect(h, before, BRW_EFFECT_ROLE_CHANGED);
    CU_ASSERT_TRUE_FATAL(rc >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.old_role, BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.new_role, BRW_ROLE_MASTER);
    gint mc = harness_find_effect(h, before, BRW_EFFECT_MASTER_CHANGED);
    CU_ASSERT_TRUE_FATAL(mc >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)mc)->effect.master, H_NAME);
    CU_ASSERT_TRUE(harness_find_send(h, before, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL) >= 0);
    CU_ASSERT_EQUAL(harness_counters(h).elections_won, 1);
    harness_free(h);
}

/* BRWS-034: a frame that beats us ends our election: no more RequestElections from us while
 * the winner runs its own and announces itself. */
static void
test_brws_034_beaten_stops_sending(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    guint mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, 0, "ZZZ");
    /* until our first send */
    for (int i = 0; i < 40 && harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL) < 0; i++)
        harness_advance(h, 100 * H_MS);
    CU_ASSERT_TRUE_FATAL(harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL) >= 0);
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));

    guint beaten = harness_mark(h);
    guint32 big = brw_criteria_make(40, BRW_CRITERIA_ROLE_DC);
    inject_election(h, BRW_ELECTION_VERSION, big, 0, "AAA");
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    /* the winner's remaining rounds, then its LMA */
    for (int round = 0; round < 4; round++) {
        harness_advance(h, 1 * H_SEC);
        inject_election(h, BRW_ELECTION_VERSION, big, (guint32)(1000 * round), "AAA");
    }
    harness_advance(h, 1 * H_SEC);
    harness_learn_master(h, "AAA");
    harness_advance(h, 60 * H_SEC);
    if (harness_count_sends(h, beaten, BRW_FRAME_REQUEST_ELECTION, NULL) != 0)
        harness_dump(h, beaten);
    CU_ASSERT_EQUAL(harness_count_sends(h, beaten, BRW_FRAME_REQUEST_ELECTION, NULL), 0);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_STRING_EQUAL(brw_engine_master(h->engine), "AAA");
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_EQUAL(harness_find_name_op(h, mark, BRW_EFFECT_REGISTER_NAME, &g1d), -1);
    harness_free(h);
}

/* BRWS-035: a master beaten by a RequestElection releases <group><1D>, clears MASTER and
 * stops its master announcements. */
/* The outcome of an election is an event with the criteria that decided it, for the
 * daemon's log: WON with ours when we take the role; LOST with the winner's name, criteria
 * and uptime when a frame beats a running master; nothing for a potential browser that
 * merely hears a better one (it was not standing). */
static void
test_election_outcome_events(void)
{
    EngineHarness *h = harness_new(NULL);
    guint start = harness_mark(h);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    gint won = harness_find_effect(h, start, BRW_EFFECT_ELECTION_WON);
    CU_ASSERT_TRUE_FATAL(won >= 0);
    /* decided while still potential: the criteria it stood with */
    CU_ASSERT_EQUAL(harness_effect(h, (guint)won)->effect.election.our_criteria,
                    brw_criteria_make(BRW_CRITERIA_OS_SAMBA, BRW_CRITERIA_ROLE_DC));
    CU_ASSERT_EQUAL(harness_find_effect(h, start, BRW_EFFECT_ELECTION_LOST), -1);

    guint mark = harness_mark(h);
    guint32 better = brw_criteria_make(99, 0x07);
    inject_election(h, BRW_ELECTION_VERSION, better, 1234000, "OTHERLMB");
    gint lost = harness_find_effect(h, mark, BRW_EFFECT_ELECTION_LOST);
    CU_ASSERT_TRUE_FATAL(lost >= 0);
    const BrwEffect *fx = &harness_effect(h, (guint)lost)->effect;
    CU_ASSERT_STRING_EQUAL(fx->election.winner, "OTHERLMB");
    CU_ASSERT_EQUAL(fx->election.winner_criteria, better);
    CU_ASSERT_EQUAL(fx->election.winner_uptime_ms, 1234000);
    CU_ASSERT_EQUAL(brw_criteria_role(fx->election.our_criteria) & BRW_CRITERIA_ROLE_MASTER,
                    BRW_CRITERIA_ROLE_MASTER);

    /* now potential and not electing: hearing the next better frame is no event */
    mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, better, 1235000, "OTHERLMB");
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_ELECTION_LOST), -1);
    harness_free(h);
}

static void
test_brws_035_master_beaten_steps_down(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    harness_advance(h, 10 * H_SEC);
    guint mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, brw_criteria_make(200, BRW_CRITERIA_ROLE_DC), 0,
                    "AAA");
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    gint rel = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g1d);
    CU_ASSERT_TRUE(rel >= 0);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_MASTER_BROWSER, 0);
    CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), OUR_CRITERIA);
    CU_ASSERT_FALSE(brw_engine_electing(h->engine));
    gint rc = harness_find_effect(h, mark, BRW_EFFECT_ROLE_CHANGED);
    CU_ASSERT_TRUE_FATAL(rc >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.old_role, BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.new_role, BRW_ROLE_POTENTIAL);
    harness_learn_master(h, "AAA");
    harness_advance(h, 20 * H_MIN); /* AAA's LMA (12 min) keeps it our master for 25 min */
    if (harness_find_send(h, mark, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL) >= 0)
        harness_dump(h, mark);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL), -1);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_DOMAIN_ANNOUNCEMENT, NULL), -1);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL), -1);
    gint ha = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(ha >= 0);
    CU_ASSERT_EQUAL(
        harness_send_frame(h, ha)->announcement.server_type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    harness_free(h);
}

/* BRWS-036 (and -033): frames we beat arriving all through our election do not prolong it:
 * it ends after four sends, far below the 30-send limit. */
static void
test_brws_036_losers_do_not_prolong(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    h->auto_accept_1d = FALSE;
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    guint mark = harness_mark(h);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    for (int i = 0; i < 600 && harness_find_name_op(h, mark, BRW_EFFECT_REGISTER_NAME, &g1d) < 0;
         i++) {
        inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, (guint32)i, "ZZZ");
        harness_advance(h, 200 * H_MS);
    }
    gint reg = harness_find_name_op(h, mark, BRW_EFFECT_REGISTER_NAME, &g1d);
    CU_ASSERT_TRUE_FATAL(reg >= 0);
    guint sends = 0;
    for (gint i = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL); i >= 0 && i < reg;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_REQUEST_ELECTION, NULL))
        sends++;
    CU_ASSERT_EQUAL(sends, 4);
    CU_ASSERT_TRUE(sends <= 30);
    harness_free(h);
}

static gboolean
register_1d_after(EngineHarness *h, gpointer data)
{
    guint from = GPOINTER_TO_UINT(data);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    return harness_find_name_op(h, from, BRW_EFFECT_REGISTER_NAME, &g1d) >= 0;
}

/* Runs an election from a quiet potential browser up to the <1D> registration (not
 * answered). Returns the mark before it. */
static guint
run_to_claim(EngineHarness *h)
{
    guint mark = harness_mark(h);
    inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, 0, "ZZZ");
    CU_ASSERT_TRUE(harness_advance_until(h, 30 * H_SEC, register_1d_after, GUINT_TO_POINTER(mark)));
    return mark;
}

/* BRWS-037: a refused <1D> registration: no LMA, no DomainAnnouncement, never MASTER; the
 * refusal is counted. */
static void
test_brws_037_refused_1d_no_master(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    h->auto_accept_1d = FALSE;
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    guint mark = run_to_claim(h);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    brw_engine_name_result(h->engine, h->now_us, &g1d, FALSE);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_MASTER_BROWSER, 0);
    CU_ASSERT_EQUAL(brw_engine_criteria(h->engine), OUR_CRITERIA);
    CU_ASSERT_EQUAL(harness_counters(h).name_failures, 1);
    harness_advance(h, 5 * H_MIN);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL), -1);
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_DOMAIN_ANNOUNCEMENT, NULL), -1);
    for (guint i = mark; i < harness_mark(h); i++) {
        const HarnessEffect *he = harness_effect(h, i);
        if (he->effect.kind == BRW_EFFECT_ROLE_CHANGED)
            CU_ASSERT_NOT_EQUAL(he->effect.role.new_role, BRW_ROLE_MASTER);
        if (he->effect.kind == BRW_EFFECT_SEND &&
            (he->effect.send.frame.kind == BRW_FRAME_HOST_ANNOUNCEMENT ||
             he->effect.send.frame.kind == BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT))
            CU_ASSERT_EQUAL(
                he->effect.send.frame.announcement.server_type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    }
    CU_ASSERT_STRING_NOT_EQUAL(brw_engine_master(h->engine), H_NAME);
    harness_free(h);
}

/* BRWS-037: the claim is rolled back: __MSBROWSE__<01>, registered with <1D>, is released
 * again when <1D> is refused. */
static void
test_brws_037_refused_1d_releases_msbrowse(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    h->auto_accept_1d = FALSE;
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    run_to_claim(h);
    guint mark = harness_mark(h);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    MsName msb = harness_group_name(h, MS_SUFFIX_MSBROWSE);
    brw_engine_name_result(h->engine, h->now_us, &g1d, FALSE);
    CU_ASSERT_TRUE(harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &msb) >= 0);
    harness_free(h);
}

/* BRWS-037: after a refusal a new election starts at once; after the second refusal, only
 * 1 min later; after the third, 2 min later. */
static void
test_brws_037_refusal_back_off(void)
{
    EngineHarness *h = quiet_potential(H_SEED);
    h->auto_accept_1d = FALSE;
    harness_advance_to(h, H_T0 + 2 * H_SEC);
    run_to_claim(h);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    const gint64 back_off[] = {0, 1 * H_MIN, 2 * H_MIN};
    for (guint k = 0; k < G_N_ELEMENTS(back_off); k++) {
        guint mark = harness_mark(h);
        gint64 refused = h->now_us;
        brw_engine_name_result(h->engine, h->now_us, &g1d, FALSE);
        CU_ASSERT_EQUAL(harness_counters(h).name_failures, k + 1);
        gboolean claimed = harness_advance_until(h, back_off[k] + 40 * H_SEC, register_1d_after,
                                                 GUINT_TO_POINTER(mark));
        CU_ASSERT_TRUE_FATAL(claimed);
        gint first = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL);
        CU_ASSERT_TRUE_FATAL(first >= 0);
        gint64 d = harness_effect(h, (guint)first)->at_us - refused;
        /* the new election's first send: after the back-off plus a potential's delay */
        if (d < back_off[k] || d > back_off[k] + 3000 * H_MS)
            fprintf(stderr,
                    "refusal %u: next RequestElection %" G_GINT64_FORMAT
                    " ms later, back-off %" G_GINT64_FORMAT " ms\n",
                    k + 1, d / H_MS, back_off[k] / H_MS);
        CU_ASSERT_TRUE(d >= back_off[k] && d <= back_off[k] + 3000 * H_MS);
        CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    }
    harness_free(h);
}

/* BRWS-038: a master that hears another master's LMA starts an election (master delay). If
 * the other wins, we step down: two masters do not outlive one election. */
static void
test_brws_038_other_lma_starts_election(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    harness_advance(h, 10 * H_SEC);
    guint mark = harness_mark(h);
    gint64 heard = h->now_us;
    harness_learn_master(h, "OTHERLMB");
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    harness_advance(h, 150 * H_MS);
    gint i = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)i)->at_us - heard, 100 * H_MS);
    /* the other master is better */
    inject_election(h, BRW_ELECTION_VERSION, brw_criteria_make(99, 0x07), 0, "OTHERLMB");
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_TRUE(harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g1d) >= 0);
    harness_free(h);
}

/* BRWS-038: so does a HostAnnouncement with MASTER_BROWSER on <1D>; without the bit it is
 * just a server. */
static void
test_brws_038_host_announcement_with_master_bit(void)
{
    for (int with_bit = 0; with_bit <= 1; with_bit++) {
        EngineHarness *h = harness_new(NULL);
        CU_ASSERT_TRUE_FATAL(harness_make_master(h));
        harness_advance(h, 10 * H_SEC);
        guint mark = harness_mark(h);
        guint32 type = BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER |
                       BRW_SV_TYPE_POTENTIAL_BROWSER | (with_bit ? BRW_SV_TYPE_MASTER_BROWSER : 0);
        BrwFrame f;
        harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "ROGUE", type, 60000, "");
        harness_inject_group(h, &f, "ROGUE", MS_SUFFIX_MASTER_BROWSER);
        CU_ASSERT_EQUAL(brw_engine_electing(h->engine), with_bit);
        harness_advance(h, 150 * H_MS);
        gboolean sent = harness_find_send(h, mark, BRW_FRAME_REQUEST_ELECTION, NULL) >= 0;
        CU_ASSERT_EQUAL(sent, with_bit);
        CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "ROGUE"));
        harness_free(h);
    }
}

/* BRWS-039: a master's shutdown: RequestElection Version 0 Criteria 0 to <1E>, <1D> and
 * __MSBROWSE__ released, then the last HostAnnouncement, then the group names. */
static void
test_brws_039_master_stop_order(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    harness_advance(h, 5 * H_MIN);
    guint mark = harness_mark(h);
    harness_stop(h, TRUE);
    gint el =
        harness_find_group_send(h, mark, BRW_FRAME_REQUEST_ELECTION, MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_TRUE_FATAL(el >= 0);
    const BrwFrame *f = harness_send_frame(h, el);
    CU_ASSERT_EQUAL(f->election.version, 0);
    CU_ASSERT_EQUAL(f->election.criteria, 0);
    CU_ASSERT_STRING_EQUAL(f->election.server_name, H_NAME);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    MsName msb = harness_group_name(h, MS_SUFFIX_MSBROWSE);
    MsName g00 = harness_group_name(h, MS_SUFFIX_WORKSTATION);
    MsName g1e = harness_group_name(h, MS_SUFFIX_BROWSER_ELECTION);
    gint r1d = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g1d);
    gint rmsb = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &msb);
    gint ha = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    gint r00 = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g00);
    gint r1e = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g1e);
    CU_ASSERT_TRUE(el < r1d && el < rmsb);
    CU_ASSERT_TRUE(r1d >= 0 && rmsb >= 0);
    CU_ASSERT_TRUE(ha > r1d && ha > rmsb);
    CU_ASSERT_TRUE(r00 > ha && r1e > ha);
    if (ha >= 0)
        CU_ASSERT_EQUAL(harness_send_frame(h, ha)->announcement.server_type, 0);
    /* nothing else goes out as a master: no LMA in the stop */
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL), -1);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_STOPPED);
    harness_free(h);
}

/* local_master = FALSE never stands: no <1D>, never MASTER, even when nobody is master and
 * an operator forces an election. */
static void
test_brws_030_local_master_false_never_stands(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.local_master = FALSE;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    harness_advance(h, 30 * H_SEC);
    inject_election(h, BRW_ELECTION_VERSION, 0x01010F00u, 0, "ZZZ");
    brw_engine_force_election(h->engine, h->now_us);
    harness_advance(h, 5 * H_MIN);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_EQUAL(harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &g1d), -1);
    CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(h->master_since_us, -1);
    harness_free(h);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws_030_criteria_decides", test_brws_030_criteria_decides},
        {"brws_030_uptime_decides", test_brws_030_uptime_decides},
        {"brws_030_name_decides", test_brws_030_name_decides},
        {"brws_030_forced_election_starts_ours", test_brws_030_forced_election_starts_ours},
        {"brws_030_local_master_false_never_stands", test_brws_030_local_master_false_never_stands},
        {"brws_006_007_008_request_election_frame", test_brws_006_007_008_request_election_frame},
        {"brws_007_criteria_values", test_brws_007_criteria_values},
        {"brws_025_preferred_master_elects_at_start",
         test_brws_025_preferred_master_elects_at_start},
        {"brws_031_potential_delay", test_brws_031_potential_delay},
        {"brws_032_backup_delay", test_brws_032_backup_delay},
        {"brws_032_master_delay", test_brws_032_master_delay},
        {"brws_033_win_after_four", test_brws_033_win_after_four},
        {"brws_034_beaten_stops_sending", test_brws_034_beaten_stops_sending},
        {"brws_035_master_beaten_steps_down", test_brws_035_master_beaten_steps_down},
        {"election outcome events carry the deciding criteria", test_election_outcome_events},
        {"brws_036_losers_do_not_prolong", test_brws_036_losers_do_not_prolong},
        {"brws_037_refused_1d_no_master", test_brws_037_refused_1d_no_master},
        {"brws_037_refused_1d_releases_msbrowse", test_brws_037_refused_1d_releases_msbrowse},
        {"brws_037_refusal_back_off", test_brws_037_refusal_back_off},
        {"brws_038_other_lma_starts_election", test_brws_038_other_lma_starts_election},
        {"brws_038_host_announcement_with_master_bit",
         test_brws_038_host_announcement_with_master_bit},
        {"brws_039_master_stop_order", test_brws_039_master_stop_order},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-election", tests);
}
