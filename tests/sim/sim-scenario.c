#include "sim-scenario.h"

#include <stdio.h>

SimLan *
scn_lan_new(guint64 seed, double loss)
{
    SimLanConfig cfg;
    sim_lan_config_init(&cfg, seed);
    cfg.loss = loss;
    return sim_lan_new(&cfg);
}

guint
scn_add(SimLan *lan, const char *workgroup, guint8 os_level, gboolean preferred,
        gboolean browser)
{
    BrwEngineConfig cfg;
    sim_lan_node_config(lan, workgroup, &cfg);
    cfg.os_level = os_level;
    cfg.preferred_master = preferred;
    cfg.browser = browser;
    return sim_lan_add_node(lan, &cfg);
}

void
scn_assert_no_anomalies(const SimLan *lan)
{
    const GPtrArray *a = sim_lan_anomalies(lan);
    for (guint i = 0; i < a->len; i++)
        fprintf(stderr, "sim anomaly: %s\n", (const char *)g_ptr_array_index(a, i));
    CU_ASSERT_EQUAL(a->len, 0);
}
