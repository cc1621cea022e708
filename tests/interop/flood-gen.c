/* flood-gen: the flood of issue 8's interop test. Sends COUNT HostAnnouncements, cycling
 * through NAMES server names (FLOOD000000, FLOOD000001, ...), to UDP 138 of DEST from the
 * socket's address, at most PPS datagrams a second, in sendmmsg() batches. The datagrams
 * are built with the project's own encoders (brw_send_encode), so each is well formed.
 * SRC_IP may be any address the host holds (test-security.sh sends from a peer's).
 *   flood-gen DEST_IP SRC_IP COUNT NAMES PPS [WORKGROUP]
 * Prints what it sent and how long it took. Run only inside a lab namespace. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <browse-proto/brw-engine.h>

#define BATCH 256

static gint64
now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (gint64)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
main(int argc, char **argv)
{
    if (argc < 6) {
        fprintf(stderr, "usage: %s DEST_IP SRC_IP COUNT NAMES PPS [WORKGROUP]\n", argv[0]);
        return 2;
    }
    struct in_addr dest, src;
    if (inet_pton(AF_INET, argv[1], &dest) != 1 || inet_pton(AF_INET, argv[2], &src) != 1) {
        fprintf(stderr, "flood-gen: bad address\n");
        return 2;
    }
    guint64 count = g_ascii_strtoull(argv[3], NULL, 10);
    guint names = (guint)g_ascii_strtoull(argv[4], NULL, 10);
    guint64 pps = g_ascii_strtoull(argv[5], NULL, 10);
    const char *workgroup = argc > 6 ? argv[6] : "LABGRP";
    if (names == 0 || pps == 0)
        return 2;

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in local = {.sin_family = AF_INET, .sin_addr = src, .sin_port = 0};
    if (fd < 0 || bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
        perror("flood-gen: socket");
        return 1;
    }
    int sndbuf = 4 << 20, on = 1;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on); /* DEST may be the broadcast */
    socklen_t len = sizeof local;
    getsockname(fd, (struct sockaddr *)&local, &len);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_addr = dest, .sin_port = htons(138)};

    static guint8 bufs[BATCH][MS_DGRAM_MAX_PAYLOAD];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    BrwSend send = {.group = TRUE};
    ms_name_init(&send.destination, workgroup, 0x1D, "");
    brw_frame_init(&send.frame, BRW_FRAME_HOST_ANNOUNCEMENT);
    send.frame.announcement.periodicity_ms = 12 * 60 * 1000;
    send.frame.announcement.server_type = 0x00001003; /* workstation, server, NT */
    send.frame.announcement.os_major = 6;
    send.frame.announcement.os_minor = 1;
    g_strlcpy(send.frame.announcement.comment, "flood", sizeof send.frame.announcement.comment);

    gint64 start = now_us();
    guint64 sent = 0, failed = 0;
    while (sent + failed < count) {
        guint n = (guint)MIN((guint64)BATCH, count - sent - failed);
        for (guint i = 0; i < n; i++) {
            guint k = (guint)((sent + failed + i) % names);
            char name[16];
            g_snprintf(name, sizeof name, "FLOOD%06u", k);
            g_strlcpy(send.frame.announcement.server_name, name,
                      sizeof send.frame.announcement.server_name);
            MsName source;
            ms_name_init(&source, name, 0x00, "");
            MsWriter w = ms_writer_init(bufs[i], sizeof bufs[i]);
            if (brw_send_encode(&send, &source, ntohl(src.s_addr), ntohs(local.sin_port),
                                (guint16)(sent + i), &w) != MS_OK)
                return 1;
            iov[i] = (struct iovec){.iov_base = bufs[i], .iov_len = w.len};
            msgs[i] = (struct mmsghdr){.msg_hdr = {.msg_name = &to, .msg_namelen = sizeof to,
                                                   .msg_iov = &iov[i], .msg_iovlen = 1}};
        }
        int r = sendmmsg(fd, msgs, n, 0);
        if (r <= 0) {
            failed += n; /* a full buffer: a flood loses datagrams, count them */
        } else {
            sent += (guint64)r;
            failed += n - (guint)r;
        }
        /* pace: at most pps on average since the start */
        gint64 due = start + (gint64)((sent + failed) * 1000000 / pps);
        gint64 now = now_us();
        if (due > now)
            usleep((useconds_t)(due - now));
    }
    double secs = (double)(now_us() - start) / 1e6;
    printf("flood-gen: %" G_GUINT64_FORMAT " sent, %" G_GUINT64_FORMAT " not sent, %u names, "
           "%.1f s, %.0f/s\n", sent, failed, names, secs, (double)sent / secs);
    close(fd);
    return 0;
}
