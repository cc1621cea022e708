/* Helpers of the lab benchmark tools (bench-util.h). */
#define _GNU_SOURCE
#include "bench-util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

gint64
bench_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
bench_sleep_until_us(gint64 us)
{
    struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

void
bench_latency_init(BenchLatency *l)
{
    l->us = g_array_new(FALSE, FALSE, sizeof(gint64));
}

void
bench_latency_clear(BenchLatency *l)
{
    if (l->us != NULL)
        g_array_unref(l->us);
    l->us = NULL;
}

void
bench_latency_add(BenchLatency *l, gint64 us)
{
    g_array_append_val(l->us, us);
}

static gint
cmp_i64(gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
    return x < y ? -1 : x > y;
}

gint64
bench_latency_quantile(BenchLatency *l, double q)
{
    if (l->us->len == 0)
        return -1;
    g_array_sort(l->us, cmp_i64);
    guint rank = (guint)(q * l->us->len);
    if (rank >= l->us->len)
        rank = l->us->len - 1;
    return g_array_index(l->us, gint64, rank);
}

/* utime + stime + cutime + cstime (fields 14-17 of /proc/PID/stat), in clock ticks. */
static long long
pid_ticks(const char *pid)
{
    char path[64], buf[1024];
    g_snprintf(path, sizeof path, "/proc/%s/stat", pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    if (p == NULL)
        return 0;
    long long v[4] = {0};
    /* after ")": state is field 3; utime is field 14 */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld %lld %lld", &v[0],
               &v[1], &v[2], &v[3]) != 4)
        return 0;
    return v[0] + v[1] + v[2] + v[3];
}

double
bench_netns_cpu_s(const char *netns_path)
{
    struct stat want;
    if (stat(netns_path, &want) != 0)
        return -1;
    DIR *d = opendir("/proc");
    if (d == NULL)
        return -1;
    long long ticks = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] < '0' || de->d_name[0] > '9')
            continue;
        char path[64];
        struct stat st;
        g_snprintf(path, sizeof path, "/proc/%s/ns/net", de->d_name);
        if (stat(path, &st) != 0 || st.st_ino != want.st_ino || st.st_dev != want.st_dev)
            continue;
        ticks += pid_ticks(de->d_name);
    }
    closedir(d);
    return (double)ticks / (double)sysconf(_SC_CLK_TCK);
}

gboolean
bench_parse_ipv4(const char *text, guint32 *out)
{
    struct in_addr a;
    if (text == NULL || inet_pton(AF_INET, text, &a) != 1)
        return FALSE;
    *out = ntohl(a.s_addr);
    return TRUE;
}
