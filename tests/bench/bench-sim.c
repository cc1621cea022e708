/* The simulated LAN at scale: N browsers (default 1,000) of one workgroup on one segment,
 * started at random times within the first W seconds (default 60), run for M simulated
 * minutes (default 60). Prints wall time, simulated events, events per second and peak RSS.
 *
 *   bench-sim [nodes [minutes [seed [window_s]]]]
 *
 * window_s 0 starts every browser in the same microsecond: the worst election storm.
 *
 * The wall clock is read here and only here: it measures the run, it never drives it. The
 * result does not depend on the machine; only the wall time does, so nothing is asserted
 * on it. */
#include "sim-lan.h"

#include <browse-proto/brw-engine.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static guint64
arg_or(int argc, char **argv, int i, guint64 fallback)
{
    return argc > i ? g_ascii_strtoull(argv[i], NULL, 10) : fallback;
}

int
main(int argc, char **argv)
{
    guint nodes = (guint)arg_or(argc, argv, 1, 1000);
    gint64 minutes = (gint64)arg_or(argc, argv, 2, 60);
    guint64 seed = arg_or(argc, argv, 3, 1);
    gint64 window_us = (gint64)arg_or(argc, argv, 4, 60) * SIM_SEC;

    SimLanConfig cfg;
    sim_lan_config_init(&cfg, seed);
    SimLan *lan = sim_lan_new(&cfg);
    GRand *r = g_rand_new_with_seed((guint32)seed);
    for (guint i = 0; i < nodes; i++)
        sim_lan_add_browser(lan, "WORKGROUP");
    sim_lan_start_within(lan, r, 0, nodes, 0, window_us);
    g_rand_free(r);

    gint64 wall_start = g_get_monotonic_time();
    sim_lan_run_until(lan, minutes * SIM_MIN);
    gint64 wall_us = g_get_monotonic_time() - wall_start;

    const SimLanStats *st = sim_lan_stats(lan);
    guint masters = 0, backups = 0;
    guint64 elections_won = 0;
    for (guint i = 0; i < nodes; i++) {
        BrwRole role = brw_engine_role(sim_lan_engine(lan, i));
        elections_won += brw_engine_counters(sim_lan_engine(lan, i))->elections_won;
        masters += role == BRW_ROLE_MASTER;
        backups += role == BRW_ROLE_BACKUP;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double wall_s = (double)wall_us / 1e6;

    printf("bench-sim: %u browsers started within %" G_GINT64_FORMAT " s, %" G_GINT64_FORMAT
           " simulated min, seed %" G_GUINT64_FORMAT "\n",
           nodes, window_us / SIM_SEC, minutes, seed);
    printf("  wall time          %.3f s\n", wall_s);
    printf("  events processed   %" G_GUINT64_FORMAT "\n", st->events);
    printf("  events per second  %.0f\n", wall_s > 0 ? (double)st->events / wall_s : 0.0);
    printf("  datagrams sent     %" G_GUINT64_FORMAT "\n", st->sent);
    printf("  elections won      %" G_GUINT64_FORMAT "\n", elections_won);
    printf("  deliveries         %" G_GUINT64_FORMAT "\n", st->deliveries);
    printf("  engine timeouts    %" G_GUINT64_FORMAT "\n", st->timeouts);
    printf("  peak RSS           %ld KiB\n", ru.ru_maxrss);
    printf("  masters %u, backups %u at the end\n", masters, backups);

    const GPtrArray *anomalies = sim_lan_anomalies(lan);
    for (guint i = 0; i < anomalies->len; i++)
        fprintf(stderr, "sim anomaly: %s\n", (const char *)g_ptr_array_index(anomalies, i));
    int status = anomalies->len ? EXIT_FAILURE : EXIT_SUCCESS;
    sim_lan_free(lan);
    return status;
}
