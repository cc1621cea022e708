/* A test harness around one MsNameTable: the address and names of the Samba captures' H1
 * (10.213.0.11), a fixed seed, every effect recorded with the virtual time it was emitted
 * at, packets injected as raw UDP 137 payloads, and virtual time advanced by stepping
 * ms_name_table_handle_timeout() to each ms_name_table_next_deadline().
 *
 * Time is virtual; nothing sleeps. Everything the harness allocates is freed by
 * nt_harness_free() (or at exit after a failed fatal assertion), so the suites stay
 * valgrind-clean. */
#pragma once

#include <libmailslot/ms-name-table.h>

#include "test-util.h"

#define NT_MS ((gint64)1000)
#define NT_SEC ((gint64)G_USEC_PER_SEC)

#define NT_IP(a, b, c, d)                                                                          \
    (((guint32)(a) << 24) | ((guint32)(b) << 16) | ((guint32)(c) << 8) | (guint32)(d))
/* Us and a peer, as H1 and H2 in the captures of tests/data/vectors. */
#define NT_OUR_IP NT_IP(10, 213, 0, 11)
#define NT_OUR_SECOND_IP NT_IP(192, 168, 7, 11)
#define NT_PEER_IP NT_IP(10, 213, 0, 12)
#define NT_THIRD_IP NT_IP(10, 213, 0, 13)
#define NT_NODE_NAME "H1"
#define NT_GROUP "LABGRP"
#define NT_SEED 4242
/* The virtual time the table is created at: not 0, so a time-0 sentinel bug shows. */
#define NT_T0 (1000 * NT_SEC)

typedef struct {
    gint64 at_us;
    MsNameTableEffect effect;
} NtRecorded;

typedef struct {
    MsNameTable *table;
    MsNameTableConfig cfg;
    GArray *effects; /* NtRecorded, in emission order */
    gint64 now_us;
} NtHarness;

/* Defaults with our two addresses (NT_OUR_IP first), node name H1, NT_SEED. */
void nt_config_init(MsNameTableConfig *cfg);
/* A harness around a new table (cfg NULL: nt_config_init); the clock reads NT_T0. */
NtHarness *nt_harness_new(const MsNameTableConfig *cfg);
void nt_harness_free(NtHarness *h);

/* Runs every timer due up to target_us, each at its own deadline, then sets the clock.
 * Fails the test if a deadline stays in the past after handle_timeout. */
void nt_advance_to(NtHarness *h, gint64 target_us);
void nt_advance(NtHarness *h, gint64 delta_us);

MsName nt_name(const char *text, guint8 suffix);
MsName nt_msbrowse(void);
/* Registers and advances past the registration (1 s): asserts the name is held. */
void nt_hold(NtHarness *h, const MsName *name, gboolean group);

/* A payload from ip:port at the current time. */
void nt_deliver(NtHarness *h, const guint8 *buf, gsize len, guint32 ip, guint16 port);
void nt_deliver_writer(NtHarness *h, const MsWriter *w, guint32 ip, guint16 port);

/* Packets to inject or to compare with, built with the ms-nbns builders (asserted to
 * build). Address entries are (nb_flags, ip). */
typedef struct {
    guint8 data[MS_NBNS_MAX_PACKET];
    gsize len;
} NtPacket;

NtPacket nt_pkt_registration(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip,
                             gboolean broadcast);
NtPacket nt_pkt_overwrite(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip);
NtPacket nt_pkt_release(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip,
                        gboolean broadcast);
NtPacket nt_pkt_refresh(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip,
                        gboolean broadcast);
NtPacket nt_pkt_registration_response(guint16 trn, MsNbnsRcode rcode, const MsName *name,
                                      guint16 nb_flags, guint32 ip);
NtPacket nt_pkt_release_response(guint16 trn, MsNbnsRcode rcode, const MsName *name,
                                 guint16 nb_flags, guint32 ip);
NtPacket nt_pkt_query(guint16 trn, const MsName *name, gboolean broadcast);
NtPacket nt_pkt_query_response(guint16 trn, const MsName *name, guint16 nb_flags, guint32 ip,
                               guint32 ttl);
NtPacket nt_pkt_negative_query_response(guint16 trn, const MsName *name);
NtPacket nt_pkt_status_request(guint16 trn, const MsName *name, gboolean broadcast);
NtPacket nt_pkt_wack(guint16 trn, const MsName *name, guint32 ttl);
/* The wildcard "*" (NUL padded, suffix 0). */
MsName nt_wildcard(void);
/* Clears (RD = FALSE) or sets a flags bit of a built packet. */
void nt_pkt_set_flags(NtPacket *p, guint16 flags);

void nt_send_pkt(NtHarness *h, const NtPacket *p, guint32 ip, guint16 port);
/* The SEND at index i carries exactly `expected`, to ip:port (broadcast when ip is 0). */
gboolean nt_sent_is(const NtHarness *h, gint i, const NtPacket *expected, guint32 ip, guint16 port);
/* The transaction id of the SEND at index i. */
guint16 nt_sent_trn(const NtHarness *h, gint i);

/* Recorded effects. */
guint nt_mark(const NtHarness *h); /* the index the next effect will get */
const NtRecorded *nt_effect(const NtHarness *h, guint i);
/* The first effect of `kind` at index >= from; -1 when there is none. */
gint nt_find(const NtHarness *h, guint from, MsNameTableEffectKind kind);
guint nt_count(const NtHarness *h, guint from, MsNameTableEffectKind kind);
/* Two effects are the same effect (fields compared, not padding or bytes past a NUL). */
gboolean nt_effect_equal(const MsNameTableEffect *a, const MsNameTableEffect *b);
/* Decodes the SEND at index i (asserts it is one and decodes); rdata points into the
 * harness's record, valid until the next effect. */
MsNbnsPacket nt_sent_packet(const NtHarness *h, guint i);

/* A frame of a capture in tests/data/vectors (asserts it exists and is UDP). The payload
 * is copied into *len bytes returned (g_free); src/dst may be NULL. */
guint8 *nt_capture_frame(const char *capture, guint number, gsize *len, guint32 *src_ip,
                         guint16 *src_port);

/* Bad input changes nothing: a snapshot of what is observable, and its comparison. */
typedef struct {
    MsName names[MS_NAME_TABLE_MAX_NAMES];
    MsNameState states[MS_NAME_TABLE_MAX_NAMES];
    guint n_names;
    gint64 deadline;
    guint effects;
    MsNameTableCounters counters;
} NtSnapshot;

void nt_snapshot(const NtHarness *h, NtSnapshot *s);
/* TRUE when nothing moved since `before` but received (+1) and dropped[reason] (+1). */
gboolean nt_only_dropped(const NtHarness *h, const NtSnapshot *before,
                         MsNameTableDropReason reason);
