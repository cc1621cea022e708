/* Browsing across subnets on the simulated LAN (issue 7): three segments joined by a router
 * (unicast crosses, broadcasts do not), a domain master on the first, a local master
 * elected on each of the others, which finds the domain master through <group><1B> (as
 * WINS would answer). BRWS-080 .. -084.
 *
 * Bounds, with copies every SYNC: a server first heard by its own LMB reaches the domain
 * master at that LMB's next copy to it (at most SYNC later), and the other LMBs at their
 * next copy from it (at most SYNC after that). A dead server leaves its own LMB when it
 * expires there (3 x its last Periodicity), and everyone else within the same two
 * periods; until it expires at home, nobody drops it. */
#include "sim-check.h"
#include "sim-lan.h"
#include "sim-scenario.h"

#include <browse-proto/brw-server-type.h>
#include <stdio.h>

#include "test-util.h"

#define WG "WORKGROUP"
#define SEGMENTS 3
#define SERVERS_PER_SEGMENT 10
#define SYNC (60 * SIM_SEC)
#define SLACK (5 * SIM_SEC)

typedef struct {
    SimLan *lan;
    gint master[SEGMENTS];  /* each segment's local master (the DMB on segment 0) */
    guint first_server[SEGMENTS];
    guint nodes;
} Domain;

static guint
add(SimLan *lan, guint segment, guint8 os_level, gboolean browser, gboolean dmb)
{
    BrwEngineConfig cfg;
    sim_lan_node_config(lan, WG, &cfg);
    cfg.os_level = os_level;
    cfg.browser = browser;
    cfg.domain_master = dmb;
    cfg.preferred_master = dmb;
    cfg.timing.domain_sync_ms = SYNC / SIM_MS;
    guint n = sim_lan_add_node(lan, &cfg);
    sim_lan_set_segment(lan, n, segment);
    return n;
}

/* The domain master (segment 0), two more browsers per segment, ten servers per segment;
 * everyone started in the first minute, then each segment's master is awaited. */
static void
domain_up(Domain *d, guint64 seed)
{
    SimLanConfig cfg;
    sim_lan_config_init(&cfg, seed);
    cfg.routed = TRUE;
    d->lan = sim_lan_new(&cfg);
    add(d->lan, 0, BRW_CRITERIA_OS_SERVER, TRUE, TRUE);
    for (guint s = 0; s < SEGMENTS; s++) {
        add(d->lan, s, BRW_CRITERIA_OS_SAMBA, TRUE, FALSE);
        add(d->lan, s, BRW_CRITERIA_OS_SAMBA, TRUE, FALSE);
        d->first_server[s] = sim_lan_node_count(d->lan);
        for (guint i = 0; i < SERVERS_PER_SEGMENT; i++)
            add(d->lan, s, BRW_CRITERIA_OS_SAMBA, FALSE, FALSE);
    }
    d->nodes = sim_lan_node_count(d->lan);
    GRand *r = g_rand_new_with_seed((guint32)seed);
    sim_lan_start_within(d->lan, r, 0, d->nodes, 0, SIM_MIN);
    g_rand_free(r);
    sim_lan_run_until(d->lan, SIM_MIN); /* all started: later joiners force no election */
    for (guint s = 0; s < SEGMENTS; s++) {
        CU_ASSERT_FATAL(sim_check_run_until_one_master(d->lan, WG, s, 5 * SIM_MIN, SIM_SEC) >= 0);
        sim_check_masters(d->lan, WG, s, &d->master[s]);
    }
    CU_ASSERT_EQUAL(d->master[0], 0); /* the domain master wins its own subnet */
}

/* How many nodes that should be listed everywhere (all live nodes) a master lacks. */
static guint
missing_anywhere(const Domain *d, guint master, gboolean print)
{
    BrwList *servers = brw_engine_servers(sim_lan_engine(d->lan, master));
    guint missing = 0;
    for (guint n = 0; n < d->nodes; n++) {
        if (!sim_lan_node_alive(d->lan, n) ||
            brw_list_lookup(servers, sim_lan_node_name(d->lan, n)) != NULL)
            continue;
        missing++;
        if (print)
            fprintf(stderr, "%s lacks %s\n", sim_lan_node_name(d->lan, master),
                    sim_lan_node_name(d->lan, n));
    }
    return missing;
}

/* BRWS-080, -081, -083: within two copy periods of everyone being heard at home, every
 * segment's master lists every node of every segment; entries from elsewhere are copies,
 * its own segment's are local (BRWS-084). */
static void
test_brws080_083_every_subnet_sees_every_server(void)
{
    Domain d;
    domain_up(&d, 80);
    /* every node announces at start; a minute later every home LMB has heard it */
    sim_lan_run_until(d.lan, 2 * SIM_MIN);
    gint64 heard = sim_lan_now(d.lan);
    for (guint s = 0; s < SEGMENTS; s++)
        CU_ASSERT_EQUAL(sim_check_missing_servers(d.lan, (guint)d.master[s]), 0);
    sim_lan_run_until(d.lan, heard + 2 * SYNC + SLACK);
    for (guint s = 0; s < SEGMENTS; s++)
        CU_ASSERT_EQUAL(missing_anywhere(&d, (guint)d.master[s], TRUE), 0);
    BrwList *lmb1 = brw_engine_servers(sim_lan_engine(d.lan, (guint)d.master[1]));
    const BrwListEntry *own = brw_list_lookup(lmb1, sim_lan_node_name(d.lan, d.first_server[1]));
    const BrwListEntry *far = brw_list_lookup(lmb1, sim_lan_node_name(d.lan, d.first_server[2]));
    CU_ASSERT_TRUE(own != NULL && own->source == BRW_SOURCE_LOCAL);
    CU_ASSERT_TRUE(far != NULL && far->source == BRW_SOURCE_SYNC);
    CU_ASSERT(brw_engine_counters(sim_lan_engine(d.lan, 0))->syncs_ok >= 2);
    scn_assert_no_anomalies(d.lan);
    sim_lan_free(d.lan);
}

/* BRWS-082, BRWS-084: servers killed on segment 1 stay listed everywhere while their own
 * LMB keeps them, and are gone from every segment within two copy periods of it dropping
 * them. Copies never bring them back. */
static void
test_brws082_dead_servers_leave_every_subnet(void)
{
    Domain d;
    domain_up(&d, 82);
    sim_lan_run_until(d.lan, 20 * SIM_MIN); /* the ramps have reached long periods */
    guint victims[3];
    for (guint i = 0; i < G_N_ELEMENTS(victims); i++) {
        victims[i] = d.first_server[1] + i;
        sim_lan_kill(d.lan, victims[i]);
    }
    BrwEngine *home = sim_lan_engine(d.lan, (guint)d.master[1]);
    /* run until the home LMB has expired all three */
    gint64 gone_home = -1;
    guint early = 0;
    while (sim_lan_now(d.lan) < 80 * SIM_MIN) {
        guint listed = 0;
        for (guint i = 0; i < G_N_ELEMENTS(victims); i++)
            listed += brw_list_lookup(brw_engine_servers(home),
                                      sim_lan_node_name(d.lan, victims[i])) != NULL;
        if (listed == 0) {
            gone_home = sim_lan_now(d.lan);
            break;
        }
        /* while its home LMB lists it, the domain master does too: no early drop */
        const char *v0 = sim_lan_node_name(d.lan, victims[0]);
        if (brw_list_lookup(brw_engine_servers(home), v0) != NULL &&
            brw_list_lookup(brw_engine_servers(sim_lan_engine(d.lan, 0)), v0) == NULL)
            early++;
        sim_lan_run_for(d.lan, SIM_SEC);
    }
    CU_ASSERT_FATAL(gone_home > 0);
    CU_ASSERT_EQUAL(early, 0);
    sim_lan_run_until(d.lan, gone_home + 2 * SYNC + SLACK);
    guint stale = 0;
    for (guint s = 0; s < SEGMENTS; s++) {
        BrwList *list = brw_engine_servers(sim_lan_engine(d.lan, (guint)d.master[s]));
        for (guint i = 0; i < G_N_ELEMENTS(victims); i++)
            stale += brw_list_lookup(list, sim_lan_node_name(d.lan, victims[i])) != NULL;
    }
    CU_ASSERT_EQUAL(stale, 0);
    /* and they stay gone: no copy of a copy brings them back */
    sim_lan_run_for(d.lan, 5 * SYNC);
    for (guint s = 0; s < SEGMENTS; s++) {
        BrwList *list = brw_engine_servers(sim_lan_engine(d.lan, (guint)d.master[s]));
        for (guint i = 0; i < G_N_ELEMENTS(victims); i++)
            stale += brw_list_lookup(list, sim_lan_node_name(d.lan, victims[i])) != NULL;
    }
    CU_ASSERT_EQUAL(stale, 0);
    scn_assert_no_anomalies(d.lan);
    sim_lan_free(d.lan);
}

static CU_TestInfo tests[] = {
    {"BRWS-080/083 every subnet sees every server",
     test_brws080_083_every_subnet_sees_every_server},
    {"BRWS-082 dead servers leave every subnet", test_brws082_dead_servers_leave_every_subnet},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("sim-domain", tests);
}
