/* The administrator's policy (brw-policy.h, brw-trust.c; issue 8, docs/SECURITY.md):
 * ResetStateRequest allow-list (BRWS-060, BRWS-075 are obeyed only from it), trusted
 * masters (never yield an election, BRWS-034/-035, or follow an LMA, BRWS-073, to anyone
 * else; rivals reported) and the name policy of the lists (BRWS-051 entries). Time is
 * virtual. */
#include <string.h>

#include "engine-harness.h"

#define PLAIN (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER)

/* The harness's config with `name` as the only trusted master. */
static BrwEngineConfig
trusting(const char *name)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    g_strlcpy(cfg.policy.trusted_masters[cfg.policy.n_trusted_masters++], name, BRW_NAME_SIZE);
    return cfg;
}

static void
pattern(char (*list)[BRW_PATTERN_SIZE], guint *n, const char *p)
{
    g_strlcpy(list[(*n)++], p, BRW_PATTERN_SIZE);
}

static EngineHarness *
master_with(const BrwEngineConfig *cfg)
{
    EngineHarness *h = harness_new(cfg);
    if (!harness_make_master(h)) {
        harness_free(h);
        return NULL;
    }
    harness_advance(h, 10 * H_SEC);
    return h;
}

static void
announce(EngineHarness *h, const char *name, guint32 type)
{
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, name, type, 12 * 60 * 1000, "peer");
    harness_inject_group(h, &f, name, MS_SUFFIX_MASTER_BROWSER);
}

static void
elect(EngineHarness *h, const char *name, guint32 criteria)
{
    BrwFrame f;
    harness_election(&f, criteria, 0, name);
    harness_inject_group(h, &f, name, MS_SUFFIX_BROWSER_ELECTION);
}

static guint
count_effects(const EngineHarness *h, guint from, BrwEffectKind kind, const char *entry)
{
    guint n = 0;
    for (guint i = from; i < harness_mark(h); i++) {
        const BrwEffect *fx = &harness_effect(h, i)->effect;
        if (fx->kind == kind && (entry == NULL || strcmp(fx->entry, entry) == 0))
            n++;
    }
    return n;
}

/* --- the pure helpers -------------------------------------------------------------- */

static void
test_subnets_contain(void)
{
    BrwSubnet s[] = {{0xC0A83800u, 0xFFFFFF00u}, {0x0A000005u, 0xFFFFFFFFu}};
    CU_ASSERT_TRUE(brw_subnets_contain(s, 2, 0xC0A838FEu));
    CU_ASSERT_TRUE(brw_subnets_contain(s, 2, 0x0A000005u));
    CU_ASSERT_FALSE(brw_subnets_contain(s, 2, 0x0A000006u));
    CU_ASSERT_FALSE(brw_subnets_contain(s, 2, 0xC0A83901u));
    CU_ASSERT_FALSE(brw_subnets_contain(s, 0, 0xC0A838FEu));
    BrwSubnet any = {0, 0};
    CU_ASSERT_TRUE(brw_subnets_contain(&any, 1, 0x01020304u));
}

static void
test_name_filter(void)
{
    BrwPolicy p;
    memset(&p, 0, sizeof p);
    CU_ASSERT_TRUE(brw_name_filter_allows(NULL, "ANY"));
    g_autoptr(BrwNameFilter) none = brw_name_filter_new(&p);
    CU_ASSERT_TRUE(brw_name_filter_allows(none, "ANY"));

    pattern(p.names_deny, &p.n_names_deny, "evil*");
    g_autoptr(BrwNameFilter) deny = brw_name_filter_new(&p);
    CU_ASSERT_FALSE(brw_name_filter_allows(deny, "EVILHOST"));
    CU_ASSERT_FALSE(brw_name_filter_allows(deny, "evilhost")); /* case-insensitive */
    CU_ASSERT_TRUE(brw_name_filter_allows(deny, "GOODHOST"));

    pattern(p.names_allow, &p.n_names_allow, "OFFICE-??");
    pattern(p.names_allow, &p.n_names_allow, "EVIL*"); /* deny wins over allow */
    g_autoptr(BrwNameFilter) both = brw_name_filter_new(&p);
    CU_ASSERT_TRUE(brw_name_filter_allows(both, "office-12"));
    CU_ASSERT_FALSE(brw_name_filter_allows(both, "OFFICE-123"));
    CU_ASSERT_FALSE(brw_name_filter_allows(both, "EVIL1"));
    CU_ASSERT_FALSE(brw_name_filter_allows(both, "GOODHOST"));
}

static void
test_policy_equal_and_trusted(void)
{
    BrwPolicy a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    CU_ASSERT_TRUE(brw_policy_equal(&a, &b));
    CU_ASSERT_TRUE(brw_policy_master_trusted(&a, "ANYONE"));
    CU_ASSERT_FALSE(brw_policy_reset_allowed(&a, 0x0A000001u));
    g_strlcpy(a.trusted_masters[a.n_trusted_masters++], "LMB", BRW_NAME_SIZE);
    CU_ASSERT_FALSE(brw_policy_equal(&a, &b));
    CU_ASSERT_TRUE(brw_policy_master_trusted(&a, "lmb"));
    CU_ASSERT_FALSE(brw_policy_master_trusted(&a, "ROGUE"));
    g_strlcpy(b.trusted_masters[b.n_trusted_masters++], "LMC", BRW_NAME_SIZE);
    CU_ASSERT_FALSE(brw_policy_equal(&a, &b));
}

/* --- ResetStateRequest ([MS-BRWS] 3.3.5.10) ------------------------------------------- */

/* BRWS-060 refused: by default no sender may demote our master. */
static void
test_brws_060_reset_ignored_by_default(void)
{
    EngineHarness *h = master_with(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    BrwCounters before = harness_counters(h);
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_reset_state(&f, BRW_RESET_STOP_MASTER | BRW_RESET_CLEAR_ALL);
    harness_inject_unique(h, &f, "ATTACKER", H_NAME, MS_SUFFIX_WORKSTATION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_UNTRUSTED],
                    before.dropped[BRW_DROP_UNTRUSTED] + 1);
    harness_free(h);
}

/* BRWS-060 from the wrong address: only reset_from is obeyed. */
static void
test_brws_060_reset_only_from_listed(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.policy.reset_from[0] = (BrwSubnet){0x0A000001u, 0xFFFFFFFFu}; /* not H_PEER_IP */
    cfg.policy.n_reset_from = 1;
    EngineHarness *h = master_with(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    BrwFrame f;
    harness_reset_state(&f, BRW_RESET_STOP_MASTER);
    harness_inject_unique(h, &f, "ATTACKER", H_NAME, MS_SUFFIX_WORKSTATION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    MsName us = harness_name(H_NAME, MS_SUFFIX_WORKSTATION);
    harness_deliver(h, &f, "ADMIN", 0x0A000001u, 138, &us, MS_DGRAM_DIRECT_UNIQUE);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    harness_free(h);
}

/* --- trusted masters ---------------------------------------------------------------- */

/* BRWS-035 refused: a master does not step down for an untrusted better candidate, and the
 * operator hears of it once; a trusted one still wins. */
static void
test_brws_035_untrusted_election_not_yielded(void)
{
    BrwEngineConfig cfg = trusting("LMB");
    EngineHarness *h = master_with(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    guint mark = harness_mark(h);
    guint32 big = brw_criteria_make(200, BRW_CRITERIA_ROLE_DC | BRW_CRITERIA_ROLE_MASTER);
    for (int i = 0; i < 4; i++) {
        elect(h, "ROGUE", big);
        harness_advance(h, 1 * H_SEC);
    }
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_UNTRUSTED], 4);
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_MASTER, "ROGUE"), 1);
    CU_ASSERT_EQUAL(harness_counters(h).rivals, 1);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_ELECTION_LOST), -1);

    elect(h, "lmb", big); /* listed (case-insensitive): BRWS-035 as usual */
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    harness_free(h);
}

/* A rival is reported again only after 10 minutes; a domain master as such. */
static void
test_rival_reported_rarely(void)
{
    BrwEngineConfig cfg = trusting("LMB");
    EngineHarness *h = master_with(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    guint mark = harness_mark(h);
    announce(h, "ROGUE", PLAIN | BRW_SV_TYPE_MASTER_BROWSER);
    harness_advance(h, 9 * H_MIN);
    announce(h, "ROGUE", PLAIN | BRW_SV_TYPE_MASTER_BROWSER);
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_MASTER, "ROGUE"), 1);
    harness_advance(h, 2 * H_MIN);
    announce(h, "ROGUE", PLAIN | BRW_SV_TYPE_MASTER_BROWSER);
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_MASTER, "ROGUE"), 2);
    announce(h, "DMB", PLAIN | BRW_SV_TYPE_DOMAIN_MASTER);
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_DOMAIN_MASTER, "DMB"), 1);
    announce(h, "LMB", PLAIN | BRW_SV_TYPE_MASTER_BROWSER); /* trusted: no report */
    announce(h, "PLAINHOST", PLAIN);                        /* claims nothing */
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_MASTER, NULL), 2);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    harness_free(h);
}

/* Without trusted masters nothing changes: no rival events (BRWS-038 elects as before). */
static void
test_no_trusted_list_no_rivals(void)
{
    EngineHarness *h = master_with(NULL);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    guint mark = harness_mark(h);
    announce(h, "OTHER", PLAIN | BRW_SV_TYPE_MASTER_BROWSER);
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_MASTER, NULL), 0);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_UNTRUSTED], 0);
    harness_free(h);
}

/* BRWS-073 refused: a potential browser does not follow an untrusted master's LMA, and
 * does follow a trusted one. */
static void
test_brws_073_untrusted_lma_not_followed(void)
{
    BrwEngineConfig cfg = trusting("LMB");
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    guint mark = harness_mark(h);
    harness_learn_master(h, "ROGUE");
    CU_ASSERT_STRING_EQUAL(brw_engine_master(h->engine), "");
    CU_ASSERT_EQUAL(count_effects(h, mark, BRW_EFFECT_RIVAL_MASTER, "ROGUE"), 1);
    harness_learn_master(h, "LMB");
    CU_ASSERT_STRING_EQUAL(brw_engine_master(h->engine), "LMB");
    harness_free(h);
}

/* BRWS-070 refused: BecomeBackup is obeyed from a trusted master only. */
static void
test_brws_070_become_backup_from_untrusted(void)
{
    BrwEngineConfig cfg = trusting("LMB");
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    harness_learn_master(h, "LMB");
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_become_backup(&f, H_NAME);
    harness_inject_unique(h, &f, "ROGUE", H_NAME, MS_SUFFIX_WORKSTATION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SYNC), -1);
    harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    harness_free(h);
}

/* --- the name policy ------------------------------------------------------------------ */

/* BRWS-051 entries pass the name policy: denied names never enter, counted; our own entry
 * always stays. */
static void
test_brws_051_name_policy(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    pattern(cfg.policy.names_allow, &cfg.policy.n_names_allow, "PC-*");
    pattern(cfg.policy.names_deny, &cfg.policy.n_names_deny, "PC-EVIL*");
    EngineHarness *h = master_with(&cfg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    BrwList *servers = brw_engine_servers(h->engine);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(servers, H_NAME)); /* not PC-*, still ours */
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_domains(h->engine), H_GROUP));
    announce(h, "PC-1", PLAIN);
    announce(h, "pc-evil2", PLAIN);
    announce(h, "LAPTOP", PLAIN);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(servers, "PC-1"));
    CU_ASSERT_PTR_NULL(brw_list_lookup(servers, "PC-EVIL2"));
    CU_ASSERT_PTR_NULL(brw_list_lookup(servers, "LAPTOP"));
    guint64 refused = harness_counters(h).dropped[BRW_DROP_NAME_POLICY];
    if (refused != 2)
        fprintf(stderr, "name-policy drops: %" G_GUINT64_FORMAT "\n", refused);
    CU_ASSERT_EQUAL(refused, 2);
    /* machine groups pass the same policy */
    BrwFrame f;
    harness_domain_announcement(&f, "OTHERGRP", "M", 15 * 60 * 1000);
    harness_inject_group(h, &f, "M", 0x01);
    harness_domain_announcement(&f, "PC-GROUP", "M", 15 * 60 * 1000);
    harness_inject_group(h, &f, "M", 0x01);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_domains(h->engine), "OTHERGRP"));
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_domains(h->engine), "PC-GROUP"));
    harness_free(h);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"subnets_contain", test_subnets_contain},
        {"name_filter", test_name_filter},
        {"policy_equal_and_trusted", test_policy_equal_and_trusted},
        {"brws_060_reset_ignored_by_default", test_brws_060_reset_ignored_by_default},
        {"brws_060_reset_only_from_listed", test_brws_060_reset_only_from_listed},
        {"brws_035_untrusted_election_not_yielded",
         test_brws_035_untrusted_election_not_yielded},
        {"rival_reported_rarely", test_rival_reported_rarely},
        {"no_trusted_list_no_rivals", test_no_trusted_list_no_rivals},
        {"brws_073_untrusted_lma_not_followed", test_brws_073_untrusted_lma_not_followed},
        {"brws_070_become_backup_from_untrusted", test_brws_070_become_backup_from_untrusted},
        {"brws_051_name_policy", test_brws_051_name_policy},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-policy", tests);
}
