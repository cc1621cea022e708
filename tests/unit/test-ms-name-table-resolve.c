/* Resolving unique names for our user: broadcast queries with retries (RFC 1002 §5.1.1.3),
 * the cache, and conflict detection on the answers (§5.1.1.5). NBT-018, NBT-021, NBT-023. */
#include <string.h>

#include "name-table-harness.h"

static const MsNameTableEffect *
only_effect_since(const NtHarness *h, guint mark, MsNameTableEffectKind kind)
{
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 1);
    const MsNameTableEffect *fx = &nt_effect(h, mark)->effect;
    CU_ASSERT_EQUAL_FATAL(fx->kind, kind);
    return fx;
}

/* Three broadcast queries (0x0110), 250 ms apart, one id; UNRESOLVED at 750 ms. */
static void
test_resolve_retries_then_fails(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    guint16 trn = nt_sent_trn(h, 0);
    NtPacket want = nt_pkt_query(trn, &name, TRUE);
    CU_ASSERT_TRUE(nt_sent_is(h, 0, &want, 0, 0));
    CU_ASSERT_EQUAL(nt_sent_packet(h, 0).flags, 0x0110);
    nt_advance(h, 749 * NT_MS);
    CU_ASSERT_EQUAL(nt_mark(h), 3);
    for (guint i = 0; i < 3; i++) {
        CU_ASSERT_TRUE(nt_sent_is(h, (gint)i, &want, 0, 0));
        CU_ASSERT_EQUAL(nt_effect(h, i)->at_us, NT_T0 + (gint64)i * 250 * NT_MS);
    }
    nt_advance(h, 1 * NT_MS);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 4);
    CU_ASSERT_EQUAL(nt_effect(h, 3)->effect.kind, MS_NAME_TABLE_EFFECT_UNRESOLVED);
    CU_ASSERT_TRUE(ms_name_equal(&nt_effect(h, 3)->effect.name, &name));
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), G_MAXINT64);
    /* A late answer is unsolicited (NBT-023). */
    NtPacket late = nt_pkt_query_response(trn, &name, 0, NT_PEER_IP, 300);
    nt_send_pkt(h, &late, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 1);
    CU_ASSERT_EQUAL(nt_mark(h), 4);
    nt_harness_free(h);
}

/* The first positive answer resolves the name at once, ends the retries and is cached;
 * the next resolve is answered from the cache, with no packet. */
static void
test_resolve_answered_and_cached(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    nt_advance(h, 100 * NT_MS);
    NtPacket answer = nt_pkt_query_response(nt_sent_trn(h, 0), &name, 0, NT_PEER_IP, 259200);
    nt_send_pkt(h, &answer, NT_PEER_IP, 137);
    const MsNameTableEffect *fx = only_effect_since(h, 1, MS_NAME_TABLE_EFFECT_RESOLVED);
    CU_ASSERT_EQUAL(fx->resolved.ip, NT_PEER_IP);
    CU_ASSERT_EQUAL(fx->resolved.nb_flags, 0);
    CU_ASSERT_EQUAL(fx->resolved.ttl_s, 259200);
    CU_ASSERT_EQUAL(fx->resolved.source, MS_NAME_ANSWER_NETWORK);
    CU_ASSERT_FALSE(fx->group);
    nt_advance(h, 5 * NT_SEC);
    CU_ASSERT_EQUAL(nt_mark(h), 2); /* no more queries */

    guint32 ip = 0;
    CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &name, &ip, NULL));
    CU_ASSERT_EQUAL(ip, NT_PEER_IP);
    ms_name_table_resolve(h->table, h->now_us, &name);
    fx = only_effect_since(h, 2, MS_NAME_TABLE_EFFECT_RESOLVED);
    CU_ASSERT_EQUAL(fx->resolved.source, MS_NAME_ANSWER_CACHE);
    CU_ASSERT_EQUAL(fx->resolved.ip, NT_PEER_IP);
    CU_ASSERT_EQUAL(fx->resolved.ttl_s, 300 - 5);
    nt_harness_free(h);
}

/* The cache keeps a name for cache_ttl_s, or the answer's TTL when shorter; then the
 * network is asked again. TTL 0 (infinite) means ours. */
static void
test_cache_expiry(void)
{
    static const struct {
        guint32 answer_ttl;
        gint64 keep_s;
    } cases[] = {{259200, 300}, {60, 60}, {0, 300}};
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        NtHarness *h = nt_harness_new(NULL);
        MsName name = nt_name("H2", 0x00);
        ms_name_table_resolve(h->table, h->now_us, &name);
        gint64 answered_at = h->now_us;
        NtPacket answer =
            nt_pkt_query_response(nt_sent_trn(h, 0), &name, 0, NT_PEER_IP, cases[k].answer_ttl);
        nt_send_pkt(h, &answer, NT_PEER_IP, 137);
        nt_advance_to(h, answered_at + cases[k].keep_s * NT_SEC - 1);
        CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &name, NULL, NULL));
        nt_advance_to(h, answered_at + cases[k].keep_s * NT_SEC);
        CU_ASSERT_FALSE(ms_name_table_cache_lookup(h->table, h->now_us, &name, NULL, NULL));
        guint mark = nt_mark(h);
        ms_name_table_resolve(h->table, h->now_us, &name);
        CU_ASSERT_EQUAL(nt_effect(h, mark)->effect.kind, MS_NAME_TABLE_EFFECT_SEND);
        nt_harness_free(h);
    }
}

/* The cache is bounded: when full of fresh names a new answer is delivered but not cached
 * (caps refuse, they do not evict); expired entries make room again. Size 0: no cache. */
static void
test_cache_is_bounded(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.cache_size = 2;
    NtHarness *h = nt_harness_new(&cfg);
    MsName names[] = {nt_name("A", 0x20), nt_name("B", 0x20), nt_name("C", 0x20)};
    for (guint i = 0; i < 3; i++) {
        guint mark = nt_mark(h);
        ms_name_table_resolve(h->table, h->now_us, &names[i]);
        NtPacket answer = nt_pkt_query_response(nt_sent_trn(h, (gint)mark), &names[i], 0,
                                                NT_IP(10, 0, 0, 1 + i), 0);
        nt_send_pkt(h, &answer, NT_PEER_IP, 137);
        CU_ASSERT_EQUAL(nt_effect(h, mark + 1)->effect.kind, MS_NAME_TABLE_EFFECT_RESOLVED);
        nt_advance(h, 2 * NT_SEC);
    }
    CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &names[0], NULL, NULL));
    CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &names[1], NULL, NULL));
    CU_ASSERT_FALSE(ms_name_table_cache_lookup(h->table, h->now_us, &names[2], NULL, NULL));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->cache_full, 1);
    nt_advance(h, 300 * NT_SEC);
    guint mark = nt_mark(h);
    ms_name_table_resolve(h->table, h->now_us, &names[2]);
    NtPacket answer =
        nt_pkt_query_response(nt_sent_trn(h, (gint)mark), &names[2], 0, NT_IP(10, 0, 0, 3), 0);
    nt_send_pkt(h, &answer, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &names[2], NULL, NULL));
    nt_harness_free(h);

    nt_config_init(&cfg);
    cfg.cache_size = 0;
    h = nt_harness_new(&cfg);
    ms_name_table_resolve(h->table, h->now_us, &names[0]);
    answer = nt_pkt_query_response(nt_sent_trn(h, 0), &names[0], 0, NT_PEER_IP, 0);
    nt_send_pkt(h, &answer, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_effect(h, 1)->effect.kind, MS_NAME_TABLE_EFFECT_RESOLVED);
    CU_ASSERT_FALSE(ms_name_table_cache_lookup(h->table, h->now_us, &names[0], NULL, NULL));
    nt_harness_free(h);
}

/* NBT-018: a second, different positive answer for a unique name within the conflict
 * timer (1 s) gets a NAME CONFLICT DEMAND (0xAD87) unicast to the later responder at port
 * 137, and the cache forgets the name. Repeats of the first answer (Samba answers twice),
 * groups and answers after the timer do not. */
static void
test_nbt018_conflict_demand_to_later_responder(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    guint16 trn = nt_sent_trn(h, 0);
    NtPacket first = nt_pkt_query_response(trn, &name, 0, NT_PEER_IP, 259200);
    nt_send_pkt(h, &first, NT_PEER_IP, 137);
    nt_send_pkt(h, &first, NT_PEER_IP, 137); /* Samba's second copy */
    CU_ASSERT_EQUAL(nt_mark(h), 2);
    nt_advance(h, 999 * NT_MS);
    NtPacket second = nt_pkt_query_response(trn, &name, MS_NB_ONT_H, NT_THIRD_IP, 259200);
    nt_send_pkt(h, &second, NT_THIRD_IP, 5000);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), 3);
    NtPacket want =
        nt_pkt_registration_response(trn, MS_NBNS_RCODE_CFT_ERR, &name, MS_NB_ONT_H, NT_THIRD_IP);
    CU_ASSERT_TRUE(nt_sent_is(h, 2, &want, NT_THIRD_IP, 137));
    CU_ASSERT_EQUAL(nt_sent_packet(h, 2).flags, 0xAD87);
    CU_ASSERT_FALSE(ms_name_table_cache_lookup(h->table, h->now_us, &name, NULL, NULL));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->conflicts_demanded, 1);
    nt_send_pkt(h, &second, NT_THIRD_IP, 5000); /* told once is enough */
    CU_ASSERT_EQUAL(nt_mark(h), 3);

    nt_advance(h, 1 * NT_MS); /* the conflict timer is over */
    NtPacket third = nt_pkt_query_response(trn, &name, 0, NT_IP(10, 213, 0, 14), 259200);
    nt_send_pkt(h, &third, NT_IP(10, 213, 0, 14), 137);
    CU_ASSERT_EQUAL(nt_mark(h), 3);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_UNSOLICITED], 1);
    nt_harness_free(h);

    /* Group answers are many owners, not a conflict. */
    h = nt_harness_new(NULL);
    MsName group = nt_name(NT_GROUP, 0x1E);
    ms_name_table_resolve(h->table, h->now_us, &group);
    trn = nt_sent_trn(h, 0);
    first = nt_pkt_query_response(trn, &group, MS_NB_FLAG_GROUP, NT_PEER_IP, 0);
    second = nt_pkt_query_response(trn, &group, MS_NB_FLAG_GROUP, NT_THIRD_IP, 0);
    nt_send_pkt(h, &first, NT_PEER_IP, 137);
    nt_send_pkt(h, &second, NT_THIRD_IP, 137);
    CU_ASSERT_EQUAL(nt_mark(h), 2);
    CU_ASSERT_TRUE(nt_effect(h, 1)->effect.group);
    nt_harness_free(h);
}

/* NBT-023: responses that answer nothing of ours are dropped: an unknown id, the right id
 * for another name, a negative query response (from an NBNS; B-nodes ignore it). */
static void
test_nbt023_unsolicited_responses(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H2", 0x20), other = nt_name("H3", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    guint16 trn = nt_sent_trn(h, 0);
    NtSnapshot before;
    NtPacket pkts[] = {
        nt_pkt_query_response((guint16)(trn + 7), &name, 0, NT_PEER_IP, 0),
        nt_pkt_query_response(trn, &other, 0, NT_PEER_IP, 0),
        nt_pkt_release_response(trn, MS_NBNS_RCODE_OK, &name, 0, NT_PEER_IP),
        nt_pkt_wack((guint16)(trn + 7), &name, 5),
    };
    for (guint i = 0; i < G_N_ELEMENTS(pkts); i++) {
        nt_snapshot(h, &before);
        nt_send_pkt(h, &pkts[i], NT_PEER_IP, 137);
        CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_UNSOLICITED));
    }
    nt_snapshot(h, &before);
    NtPacket negative = nt_pkt_negative_query_response(trn, &name);
    nt_send_pkt(h, &negative, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_IGNORED));
    nt_advance(h, NT_SEC);
    CU_ASSERT_EQUAL(nt_find(h, 0, MS_NAME_TABLE_EFFECT_UNRESOLVED), 3);
    nt_harness_free(h);
}

/* NBT-021: a WACK for our query holds the next retry for its TTL. */
static void
test_nbt021_wack_extends_a_query(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    NtPacket wack = nt_pkt_wack(nt_sent_trn(h, 0), &name, 3);
    nt_send_pkt(h, &wack, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(ms_name_table_next_deadline(h->table), NT_T0 + 3 * NT_SEC);
    nt_advance(h, 2999 * NT_MS);
    CU_ASSERT_EQUAL(nt_mark(h), 1);
    nt_advance(h, 1 * NT_MS);
    CU_ASSERT_EQUAL(nt_mark(h), 2);
    nt_harness_free(h);
}

/* Our own unique names resolve at once to our address; resolutions of one name share one
 * query and each gets its answer; a full set of queries refuses more; another scope or
 * the wildcard cannot be resolved. */
static void
test_resolve_edge_cases(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    cfg.max_queries = 2;
    NtHarness *h = nt_harness_new(&cfg);
    MsName self = nt_name("H1", 0x20);
    nt_hold(h, &self, FALSE);
    guint mark = nt_mark(h);
    ms_name_table_resolve(h->table, h->now_us, &self);
    const MsNameTableEffect *fx = only_effect_since(h, mark, MS_NAME_TABLE_EFFECT_RESOLVED);
    CU_ASSERT_EQUAL(fx->resolved.source, MS_NAME_ANSWER_SELF);
    CU_ASSERT_EQUAL(fx->resolved.ip, NT_OUR_IP);

    MsName a = nt_name("A", 0x20), b = nt_name("B", 0x20), c = nt_name("C", 0x20);
    mark = nt_mark(h);
    ms_name_table_resolve(h->table, h->now_us, &a);
    ms_name_table_resolve(h->table, h->now_us, &a);
    ms_name_table_resolve(h->table, h->now_us, &b);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_SEND), 2);
    guint before_c = nt_mark(h);
    ms_name_table_resolve(h->table, h->now_us, &c);
    only_effect_since(h, before_c, MS_NAME_TABLE_EFFECT_UNRESOLVED);
    NtPacket answer = nt_pkt_query_response(nt_sent_trn(h, (gint)mark), &a, 0, NT_PEER_IP, 0);
    nt_send_pkt(h, &answer, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_RESOLVED), 2);
    nt_advance(h, NT_SEC);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_UNRESOLVED), 2); /* b, c */

    MsName scoped, star = nt_wildcard();
    CU_ASSERT_EQUAL(ms_name_init(&scoped, "A", 0x20, "other"), MS_OK);
    mark = nt_mark(h);
    ms_name_table_resolve(h->table, h->now_us, &scoped);
    ms_name_table_resolve(h->table, h->now_us, &star);
    CU_ASSERT_EQUAL(nt_count(h, mark, MS_NAME_TABLE_EFFECT_UNRESOLVED), 2);
    CU_ASSERT_EQUAL(nt_mark(h), mark + 2);
    nt_harness_free(h);
}

/* A broadcast release by the owner makes the cache forget the name (§5.1.1.5); a release
 * naming another address does not. A NAME UPDATE (overwrite) moves a cached name. */
static void
test_releases_and_updates_reach_the_cache(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H2", 0x20);
    ms_name_table_resolve(h->table, h->now_us, &name);
    NtPacket answer = nt_pkt_query_response(nt_sent_trn(h, 0), &name, 0, NT_PEER_IP, 0);
    nt_send_pkt(h, &answer, NT_PEER_IP, 137);

    NtPacket update = nt_pkt_overwrite(0x70, &name, 0, NT_THIRD_IP);
    nt_send_pkt(h, &update, NT_THIRD_IP, 137);
    guint32 ip = 0;
    CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &name, &ip, NULL));
    CU_ASSERT_EQUAL(ip, NT_THIRD_IP);

    NtPacket rel = nt_pkt_release(0x71, &name, 0, NT_PEER_IP, TRUE);
    nt_send_pkt(h, &rel, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_cache_lookup(h->table, h->now_us, &name, NULL, NULL));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->dropped[MS_NAME_TABLE_DROP_NOT_OURS], 1);
    rel = nt_pkt_release(0x72, &name, 0, NT_THIRD_IP, TRUE);
    nt_send_pkt(h, &rel, NT_THIRD_IP, 137);
    CU_ASSERT_FALSE(ms_name_table_cache_lookup(h->table, h->now_us, &name, NULL, NULL));
    nt_harness_free(h);
}

static CU_TestInfo tests[] = {
    {"resolve retries then fails", test_resolve_retries_then_fails},
    {"resolve answered and cached", test_resolve_answered_and_cached},
    {"cache expiry", test_cache_expiry},
    {"cache is bounded", test_cache_is_bounded},
    {"NBT-018 conflict demand to the later responder",
     test_nbt018_conflict_demand_to_later_responder},
    {"NBT-023 unsolicited responses", test_nbt023_unsolicited_responses},
    {"NBT-021 WACK extends a query", test_nbt021_wack_extends_a_query},
    {"resolve edge cases", test_resolve_edge_cases},
    {"releases and updates reach the cache", test_releases_and_updates_reach_the_cache},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name-table-resolve", tests);
}
