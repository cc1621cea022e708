/* Reassembly of fragmented NetBIOS datagrams (RFC 1002 §5.3.3), bounded in memory and time.
 *
 * Fragments of one datagram share (SOURCE_IP, DGM_ID). The first carries FIRST, every one
 * but the last carries MORE, and each later fragment's PACKET_OFFSET is where its user data
 * belongs. Only in-order reassembly is done (RFC 1002 allows that); anything else is
 * dropped and counted. Nothing here reads a clock: `now_us` is an argument, monotonic
 * microseconds. Fragmented datagrams are rare in practice (neither Samba nor Windows send
 * them for browser traffic), so the limits are small. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-dgram.h>

G_BEGIN_DECLS

/* RFC 1002 §6 FRAGMENT_TO. */
#define MS_REASM_DEFAULT_TIMEOUT_US (2 * G_USEC_PER_SEC)

typedef struct {
    guint max_pending;     /* datagrams under reassembly at once */
    gsize max_bytes;       /* user-data bytes held across all of them */
    gsize max_datagram;    /* user-data bytes of one reassembled datagram */
    gint64 timeout_us;     /* a datagram not complete this long after its first fragment goes */
} MsReasmLimits;

typedef struct {
    guint64 completed;      /* datagrams put back together */
    guint64 orphans;        /* a later fragment with no first fragment waiting */
    guint64 out_of_order;   /* a fragment whose offset is not where the data so far ends */
    guint64 timed_out;      /* pending datagrams dropped by the timeout */
    guint64 refused_full;   /* a new first fragment refused: max_pending or max_bytes reached */
    guint64 too_large;      /* a datagram that would exceed max_datagram */
    guint64 replaced;       /* a first fragment that replaced a pending one with the same key */
} MsReasmCounters;

typedef struct MsReassembler MsReassembler;

typedef enum {
    MS_REASM_COMPLETE, /* *whole is a complete datagram */
    MS_REASM_PENDING,  /* held; more fragments expected */
    MS_REASM_DROPPED,  /* dropped; a counter says why */
} MsReasmResult;

/* Limits of 0 take the defaults: 16 pending, 64 KiB held, 8 KiB per datagram, 2 s. */
MsReassembler *ms_reassembler_new(const MsReasmLimits *limits);
void ms_reassembler_free(MsReassembler *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsReassembler, ms_reassembler_free)

/* Feeds one decoded datagram of type 0x10..0x12. A whole (unfragmented) datagram comes
 * straight back as COMPLETE. When a datagram completes, *whole is its first fragment's
 * header and names with the joined user data; that data belongs to the reassembler and
 * stays valid until the next call on it. Expired datagrams are dropped first. */
MsReasmResult ms_reassembler_push(MsReassembler *r, const MsDgram *fragment, gint64 now_us,
                                  MsDgram *whole);

/* Drops what has waited longer than the timeout. */
void ms_reassembler_expire(MsReassembler *r, gint64 now_us);

/* When the oldest pending datagram expires, or G_MAXINT64 when nothing is pending. */
gint64 ms_reassembler_next_deadline(const MsReassembler *r);

guint ms_reassembler_pending(const MsReassembler *r);
const MsReasmCounters *ms_reassembler_counters(const MsReassembler *r);

G_END_DECLS
