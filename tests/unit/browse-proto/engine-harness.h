/* A test harness around one BrwEngine: fixed seed and names, every effect recorded with the
 * virtual time it was emitted at, frames injected as real datagrams (frame -> mailslot write
 * -> NetBIOS datagram -> ms_dgram_decode -> brw_engine_handle_datagram), and virtual time
 * advanced by stepping brw_engine_handle_timeout() to each brw_engine_next_deadline().
 *
 * Time is virtual; nothing sleeps. Everything the harness allocates is freed by
 * harness_free(), so the suites stay valgrind-clean. */
#pragma once

#include <browse-proto/brw-engine.h>
#include <browse-proto/brw-frame.h>
#include <browse-proto/brw-server-type.h>
#include <libmailslot/ms-dgram.h>
#include <libmailslot/ms-name.h>

#include "test-util.h"

#define H_MS ((gint64)1000)
#define H_SEC ((gint64)G_USEC_PER_SEC)
#define H_MIN (60 * H_SEC)

/* Our computer name and workgroup. Peers named below "MIDDLE" beat us on a name tie
 * ("AAA", "lower"), peers above lose ("ZZZ"). */
#define H_NAME "MIDDLE"
#define H_GROUP "TESTGRP"
#define H_OTHER_GROUP "OTHERGRP"
#define H_SEED 12345
/* The virtual time the engine is started at: not 0, so a time-0 sentinel bug shows. */
#define H_T0 (1000 * H_SEC)
/* Where injected datagrams come from unless a test says otherwise. */
#define H_PEER_IP 0xC0A83865u /* 192.168.56.101 */
#define H_PEER_PORT 138

typedef struct {
    gint64 at_us;     /* virtual time of the engine call that emitted it */
    BrwEffect effect; /* a copy */
} HarnessEffect;

typedef struct {
    BrwEngine *engine;
    BrwEngineConfig cfg;
    GArray *effects; /* HarnessEffect, in emission order */
    gint64 now_us;
    gboolean started;
    /* When TRUE (the default) a REGISTER_NAME of <group><1D> is answered ok at once (after
     * the engine call that asked for it returns); tests of refusals turn it off. */
    gboolean auto_accept_1d;
    guint answered_upto;    /* effects before this index were looked at by auto-accept */
    gint64 master_since_us; /* when the last ROLE_CHANGED to MASTER was emitted, or -1 */
    guint16 next_dgram_id;
} EngineHarness;

/* The engine defaults (brw_engine_config_init) with our names and H_SEED. */
void harness_config_init(BrwEngineConfig *cfg);

/* A harness around a new engine built from cfg (NULL: harness_config_init). Not started;
 * the virtual clock reads H_T0. */
EngineHarness *harness_new(const BrwEngineConfig *cfg);
EngineHarness *harness_new_seeded(guint64 seed);
void harness_free(EngineHarness *h);

/* brw_engine_start at the current virtual time. */
void harness_start(EngineHarness *h);
void harness_stop(EngineHarness *h, gboolean leaving);

/* Runs every timer due up to `target_us` in order (each at its own deadline), then sets the
 * clock to target_us. Fails the test (and stops) if the engine keeps a deadline in the past. */
void harness_advance_to(EngineHarness *h, gint64 target_us);
void harness_advance(EngineHarness *h, gint64 delta_us);

/* Advances until `pred` holds (checked after every engine call) or `limit_us` has passed.
 * Returns TRUE if the predicate held; the clock then reads the time it became true. */
typedef gboolean (*HarnessPred)(EngineHarness *h, gpointer data);
gboolean harness_advance_until(EngineHarness *h, gint64 limit_us, HarnessPred pred, gpointer data);

/* Names. harness_group_name(h, 0x01) is __MSBROWSE__<01>; other suffixes give
 * <workgroup><suffix>. */
MsName harness_name(const char *base, guint8 suffix);
MsName harness_group_name(const EngineHarness *h, guint8 suffix);

/* Frame builders (BROWSE layout, brw_frame_init constants). */
void harness_election(BrwFrame *f, guint32 criteria, guint32 uptime_ms, const char *name);
void harness_announcement(BrwFrame *f, BrwFrameKind kind, const char *name, guint32 type,
                          guint32 periodicity_ms, const char *comment);
void harness_domain_announcement(BrwFrame *f, const char *group, const char *master,
                                 guint32 periodicity_ms);
void harness_become_backup(BrwFrame *f, const char *name);
void harness_reset_state(BrwFrame *f, guint8 flags);
void harness_backup_request(BrwFrame *f, guint8 count, guint32 token);
void harness_announcement_request(BrwFrame *f);

/* Injection. The frame is encoded in its layout, written to its mailslot, wrapped in a
 * datagram of `type` from <src><00> at ip:port to `dest`, encoded, decoded again and handed
 * to brw_engine_handle_datagram at the current virtual time. */
void harness_deliver(EngineHarness *h, const BrwFrame *f, const char *src, guint32 ip, guint16 port,
                     const MsName *dest, MsDgramType type);
/* DIRECT_GROUP to harness_group_name(h, suffix), from <src><00> at H_PEER_IP. */
void harness_inject_group(EngineHarness *h, const BrwFrame *f, const char *src, guint8 suffix);
/* DIRECT_UNIQUE to <dest_base><suffix>, from <src><00> at H_PEER_IP. */
void harness_inject_unique(EngineHarness *h, const BrwFrame *f, const char *src,
                           const char *dest_base, guint8 suffix);
/* Raw Databytes written to `mailslot` (any name), wrapped as above. */
void harness_deliver_raw(EngineHarness *h, const char *mailslot, const guint8 *data, gsize len,
                         const char *src, const MsName *dest, MsDgramType type);
/* Any datagram, encoded then decoded (data fields carry the user data as is). */
void harness_deliver_dgram(EngineHarness *h, const MsDgram *d);

/* Recorded effects. */
guint harness_mark(const EngineHarness *h); /* the index the next effect will get */
const HarnessEffect *harness_effect(const EngineHarness *h, guint i);
/* The first SEND at index >= from of frame `kind` to `dest` (NULL: any destination);
 * -1 when there is none. */
gint harness_find_send(const EngineHarness *h, guint from, BrwFrameKind kind, const MsName *dest);
/* The same, to <group><suffix> (0x01: __MSBROWSE__). */
gint harness_find_group_send(const EngineHarness *h, guint from, BrwFrameKind kind, guint8 suffix);
guint harness_count_sends(const EngineHarness *h, guint from, BrwFrameKind kind,
                          const MsName *dest);
/* SENDs of `kind` with at_us in [from_us, to_us]. */
guint harness_count_sends_between(const EngineHarness *h, BrwFrameKind kind, gint64 from_us,
                                  gint64 to_us);
gint harness_find_effect(const EngineHarness *h, guint from, BrwEffectKind kind);
/* REGISTER_NAME / RELEASE_NAME of `name` (case-insensitive, scope included). */
gint harness_find_name_op(const EngineHarness *h, guint from, BrwEffectKind kind,
                          const MsName *name);
/* A recorded SEND's frame (asserts the effect is a SEND). */
const BrwFrame *harness_send_frame(const EngineHarness *h, gint index);

/* Drives the engine to MASTER: starts it if needed, forces an election and advances (with
 * <1D> accepted) until the role is MASTER. Asserts it got there within 30 s. */
gboolean harness_make_master(EngineHarness *h);
/* Makes the engine know `master` by an LMA from it (12 min periodicity) to <group><1E>. */
void harness_learn_master(EngineHarness *h, const char *master);
/* Drives a started or new engine to BACKUP of `master`: LMA from it, BecomeBackup naming us,
 * the SYNC answered ok with `n` servers from `servers` (may be NULL, 0). Asserts BACKUP. */
gboolean harness_make_backup(EngineHarness *h, const char *master, const BrwListEntry *servers,
                             guint n);
/* A list entry for sync results. */
BrwListEntry harness_entry(const char *name, guint32 type, const char *comment);

/* Two recorded effects are the same effect (fields compared, not padding). */
gboolean harness_effect_equal(const HarnessEffect *a, const HarnessEffect *b);

/* Prints the recorded effects from index `from` to stderr (for diagnosing failures). */
void harness_dump(const EngineHarness *h, guint from);

/* A copy of the counters. */
BrwCounters harness_counters(const EngineHarness *h);
guint64 harness_dropped_total(const BrwCounters *c);
