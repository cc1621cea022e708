/* Golden traces (issue 3): two small scenarios whose every sent frame and role change is
 * compared with tests/data/traces/<name>.trace. A change in the engine's timing or frame
 * choice shows up here as a readable diff; BROWSERD_UPDATE_TRACES=1 accepts it.
 * BRWS-031/032/033 (election rounds), BRWS-050/051/052 (a new master's frames), BRWS-062
 * (BecomeBackup), BRWS-070 (the backup's announcement), BRWS-072 (FindMaster). */
#include "sim-check.h"
#include "sim-golden.h"
#include "sim-lan.h"
#include "sim-scenario.h"

#include "test-util.h"

#define WG "WG"

/* Three browsers of equal criteria, started 0.4 s and 1.3 s apart: they look for a master,
 * elect, and NODE001 (the lowest name; uptimes within 60 s are equal) wins and starts its
 * master duties. Three minutes. */
static void
test_trace_three_browsers_elect(void)
{
    g_autoptr(SimLan) lan = scn_lan_new(3, 0.0);
    sim_lan_set_tracing(lan, TRUE);
    static const gint64 starts[] = {0, 400 * SIM_MS, 1300 * SIM_MS};
    for (guint i = 0; i < 3; i++) {
        sim_lan_add_browser(lan, WG);
        sim_lan_start(lan, i, starts[i]);
    }
    sim_lan_run_until(lan, 3 * SIM_MIN);
    gint master = -1;
    CU_ASSERT_EQUAL(sim_check_masters(lan, WG, 0, &master), 1);
    CU_ASSERT_EQUAL(master, 0);
    scn_assert_no_anomalies(lan);
    CU_ASSERT_TRUE(sim_golden_check("three-browsers-elect", sim_lan_trace(lan)));
}

/* Three browsers; the master promotes one to backup (2-31 servers: one backup). At 40 min
 * the master is killed; the backup, whose criteria carry the backup bit, wins the election
 * that follows the master's silence. Until 70 min. */
static void
test_trace_master_dies_backup_takes_over(void)
{
    g_autoptr(SimLan) lan = scn_lan_new(4, 0.0);
    static const gint64 starts[] = {0, 2 * SIM_SEC, 5 * SIM_SEC};
    for (guint i = 0; i < 3; i++) {
        sim_lan_add_browser(lan, WG);
        sim_lan_start(lan, i, starts[i]);
    }
    sim_lan_set_tracing(lan, TRUE);
    sim_lan_run_until(lan, 40 * SIM_MIN);
    gint master = -1;
    CU_ASSERT_EQUAL_FATAL(sim_check_masters(lan, WG, 0, &master), 1);
    CU_ASSERT_EQUAL_FATAL(sim_check_role_count(lan, WG, 0, BRW_ROLE_BACKUP), 1);
    gint backup = -1;
    for (guint i = 0; i < 3; i++) {
        if (brw_engine_role(sim_lan_engine(lan, i)) == BRW_ROLE_BACKUP)
            backup = (gint)i;
    }
    sim_lan_kill(lan, (guint)master);
    sim_lan_run_until(lan, 70 * SIM_MIN);
    gint fresh = -1;
    CU_ASSERT_EQUAL(sim_check_masters(lan, WG, 0, &fresh), 1);
    CU_ASSERT_EQUAL(fresh, backup);
    scn_assert_no_anomalies(lan);
    CU_ASSERT_TRUE(sim_golden_check("master-dies-backup-takes-over", sim_lan_trace(lan)));
}

static CU_TestInfo tests[] = {
    {"trace: three browsers elect", test_trace_three_browsers_elect},
    {"trace: master dies, backup takes over", test_trace_master_dies_backup_takes_over},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("sim-traces", tests);
}
