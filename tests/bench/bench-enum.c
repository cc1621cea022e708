/* bench-enum: NetServerEnum2 throughput and latency. Opens --clients SMB1 sessions to the
 * server's IPC$ (TCP 139, anonymous; the sans-IO ms-smb-client.h over blocking sockets, as
 * browsectl --network drives it), one thread each, and has every session loop
 * NetServerEnum2 level 1 for all server types (the whole list as one reply allows, RAP
 * ReceiveBufferSize 0xFFE0) for --seconds. Sessions stay open: only the calls are timed.
 * CPU is that of every process in the server's namespace (--netns /run/netns/NAME), so smbd's
 * per-client children count. Prints:
 *   clients N requests R req_per_s X p50_us A p99_us B entries E available V cpu_us_per_req C
 *
 * With --wait-for NAME it instead loops on one session until NAME is in the reply (at most
 * --seconds) and prints "seen NAME at WALL_US" (the wall clock in microseconds, compared by
 * the convergence script with the moment the announcement left), or exits 1.
 *
 *   bench-enum --server IP --src IP [--name SERVERNAME] [--clients N] [--seconds S]
 *              [--netns PATH] [--wait-for NAME] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <browse-proto/brw-rap.h>
#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-smb-client.h>

#include "bench-util.h"

#define MAX_ENTRIES 4096 /* more than one 64 KiB reply can carry (26-byte records) */

typedef struct {
    guint32 server_ip, src_ip;
    const char *name, *netns, *wait_for;
    guint clients, seconds;
} Options;

typedef struct {
    const Options *o;
    guint index;
    int fd;
    MsSmbClient *client;
    GByteArray *out;
    BenchLatency lat;
    guint requests, entries, available;
    gboolean failed;
} Session;

static GMutex start_lock;
static GCond start_cond;
static gboolean started;
static gint64 stop_at;

/* Sends what the client wrote and feeds it the answer until it is READY; FALSE on failure. */
static gboolean
pump(Session *s)
{
    for (;;) {
        for (gsize off = 0; off < s->out->len;) {
            ssize_t n = send(s->fd, s->out->data + off, s->out->len - off, MSG_NOSIGNAL);
            if (n <= 0)
                return FALSE;
            off += (gsize)n;
        }
        g_byte_array_set_size(s->out, 0);
        MsSmbClientState st = ms_smb_client_state(s->client);
        if (st == MS_SMB_CLIENT_READY)
            return TRUE;
        if (st == MS_SMB_CLIENT_FAILED) {
            g_autofree char *why = ms_smb_client_describe_error(s->client);
            fprintf(stderr, "bench-enum: session %u: %s\n", s->index, why);
            return FALSE;
        }
        guint8 in[65536];
        ssize_t n = recv(s->fd, in, sizeof in, 0);
        if (n <= 0)
            return FALSE;
        ms_smb_client_feed(s->client, in, (gsize)n, s->out);
    }
}

static gboolean
session_open(Session *s)
{
    const Options *o = s->o;
    char host[16], ours[16];
    struct in_addr a = {.s_addr = htonl(o->server_ip)};
    inet_ntop(AF_INET, &a, host, sizeof host);
    g_snprintf(ours, sizeof ours, "BENCHENUM%u", s->index);
    MsSmbClientConfig cc;
    ms_smb_client_config_init(&cc);
    cc.our_name = ours;
    cc.server_name = o->name;
    cc.server_host = host;
    cc.max_buffer = 0xFFFF; /* so that a 64 KiB reply needs few messages */
    s->client = ms_smb_client_new(&cc);
    s->out = g_byte_array_new();
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct timeval tv = {.tv_sec = 10};
    struct sockaddr_in src = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(o->src_ip)};
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons(139),
                              .sin_addr.s_addr = htonl(o->server_ip)};
    if (s->client == NULL || s->fd < 0 ||
        setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
        setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
        bind(s->fd, (struct sockaddr *)&src, sizeof src) != 0 ||
        connect(s->fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
        perror("bench-enum: connect");
        return FALSE;
    }
    ms_smb_client_start(s->client, s->out);
    return pump(s);
}

/* One NetServerEnum2, level 1, every type, our own domain; FALSE on any failure. */
static gboolean
enumerate(Session *s, BrwListEntry *got)
{
    BrwRapRequest req;
    brw_rap_request_init_enum(&req, BRW_SV_TYPE_ALL, NULL, NULL);
    guint8 buf[512];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    if (brw_rap_request_build(&req, &w) != MS_OK ||
        !ms_smb_client_transact(s->client, buf, w.len, BRW_RAP_REPLY_PARAMS_MAX,
                                BRW_RAP_CLIENT_BUFFER, s->out) ||
        !pump(s))
        return FALSE;
    const guint8 *p, *d;
    gsize plen, dlen;
    BrwRapEnumResult res = {0};
    if (!ms_smb_client_reply(s->client, &p, &plen, &d, &dlen) ||
        brw_rap_server_enum_parse(p, plen, d, dlen, 1, got, MAX_ENTRIES, &res) != MS_OK ||
        (res.params.status != BRW_RAP_SUCCESS && res.params.status != BRW_RAP_ERROR_MORE_DATA))
        return FALSE;
    s->entries = res.n_entries;
    s->available = res.params.available;
    return TRUE;
}

static gpointer
session_run(gpointer data)
{
    Session *s = data;
    g_autofree BrwListEntry *got = g_new0(BrwListEntry, MAX_ENTRIES);
    g_mutex_lock(&start_lock);
    while (!started)
        g_cond_wait(&start_cond, &start_lock);
    g_mutex_unlock(&start_lock);
    while (bench_now_us() < stop_at) {
        gint64 t = bench_now_us();
        if (!enumerate(s, got)) {
            s->failed = TRUE;
            fprintf(stderr, "bench-enum: session %u: NetServerEnum2 failed\n", s->index);
            break;
        }
        bench_latency_add(&s->lat, bench_now_us() - t);
        s->requests++;
    }
    return NULL;
}

/* --wait-for: one session, NetServerEnum2 back to back until the name shows up. */
static int
wait_for(const Options *o)
{
    Session s = {.o = o};
    g_autofree BrwListEntry *got = g_new0(BrwListEntry, MAX_ENTRIES);
    if (!session_open(&s))
        return 1;
    int rc = 1;
    for (gint64 end = bench_now_us() + (gint64)o->seconds * 1000000; rc && bench_now_us() < end;) {
        if (!enumerate(&s, got))
            break;
        for (guint i = 0; i < s.entries && i < MAX_ENTRIES; i++) {
            if (g_ascii_strcasecmp(got[i].name, o->wait_for) == 0) {
                printf("seen %s at %" G_GINT64_FORMAT "\n", o->wait_for, g_get_real_time());
                rc = 0;
                break;
            }
        }
    }
    close(s.fd);
    ms_smb_client_free(s.client);
    g_byte_array_unref(s.out);
    return rc;
}

static void
usage(void)
{
    fprintf(stderr, "usage: bench-enum --server IP --src IP [--name NAME] [--clients N] "
                    "[--seconds S] [--netns /run/netns/NAME] [--wait-for NAME]\n");
    exit(2);
}

int
main(int argc, char **argv)
{
    Options o = {.clients = 1, .seconds = 5};
    gboolean server = FALSE, src = FALSE;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            usage();
        const char *k = argv[i], *v = argv[i + 1];
        if (strcmp(k, "--server") == 0)
            server = bench_parse_ipv4(v, &o.server_ip);
        else if (strcmp(k, "--src") == 0)
            src = bench_parse_ipv4(v, &o.src_ip);
        else if (strcmp(k, "--name") == 0)
            o.name = v;
        else if (strcmp(k, "--clients") == 0)
            o.clients = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--seconds") == 0)
            o.seconds = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--netns") == 0)
            o.netns = v;
        else if (strcmp(k, "--wait-for") == 0)
            o.wait_for = v;
        else
            usage();
    }
    if (!server || !src || o.clients == 0 || o.clients > 256 || o.seconds == 0)
        usage();

    if (o.wait_for != NULL)
        return wait_for(&o);
    Session *s = g_new0(Session, o.clients);
    GThread **th = g_new0(GThread *, o.clients);
    for (guint i = 0; i < o.clients; i++) {
        s[i] = (Session){.o = &o, .index = i};
        bench_latency_init(&s[i].lat);
        if (!session_open(&s[i])) {
            fprintf(stderr, "bench-enum: cannot open session %u\n", i);
            return 1;
        }
        th[i] = g_thread_new("enum", session_run, &s[i]);
    }
    double cpu0 = o.netns ? bench_netns_cpu_s(o.netns) : -1;
    gint64 t0 = bench_now_us();
    g_mutex_lock(&start_lock);
    stop_at = t0 + (gint64)o.seconds * 1000000;
    started = TRUE;
    g_cond_broadcast(&start_cond);
    g_mutex_unlock(&start_lock);
    BenchLatency all;
    bench_latency_init(&all);
    guint requests = 0, failed = 0;
    for (guint i = 0; i < o.clients; i++) {
        g_thread_join(th[i]);
        requests += s[i].requests;
        failed += s[i].failed;
        g_array_append_vals(all.us, s[i].lat.us->data, s[i].lat.us->len);
    }
    double secs = (double)(bench_now_us() - t0) / 1e6;
    double cpu = o.netns ? bench_netns_cpu_s(o.netns) - cpu0 : -1;
    printf("clients %u requests %u req_per_s %.0f p50_us %" G_GINT64_FORMAT
           " p99_us %" G_GINT64_FORMAT " entries %u available %u cpu_us_per_req %.1f\n",
           o.clients, requests, requests / secs, bench_latency_quantile(&all, 0.5),
           bench_latency_quantile(&all, 0.99), s[0].entries, s[0].available,
           cpu >= 0 && requests ? cpu * 1e6 / requests : -1.0);
    for (guint i = 0; i < o.clients; i++) {
        close(s[i].fd);
        ms_smb_client_free(s[i].client);
        g_byte_array_unref(s[i].out);
        bench_latency_clear(&s[i].lat);
    }
    bench_latency_clear(&all);
    g_free(th);
    g_free(s);
    return failed || requests == 0 ? 1 : 0;
}
