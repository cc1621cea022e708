/* bench-probe: how quickly a browser answers while it is being measured (during an
 * announcement flood, or idle). Sends one request every --interval ms for --seconds and
 * times each answer:
 *   nbns    a unicast NetBIOS name query (RFC 1002 4.2.12) for NAME<suffix> to UDP 137;
 *   backup  a GetBackupListRequest ([MS-BRWS] 2.2.4) to <workgroup><1D> on UDP 138, answered
 *           by a GetBackupListResponse with our token, sent to our port 138 (3.3.5.x).
 * A request unanswered within --timeout ms counts as lost. Prints one table row:
 *   MODE sent answered lost p50_us p99_us max_us
 *
 *   bench-probe nbns|backup --src IP --dest IP --name NAME [--suffix HEX] [--seconds S]
 *               [--interval MS] [--timeout MS] */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <browse-proto/brw-frame.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>
#include <libmailslot/ms-nbns.h>

#include "bench-util.h"

typedef struct {
    gboolean backup;
    guint32 src_ip, dest_ip;
    const char *name; /* the queried name, or the workgroup of the backup list */
    guint suffix;
    guint seconds, interval_ms, timeout_ms;
} Options;

static void
usage(void)
{
    fprintf(stderr, "usage: bench-probe nbns|backup --src IP --dest IP --name NAME "
                    "[--suffix HEX] [--seconds S] [--interval MS] [--timeout MS]\n");
    exit(2);
}

static void
parse_options(int argc, char **argv, Options *o)
{
    *o = (Options){.suffix = 0x20, .seconds = 5, .interval_ms = 20, .timeout_ms = 1000};
    if (argc < 2)
        usage();
    if (strcmp(argv[1], "backup") == 0)
        o->backup = TRUE;
    else if (strcmp(argv[1], "nbns") != 0)
        usage();
    gboolean src = FALSE, dest = FALSE;
    for (int i = 2; i < argc; i += 2) {
        if (i + 1 >= argc)
            usage();
        const char *k = argv[i], *v = argv[i + 1];
        if (strcmp(k, "--src") == 0)
            src = bench_parse_ipv4(v, &o->src_ip);
        else if (strcmp(k, "--dest") == 0)
            dest = bench_parse_ipv4(v, &o->dest_ip);
        else if (strcmp(k, "--name") == 0)
            o->name = v;
        else if (strcmp(k, "--suffix") == 0)
            o->suffix = (guint)strtoul(v, NULL, 16);
        else if (strcmp(k, "--seconds") == 0)
            o->seconds = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--interval") == 0)
            o->interval_ms = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--timeout") == 0)
            o->timeout_ms = (guint)strtoul(v, NULL, 10);
        else
            usage();
    }
    if (!src || !dest || o->name == NULL || o->interval_ms == 0 || o->suffix > 0xFF)
        usage();
}

/* Writes request `seq` into w; FALSE when the name does not make a NetBIOS name. */
static gboolean
build_request(const Options *o, guint16 seq, MsWriter *w)
{
    MsName name;
    if (!o->backup)
        return ms_name_init(&name, o->name, (guint8)o->suffix, NULL) == MS_OK &&
               ms_nbns_build_name_query(w, seq, &name, FALSE) == MS_OK;
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_REQUEST);
    f.backup_request.requested_count = 4;
    f.backup_request.token = seq;
    guint8 frame[64];
    MsWriter fw = ms_writer_init(frame, sizeof frame);
    MsDgram h = {.type = MS_DGRAM_DIRECT_GROUP, .flags = MS_DGRAM_FLAG_FIRST, .id = seq,
                 .source_ip = o->src_ip, .source_port = MS_DGRAM_PORT};
    return brw_frame_encode(&f, &fw) == MS_OK &&
           ms_name_init(&h.source_name, "BENCHPROBE", 0x00, NULL) == MS_OK &&
           ms_name_init(&h.destination_name, o->name, 0x1D, NULL) == MS_OK &&
           ms_mailslot_build_datagram(w, &h, brw_frame_mailslot(&f), frame, fw.len) == MS_OK;
}

/* TRUE when `buf` answers request `seq`. */
static gboolean
is_answer(const Options *o, guint16 seq, const guint8 *buf, gsize len)
{
    if (!o->backup) {
        MsNbnsPacket p;
        return ms_nbns_decode(buf, len, &p) == MS_OK && ms_nbns_is_response(&p) &&
               p.trn_id == seq;
    }
    MsDgram d;
    MsMailslotWrite m;
    BrwFrame f;
    return ms_dgram_decode(buf, len, &d) == MS_OK && d.data != NULL &&
           ms_mailslot_parse(d.data, d.data_len, &m) == MS_OK &&
           brw_frame_decode_mailslot(&m, &f) == MS_OK &&
           f.kind == BRW_FRAME_GET_BACKUP_LIST_RESPONSE && f.backup_response.token == seq;
}

int
main(int argc, char **argv)
{
    Options o;
    parse_options(argc, argv, &o);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in src = {.sin_family = AF_INET,
                              .sin_port = htons(o.backup ? MS_DGRAM_PORT : 0),
                              .sin_addr.s_addr = htonl(o.src_ip)};
    struct sockaddr_in dest = {.sin_family = AF_INET,
                               .sin_port = htons(o.backup ? MS_DGRAM_PORT : 137),
                               .sin_addr.s_addr = htonl(o.dest_ip)};
    if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof src) != 0) {
        perror("bench-probe: bind");
        return 1;
    }
    BenchLatency lat;
    bench_latency_init(&lat);
    guint sent = 0, lost = 0;
    gint64 t0 = bench_now_us(), end = t0 + (gint64)o.seconds * 1000000;
    for (guint16 seq = 1; bench_now_us() < end; seq++) {
        bench_sleep_until_us(t0 + (gint64)sent * o.interval_ms * 1000);
        guint8 req[MS_DGRAM_MAX_PAYLOAD];
        MsWriter w = ms_writer_init(req, sizeof req);
        if (!build_request(&o, seq, &w)) {
            fprintf(stderr, "bench-probe: cannot build a request for %s\n", o.name);
            return 2;
        }
        gint64 at = bench_now_us(), deadline = at + (gint64)o.timeout_ms * 1000;
        if (sendto(fd, req, w.len, 0, (struct sockaddr *)&dest, sizeof dest) < 0) {
            perror("bench-probe: sendto");
            return 1;
        }
        sent++;
        gboolean answered = FALSE;
        for (gint64 now = at; !answered && now < deadline; now = bench_now_us()) {
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            if (poll(&pfd, 1, (int)((deadline - now + 999) / 1000)) <= 0)
                break;
            guint8 buf[2048];
            ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n > 0 && is_answer(&o, seq, buf, (gsize)n)) {
                bench_latency_add(&lat, bench_now_us() - at);
                answered = TRUE;
            }
        }
        if (!answered)
            lost++;
    }
    printf("%-6s sent %u answered %u lost %u p50_us %" G_GINT64_FORMAT " p99_us %" G_GINT64_FORMAT
           " max_us %" G_GINT64_FORMAT "\n",
           o.backup ? "backup" : "nbns", sent, sent - lost, lost,
           bench_latency_quantile(&lat, 0.50), bench_latency_quantile(&lat, 0.99),
           bench_latency_quantile(&lat, 1.0));
    bench_latency_clear(&lat);
    close(fd);
    return 0;
}
