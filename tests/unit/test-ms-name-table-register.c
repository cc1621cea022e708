/* The name table registers and releases our names: RFC 1002 §5.1.1.1, .2 and .4.
 * NBT-006, NBT-007, NBT-008, NBT-020, NBT-021; the captures' H1 (Samba) for comparison. */
#include <string.h>

#include "name-table-harness.h"

/* A captured packet with its transaction id replaced by ours, to compare bytes. */
static NtPacket
captured_with_trn(const char *capture, guint frame, guint16 trn)
{
    gsize len = 0;
    g_autofree guint8 *bytes = nt_capture_frame(capture, frame, &len, NULL, NULL);
    NtPacket p;
    CU_ASSERT_FATAL(bytes != NULL && len <= sizeof p.data && len >= 2);
    memcpy(p.data, bytes, len);
    p.len = len;
    p.data[0] = (guint8)(trn >> 8);
    p.data[1] = (guint8)trn;
    return p;
}

/* NBT-006: one broadcast to port 137, flags 0x2910, QD=1 AR=1, AR name C0 0C, TTL 0,
 * RDLENGTH 6, NB_FLAGS 0 (unique, B) or 0x8000 (group), our first address. */
static void
test_nbt006_registration_request(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName server = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x1E);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &server, FALSE), MS_OK);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &group, TRUE), MS_OK);
    CU_ASSERT_EQUAL(nt_mark(h), 2);

    guint16 trn = nt_sent_trn(h, 0);
    NtPacket want = nt_pkt_registration(trn, &server, 0x0000, NT_OUR_IP, TRUE);
    CU_ASSERT_TRUE(nt_sent_is(h, 0, &want, 0, 0));
    MsNbnsPacket p = nt_sent_packet(h, 0);
    CU_ASSERT_EQUAL(p.flags, 0x2910);
    CU_ASSERT_TRUE(p.has_question && p.has_additional && !p.has_answer);
    CU_ASSERT_TRUE(p.additional.name_is_question_pointer);
    CU_ASSERT_EQUAL(p.additional.ttl, 0);
    CU_ASSERT_EQUAL(p.additional.rdlength, 6);

    guint16 trn2 = nt_sent_trn(h, 1);
    CU_ASSERT_NOT_EQUAL(trn, trn2);
    want = nt_pkt_registration(trn2, &group, MS_NB_FLAG_GROUP, NT_OUR_IP, TRUE);
    CU_ASSERT_TRUE(nt_sent_is(h, 1, &want, 0, 0));
    CU_ASSERT_EQUAL(nt_effect(h, 0)->effect.name.bytes[15], 0x20);
    nt_harness_free(h);
}

/* NBT-006: the same bytes as Samba's registrations of H1<20> (unique) and LABGRP<00>
 * (group) in nmbd-lmb-startup, frames 1 and 4, the transaction id aside. */
static void
test_nbt006_matches_samba(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName server = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x00);
    ms_name_table_register(h->table, h->now_us, &server, FALSE);
    ms_name_table_register(h->table, h->now_us, &group, TRUE);
    NtPacket samba = captured_with_trn("nmbd-lmb-startup", 1, nt_sent_trn(h, 0));
    CU_ASSERT_TRUE(nt_sent_is(h, 0, &samba, 0, 0));
    samba = captured_with_trn("nmbd-lmb-startup", 4, nt_sent_trn(h, 1));
    CU_ASSERT_TRUE(nt_sent_is(h, 1, &samba, 0, 0));
    nt_harness_free(h);
}

/* NBT-007: three sends, 250 ms apart, one transaction id; the name is held 750 ms after
 * the first (not before), and only then listed. Samba's retries in nmbd-lmb-startup
 * (frames 1, 9, 16, 22 for H1<20>) also keep one id; Samba paces them by its 1-second
 * timer, we by the RFC's BCAST_REQ_RETRY_TIMEOUT. */
static void
test_nbt007_retries_and_timing(void)
{
    static const guint samba_frames[] = {1, 9, 16, 22};
    guint16 samba_trn = 0;
    for (guint i = 0; i < G_N_ELEMENTS(samba_frames); i++) {
        gsize len;
        g_autofree guint8 *b =
            nt_capture_frame("nmbd-lmb-startup", samba_frames[i], &len, NULL, NULL);
        guint16 trn = (guint16)((b[0] << 8) | b[1]);
        if (i == 0)
            samba_trn = trn;
        CU_ASSERT_EQUAL(trn, samba_trn);
    }

    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x00);
    MsNodeStatus st;
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_REGISTERING);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 250 * NT_MS);
    nt_advance_to(h, NT_T0 + 749 * NT_MS);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 3);
    CU_ASSERT_EQUAL(nt_find(h, 0, MS_NAME_TABLE_EFFECT_REGISTERED), -1);
    CU_ASSERT_FALSE(ms_name_table_is_held(h->table, &name));
    ms_name_table_node_status(h->table, &st);
    CU_ASSERT_EQUAL(st.num_names, 0);
    for (guint i = 0; i < 3; i++) {
        const NtRecorded *r = nt_effect(h, i);
        CU_ASSERT_EQUAL(r->at_us, NT_T0 + (gint64)i * 250 * NT_MS);
        CU_ASSERT_EQUAL(nt_sent_trn(h, (gint)i), nt_sent_trn(h, 0));
        CU_ASSERT_TRUE(r->effect.send.broadcast);
    }

    nt_advance_to(h, NT_T0 + 750 * NT_MS);
    gint reg = nt_find(h, 0, MS_NAME_TABLE_EFFECT_REGISTERED);
    CU_ASSERT_EQUAL_FATAL(reg, 3);
    CU_ASSERT_EQUAL(nt_effect(h, 3)->at_us, NT_T0 + 750 * NT_MS);
    CU_ASSERT_TRUE(ms_name_equal(&nt_effect(h, 3)->effect.name, &name));
    CU_ASSERT_FALSE(nt_effect(h, 3)->effect.group);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    ms_name_table_node_status(h->table, &st);
    CU_ASSERT_EQUAL(st.num_names, 1);
    /* Silence grants the name and nothing more is sent (Samba sends no overwrite). */
    nt_advance(h, 10 * NT_SEC);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 3);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->registered, 1);
    nt_harness_free(h);
}

/* The timers are the config's: Samba-like pacing (1 s, 4 sends) is one setting away. */
static void
test_retry_timing_is_configurable(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.timing.retry_interval_ms = 1000;
    cfg.timing.retry_count = 4;
    NtHarness *h = nt_harness_new(&cfg);
    MsName name = nt_name("H1", 0x03);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    nt_advance(h, 3999 * NT_MS);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 4);
    CU_ASSERT_FALSE(ms_name_table_is_held(h->table, &name));
    nt_advance(h, 1 * NT_MS);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    nt_harness_free(h);
}

/* NBT-008: a negative registration response with our transaction id refuses the name: a
 * REFUSED event naming the defender, no more sends, not listed, nothing pending. */
static void
test_nbt008_negative_response_refuses(void)
{
    static const MsNbnsRcode rcodes[] = {MS_NBNS_RCODE_ACT_ERR, MS_NBNS_RCODE_CFT_ERR};
    for (guint k = 0; k < G_N_ELEMENTS(rcodes); k++) {
        NtHarness *h = nt_harness_new(NULL);
        MsName name = nt_name(NT_GROUP, 0x1D);
        ms_name_table_register(h->table, h->now_us, &name, FALSE);
        nt_advance(h, 300 * NT_MS);
        CU_ASSERT_EQUAL(nt_mark(h), 2);
        NtPacket no =
            nt_pkt_registration_response(nt_sent_trn(h, 0), rcodes[k], &name, 0, NT_OUR_IP);
        nt_send_pkt(h, &no, NT_PEER_IP, 137);
        CU_ASSERT_EQUAL_FATAL(nt_mark(h), 3);
        const MsNameTableEffect *fx = &nt_effect(h, 2)->effect;
        CU_ASSERT_EQUAL(fx->kind, MS_NAME_TABLE_EFFECT_REFUSED);
        CU_ASSERT_TRUE(ms_name_equal(&fx->name, &name));
        CU_ASSERT_EQUAL(fx->refused.ip, NT_PEER_IP);
        CU_ASSERT_EQUAL(fx->refused.port, 137);
        CU_ASSERT_EQUAL(fx->refused.rcode, rcodes[k]);
        CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_ABSENT);
        CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
        nt_advance(h, 5 * NT_SEC);
        CU_ASSERT_EQUAL(nt_mark(h), 3);
        MsNodeStatus st;
        ms_name_table_node_status(h->table, &st);
        CU_ASSERT_EQUAL(st.num_names, 0);
        CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->refused, 1);
        nt_harness_free(h);
    }
}

/* NBT-008 with Samba as the defender: nmbd-election-simultaneous-tie frame 93 is H1's
 * ACT_ERR to H2 (10.213.0.12) registering LABGRP<1D>. A table in H2's place, its id in the
 * frame, takes it as a refusal from 10.213.0.11. */
static void
test_nbt008_refused_by_samba(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.addresses[0] = NT_PEER_IP;
    cfg.n_addresses = 1;
    NtHarness *h = nt_harness_new(&cfg);
    MsName name = nt_name(NT_GROUP, 0x1D);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    guint32 src;
    guint16 port;
    gsize len;
    g_autofree guint8 *b =
        nt_capture_frame("nmbd-election-simultaneous-tie", 93, &len, &src, &port);
    guint16 trn = nt_sent_trn(h, 0);
    b[0] = (guint8)(trn >> 8);
    b[1] = (guint8)trn;
    nt_deliver(h, b, len, src, port);
    gint i = nt_find(h, 0, MS_NAME_TABLE_EFFECT_REFUSED);
    CU_ASSERT_EQUAL_FATAL(i, 1);
    CU_ASSERT_EQUAL(nt_effect(h, 1)->effect.refused.ip, NT_OUR_IP);
    CU_ASSERT_EQUAL(nt_effect(h, 1)->effect.refused.rcode, MS_NBNS_RCODE_ACT_ERR);
    nt_harness_free(h);
}

/* §5.1.1.1: a positive or end-node-challenge response (from an NBNS) and responses with
 * another id do not end a B-node's registration. */
static void
test_other_responses_do_not_end_registration(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    guint16 trn = nt_sent_trn(h, 0);
    NtPacket yes = nt_pkt_registration_response(trn, MS_NBNS_RCODE_OK, &name, 0, NT_OUR_IP);
    nt_send_pkt(h, &yes, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_IGNORED], 1);
    NtPacket other = nt_pkt_registration_response((guint16)(trn + 1), MS_NBNS_RCODE_ACT_ERR, &name,
                                                  0, NT_OUR_IP);
    nt_send_pkt(h, &other, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 1);
    MsName another = nt_name("H1", 0x00);
    NtPacket wrong_name =
        nt_pkt_registration_response(trn, MS_NBNS_RCODE_ACT_ERR, &another, 0, NT_OUR_IP);
    nt_send_pkt(h, &wrong_name, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 2);
    nt_advance(h, NT_SEC);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    /* Once held, a late refusal answers no transaction. */
    NtPacket late = nt_pkt_registration_response(trn, MS_NBNS_RCODE_ACT_ERR, &name, 0, NT_OUR_IP);
    nt_send_pkt(h, &late, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 3);
    nt_harness_free(h);
}

/* NBT-020: a release is one broadcast 0x3010, TTL 0, our NB_FLAGS and address, and the name
 * is gone at once. Byte for byte Samba's releases of LABGRP<1D> and __MSBROWSE__ in
 * brws-probe (frames 58, 59), the transaction id aside. */
static void
test_nbt020_release(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName master = nt_name(NT_GROUP, 0x1D), msbrowse = nt_msbrowse();
    nt_hold(h, &msbrowse, TRUE);
    nt_hold(h, &master, FALSE);
    guint mark = nt_mark(h);
    CU_ASSERT_TRUE(ms_name_table_release(h->table, h->now_us, &master));
    CU_ASSERT_TRUE(ms_name_table_release(h->table, h->now_us, &msbrowse));
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 2);
    NtPacket samba = captured_with_trn("brws-probe", 58, nt_sent_trn(h, (gint)mark));
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &samba, 0, 0));
    samba = captured_with_trn("brws-probe", 59, nt_sent_trn(h, (gint)mark + 1));
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 1, &samba, 0, 0));
    MsNbnsPacket p = nt_sent_packet(h, mark);
    CU_ASSERT_EQUAL(p.flags, 0x3010);
    CU_ASSERT_EQUAL(p.additional.ttl, 0);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &master, NULL), MS_NAME_STATE_ABSENT);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &msbrowse, NULL), MS_NAME_STATE_ABSENT);
    CU_ASSERT_FALSE(ms_name_table_release(h->table, h->now_us, &master));
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    nt_harness_free(h);
}

/* NBT-020 at shutdown: every held name is released, in table order; a name still
 * registering and one lost to a conflict leave silently. */
static void
test_nbt020_release_all(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName names[] = {nt_name("H1", 0x00), nt_name(NT_GROUP, 0x00), nt_name(NT_GROUP, 0x1E),
                      nt_name("H1", 0x20)};
    nt_hold(h, &names[0], FALSE);
    nt_hold(h, &names[1], TRUE);
    nt_hold(h, &names[2], TRUE);
    nt_hold(h, &names[3], FALSE);
    NtPacket demand =
        nt_pkt_registration_response(0x0102, MS_NBNS_RCODE_CFT_ERR, &names[3], 0, NT_OUR_IP);
    nt_send_pkt(h, &demand, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &names[3], NULL), MS_NAME_STATE_CONFLICT);
    MsName pending = nt_name("H1", 0x03);
    ms_name_table_register(h->table, h->now_us, &pending, FALSE);
    guint mark = nt_mark(h);
    ms_name_table_release_all(h->table, h->now_us);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 3);
    for (guint i = 0; i < 3; i++) {
        MsNbnsPacket p = nt_sent_packet(h, mark + i);
        CU_ASSERT_EQUAL(ms_nbns_opcode(&p), MS_NBNS_OP_RELEASE);
        CU_ASSERT_TRUE(ms_name_equal(&p.question_name, &names[i]));
        MsNbAddrEntry e;
        CU_ASSERT_TRUE(ms_nbns_nb_entry(&p.additional, 0, &e));
        CU_ASSERT_EQUAL(e.nb_flags, i == 0 ? 0 : MS_NB_FLAG_GROUP);
        CU_ASSERT_EQUAL(e.addr, NT_OUR_IP);
    }
    CU_ASSERT_EQUAL(ms_name_table_list(h->table, NULL, NULL, NULL, 10), 0);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    nt_harness_free(h);
}

/* The RFC's three release sends, when configured: the name is listed being deregistered
 * (DRG) and neither answered nor defended meanwhile; re-registering it stops them. */
static void
test_release_repeated_when_configured(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.timing.release_count = 3;
    NtHarness *h = nt_harness_new(&cfg);
    MsName name = nt_name("H1", 0x20);
    nt_hold(h, &name, FALSE);
    guint mark = nt_mark(h);
    ms_name_table_release(h->table, h->now_us, &name);
    gint64 t_release = h->now_us;
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_RELEASING);
    MsNodeStatus st;
    ms_name_table_node_status(h->table, &st);
    CU_ASSERT_EQUAL_FATAL(st.num_names, 1);
    CU_ASSERT_EQUAL(st.names[0].flags, MS_NAME_FLAG_ACT | MS_NAME_FLAG_DRG);
    NtPacket q = nt_pkt_query(0x0101, &name, TRUE);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1);
    nt_advance(h, 2 * NT_SEC);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 3);
    for (guint i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(nt_effect(h, mark + i)->at_us, t_release + (gint64)i * 250 * NT_MS);
        CU_ASSERT_EQUAL(nt_sent_trn(h, (gint)(mark + i)), nt_sent_trn(h, (gint)mark));
    }
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_ABSENT);

    nt_hold(h, &name, FALSE);
    ms_name_table_release(h->table, h->now_us, &name);
    mark = nt_mark(h);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &name, FALSE), MS_OK);
    nt_advance(h, NT_SEC);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_SEND), 3);
    for (guint i = mark; i < mark + 3; i++) {
        MsNbnsPacket p = nt_sent_packet(h, i);
        CU_ASSERT_EQUAL(ms_nbns_opcode(&p), MS_NBNS_OP_REGISTRATION);
    }
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    nt_harness_free(h);
}

/* A name still being registered was never ours: giving it up sends nothing. */
static void
test_release_while_registering_is_silent(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    CU_ASSERT_TRUE(ms_name_table_release(h->table, h->now_us, &name));
    CU_ASSERT_EQUAL(nt_mark(h), 1);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    nt_advance(h, NT_SEC);
    CU_ASSERT_EQUAL(nt_mark(h), 1);
    nt_harness_free(h);
}

/* NBT-021: a WACK for our registration holds the next step for its TTL (once, capped). */
static void
test_nbt021_wack_extends(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    guint16 trn = nt_sent_trn(h, 0);
    nt_advance(h, 100 * NT_MS);
    NtPacket wack = nt_pkt_wack(trn, &name, 2);
    nt_send_pkt(h, &wack, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 2100 * NT_MS);
    nt_send_pkt(h, &wack, NT_PEER_IP, 137); /* a second one changes nothing */
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 2100 * NT_MS);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_IGNORED], 1);
    nt_advance_to(h, NT_T0 + 2099 * NT_MS);
    CU_ASSERT_EQUAL(nt_mark(h), 1);
    nt_advance_to(h, NT_T0 + 2100 * NT_MS);
    CU_ASSERT_EQUAL(nt_mark(h), 2);
    nt_advance(h, 500 * NT_MS);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));

    /* A huge TTL is capped (wack_max_ms, 10 s by default). */
    MsName other = nt_name("H1", 0x00);
    ms_name_table_register(h->table, h->now_us, &other, FALSE);
    gint last = (gint)nt_mark(h) - 1;
    wack = nt_pkt_wack(nt_sent_trn(h, last), &other, 100000);
    nt_send_pkt(h, &wack, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us + 10 * NT_SEC);
    nt_harness_free(h);
}

/* RFC 1002 §5.1.1.1's NAME UPDATE after silence, when asked for: one broadcast overwrite
 * (opcode 5 without RD, 0x2810) in the registration's transaction. */
static void
test_overwrite_after_registration_when_configured(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.send_overwrite = TRUE;
    NtHarness *h = nt_harness_new(&cfg);
    MsName name = nt_name("H1", 0x20);
    nt_hold(h, &name, FALSE);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 5);
    NtPacket want = nt_pkt_overwrite(nt_sent_trn(h, 0), &name, 0, NT_OUR_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, 3, &want, 0, 0));
    CU_ASSERT_EQUAL(nt_sent_packet(h, 3).flags, 0x2810);
    CU_ASSERT_EQUAL(nt_effect(h, 4)->effect.kind, MS_NAME_TABLE_EFFECT_REGISTERED);
    nt_harness_free(h);
}

/* Registering again: a held name is confirmed at once, one in progress keeps its
 * transaction, the other kind, the wildcard or another scope are refused, a full table
 * says so, and a name lost to a conflict may be claimed anew. */
static void
test_register_edge_cases(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.max_names = 2;
    NtHarness *h = nt_harness_new(&cfg);
    MsName a = nt_name("H1", 0x00), b = nt_name("H1", 0x20), c = nt_name("H1", 0x03);
    nt_hold(h, &a, FALSE);
    guint mark = nt_mark(h);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &a, FALSE), MS_OK);
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1);
    CU_ASSERT_EQUAL(nt_effect(h, mark)->effect.kind, MS_NAME_TABLE_EFFECT_REGISTERED);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &a, TRUE), MS_ERR_INVALID_ARG);

    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &b, FALSE), MS_OK);
    mark = nt_mark(h);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &b, FALSE), MS_OK);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &b, TRUE), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(nt_mark(h), mark);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &c, FALSE), MS_ERR_NO_SPACE);

    MsName star = nt_wildcard(), scoped;
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &star, TRUE), MS_ERR_INVALID_ARG);
    CU_ASSERT_EQUAL(ms_name_init(&scoped, "H1", 0x1F, "corp.example"), MS_OK);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &scoped, FALSE),
                    MS_ERR_INVALID_ARG);

    NtPacket demand = nt_pkt_registration_response(7, MS_NBNS_RCODE_CFT_ERR, &a, 0, NT_OUR_IP);
    nt_send_pkt(h, &demand, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &a, NULL), MS_NAME_STATE_CONFLICT);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &a, FALSE), MS_OK);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &a, NULL), MS_NAME_STATE_REGISTERING);
    nt_advance(h, NT_SEC);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &a));
    nt_harness_free(h);
}

/* Transaction ids: distinct while outstanding, one more per transaction, and drawn from
 * the seed (the same seed gives the same ids, another seed others). */
static void
test_transaction_ids_come_from_the_seed(void)
{
    guint16 first[3];
    for (guint run = 0; run < 3; run++) {
        MsNameTableConfig cfg;
        nt_config_init(&cfg);
        cfg.seed = run == 2 ? NT_SEED + 1 : NT_SEED;
        NtHarness *h = nt_harness_new(&cfg);
        MsName a = nt_name("H1", 0x00), b = nt_name("H1", 0x20);
        ms_name_table_register(h->table, h->now_us, &a, FALSE);
        ms_name_table_register(h->table, h->now_us, &b, FALSE);
        first[run] = nt_sent_trn(h, 0);
        CU_ASSERT_EQUAL(nt_sent_trn(h, 1), (guint16)(first[run] + 1));
        nt_harness_free(h);
    }
    CU_ASSERT_EQUAL(first[0], first[1]);
    CU_ASSERT_NOT_EQUAL(first[0], first[2]);
}

static CU_TestInfo tests[] = {
    {"NBT-006 registration request", test_nbt006_registration_request},
    {"NBT-006 same bytes as Samba", test_nbt006_matches_samba},
    {"NBT-007 three sends 250 ms apart, held at 750 ms", test_nbt007_retries_and_timing},
    {"retry timing is configurable", test_retry_timing_is_configurable},
    {"NBT-008 negative response refuses", test_nbt008_negative_response_refuses},
    {"NBT-008 refused by Samba's defence", test_nbt008_refused_by_samba},
    {"other responses do not end a registration", test_other_responses_do_not_end_registration},
    {"NBT-020 release, as Samba", test_nbt020_release},
    {"NBT-020 release all at shutdown", test_nbt020_release_all},
    {"release repeated when configured", test_release_repeated_when_configured},
    {"release while registering is silent", test_release_while_registering_is_silent},
    {"NBT-021 WACK extends a registration", test_nbt021_wack_extends},
    {"overwrite after registration when configured",
     test_overwrite_after_registration_when_configured},
    {"register edge cases", test_register_edge_cases},
    {"transaction ids come from the seed", test_transaction_ids_come_from_the_seed},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name-table-register", tests);
}
