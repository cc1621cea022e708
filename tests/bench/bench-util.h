/* Small helpers the lab benchmark tools share: a monotonic clock, latency percentiles, and
 * the CPU time of every process in a network namespace (what a server costs, whether it is
 * one daemon or smbd forking a child per client). */
#pragma once

#include <glib.h>

/* CLOCK_MONOTONIC in microseconds. */
gint64 bench_now_us(void);

/* Sleeps until the CLOCK_MONOTONIC instant `us` (microseconds). */
void bench_sleep_until_us(gint64 us);

/* Latency samples in microseconds. */
typedef struct {
    GArray *us; /* gint64 */
} BenchLatency;

void bench_latency_init(BenchLatency *l);
void bench_latency_clear(BenchLatency *l);
void bench_latency_add(BenchLatency *l, gint64 us);
/* The q-quantile (0..1) in microseconds, nearest rank; -1 without samples. Sorts. */
gint64 bench_latency_quantile(BenchLatency *l, double q);

/* User+system CPU seconds of every process whose network namespace is the one bound at
 * `netns_path` (/run/netns/NAME), children included once reaped; -1 when the path cannot be
 * read. */
double bench_netns_cpu_s(const char *netns_path);

/* Parses "a.b.c.d" into host byte order; FALSE when it is not an address. */
gboolean bench_parse_ipv4(const char *text, guint32 *out);
