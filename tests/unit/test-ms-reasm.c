/* Fragment reassembly: NBT-037 (RFC 1002 §5.3.3), with the memory and time bounds. */
#include <libmailslot/ms-reasm.h>

#include <string.h>

#include "test-util.h"

#define SEC G_USEC_PER_SEC

static guint8 payload[4096];

static MsDgram
fragment(guint32 ip, guint16 id, guint8 flags, guint16 offset, gsize len)
{
    MsDgram d = {0};
    d.type = MS_DGRAM_DIRECT_GROUP;
    d.flags = flags;
    d.id = id;
    d.source_ip = ip;
    d.source_port = 138;
    d.packet_offset = offset;
    ms_name_init(&d.source_name, "H1", 0x00, NULL);
    ms_name_init(&d.destination_name, "LABGRP", 0x1D, NULL);
    d.data = payload + offset;
    d.data_len = len;
    return d;
}

#define FIRST_MORE (MS_DGRAM_FLAG_FIRST | MS_DGRAM_FLAG_MORE)

static void
setup_payload(void)
{
    for (gsize i = 0; i < sizeof payload; i++)
        payload[i] = (guint8)(i * 7);
}

static void
test_whole_datagram_passes_through(void)
{
    g_autoptr(MsReassembler) r = ms_reassembler_new(NULL);
    MsDgram d = fragment(1, 1, MS_DGRAM_FLAG_FIRST, 0, 100), out;
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &d, 0, &out), MS_REASM_COMPLETE);
    CU_ASSERT_PTR_EQUAL(out.data, d.data);
    CU_ASSERT_EQUAL(ms_reassembler_pending(r), 0);
}

/* NBT-037: fragments keyed by (SOURCE_IP, DGM_ID) join in order. */
static void
test_nbt037_three_fragments_join(void)
{
    setup_payload();
    g_autoptr(MsReassembler) r = ms_reassembler_new(NULL);
    MsDgram a = fragment(1, 5, FIRST_MORE, 0, 100);
    MsDgram b = fragment(1, 5, MS_DGRAM_FLAG_MORE, 100, 150);
    MsDgram c = fragment(1, 5, 0, 250, 50);
    MsDgram other = fragment(2, 5, FIRST_MORE, 0, 10); /* same id, other sender */
    MsDgram out;
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &a, 0, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &other, 0, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &b, 100, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_pending(r), 2);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &c, 200, &out), MS_REASM_COMPLETE);
    CU_ASSERT_EQUAL(out.data_len, 300);
    CU_ASSERT_EQUAL(memcmp(out.data, payload, 300), 0);
    CU_ASSERT_TRUE(ms_dgram_is_whole(&out));
    CU_ASSERT_EQUAL(out.source_ip, 1);
    CU_ASSERT_EQUAL(out.id, 5);
    CU_ASSERT_EQUAL(ms_name_suffix(&out.destination_name), 0x1D);
    CU_ASSERT_EQUAL(ms_reassembler_pending(r), 1);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->completed, 1);
}

/* NBT-037: a lone non-first fragment is discarded. */
static void
test_nbt037_orphan_dropped(void)
{
    g_autoptr(MsReassembler) r = ms_reassembler_new(NULL);
    MsDgram b = fragment(1, 5, 0, 100, 10), out;
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &b, 0, &out), MS_REASM_DROPPED);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->orphans, 1);
}

/* NBT-037: not complete within FRAGMENT_TO (2 s) after the first fragment: discarded. */
static void
test_nbt037_timeout(void)
{
    g_autoptr(MsReassembler) r = ms_reassembler_new(NULL);
    MsDgram a = fragment(1, 5, FIRST_MORE, 0, 100);
    MsDgram b = fragment(1, 5, 0, 100, 10), out;
    CU_ASSERT_EQUAL(ms_reassembler_next_deadline(r), G_MAXINT64);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &a, 10 * SEC, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_next_deadline(r), 12 * SEC);
    ms_reassembler_expire(r, 12 * SEC - 1);
    CU_ASSERT_EQUAL(ms_reassembler_pending(r), 1);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &b, 12 * SEC, &out), MS_REASM_DROPPED);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->timed_out, 1);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->orphans, 1);
    CU_ASSERT_EQUAL(ms_reassembler_next_deadline(r), G_MAXINT64);
}

static void
test_out_of_order_dropped(void)
{
    g_autoptr(MsReassembler) r = ms_reassembler_new(NULL);
    MsDgram a = fragment(1, 5, FIRST_MORE, 0, 100);
    MsDgram c = fragment(1, 5, 0, 150, 10), out;
    ms_reassembler_push(r, &a, 0, &out);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &c, 0, &out), MS_REASM_DROPPED);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->out_of_order, 1);
    CU_ASSERT_EQUAL(ms_reassembler_pending(r), 0);
}

/* At a cap, new work is refused and what is held is kept. */
static void
test_caps_refuse_new_keep_old(void)
{
    MsReasmLimits limits = {.max_pending = 2, .max_bytes = 250, .max_datagram = 200};
    g_autoptr(MsReassembler) r = ms_reassembler_new(&limits);
    MsDgram out;
    MsDgram a = fragment(1, 1, FIRST_MORE, 0, 100);
    MsDgram b = fragment(1, 2, FIRST_MORE, 0, 100);
    MsDgram c = fragment(1, 3, FIRST_MORE, 0, 10);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &a, 0, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &b, 0, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &c, 0, &out), MS_REASM_DROPPED);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->refused_full, 1);

    /* the held ones still complete */
    MsDgram a2 = fragment(1, 1, 0, 100, 40);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &a2, 0, &out), MS_REASM_COMPLETE);
    CU_ASSERT_EQUAL(out.data_len, 140);

    /* max_bytes: 100 held + 160 would pass 250 */
    MsDgram d = fragment(1, 4, FIRST_MORE, 0, 160);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &d, 0, &out), MS_REASM_DROPPED);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->refused_full, 2);

    /* max_datagram: 100 + 101 > 200 */
    MsDgram b2 = fragment(1, 2, 0, 100, 101);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &b2, 0, &out), MS_REASM_DROPPED);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->too_large, 1);
    CU_ASSERT_EQUAL(ms_reassembler_pending(r), 0);
}

static void
test_reused_id_replaces(void)
{
    g_autoptr(MsReassembler) r = ms_reassembler_new(NULL);
    MsDgram out;
    MsDgram a = fragment(1, 1, FIRST_MORE, 0, 100);
    MsDgram again = fragment(1, 1, FIRST_MORE, 0, 20);
    MsDgram tail = fragment(1, 1, 0, 20, 5);
    ms_reassembler_push(r, &a, 0, &out);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &again, 0, &out), MS_REASM_PENDING);
    CU_ASSERT_EQUAL(ms_reassembler_counters(r)->replaced, 1);
    CU_ASSERT_EQUAL(ms_reassembler_push(r, &tail, 0, &out), MS_REASM_COMPLETE);
    CU_ASSERT_EQUAL(out.data_len, 25);
}

static CU_TestInfo tests[] = {
    {"whole datagram passes through", test_whole_datagram_passes_through},
    {"NBT-037 three fragments join", test_nbt037_three_fragments_join},
    {"NBT-037 orphan dropped", test_nbt037_orphan_dropped},
    {"NBT-037 timeout", test_nbt037_timeout},
    {"out of order dropped", test_out_of_order_dropped},
    {"caps refuse new, keep old", test_caps_refuse_new_keep_old},
    {"reused id replaces", test_reused_id_replaces},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-reasm", tests);
}
