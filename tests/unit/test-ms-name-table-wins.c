/* The name table as a WINS client (H-node): registration, refresh and release with the
 * server by unicast (RFC 1002 §4.2.2-4.2.10, §5.1.2), resolution through it first with the
 * broadcast fallback (RFC 1001 §15.4, RFC 1002 §5.1.3), and only the server may answer
 * (spoofed responses are dropped as not-wins). NBT-021 (WACK) and NBT-023 (unsolicited)
 * where they apply to the server's transactions. */
#include <string.h>

#include "name-table-harness.h"

/* The server sits on another subnet, as across a router. */
#define WINS_IP NT_IP(10, 213, 1, 1)
#define OUR_TTL 259200u /* answer_ttl_s: what we ask the server for */

static NtHarness *
wins_harness(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.wins_server = WINS_IP;
    return nt_harness_new(&cfg);
}

/* A registration response as nmbd's WINS server sends it: 0xAD80 | rcode, the granted TTL,
 * our entry echoed. */
static NtPacket
server_reply(guint16 trn, MsNbnsRcode rcode, const MsName *name, gboolean group, guint32 ttl)
{
    NtPacket p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    MsNbAddrEntry e = {(guint16)((group ? MS_NB_FLAG_GROUP : 0) | MS_NB_ONT_H), NT_OUR_IP};
    CU_ASSERT_EQUAL_FATAL(ms_nbns_build_registration_response(&w, trn, rcode, name, &e, ttl),
                          MS_OK);
    p.len = w.len;
    return p;
}

/* The request at effect i went unicast to the server's port 137 with `flags`, carrying our
 * entry (ONT H, G for a group) and `ttl`. */
static void
assert_request_to_server(const NtHarness *h, guint i, guint16 flags, const MsName *name,
                         gboolean group, guint32 ttl)
{
    const MsNameTableEffect *fx = &nt_effect(h, i)->effect;
    CU_ASSERT_EQUAL_FATAL(fx->kind, MS_NAME_TABLE_EFFECT_SEND);
    CU_ASSERT_FALSE(fx->send.broadcast);
    CU_ASSERT_EQUAL(fx->send.ip, WINS_IP);
    CU_ASSERT_EQUAL(fx->send.port, MS_NBNS_PORT);
    MsNbnsPacket p = nt_sent_packet(h, i);
    CU_ASSERT_EQUAL(p.flags, flags);
    CU_ASSERT_TRUE(ms_name_equal(&p.question_name, name));
    CU_ASSERT_TRUE_FATAL(p.has_additional);
    CU_ASSERT_TRUE(p.additional.name_is_question_pointer);
    CU_ASSERT_EQUAL(p.additional.ttl, ttl);
    MsNbAddrEntry e;
    CU_ASSERT_TRUE_FATAL(ms_nbns_nb_entry(&p.additional, 0, &e));
    CU_ASSERT_EQUAL(e.nb_flags, (group ? MS_NB_FLAG_GROUP : 0) | MS_NB_ONT_H);
    CU_ASSERT_EQUAL(e.addr, NT_OUR_IP);
}

/* Registers `name` and has the server grant it for ttl seconds. */
static void
wins_hold(NtHarness *h, const MsName *name, gboolean group, guint32 ttl)
{
    guint mark = nt_mark(h);
    CU_ASSERT_EQUAL_FATAL(ms_name_table_register(h->table, h->now_us, name, group), MS_OK);
    NtPacket yes = server_reply(nt_sent_trn(h, (gint)mark), MS_NBNS_RCODE_OK, name, group, ttl);
    nt_send_pkt(h, &yes, WINS_IP, 137);
    CU_ASSERT_TRUE_FATAL(ms_name_table_is_wins_registered(h->table, name, NULL));
}

/* §4.2.2, §4.2.5: one unicast request (0x2900: RD, no B) with our TTL; the positive
 * response grants the name at once, for the server's TTL, and nothing is broadcast. A group
 * name (the workgroup) registers the same way, with G. */
static void
test_wins_register_positive(void)
{
    NtHarness *h = wins_harness();
    MsName server = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x1E);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &server, FALSE), MS_OK);
    CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &group, TRUE), MS_OK);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 2);
    assert_request_to_server(h, 0, 0x2900, &server, FALSE, OUR_TTL);
    assert_request_to_server(h, 1, 0x2900, &group, TRUE, OUR_TTL);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &server, NULL), MS_NAME_STATE_REGISTERING);

    nt_advance(h, 40 * NT_MS);
    NtPacket yes = server_reply(nt_sent_trn(h, 0), MS_NBNS_RCODE_OK, &server, FALSE, 600);
    nt_send_pkt(h, &yes, WINS_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 3);
    const MsNameTableEffect *fx = &nt_effect(h, 2)->effect;
    CU_ASSERT_EQUAL(fx->kind, MS_NAME_TABLE_EFFECT_REGISTERED);
    CU_ASSERT_TRUE(ms_name_equal(&fx->name, &server));
    CU_ASSERT_FALSE(fx->group);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &server));
    guint32 ttl = 0;
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &server, &ttl));
    CU_ASSERT_EQUAL(ttl, 600);

    NtPacket yes_group = server_reply(nt_sent_trn(h, 1), MS_NBNS_RCODE_OK, &group, TRUE, 600);
    nt_send_pkt(h, &yes_group, WINS_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 4);
    CU_ASSERT_EQUAL(nt_effect(h, 3)->effect.kind, MS_NAME_TABLE_EFFECT_REGISTERED);
    CU_ASSERT_TRUE(nt_effect(h, 3)->effect.group);
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &group, NULL));
    /* Nothing goes out until the refresh, half the TTL later. */
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 40 * NT_MS + 300 * NT_SEC);
    nt_advance(h, 299 * NT_SEC);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 2);
    const MsNameTableCounters *c = ms_name_table_counters(h->table);
    CU_ASSERT_EQUAL(c->wins_registered, 2);
    CU_ASSERT_EQUAL(c->registered, 2);
    /* We still answer broadcasts for our names (H-node), with ONT H. */
    NtPacket q = nt_pkt_query(0x0101, &server, TRUE);
    guint mark = nt_mark(h);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 1);
    MsNbnsPacket a = nt_sent_packet(h, mark);
    MsNbAddrEntry e;
    CU_ASSERT_TRUE(ms_nbns_nb_entry(&a.answer, 0, &e));
    CU_ASSERT_EQUAL(e.nb_flags, MS_NB_ONT_H);
    nt_harness_free(h);
}

/* §4.2.6: a negative response from the server refuses the name, as a defender's does. */
static void
test_wins_register_negative(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name(NT_GROUP, 0x1B);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    NtPacket no = server_reply(nt_sent_trn(h, 0), MS_NBNS_RCODE_ACT_ERR, &name, FALSE, 0);
    nt_send_pkt(h, &no, WINS_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 2);
    const MsNameTableEffect *fx = &nt_effect(h, 1)->effect;
    CU_ASSERT_EQUAL(fx->kind, MS_NAME_TABLE_EFFECT_REFUSED);
    CU_ASSERT_EQUAL(fx->refused.ip, WINS_IP);
    CU_ASSERT_EQUAL(fx->refused.port, 137);
    CU_ASSERT_EQUAL(fx->refused.rcode, MS_NBNS_RCODE_ACT_ERR);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_ABSENT);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_refused, 1);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->refused, 1);
    nt_advance(h, 60 * NT_SEC);
    CU_ASSERT_EQUAL(nt_mark(h), 2);
    nt_harness_free(h);
}

/* §4.2.16, NBT-021: a WACK from the server (it is asking the old owner) holds the retry
 * for its TTL; the answer then decides. */
static void
test_wins_register_wack(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x00);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    guint16 trn = nt_sent_trn(h, 0);
    nt_advance(h, 1 * NT_SEC);
    NtPacket wack = nt_pkt_wack(trn, &name, 8);
    nt_send_pkt(h, &wack, WINS_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 9 * NT_SEC);
    nt_advance_to(h, NT_T0 + 8 * NT_SEC);
    CU_ASSERT_EQUAL(nt_mark(h), 1); /* no retry at 5 s */
    NtPacket yes = server_reply(trn, MS_NBNS_RCODE_OK, &name, FALSE, 3600);
    nt_send_pkt(h, &yes, WINS_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    /* A WACK for a finished transaction is unsolicited (NBT-023). */
    nt_send_pkt(h, &wack, WINS_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 1);

    /* nmbd's 60 s (while it challenges the old owner) are honoured whole, beyond a B-node's
     * 10 s cap; a longer TTL is capped at wins_wack_max_ms (2 minutes). */
    MsName other = nt_name("H1", 0x03), third = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &other, FALSE);
    wack = nt_pkt_wack(nt_sent_trn(h, (gint)nt_mark(h) - 1), &other, 60);
    nt_send_pkt(h, &wack, WINS_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us + 60 * NT_SEC);
    ms_name_table_register(h->table, h->now_us, &third, FALSE);
    wack = nt_pkt_wack(nt_sent_trn(h, (gint)nt_mark(h) - 1), &third, 100000);
    nt_send_pkt(h, &wack, WINS_IP, 137);
    nt_advance(h, 60 * NT_SEC); /* other's retry */
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us + 5 * NT_SEC);
    nt_advance(h, 15 * NT_SEC); /* other falls back to broadcast and is held */
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us - 75 * NT_SEC + 120 * NT_SEC);
    nt_harness_free(h);
}

/* RFC 1001 §15.4 (H-node): the server silent after UCAST_REQ_RETRY_COUNT sends 5 s apart
 * (one id), the name is registered by broadcast like a B-node's (a new id, TTL 0, ONT H),
 * and held without a refresh. */
static void
test_wins_register_silence_falls_back_to_broadcast(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    nt_advance(h, 14999 * NT_MS);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 3);
    for (guint i = 0; i < 3; i++) {
        assert_request_to_server(h, i, 0x2900, &name, FALSE, OUR_TTL);
        CU_ASSERT_EQUAL(nt_effect(h, i)->at_us, NT_T0 + (gint64)i * 5 * NT_SEC);
        CU_ASSERT_EQUAL(nt_sent_trn(h, (gint)i), nt_sent_trn(h, 0));
    }
    nt_advance(h, 1 * NT_MS);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 4);
    CU_ASSERT_TRUE(nt_effect(h, 3)->effect.send.broadcast);
    CU_ASSERT_NOT_EQUAL(nt_sent_trn(h, 3), nt_sent_trn(h, 0));
    NtPacket want = nt_pkt_registration(nt_sent_trn(h, 3), &name, MS_NB_ONT_H, NT_OUR_IP, TRUE);
    CU_ASSERT_TRUE(nt_sent_is(h, 3, &want, 0, 0));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_silent, 1);
    /* A late answer from the server belongs to no transaction any more. */
    NtPacket late = server_reply(nt_sent_trn(h, 0), MS_NBNS_RCODE_OK, &name, FALSE, 600);
    nt_send_pkt(h, &late, WINS_IP, 137);
    CU_ASSERT_FALSE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    nt_advance(h, 750 * NT_MS);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    CU_ASSERT_FALSE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 6);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_REGISTERED), 1);
    /* A minute later the server is asked again (it may be back); its grant makes the name
     * WINS-registered without a second REGISTERED. */
    gint64 held_at = h->now_us;
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), held_at + 60 * NT_SEC);
    nt_advance(h, 60 * NT_SEC);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 8);
    assert_request_to_server(h, 7, 0x2900, &name, FALSE, OUR_TTL);
    NtPacket yes = server_reply(nt_sent_trn(h, 7), MS_NBNS_RCODE_OK, &name, FALSE, 600);
    nt_send_pkt(h, &yes, WINS_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_REGISTERED), 1);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us + 300 * NT_SEC);
    nt_harness_free(h);
}

/* After a broadcast fallback the server is asked again every wins_refresh_retry_s while
 * it stays silent; when it finally refuses a unique name, the name is lost. */
static void
test_wins_fallback_then_server_refuses(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    nt_advance(h, 16 * NT_SEC);
    CU_ASSERT_TRUE_FATAL(ms_name_table_is_held(h->table, &name));
    guint mark = nt_mark(h);
    nt_advance(h, 60 * NT_SEC + 15 * NT_SEC); /* 3 unanswered sends */
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_SEND), 3);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_refresh_failed, 1);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    nt_advance(h, 60 * NT_SEC);
    guint last = nt_mark(h) - 1;
    assert_request_to_server(h, last, 0x2900, &name, FALSE, OUR_TTL);
    NtPacket no = server_reply(nt_sent_trn(h, (gint)last), MS_NBNS_RCODE_ACT_ERR, &name, FALSE, 0);
    nt_send_pkt(h, &no, WINS_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_CONFLICT);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_LOST), 1);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    nt_harness_free(h);
}

/* §4.2.4: the refresh (opcode 8, 0x4000: no RD, no B, our TTL) goes out at half the
 * granted TTL; its positive answer (a registration response) renews for the new TTL. */
static void
test_wins_refresh_timing(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x20);
    wins_hold(h, &name, FALSE, 600);
    guint mark = nt_mark(h);
    nt_advance(h, 300 * NT_SEC - 1);
    CU_ASSERT_EQUAL(nt_mark(h), mark);
    nt_advance(h, 1);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 1);
    assert_request_to_server(h, mark, 0x4000, &name, FALSE, OUR_TTL);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));

    nt_advance(h, 2 * NT_SEC);
    NtPacket yes = server_reply(nt_sent_trn(h, (gint)mark), MS_NBNS_RCODE_OK, &name, FALSE, 1200);
    nt_send_pkt(h, &yes, WINS_IP, 137);
    guint32 ttl = 0;
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &name, &ttl));
    CU_ASSERT_EQUAL(ttl, 1200);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_REGISTERED), 0);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us + 600 * NT_SEC);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_registered, 2);
    /* TTL 0 is infinite: no refresh at all. */
    MsName forever = nt_name("H1", 0x00);
    wins_hold(h, &forever, FALSE, 0);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), h->now_us + 600 * NT_SEC);
    nt_harness_free(h);
}

/* An unanswered refresh keeps the name (ours on the subnet; the server's record lives on)
 * and is tried again wins_refresh_retry_s later. */
static void
test_wins_refresh_silence_retries_later(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x20);
    wins_hold(h, &name, FALSE, 600);
    guint mark = nt_mark(h);
    gint64 t_refresh = h->now_us + 300 * NT_SEC;
    nt_advance_to(h, t_refresh + 15 * NT_SEC - 1);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_SEND), 3);
    nt_advance_to(h, t_refresh + 15 * NT_SEC);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_refresh_failed, 1);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), t_refresh + 75 * NT_SEC);
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    nt_advance_to(h, t_refresh + 75 * NT_SEC);
    CU_ASSERT_EQUAL_FATAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_SEND), 4);
    assert_request_to_server(h, nt_mark(h) - 1, 0x4000, &name, FALSE, OUR_TTL);
    /* Nothing was broadcast meanwhile. */
    for (guint i = mark; i < nt_mark(h); i++)
        CU_ASSERT_FALSE(nt_effect(h, i)->effect.send.broadcast);
    nt_harness_free(h);
}

/* A refused refresh: the server gave the name to another. A unique name is lost (as to a
 * conflict demand, the server named as the demander); a group name stays ours on the
 * subnet but is no longer registered with the server, and is not refreshed. */
static void
test_wins_refresh_refused(void)
{
    NtHarness *h = wins_harness();
    MsName unique = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x00);
    wins_hold(h, &unique, FALSE, 600);
    wins_hold(h, &group, TRUE, 600);
    guint mark = nt_mark(h);
    nt_advance(h, 300 * NT_SEC);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 2);
    NtPacket no =
        server_reply(nt_sent_trn(h, (gint)mark), MS_NBNS_RCODE_CFT_ERR, &unique, FALSE, 0);
    nt_send_pkt(h, &no, WINS_IP, 137);
    gint lost = nt_find(h, mark, MS_NAME_TABLE_EFFECT_LOST);
    CU_ASSERT_EQUAL_FATAL(lost, (gint)mark + 2);
    CU_ASSERT_EQUAL(nt_effect(h, (guint)lost)->effect.lost.ip, WINS_IP);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &unique, NULL), MS_NAME_STATE_CONFLICT);
    no = server_reply(nt_sent_trn(h, (gint)mark + 1), MS_NBNS_RCODE_ACT_ERR, &group, TRUE, 0);
    nt_send_pkt(h, &no, WINS_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &group));
    CU_ASSERT_FALSE(ms_name_table_is_wins_registered(h->table, &group, NULL));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_refresh_failed, 2);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    nt_harness_free(h);
}

/* §4.2.9, §5.1.2: a name the server granted is released to it by unicast (0x3000: no RD, no
 * B, TTL 0) and then by broadcast, in one transaction; a name that fell back to broadcast
 * is released by broadcast only. */
static void
test_wins_release(void)
{
    NtHarness *h = wins_harness();
    MsName granted = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x1E);
    MsName fallback = nt_name("H1", 0x00);
    wins_hold(h, &granted, FALSE, 600);
    wins_hold(h, &group, TRUE, 600);
    ms_name_table_register(h->table, h->now_us, &fallback, FALSE);
    nt_advance(h, 16 * NT_SEC);
    CU_ASSERT_TRUE_FATAL(ms_name_table_is_held(h->table, &fallback));

    guint mark = nt_mark(h);
    CU_ASSERT_TRUE(ms_name_table_release(h->table, h->now_us, &granted));
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 2);
    assert_request_to_server(h, mark, 0x3000, &granted, FALSE, 0);
    NtPacket bcast =
        nt_pkt_release(nt_sent_trn(h, (gint)mark), &granted, MS_NB_ONT_H, NT_OUR_IP, TRUE);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 1, &bcast, 0, 0));
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &granted, NULL), MS_NAME_STATE_ABSENT);

    mark = nt_mark(h);
    ms_name_table_release_all(h->table, h->now_us);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 3);
    assert_request_to_server(h, mark, 0x3000, &group, TRUE, 0);
    CU_ASSERT_TRUE(nt_effect(h, mark + 1)->effect.send.broadcast);
    CU_ASSERT_TRUE(nt_effect(h, mark + 2)->effect.send.broadcast); /* the fallback name */
    CU_ASSERT_TRUE(ms_name_equal(&nt_effect(h, mark + 2)->effect.name, &fallback));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_released, 2);
    /* The server's answer comes when the name is gone: unsolicited, nothing else. */
    NtPacket ok;
    MsWriter w = ms_writer_init(ok.data, sizeof ok.data);
    MsNbAddrEntry e = {MS_NB_ONT_H, NT_OUR_IP};
    CU_ASSERT_EQUAL(ms_nbns_build_release_response(&w, nt_sent_trn(h, (gint)mark), MS_NBNS_RCODE_OK,
                                                   &group, &e),
                    MS_OK);
    ok.len = w.len;
    NtSnapshot before;
    nt_snapshot(h, &before);
    nt_send_pkt(h, &ok, WINS_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_UNSOLICITED));
    nt_harness_free(h);
}

/* §4.2.12, §5.1.3: a unique name is asked of the server first (0x0100: RD, no B); its
 * positive answer resolves at once with no conflict timer, and is cached. */
static void
test_wins_resolve_positive(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name(NT_GROUP, 0x1B);
    ms_name_table_resolve(h->table, h->now_us, &name);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 1);
    const MsNameTableEffect *fx = &nt_effect(h, 0)->effect;
    CU_ASSERT_FALSE(fx->send.broadcast);
    CU_ASSERT_EQUAL(fx->send.ip, WINS_IP);
    CU_ASSERT_EQUAL(fx->send.port, 137);
    NtPacket want = nt_pkt_query(nt_sent_trn(h, 0), &name, FALSE);
    CU_ASSERT_TRUE(nt_sent_is(h, 0, &want, WINS_IP, 137));
    CU_ASSERT_EQUAL(nt_sent_packet(h, 0).flags, 0x0100);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 5 * NT_SEC);

    nt_advance(h, 30 * NT_MS);
    NtPacket answer =
        nt_pkt_query_response(nt_sent_trn(h, 0), &name, MS_NB_ONT_H, NT_THIRD_IP, 3600);
    nt_send_pkt(h, &answer, WINS_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 2);
    fx = &nt_effect(h, 1)->effect;
    CU_ASSERT_EQUAL(fx->kind, MS_NAME_TABLE_EFFECT_RESOLVED);
    CU_ASSERT_EQUAL(fx->resolved.ip, NT_THIRD_IP);
    CU_ASSERT_EQUAL(fx->resolved.source, MS_NAME_ANSWER_NETWORK);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_resolved, 1);
    /* A second answer (say a replica's) finds no transaction. */
    nt_send_pkt(h, &answer, WINS_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 1);
    ms_name_table_resolve(h->table, h->now_us, &name);
    CU_ASSERT_EQUAL(nt_effect(h, 2)->effect.resolved.source, MS_NAME_ANSWER_CACHE);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 1);
    nt_harness_free(h);
}

/* §5.1.3 (H-node): the server does not know the name (NAM_ERR): a broadcast query follows
 * at once, in a new transaction, and a neighbour's answer resolves it. */
static void
test_wins_resolve_negative_then_broadcast(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    NtPacket no = nt_pkt_negative_query_response(nt_sent_trn(h, 0), &name);
    nt_send_pkt(h, &no, WINS_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 2);
    guint16 trn = nt_sent_trn(h, 1);
    CU_ASSERT_NOT_EQUAL(trn, nt_sent_trn(h, 0));
    NtPacket want = nt_pkt_query(trn, &name, TRUE);
    CU_ASSERT_TRUE(nt_sent_is(h, 1, &want, 0, 0));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->wins_query_fallbacks, 1);
    NtPacket answer = nt_pkt_query_response(trn, &name, 0, NT_PEER_IP, 300);
    nt_send_pkt(h, &answer, NT_PEER_IP, 137);
    gint i = nt_find(h, 0, MS_NAME_TABLE_EFFECT_RESOLVED);
    CU_ASSERT_EQUAL_FATAL(i, 2);
    CU_ASSERT_EQUAL(nt_effect(h, 2)->effect.resolved.ip, NT_PEER_IP);
    nt_harness_free(h);
}

/* The server silent: 3 unicast queries 5 s apart, then the broadcast query's 3 sends, then
 * UNRESOLVED. */
static void
test_wins_resolve_silence_then_broadcast(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    nt_advance(h, 15 * NT_SEC - 1);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 3);
    for (guint i = 0; i < 3; i++)
        CU_ASSERT_FALSE(nt_effect(h, i)->effect.send.broadcast);
    nt_advance(h, 1);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 4);
    CU_ASSERT_TRUE(nt_effect(h, 3)->effect.send.broadcast);
    nt_advance(h, 750 * NT_MS);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_SEND), 6);
    CU_ASSERT_EQUAL(nt_count(h, 0, MS_NAME_TABLE_EFFECT_UNRESOLVED), 1);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    nt_harness_free(h);
}

/* Only the server answers its transactions: a neighbour forging the server's answers
 * (registration granted or refused, a query answered, a refresh refused, a WACK) with the
 * right transaction id changes nothing and is counted as not-wins. */
static void
test_wins_spoofed_responses_dropped(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x20), other = nt_name("H2", 0x20);
    MsName refreshed = nt_name("H1", 0x00);
    wins_hold(h, &refreshed, FALSE, 600);
    nt_advance(h, 300 * NT_SEC); /* its refresh is in flight */
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    ms_name_table_resolve(h->table, h->now_us, &other);
    guint16 refresh_trn = nt_sent_trn(h, (gint)nt_mark(h) - 3);
    guint16 reg_trn = nt_sent_trn(h, (gint)nt_mark(h) - 2);
    guint16 query_trn = nt_sent_trn(h, (gint)nt_mark(h) - 1);
    NtPacket forged[] = {
        server_reply(reg_trn, MS_NBNS_RCODE_OK, &name, FALSE, 600),
        server_reply(reg_trn, MS_NBNS_RCODE_ACT_ERR, &name, FALSE, 0),
        nt_pkt_wack(reg_trn, &name, 100),
        nt_pkt_query_response(query_trn, &other, 0, NT_PEER_IP, 300),
        nt_pkt_negative_query_response(query_trn, &other),
        server_reply(refresh_trn, MS_NBNS_RCODE_CFT_ERR, &refreshed, FALSE, 0),
    };
    for (guint i = 0; i < G_N_ELEMENTS(forged); i++) {
        NtSnapshot before;
        nt_snapshot(h, &before);
        nt_send_pkt(h, &forged[i], NT_PEER_IP, 137);
        CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_WINS));
    }
    CU_ASSERT_STRING_EQUAL(ms_name_table_drop_reason_to_string(MS_NAME_TABLE_DROP_NOT_WINS),
                           "not-wins");
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_REGISTERING);
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &refreshed, NULL));
    /* The real server's answers still count. */
    nt_send_pkt(h, &forged[0], WINS_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    nt_harness_free(h);
}

/* An end-node challenge (§4.2.7: positive, RA clear) is not followed: ignored, so the
 * retries and the broadcast fallback go on. */
static void
test_wins_end_node_challenge_ignored(void)
{
    NtHarness *h = wins_harness();
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    NtPacket challenge = server_reply(nt_sent_trn(h, 0), MS_NBNS_RCODE_OK, &name, FALSE, 600);
    nt_pkt_set_flags(&challenge, 0xAD00);
    nt_send_pkt(h, &challenge, WINS_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_IGNORED], 1);
    CU_ASSERT_EQUAL(ms_name_table_state(h->table, &name, NULL), MS_NAME_STATE_REGISTERING);
    nt_advance(h, 16 * NT_SEC);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &name));
    CU_ASSERT_FALSE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    nt_harness_free(h);
}

static void
ignore_effect(const MsNameTableEffect *effect, gpointer user_data)
{
    (void)effect;
    (void)user_data;
}

/* The server cannot be one of our own addresses (its answers would be dropped as our own
 * packets), and a B-node keeps ONT B and never talks to a server. */
static void
test_wins_config(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.wins_server = NT_OUR_SECOND_IP;
    CU_ASSERT_PTR_NULL(ms_name_table_new(&cfg, ignore_effect, NULL));
    cfg.wins_server = WINS_IP;
    cfg.timing.wins_retry_count = 0;
    CU_ASSERT_PTR_NULL(ms_name_table_new(&cfg, ignore_effect, NULL));

    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20), peer = nt_name("H2", 0x20);
    nt_hold(h, &name, FALSE);
    ms_name_table_resolve(h->table, h->now_us, &peer);
    for (guint i = 0; i < nt_mark(h); i++) {
        const MsNameTableEffect *fx = &nt_effect(h, i)->effect;
        if (fx->kind == MS_NAME_TABLE_EFFECT_SEND)
            CU_ASSERT_TRUE(fx->send.broadcast);
    }
    CU_ASSERT_FALSE(ms_name_table_is_wins_registered(h->table, &name, NULL));
    MsNbnsPacket p = nt_sent_packet(h, 0);
    MsNbAddrEntry e;
    CU_ASSERT_TRUE(ms_nbns_nb_entry(&p.additional, 0, &e));
    CU_ASSERT_EQUAL(e.nb_flags, MS_NB_ONT_B);
    nt_harness_free(h);
}

static CU_TestInfo tests[] = {
    {"WINS register: positive response grants", test_wins_register_positive},
    {"WINS register: negative response refuses", test_wins_register_negative},
    {"WINS register: NBT-021 WACK extends", test_wins_register_wack},
    {"WINS register: silence falls back to broadcast",
     test_wins_register_silence_falls_back_to_broadcast},
    {"WINS after a fallback: asked again, then refuses", test_wins_fallback_then_server_refuses},
    {"WINS refresh at half the granted TTL", test_wins_refresh_timing},
    {"WINS refresh: silence retries later", test_wins_refresh_silence_retries_later},
    {"WINS refresh: refused", test_wins_refresh_refused},
    {"WINS release by unicast and broadcast", test_wins_release},
    {"WINS resolve: positive", test_wins_resolve_positive},
    {"WINS resolve: negative then broadcast", test_wins_resolve_negative_then_broadcast},
    {"WINS resolve: silence then broadcast", test_wins_resolve_silence_then_broadcast},
    {"WINS spoofed responses are dropped (not-wins)", test_wins_spoofed_responses_dropped},
    {"WINS end-node challenge ignored", test_wins_end_node_challenge_ignored},
    {"WINS config", test_wins_config},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name-table-wins", tests);
}
