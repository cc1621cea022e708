/* bench-flood: the ingestion load generator. Sends HostAnnouncements ([MS-BRWS] 2.2.1) for N
 * distinct server names at a set rate to UDP 138 of a master (unicast) or the segment
 * (broadcast), in batches of sendmmsg(2), paced on the monotonic clock. Every datagram is
 * built once, before the clock starts, with the project's own codecs (brw_frame_encode ->
 * ms_mailslot_build_datagram), so the loop only sends.
 *
 *   bench-flood --src IP --dest IP [--count N] [--rate R] [--workgroup WG] [--prefix P]
 *               [--batch B] [--rounds K] [--comment TEXT]
 *
 * Names are PREFIX and a 6-digit index; comments "bench NAME" unless --comment is given (""
 * allowed: NetServerEnum2 then fits 2,000 entries in one 64 KiB reply). --rounds K sends
 * the same N announcements K times (refreshes, not new names).
 * Prints one line "sent N in S s (R/s), E send errors, last at WALL_US" on stdout (WALL_US:
 * the wall clock, microseconds since the epoch, so a script can time what follows). ENOBUFS/EAGAIN are
 * retried (the sender must not drop what the receiver is measured on); other errors count. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <browse-proto/brw-frame.h>
#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-mailslot.h>

#include "bench-util.h"

#define DGRAM_SIZE MS_DGRAM_MAX_PAYLOAD

typedef struct {
    guint32 src_ip, dest_ip;
    guint count, rate, batch, rounds;
    const char *workgroup, *prefix;
    const char *comment; /* NULL: "bench NAME" */
} Options;

/* One HostAnnouncement datagram from server `name` to <workgroup><1D>, as a server's
 * browser service sends it. */
static gsize
build_announcement(const Options *o, const char *name, guint16 id, guint8 *out)
{
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_HOST_ANNOUNCEMENT);
    BrwAnnouncement *a = &f.announcement;
    a->periodicity_ms = 12 * 60 * 1000;
    g_strlcpy(a->server_name, name, sizeof a->server_name);
    a->os_major = 6;
    a->os_minor = 1;
    a->server_type = BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER;
    if (o->comment != NULL)
        g_strlcpy(a->comment, o->comment, sizeof a->comment);
    else
        g_snprintf(a->comment, sizeof a->comment, "bench %s", name);
    guint8 frame[DGRAM_SIZE];
    MsWriter fw = ms_writer_init(frame, sizeof frame);
    MsDgram h = {
        .type = MS_DGRAM_DIRECT_GROUP,
        .flags = MS_DGRAM_FLAG_FIRST,
        .id = id,
        .source_ip = o->src_ip,
        .source_port = MS_DGRAM_PORT,
    };
    MsWriter w = ms_writer_init(out, DGRAM_SIZE);
    if (brw_frame_encode(&f, &fw) != MS_OK ||
        ms_name_init(&h.source_name, name, 0x00, NULL) != MS_OK ||
        ms_name_init(&h.destination_name, o->workgroup, 0x1D, NULL) != MS_OK ||
        ms_mailslot_build_datagram(&w, &h, brw_frame_mailslot(&f), frame, fw.len) != MS_OK) {
        fprintf(stderr, "bench-flood: cannot build the announcement of %s\n", name);
        exit(2);
    }
    return w.len;
}

static void
usage(void)
{
    fprintf(stderr, "usage: bench-flood --src IP --dest IP [--count N] [--rate R/s] "
                    "[--workgroup WG] [--prefix P] [--batch B] [--rounds K] [--comment TEXT]\n");
    exit(2);
}

static void
parse_options(int argc, char **argv, Options *o)
{
    *o = (Options){.count = 1000, .rate = 1000, .batch = 32, .rounds = 1,
                   .workgroup = "LABGRP", .prefix = "BN"};
    gboolean have_src = FALSE, have_dest = FALSE;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc)
            usage();
        const char *k = argv[i], *v = argv[i + 1];
        if (strcmp(k, "--src") == 0)
            have_src = bench_parse_ipv4(v, &o->src_ip);
        else if (strcmp(k, "--dest") == 0)
            have_dest = bench_parse_ipv4(v, &o->dest_ip);
        else if (strcmp(k, "--count") == 0)
            o->count = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--rate") == 0)
            o->rate = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--batch") == 0)
            o->batch = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--rounds") == 0)
            o->rounds = (guint)strtoul(v, NULL, 10);
        else if (strcmp(k, "--workgroup") == 0)
            o->workgroup = v;
        else if (strcmp(k, "--prefix") == 0)
            o->prefix = v;
        else if (strcmp(k, "--comment") == 0)
            o->comment = v;
        else
            usage();
    }
    /* names are PREFIX + a 6-digit index, at most 15 characters */
    if (!have_src || !have_dest || o->count == 0 || o->count > 999999 || o->rate == 0 ||
        o->batch == 0 || o->batch > 1024 || o->rounds == 0 || strlen(o->prefix) > 9)
        usage();
}

int
main(int argc, char **argv)
{
    Options o;
    parse_options(argc, argv, &o);

    guint8 *bufs = g_malloc((gsize)o.count * DGRAM_SIZE);
    struct iovec *iov = g_new0(struct iovec, o.count);
    struct mmsghdr *msgs = g_new0(struct mmsghdr, o.count);
    struct sockaddr_in dest = {.sin_family = AF_INET, .sin_port = htons(MS_DGRAM_PORT),
                               .sin_addr.s_addr = htonl(o.dest_ip)};
    for (guint i = 0; i < o.count; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "%s%06u", o.prefix, i);
        iov[i].iov_base = bufs + (gsize)i * DGRAM_SIZE;
        iov[i].iov_len = build_announcement(&o, name, (guint16)i, iov[i].iov_base);
        msgs[i].msg_hdr.msg_name = &dest;
        msgs[i].msg_hdr.msg_namelen = sizeof dest;
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int one = 1, sndbuf = 4 << 20;
    struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = htons(MS_DGRAM_PORT),
                              .sin_addr.s_addr = htonl(o.src_ip)};
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0) {
        perror("bench-flood: socket");
        return 1;
    }
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    /* the source port of a real browser is 138; fall back to any port if it is taken */
    if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0) {
        src.sin_port = 0;
        if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0) {
            perror("bench-flood: bind");
            return 1;
        }
    }

    guint64 total = (guint64)o.count * o.rounds, sent = 0, errors = 0;
    gint64 t0 = bench_now_us();
    while (sent < total) {
        /* batch k leaves at t0 + k * batch / rate: pacing holds the average rate exactly */
        bench_sleep_until_us(t0 + (gint64)(sent * 1000000 / o.rate));
        guint at = (guint)(sent % o.count);
        guint n = MIN(o.batch, o.count - at);
        n = (guint)MIN((guint64)n, total - sent);
        int r = sendmmsg(fd, msgs + at, n, 0);
        if (r < 0) {
            if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
                continue;
            errors++;
            r = 1; /* skip the datagram that failed */
        }
        sent += (guint)r;
    }
    gint64 last_wall = g_get_real_time();
    double secs = (double)(bench_now_us() - t0) / 1e6;
    printf("sent %" G_GUINT64_FORMAT " in %.3f s (%.0f/s), %" G_GUINT64_FORMAT
           " send errors, last at %" G_GINT64_FORMAT "\n",
           sent, secs, secs > 0 ? (double)sent / secs : 0.0, errors, last_wall);
    close(fd);
    g_free(msgs);
    g_free(iov);
    g_free(bufs);
    return errors ? 1 : 0;
}
