/* Others against our names (RFC 1002 §5.1.1.5): defence of what we hold, silence for group
 * claims on our groups, our own packets ignored, conflict demands obeyed, requests meant
 * for an NBNS refused. NBT-009, NBT-010, NBT-011, NBT-019, NBT-022, NBT-024. */
#include <string.h>

#include "name-table-harness.h"

#define EPHEMERAL_PORT 40000

/* NBT-009: a broadcast unique registration of our unique name gets ACT_ERR (0xAD86)
 * unicast to the requester's address and port, echoing the name and its RDATA. */
static void
test_nbt009_defend_unique(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name(NT_GROUP, 0x1D);
    nt_hold(h, &name, FALSE);
    guint mark = nt_mark(h);
    NtPacket claim = nt_pkt_registration(0x217c, &name, 0, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 1);
    NtPacket want =
        nt_pkt_registration_response(0x217c, MS_NBNS_RCODE_ACT_ERR, &name, 0, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, NT_PEER_IP, 137));
    CU_ASSERT_EQUAL(nt_sent_packet(h, mark).flags, 0xAD86);
    CU_ASSERT_EQUAL(nt_effect(h, mark)->at_us, h->now_us); /* at once, well within 1 s */
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->defended, 1);
    nt_harness_free(h);
}

/* NBT-009 against Samba's own defence: in nmbd-election-simultaneous-tie H1 holds
 * LABGRP<1D>, H2 registers it (frame 87) and H1 answers (frame 93). Our table in H1's
 * place sends the same bytes to the same place. */
static void
test_nbt009_defends_as_samba(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name(NT_GROUP, 0x1D);
    nt_hold(h, &name, FALSE);
    guint mark = nt_mark(h);
    gsize len, want_len;
    guint32 src, want_src;
    guint16 port, want_port;
    g_autofree guint8 *claim =
        nt_capture_frame("nmbd-election-simultaneous-tie", 87, &len, &src, &port);
    g_autofree guint8 *answer =
        nt_capture_frame("nmbd-election-simultaneous-tie", 93, &want_len, &want_src, &want_port);
    CU_ASSERT_EQUAL(want_src, NT_OUR_IP);
    nt_deliver(h, claim, len, src, port);
    NtPacket want;
    CU_ASSERT_FATAL(want_len <= sizeof want.data);
    memcpy(want.data, answer, want_len);
    want.len = want_len;
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, src, port));
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1);
    nt_harness_free(h);
}

/* NBT-009: a group claim on our unique name and a unique claim on our group name are
 * refused too (§5.1.1.5, as Samba); the answer goes to the source port (NBT-022). */
static void
test_nbt009_mixed_kinds_refused(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName unique = nt_name("H1", 0x00), group = nt_name(NT_GROUP, 0x1E);
    nt_hold(h, &unique, FALSE);
    nt_hold(h, &group, TRUE);
    guint mark = nt_mark(h);
    NtPacket claim = nt_pkt_registration(0x1111, &unique, MS_NB_FLAG_GROUP, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &claim, NT_PEER_IP, EPHEMERAL_PORT);
    NtPacket want = nt_pkt_registration_response(0x1111, MS_NBNS_RCODE_ACT_ERR, &unique,
                                                 MS_NB_FLAG_GROUP, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, NT_PEER_IP, EPHEMERAL_PORT));
    claim = nt_pkt_registration(0x2222, &group, MS_NB_ONT_H, NT_THIRD_IP, TRUE);
    nt_send_pkt(h, &claim, NT_THIRD_IP, 137);
    want = nt_pkt_registration_response(0x2222, MS_NBNS_RCODE_ACT_ERR, &group, MS_NB_ONT_H,
                                        NT_THIRD_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 1, &want, NT_THIRD_IP, 137));
    /* An overwrite demand (no RD) is a claim as well. */
    claim = nt_pkt_overwrite(0x3333, &unique, 0, NT_PEER_IP);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    want = nt_pkt_registration_response(0x3333, MS_NBNS_RCODE_ACT_ERR, &unique, 0, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 2, &want, NT_PEER_IP, 137));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->defended, 3);
    nt_harness_free(h);
}

/* NBT-010: others may join a group name we are in: no response, nothing changes. */
static void
test_nbt010_group_claims_on_our_groups_are_silent(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName group = nt_name(NT_GROUP, 0x1E), msbrowse = nt_msbrowse();
    nt_hold(h, &group, TRUE);
    nt_hold(h, &msbrowse, TRUE);
    guint mark = nt_mark(h);
    NtPacket claim = nt_pkt_registration(0x10, &group, MS_NB_FLAG_GROUP, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    claim = nt_pkt_registration(0x11, &msbrowse, MS_NB_FLAG_GROUP | MS_NB_ONT_H, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_mark(h), mark);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &group));
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &msbrowse));
    guint64 dropped = 0;
    for (guint r = 0; r < MS_NAME_TABLE_DROP_REASON_COUNT; r++)
        dropped += ms_name_table_counters(h->table)->dropped[r];
    CU_ASSERT_EQUAL(dropped, 0);
    nt_harness_free(h);
}

/* A name still being registered is not ours: not defended (both claimants are in the same
 * position, and the RFC defends only names in the local table). */
static void
test_registering_names_are_not_defended(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name(NT_GROUP, 0x1D);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    NtSnapshot before;
    nt_snapshot(h, &before);
    NtPacket claim = nt_pkt_registration(0x99, &name, 0, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    nt_harness_free(h);
}

/* NBT-011: what comes from our own addresses (any of them) is our own broadcast coming
 * back: never defended against, answered or taken as a refusal. */
static void
test_nbt011_own_packets_ignored(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name(NT_GROUP, 0x1D), other = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    /* Our own registration looped back while we register: not a rival. */
    const MsNameTableEffect *fx = &nt_effect(h, 0)->effect;
    NtPacket looped;
    memcpy(looped.data, fx->send.data, fx->send.len);
    looped.len = fx->send.len;
    NtSnapshot before;
    nt_snapshot(h, &before);
    nt_send_pkt(h, &looped, NT_OUR_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_OWN));
    nt_advance(h, NT_SEC);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));

    /* Held: a claim, a query, a node status request and a conflict demand from either of
     * our addresses change nothing. */
    NtPacket pkts[] = {
        nt_pkt_registration(1, &name, 0, NT_OUR_IP, TRUE),
        nt_pkt_query(2, &name, TRUE),
        nt_pkt_query(3, &other, FALSE),
        nt_pkt_status_request(4, &name, FALSE),
        nt_pkt_registration_response(5, MS_NBNS_RCODE_CFT_ERR, &name, 0, NT_OUR_IP),
    };
    static const guint32 ours[] = {NT_OUR_IP, NT_OUR_SECOND_IP};
    for (guint a = 0; a < G_N_ELEMENTS(ours); a++) {
        for (guint i = 0; i < G_N_ELEMENTS(pkts); i++) {
            nt_snapshot(h, &before);
            nt_send_pkt(h, &pkts[i], ours[a], 137);
            CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_OWN));
        }
    }
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    nt_harness_free(h);
}

/* NBT-019: a conflict demand (0xAD87) for a unique name we hold: LOST, and the name no
 * longer exists for the network (no answer, no defence, no node status about it) but is
 * listed with CNF until deleted, which sends nothing. */
static void
test_nbt019_conflict_demand(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x00), group = nt_name(NT_GROUP, 0x00);
    nt_hold(h, &name, FALSE);
    nt_hold(h, &group, TRUE);
    guint mark = nt_mark(h);
    NtPacket demand =
        nt_pkt_registration_response(0x4444, MS_NBNS_RCODE_CFT_ERR, &name, 0, NT_OUR_IP);
    CU_ASSERT_EQUAL((demand.data[2] << 8) | demand.data[3], 0xAD87);
    nt_send_pkt(h, &demand, NT_THIRD_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 1);
    const MsNameTableEffect *fx = &nt_effect(h, mark)->effect;
    CU_ASSERT_EQUAL(fx->kind, MS_NAME_TABLE_EFFECT_LOST);
    CU_ASSERT_TRUE(ms_name_equal(&fx->name, &name));
    CU_ASSERT_EQUAL(fx->lost.ip, NT_THIRD_IP);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_CONFLICT);
    CU_ASSERT_FALSE(ms_name_table_is_held(h->table, &name));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->lost, 1);

    NtPacket q = nt_pkt_query(0x10, &name, TRUE);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    NtPacket claim = nt_pkt_registration(0x11, &name, 0, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    NtPacket status = nt_pkt_status_request(0x12, &name, FALSE);
    nt_send_pkt(h, &status, NT_PEER_IP, 137);
    nt_send_pkt(h, &demand, NT_THIRD_IP, 137); /* again: nothing more to lose */
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_NOT_OURS], 4);

    MsNodeStatus st;
    ms_name_table_node_status(h->table, &st);
    CU_ASSERT_EQUAL_FATAL(st.num_names, 2);
    CU_ASSERT_EQUAL(st.names[0].flags, MS_NAME_FLAG_ACT | MS_NAME_FLAG_CNF); /* H1<00> first */

    /* Group names cannot be in conflict. */
    demand = nt_pkt_registration_response(0x4445, MS_NBNS_RCODE_CFT_ERR, &group, MS_NB_FLAG_GROUP,
                                          NT_OUR_IP);
    nt_send_pkt(h, &demand, NT_THIRD_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &group));

    CU_ASSERT_TRUE(ms_name_table_release(h->table, h->now_us, &name));
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_ABSENT);
    nt_harness_free(h);
}

/* NBT-024: registrations, refreshes and releases sent to us unicast, as to an NBNS, are
 * answered FMT_ERR (as Samba) and never accepted; a broadcast refresh is ignored. */
static void
test_nbt024_unicast_requests_refused(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName ours = nt_name("H1", 0x20), theirs = nt_name("H9", 0x20);
    nt_hold(h, &ours, FALSE);
    guint mark = nt_mark(h);

    NtPacket reg = nt_pkt_registration(0x50, &theirs, 0, NT_PEER_IP, FALSE);
    nt_send_pkt(h, &reg, NT_PEER_IP, EPHEMERAL_PORT);
    NtPacket want =
        nt_pkt_registration_response(0x50, MS_NBNS_RCODE_FMT_ERR, &theirs, 0, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, NT_PEER_IP, EPHEMERAL_PORT));
    CU_ASSERT_EQUAL(nt_sent_packet(h, mark).flags, 0xAD81);

    NtPacket rel = nt_pkt_release(0x51, &ours, 0, NT_PEER_IP, FALSE);
    nt_send_pkt(h, &rel, NT_PEER_IP, 137);
    want = nt_pkt_release_response(0x51, MS_NBNS_RCODE_FMT_ERR, &ours, 0, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 1, &want, NT_PEER_IP, 137));
    CU_ASSERT_EQUAL(nt_sent_packet(h, mark + 1).flags, 0xB401);

    NtPacket ref = nt_pkt_refresh(0x52, &ours, 0, NT_PEER_IP, FALSE);
    nt_send_pkt(h, &ref, NT_PEER_IP, 137);
    want = nt_pkt_registration_response(0x52, MS_NBNS_RCODE_FMT_ERR, &ours, 0, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 2, &want, NT_PEER_IP, 137));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNICAST_REQUEST],
                    3);

    NtSnapshot before;
    nt_snapshot(h, &before);
    ref = nt_pkt_refresh(0x53, &ours, 0, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &ref, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_OPCODE));
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &ours));
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &theirs, NULL), MS_NAME_STATE_ABSENT);
    nt_harness_free(h);
}

/* Someone broadcasting a release of our unique name hears that it is ours (ACT_ERR,
 * 0xB406, as Samba); releases of our group names and of names not ours get nothing. */
static void
test_release_of_our_names(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName unique = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x00);
    nt_hold(h, &unique, FALSE);
    nt_hold(h, &group, TRUE);
    guint mark = nt_mark(h);
    NtPacket rel = nt_pkt_release(0x60, &unique, 0, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &rel, NT_PEER_IP, 137);
    NtPacket want = nt_pkt_release_response(0x60, MS_NBNS_RCODE_ACT_ERR, &unique, 0, NT_PEER_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, NT_PEER_IP, 137));
    CU_ASSERT_EQUAL(nt_sent_packet(h, mark).flags, 0xB406);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &unique));

    NtSnapshot before;
    nt_snapshot(h, &before);
    rel = nt_pkt_release(0x61, &group, MS_NB_FLAG_GROUP, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &rel, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &group));
    nt_harness_free(h);
}

static CU_TestInfo tests[] = {
    {"NBT-009 defend a unique name", test_nbt009_defend_unique},
    {"NBT-009 defend as Samba does", test_nbt009_defends_as_samba},
    {"NBT-009 NBT-022 mixed kinds refused", test_nbt009_mixed_kinds_refused},
    {"NBT-010 group claims on our groups are silent",
     test_nbt010_group_claims_on_our_groups_are_silent},
    {"registering names are not defended", test_registering_names_are_not_defended},
    {"NBT-011 own packets ignored", test_nbt011_own_packets_ignored},
    {"NBT-019 conflict demand", test_nbt019_conflict_demand},
    {"NBT-024 unicast requests refused", test_nbt024_unicast_requests_refused},
    {"release of our names", test_release_of_our_names},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name-table-defend", tests);
}
