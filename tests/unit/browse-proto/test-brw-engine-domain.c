/* Browsing across subnets (brw-domain.c): the domain master's <1B>, its copies of each
 * LMB's local lists and their merge, an LMB's MasterAnnouncement and copies from its
 * domain master, and sync peers. BRWS-080 .. -086. */
#include <string.h>

#include "engine-harness.h"

#define PLAIN (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER)
#define LMB2_IP 0x0A000215u /* 10.0.2.21 */
#define LMB3_IP 0x0A000315u /* 10.0.3.21 */
#define DMB_IP 0x0A000111u  /* 10.0.1.17 */
#define SYNC_MS (60 * 1000)

static void
domain_timing(BrwEngineConfig *cfg)
{
    cfg->timing.domain_sync_ms = SYNC_MS;
    cfg->timing.lmb_expiry_ms = 5 * SYNC_MS;
}

/* A browser configured as domain master, master of its own subnet, whose <1B>
 * registration was `granted`; LMBs expire after `lmb_expiry_ms` (0: the default here). */
static EngineHarness *
domain_master_with(gboolean granted, guint32 lmb_expiry_ms)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    domain_timing(&cfg);
    if (lmb_expiry_ms != 0)
        cfg.timing.lmb_expiry_ms = lmb_expiry_ms;
    cfg.domain_master = TRUE;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    MsName dmb = harness_group_name(h, 0x1B);
    brw_engine_name_result(h->engine, h->now_us, &dmb, granted);
    CU_ASSERT_TRUE(harness_make_master(h));
    CU_ASSERT_EQUAL(brw_engine_is_domain_master(h->engine), granted);
    return h;
}

static EngineHarness *
domain_master(void)
{
    return domain_master_with(TRUE, 0);
}

/* A local master of the domain; `dmb_ip` 0 leaves it to look for <1B>. */
static EngineHarness *
local_master(guint32 dmb_ip, guint32 peer)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    domain_timing(&cfg);
    cfg.domain_master_ip = dmb_ip;
    if (peer != 0) {
        cfg.sync_peers[0] = peer;
        cfg.n_sync_peers = 1;
    }
    EngineHarness *h = harness_new(&cfg);
    CU_ASSERT_TRUE(harness_make_master(h));
    return h;
}

static void
master_announcement(EngineHarness *h, const char *lmb, guint32 ip, guint8 suffix)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_MASTER_ANNOUNCEMENT);
    g_strlcpy(f.master.master_name, lmb, sizeof f.master.master_name);
    MsName dest = harness_group_name(h, suffix);
    harness_deliver(h, &f, lmb, ip, 138, &dest, MS_DGRAM_DIRECT_UNIQUE);
}

/* The DOMAIN_SYNC at index >= from, asserting there is one. */
static const BrwEffect *
domain_sync(const EngineHarness *h, guint from)
{
    gint i = harness_find_effect(h, from, BRW_EFFECT_DOMAIN_SYNC);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    return &harness_effect(h, (guint)i)->effect;
}

static const BrwListEntry *
lookup(const EngineHarness *h, const char *name)
{
    return brw_list_lookup(brw_engine_servers(h->engine), name);
}

/* BRWS-085: only a domain master registers <group><1B>, and releases it when it stops; it
 * says so in its server type. */
static void
test_brws_085_only_dmb_registers_1b(void)
{
    EngineHarness *plain = harness_new(NULL);
    harness_start(plain);
    MsName dmb = harness_group_name(plain, 0x1B);
    CU_ASSERT_EQUAL(harness_find_name_op(plain, 0, BRW_EFFECT_REGISTER_NAME, &dmb), -1);
    harness_free(plain);

    EngineHarness *h = domain_master();
    CU_ASSERT_TRUE(harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &dmb) >= 0);
    CU_ASSERT_TRUE(brw_engine_server_type(h->engine) & BRW_SV_TYPE_DOMAIN_MASTER);
    guint mark = harness_mark(h);
    harness_stop(h, TRUE);
    CU_ASSERT_TRUE(harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &dmb) >= 0);
    harness_free(h);
}

/* A refused <1B>: another domain master exists; we stay a plain local master. */
static void
test_brws_085_refused_1b(void)
{
    EngineHarness *h = domain_master_with(FALSE, 0);
    CU_ASSERT_FALSE(brw_engine_server_type(h->engine) & BRW_SV_TYPE_DOMAIN_MASTER);
    guint mark = harness_mark(h);
    master_announcement(h, "LMB2", LMB2_IP, 0x1B);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_SYNC), -1);
    harness_free(h);
}

/* BRWS-081: a MasterAnnouncement makes the domain master copy that LMB's local lists at
 * once (LOCAL_LIST_ONLY servers, DOMAIN_ENUM | LOCAL_LIST_ONLY groups); the copies join its
 * own lists as non-local entries. */
static void
test_brws_081_dmb_copies_announcing_lmb(void)
{
    EngineHarness *h = domain_master();
    guint mark = harness_mark(h);
    master_announcement(h, "LMB2", LMB2_IP, 0x1B);
    const BrwEffect *fx = domain_sync(h, mark);
    CU_ASSERT_EQUAL(fx->domain_sync.ip, LMB2_IP);
    CU_ASSERT_STRING_EQUAL(fx->domain_sync.peer, "LMB2");
    CU_ASSERT_EQUAL(fx->domain_sync.server_type, BRW_SV_TYPE_LOCAL_LIST_ONLY);
    CU_ASSERT_EQUAL(fx->domain_sync.domain_type,
                    BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_LOCAL_LIST_ONLY);
    BrwListEntry servers[] = {harness_entry("LMB2", PLAIN, "the lmb"),
                              harness_entry("FAR1", PLAIN, "far away")};
    BrwListEntry domains[] = {harness_entry(H_OTHER_GROUP, BRW_SV_TYPE_DOMAIN_ENUM, "OLMB")};
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, servers, 2, domains, 1);
    const BrwListEntry *far = lookup(h, "FAR1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(far);
    CU_ASSERT_EQUAL(far->source, BRW_SOURCE_SYNC);
    CU_ASSERT_STRING_EQUAL(far->comment, "far away");
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_domains(h->engine), H_OTHER_GROUP));
    CU_ASSERT_EQUAL(brw_engine_counters(h->engine)->syncs_ok, 1);
    harness_free(h);
}

/* BRWS-081: Samba's LMB, having learnt the domain master's name by node status, sends its
 * MasterAnnouncement to <name><00> as [MS-BRWS] 2.2.8 says: taken like one to <1B>. */
static void
test_brws_081_master_announcement_to_computer_name(void)
{
    EngineHarness *h = domain_master();
    guint mark = harness_mark(h);
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_MASTER_ANNOUNCEMENT);
    g_strlcpy(f.master.master_name, "SAMBALMB", sizeof f.master.master_name);
    MsName dest = harness_name(H_NAME, MS_SUFFIX_WORKSTATION);
    harness_deliver(h, &f, "SAMBALMB", LMB2_IP, 138, &dest, MS_DGRAM_DIRECT_UNIQUE);
    const BrwEffect *fx = domain_sync(h, mark);
    CU_ASSERT_EQUAL(fx->domain_sync.ip, LMB2_IP);
    CU_ASSERT_STRING_EQUAL(fx->domain_sync.peer, "SAMBALMB");
    harness_free(h);
}

/* BRWS-084: what we heard ourselves is never replaced by a copy; a peer's next copy
 * replaces its last one (FAR2 goes), but a name another peer still lists stays. */
static void
test_brws_084_merge_rules(void)
{
    EngineHarness *h = domain_master();
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "NEAR", PLAIN, 60000, "heard here");
    harness_inject_group(h, &f, "NEAR", MS_SUFFIX_WORKSTATION);
    master_announcement(h, "LMB2", LMB2_IP, 0x1B);
    master_announcement(h, "LMB3", LMB3_IP, 0x1B);
    BrwListEntry two[] = {harness_entry("NEAR", PLAIN, "copied"),
                          harness_entry("FAR2", PLAIN, "two"),
                          harness_entry("SHARED", PLAIN, "both")};
    BrwListEntry three[] = {harness_entry("SHARED", PLAIN, "both")};
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, two, 3, NULL, 0);
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB3_IP, TRUE, three, 1, NULL, 0);
    CU_ASSERT_STRING_EQUAL(lookup(h, "NEAR")->comment, "heard here");
    CU_ASSERT_EQUAL(lookup(h, "NEAR")->source, BRW_SOURCE_LOCAL);
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "FAR2"));

    /* LMB2's next copy lists neither FAR2 nor SHARED */
    harness_advance(h, SYNC_MS * H_MS);
    guint mark = harness_mark(h);
    BrwListEntry later[] = {harness_entry("NEAR", PLAIN, "copied")};
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, later, 1, NULL, 0);
    CU_ASSERT_PTR_NULL(lookup(h, "FAR2"));
    gint gone = harness_find_effect(h, mark, BRW_EFFECT_SERVER_REMOVED);
    CU_ASSERT_TRUE_FATAL(gone >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)gone)->effect.entry, "FAR2");
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "SHARED")); /* LMB3 still lists it */
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "NEAR"));
    harness_free(h);
}

/* The domain master copies each LMB again every sync period while it keeps announcing;
 * repeated announcements within a minute ask for no extra copy; a failed copy keeps what
 * the last one gave. */
static void
test_brws_081_resync_schedule(void)
{
    EngineHarness *h = domain_master();
    master_announcement(h, "LMB2", LMB2_IP, 0x1B);
    BrwListEntry far[] = {harness_entry("FAR1", PLAIN, "")};
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, far, 1, NULL, 0);
    guint mark = harness_mark(h);
    harness_advance(h, 10 * H_SEC);
    master_announcement(h, "LMB2", LMB2_IP, 0x1B);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_SYNC), -1);
    harness_advance(h, (SYNC_MS - 10000) * H_MS);
    const BrwEffect *again = domain_sync(h, mark);
    CU_ASSERT_EQUAL(again->domain_sync.ip, LMB2_IP);
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, FALSE, NULL, 0, NULL, 0);
    CU_ASSERT_EQUAL(brw_engine_counters(h->engine)->syncs_failed, 1);
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "FAR1"));
    /* a result nobody asked for changes nothing */
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB3_IP, TRUE, far, 1, NULL, 0);
    CU_ASSERT_EQUAL(brw_engine_counters(h->engine)->syncs_ok, 1);
    harness_free(h);
}

/* BRWS-082: an LMB not heard from for the expiry time is dropped with its entries (here
 * two sync periods, before the entries' own lifetime of three would end). */
static void
test_brws_082_silent_lmb_dropped(void)
{
    EngineHarness *h = domain_master_with(TRUE, 2 * SYNC_MS);
    master_announcement(h, "LMB2", LMB2_IP, 0x1B);
    BrwListEntry far[] = {harness_entry("FAR1", PLAIN, "")};
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, far, 1, NULL, 0);
    gint64 heard = h->now_us;
    /* it announces no more, and its copy a period later fails */
    harness_advance_to(h, heard + SYNC_MS * H_MS);
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, FALSE, NULL, 0, NULL, 0);
    harness_advance_to(h, heard + 2 * SYNC_MS * H_MS - H_SEC);
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "FAR1"));
    guint mark = harness_mark(h);
    harness_advance_to(h, heard + 2 * SYNC_MS * H_MS + H_SEC);
    CU_ASSERT_PTR_NULL(lookup(h, "FAR1"));
    CU_ASSERT_TRUE(harness_find_effect(h, mark, BRW_EFFECT_SERVER_REMOVED) >= 0);
    /* forgotten: a late answer to its copy changes nothing */
    BrwListEntry back[] = {harness_entry("FAR1", PLAIN, "")};
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, back, 1, NULL, 0);
    CU_ASSERT_PTR_NULL(lookup(h, "FAR1"));
    harness_free(h);
}

/* A browser that is not the domain master takes no MasterAnnouncement from an address it
 * was not given. */
static void
test_master_announcement_needs_dmb_or_peer(void)
{
    EngineHarness *h = local_master(DMB_IP, 0);
    guint mark = harness_mark(h);
    master_announcement(h, "LMB2", LMB2_IP, 0x1D);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_SYNC), -1);
    CU_ASSERT(brw_engine_counters(h->engine)->dropped[BRW_DROP_ROLE] > 0);
    harness_free(h);
}

/* BRWS-080, BRWS-083: a local master with a known domain master announces itself to it
 * (unicast to its address, at <group><1B>) right after winning and every sync period, and
 * copies its whole lists on the same schedule. */
static void
test_brws_080_083_lmb_announces_and_copies(void)
{
    EngineHarness *h = local_master(DMB_IP, 0);
    MsName dmb = harness_group_name(h, 0x1B);
    gint ma = harness_find_send(h, 0, BRW_FRAME_MASTER_ANNOUNCEMENT, &dmb);
    CU_ASSERT_TRUE_FATAL(ma >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)ma)->effect.send.ip, DMB_IP);
    CU_ASSERT_FALSE(harness_effect(h, (guint)ma)->effect.send.group);
    CU_ASSERT_STRING_EQUAL(harness_send_frame(h, ma)->master.master_name, H_NAME);
    const BrwEffect *fx = domain_sync(h, 0);
    CU_ASSERT_EQUAL(fx->domain_sync.ip, DMB_IP);
    CU_ASSERT_EQUAL(fx->domain_sync.server_type, BRW_SV_TYPE_ALL);
    CU_ASSERT_EQUAL(fx->domain_sync.domain_type, BRW_SV_TYPE_DOMAIN_ENUM);
    BrwListEntry all[] = {harness_entry("FAR1", PLAIN, ""), harness_entry(H_NAME, PLAIN, "")};
    brw_engine_domain_sync_result(h->engine, h->now_us, DMB_IP, TRUE, all, 2, NULL, 0);
    CU_ASSERT_EQUAL(lookup(h, "FAR1")->source, BRW_SOURCE_SYNC);
    CU_ASSERT_EQUAL(lookup(h, H_NAME)->source, BRW_SOURCE_LOCAL); /* ourselves, not a copy */

    guint mark = harness_mark(h);
    harness_advance(h, SYNC_MS * H_MS);
    CU_ASSERT_EQUAL(harness_count_sends(h, mark, BRW_FRAME_MASTER_ANNOUNCEMENT, &dmb), 1);
    CU_ASSERT_TRUE(harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_SYNC) >= 0);
    harness_free(h);
}

/* A local entry that expired is not taken back from the domain master's (older) copy for
 * two periods; after that, a copy that still lists it is believed again. */
static void
test_brws084_expired_local_not_copied_back(void)
{
    EngineHarness *h = local_master(DMB_IP, 0);
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "GOING", PLAIN, 10000, "");
    harness_inject_group(h, &f, "GOING", MS_SUFFIX_WORKSTATION);
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "GOING"));
    harness_advance(h, 31 * H_SEC); /* 3 x 10 s and the grace: expired */
    CU_ASSERT_PTR_NULL(lookup(h, "GOING"));
    BrwListEntry stale[] = {harness_entry("GOING", PLAIN, ""), harness_entry("FAR1", PLAIN, "")};
    harness_advance(h, SYNC_MS * H_MS); /* the next copy from the DMB is due */
    brw_engine_domain_sync_result(h->engine, h->now_us, DMB_IP, TRUE, stale, 2, NULL, 0);
    CU_ASSERT_PTR_NULL(lookup(h, "GOING"));
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "FAR1"));
    harness_advance(h, 2 * SYNC_MS * H_MS);
    brw_engine_domain_sync_result(h->engine, h->now_us, DMB_IP, TRUE, stale, 2, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL(lookup(h, "GOING"));
    harness_free(h);
}

/* Without a configured address the local master looks for <group><1B>; nobody: it asks
 * again a sync period later; found: it announces there. Losing the master role ends it. */
static void
test_brws_080_find_domain_master(void)
{
    EngineHarness *h = local_master(0, 0);
    gint find = harness_find_effect(h, 0, BRW_EFFECT_FIND_DOMAIN_MASTER);
    CU_ASSERT_TRUE_FATAL(find >= 0);
    guint mark = harness_mark(h);
    brw_engine_domain_master_found(h->engine, h->now_us, 0);
    CU_ASSERT_EQUAL(harness_count_sends(h, mark, BRW_FRAME_MASTER_ANNOUNCEMENT, NULL), 0);
    harness_advance(h, SYNC_MS * H_MS);
    CU_ASSERT_TRUE(harness_find_effect(h, mark, BRW_EFFECT_FIND_DOMAIN_MASTER) >= 0);
    mark = harness_mark(h);
    brw_engine_domain_master_found(h->engine, h->now_us, DMB_IP);
    MsName dmb = harness_group_name(h, 0x1B);
    gint ma = harness_find_send(h, mark, BRW_FRAME_MASTER_ANNOUNCEMENT, &dmb);
    CU_ASSERT_TRUE_FATAL(ma >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)ma)->effect.send.ip, DMB_IP);

    /* a better browser takes the subnet: no more domain duties */
    BrwFrame f;
    harness_election(&f, 0xFF000000u, 3600000, "BOSS");
    harness_inject_group(h, &f, "BOSS", MS_SUFFIX_BROWSER_ELECTION);
    harness_advance(h, 5 * H_SEC);
    CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    mark = harness_mark(h);
    harness_advance(h, 3 * SYNC_MS * H_MS);
    CU_ASSERT_EQUAL(harness_count_sends(h, mark, BRW_FRAME_MASTER_ANNOUNCEMENT, NULL), 0);
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_SYNC), -1);
    harness_free(h);
}

/* Sync peers: each is announced to at its <group><1D> and copied from (its local lists
 * only: copies of copies between equals would never let a stopped server go), and its
 * MasterAnnouncement is taken though we are no domain master. */
static void
test_sync_peers(void)
{
    EngineHarness *h = local_master(0, LMB2_IP);
    MsName lmb = harness_group_name(h, 0x1D);
    gint ma = harness_find_send(h, 0, BRW_FRAME_MASTER_ANNOUNCEMENT, &lmb);
    CU_ASSERT_TRUE_FATAL(ma >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)ma)->effect.send.ip, LMB2_IP);
    const BrwEffect *fx = domain_sync(h, 0);
    CU_ASSERT_EQUAL(fx->domain_sync.ip, LMB2_IP);
    CU_ASSERT_EQUAL(fx->domain_sync.server_type, BRW_SV_TYPE_LOCAL_LIST_ONLY);
    brw_engine_domain_sync_result(h->engine, h->now_us, LMB2_IP, TRUE, NULL, 0, NULL, 0);
    const guint64 *dropped = brw_engine_counters(h->engine)->dropped;
    guint64 before = dropped[BRW_DROP_ROLE];
    master_announcement(h, "LMB2", LMB2_IP, 0x1D);
    CU_ASSERT_EQUAL(dropped[BRW_DROP_ROLE], before); /* taken */
    master_announcement(h, "LMB3", LMB3_IP, 0x1D);
    CU_ASSERT_EQUAL(dropped[BRW_DROP_ROLE], before + 1); /* not a peer: refused */
    guint mark = harness_mark(h);
    harness_advance(h, SYNC_MS * H_MS);
    const BrwEffect *again = domain_sync(h, mark);
    CU_ASSERT_EQUAL(again->domain_sync.ip, LMB2_IP);
    harness_free(h);
}

/* BRWS-086: a GetBackupListRequest to <group><1B> is answered by the domain master, like
 * one to <1D>; a plain master ignores it. */
static void
test_brws_086_backup_list_on_1b(void)
{
    EngineHarness *h = domain_master();
    BrwFrame f;
    harness_backup_request(&f, 4, 77);
    guint mark = harness_mark(h);
    harness_inject_unique(h, &f, "CLIENT", H_GROUP, 0x1B);
    gint r = harness_find_send(h, mark, BRW_FRAME_GET_BACKUP_LIST_RESPONSE, NULL);
    CU_ASSERT_TRUE_FATAL(r >= 0);
    CU_ASSERT_EQUAL(harness_send_frame(h, r)->backup_response.token, 77);
    harness_free(h);

    EngineHarness *lmb = local_master(DMB_IP, 0);
    mark = harness_mark(lmb);
    harness_inject_unique(lmb, &f, "CLIENT", H_GROUP, 0x1B);
    CU_ASSERT_EQUAL(harness_find_send(lmb, mark, BRW_FRAME_GET_BACKUP_LIST_RESPONSE, NULL), -1);
    harness_free(lmb);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws085_only_dmb_registers_1b", test_brws_085_only_dmb_registers_1b},
        {"brws085_refused_1b", test_brws_085_refused_1b},
        {"brws081_dmb_copies_announcing_lmb", test_brws_081_dmb_copies_announcing_lmb},
        {"brws081_master_announcement_to_computer_name",
         test_brws_081_master_announcement_to_computer_name},
        {"brws084_merge_rules", test_brws_084_merge_rules},
        {"brws081_resync_schedule", test_brws_081_resync_schedule},
        {"brws082_silent_lmb_dropped", test_brws_082_silent_lmb_dropped},
        {"master_announcement_needs_dmb_or_peer", test_master_announcement_needs_dmb_or_peer},
        {"brws080_083_lmb_announces_and_copies", test_brws_080_083_lmb_announces_and_copies},
        {"brws080_find_domain_master", test_brws_080_find_domain_master},
        {"brws084_expired_local_not_copied_back", test_brws084_expired_local_not_copied_back},
        {"sync_peers", test_sync_peers},
        {"brws086_backup_list_on_1b", test_brws_086_backup_list_on_1b},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-domain", tests);
}
