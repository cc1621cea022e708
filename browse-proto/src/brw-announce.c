/* Announcements and their schedules: HostAnnouncement ([MS-BRWS] 3.2.6), the answers to
 * AnnouncementRequest (3.2.5.1), and a master's LocalMasterAnnouncement and
 * DomainAnnouncement (3.3.6). Every Periodicity we send is the true time to our next
 * scheduled announcement of that kind (BRWS-003). */
#include "brw-engine-private.h"

#include <string.h>

#include <browse-proto/brw-server-type.h>

/* The ramps, in minutes, indexed by how many were sent before; the last step repeats
 * (and is replaced by the configured maximum). */
static const guint8 HOST_RAMP_MIN[] = {1, 1, 2, 4, 8, 12};      /* 3.2.6, BRWS-020 */
static const guint8 LMA_RAMP_MIN[] = {2, 2, 4, 8, 12};          /* 3.3.6, BRWS-051 */
static const guint8 DOMAIN_RAMP_MIN[] = {1, 1, 5, 5, 10, 10, 15}; /* 3.3.6, BRWS-052 */

/* A master answers an AnnouncementRequest sent to <group><1D> this fast: a new backup's
 * FindMaster gives up after 3 x 1.5 s ([MS-BRWS] 3.3.5.1, fn 49). */
#define MASTER_REPLY_MAX (500 * BRW_MS)

static guint32
ramp_gap_ms(const guint8 *ramp, gsize steps, guint count, guint32 max_ms)
{
    guint idx = count < steps ? count : (guint)steps - 1;
    guint32 gap = (idx == steps - 1) ? max_ms : (guint32)ramp[idx] * 60000u;
    return MIN(gap, max_ms);
}

guint32
brw_announce_host_gap_ms(const BrwEngine *e, guint count)
{
    return ramp_gap_ms(HOST_RAMP_MIN, G_N_ELEMENTS(HOST_RAMP_MIN), count,
                       e->cfg.timing.host_announce_max_ms);
}

guint32
brw_announce_lma_gap_ms(const BrwEngine *e, guint count)
{
    return ramp_gap_ms(LMA_RAMP_MIN, G_N_ELEMENTS(LMA_RAMP_MIN), count,
                       e->cfg.timing.local_master_max_ms);
}

guint32
brw_announce_domain_gap_ms(const BrwEngine *e, guint count)
{
    return ramp_gap_ms(DOMAIN_RAMP_MIN, G_N_ELEMENTS(DOMAIN_RAMP_MIN), count,
                       e->cfg.timing.domain_announce_max_ms);
}

/* Milliseconds from now to `due`, for a Periodicity field. */
static guint32
ms_until(gint64 due, gint64 now_us)
{
    if (due == BRW_NEVER || due <= now_us)
        return 0;
    gint64 ms = (due - now_us + BRW_MS - 1) / BRW_MS;
    return ms > G_MAXUINT32 ? G_MAXUINT32 : (guint32)ms;
}

void
brw_announce_fill(const BrwEngine *e, BrwFrame *f, BrwFrameKind kind, guint32 periodicity_ms,
                  guint32 server_type)
{
    brw_frame_init(f, kind);
    BrwAnnouncement *a = &f->announcement;
    a->periodicity_ms = periodicity_ms;
    g_strlcpy(a->server_name, e->cfg.netbios_name, sizeof a->server_name);
    a->os_major = e->cfg.os_major;
    a->os_minor = e->cfg.os_minor;
    a->server_type = server_type;
    g_strlcpy(a->comment, e->cfg.comment, sizeof a->comment);
}

/* One HostAnnouncement to <group><1D> ([MS-BRWS] 3.2.5.2, BRWS-002), saying when the next
 * scheduled one comes. */
void
brw_announce_host(BrwEngine *e, gint64 now_us, guint32 server_type)
{
    BrwFrame f;
    brw_announce_fill(e, &f, BRW_FRAME_HOST_ANNOUNCEMENT, ms_until(e->host_due, now_us),
                      server_type);
    brw_engine_send_to_group(e, &f, 0x1D);
}

static void
send_host_scheduled(BrwEngine *e, gint64 now_us)
{
    guint32 gap = brw_announce_host_gap_ms(e, e->host_count);
    e->host_count++;
    e->host_due = now_us + gap * BRW_MS;
    /* A master's LocalMasterAnnouncements stand in for its HostAnnouncements (Samba does
     * the same); the ramp keeps running so that a demoted master resumes it. */
    if (e->role != BRW_ROLE_MASTER)
        brw_announce_host(e, now_us, brw_engine_server_type(e));
}

void
brw_announce_start(BrwEngine *e, gint64 now_us)
{
    e->host_count = 0;
    send_host_scheduled(e, now_us);
}

static void
send_local_master(BrwEngine *e, gint64 now_us, guint32 periodicity_ms)
{
    BrwFrame f;
    brw_announce_fill(e, &f, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, periodicity_ms,
                      brw_engine_server_type(e));
    brw_engine_send_to_group(e, &f, 0x1E); /* [MS-BRWS] 2.2.10, BRWS-015 */
    brw_master_refresh_self(e, now_us);
}

static void
send_local_master_scheduled(BrwEngine *e, gint64 now_us)
{
    guint32 gap = brw_announce_lma_gap_ms(e, e->lma_count);
    e->lma_count++;
    e->lma_due = now_us + gap * BRW_MS;
    send_local_master(e, now_us, gap);
}

static void
send_domain_scheduled(BrwEngine *e, gint64 now_us)
{
    guint32 gap = brw_announce_domain_gap_ms(e, e->domain_count);
    e->domain_count++;
    e->domain_due = now_us + gap * BRW_MS;
    /* [MS-BRWS] 2.2.7, BRWS-011: to __MSBROWSE__<01>, naming our group and ourselves. */
    BrwFrame f;
    brw_frame_init(&f, BRW_FRAME_DOMAIN_ANNOUNCEMENT);
    BrwDomainAnnouncement *d = &f.domain;
    d->periodicity_ms = gap;
    g_strlcpy(d->machine_group, e->cfg.workgroup, sizeof d->machine_group);
    d->config_version_major = 0x03; /* Windows' values; informational (fn 17, 18) */
    d->config_version_minor = 0x0A;
    d->server_type = brw_engine_server_type(e) | BRW_SV_TYPE_DOMAIN_ENUM;
    g_strlcpy(d->master_name, e->cfg.netbios_name, sizeof d->master_name);
    brw_engine_send_to_group(e, &f, 0x01);
}

/* [MS-BRWS] 3.3.6, on becoming master: both announcements at once, then their ramps. */
void
brw_announce_master_start(BrwEngine *e, gint64 now_us)
{
    e->lma_count = 0;
    e->domain_count = 0;
    send_local_master_scheduled(e, now_us);
    send_domain_scheduled(e, now_us);
}

void
brw_announce_on_request(BrwEngine *e, gint64 now_us, gboolean to_master_name)
{
    if (e->role == BRW_ROLE_MASTER) {
        /* BRWS-066; to <1D> it asks the master itself, and a FindMaster is waiting. */
        gint64 max = to_master_name ? MASTER_REPLY_MAX
                                    : (gint64)e->cfg.timing.announce_reply_max_ms * BRW_MS;
        if (e->lma_reply_due == BRW_NEVER)
            e->lma_reply_due = now_us + brw_engine_random_delay(e, 0, max);
        else
            e->lma_reply_due = MIN(e->lma_reply_due, now_us + max);
        return;
    }
    /* BRWS-021: one answer after a random 0-30 s, however many requests come meanwhile. */
    if (e->host_reply_due == BRW_NEVER) {
        gint64 max = (gint64)e->cfg.timing.announce_reply_max_ms * BRW_MS;
        e->host_reply_due = now_us + brw_engine_random_delay(e, 0, max);
    }
}

void
brw_announce_on_timers(BrwEngine *e, gint64 now_us)
{
    if (brw_due(e->host_due, now_us))
        send_host_scheduled(e, now_us);
    if (brw_due(e->host_reply_due, now_us)) {
        e->host_reply_due = BRW_NEVER;
        if (e->role != BRW_ROLE_MASTER)
            brw_announce_host(e, now_us, brw_engine_server_type(e));
    }
    if (e->role != BRW_ROLE_MASTER)
        return;
    if (brw_due(e->lma_due, now_us)) {
        e->lma_reply_due = BRW_NEVER; /* the scheduled one answers too */
        send_local_master_scheduled(e, now_us);
    }
    if (brw_due(e->lma_reply_due, now_us)) {
        e->lma_reply_due = BRW_NEVER;
        send_local_master(e, now_us, ms_until(e->lma_due, now_us));
    }
    if (brw_due(e->domain_due, now_us))
        send_domain_scheduled(e, now_us);
}
