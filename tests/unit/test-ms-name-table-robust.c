/* Bad and unwanted input is a counter, never a state change (RFC 1002 §4.1, §4.2.1,
 * §5.1.1.5): malformed names, other scopes, label pointers, unknown opcodes, truncation at
 * every offset. Also the config checks, the strings and determinism.
 * NBT-003, NBT-004, NBT-005, NBT-023. */
#include <string.h>

#include "name-table-harness.h"

/* A table holding H1<20> (unique) and LABGRP<1E> (group). */
static NtHarness *
holding_harness(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName server = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x1E);
    nt_hold(h, &server, FALSE);
    nt_hold(h, &group, TRUE);
    return h;
}

static void
assert_malformed(NtHarness *h, const guint8 *buf, gsize len, MsStatus why)
{
    NtSnapshot before;
    nt_snapshot(h, &before);
    nt_deliver(h, buf, len, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_MALFORMED));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->decode_errors[why],
                    before.counters.decode_errors[why] + 1);
}

/* NBT-003: a first label other than 32, a character outside A-P, a name beyond 255 bytes:
 * dropped as malformed, no reply, no state change. */
static void
test_nbt003_bad_names_dropped(void)
{
    NtHarness *h = holding_harness();
    MsName server = nt_name("H1", 0x20);
    NtPacket q = nt_pkt_query(0x10, &server, TRUE);

    NtPacket bad = q;
    bad.data[12] = 31; /* first label length */
    assert_malformed(h, bad.data, bad.len, MS_ERR_BAD_LABEL);
    bad = q;
    bad.data[13] = 'Q'; /* outside A..P */
    assert_malformed(h, bad.data, bad.len, MS_ERR_BAD_LABEL);

    /* 34 bytes of name, then scope labels of 63 until past 255 bytes. */
    GByteArray *big = g_byte_array_new();
    g_byte_array_append(big, q.data, 12 + 33);
    for (guint l = 0; l < 4; l++) {
        guint8 len = 63;
        g_byte_array_append(big, &len, 1);
        for (guint i = 0; i < 63; i++) {
            guint8 c = 'a';
            g_byte_array_append(big, &c, 1);
        }
    }
    static const guint8 tail[] = {0x00, 0x00, 0x20, 0x00, 0x01};
    g_byte_array_append(big, tail, sizeof tail);
    assert_malformed(h, big->data, big->len, MS_ERR_NAME_TOO_LONG);
    g_byte_array_free(big, TRUE);
    nt_harness_free(h);
}

/* NBT-004: a query, a registration, a node status request or a conflict demand for a name
 * of another scope gets nothing and changes nothing, whatever its first 16 bytes. */
static void
test_nbt004_other_scope_dropped(void)
{
    NtHarness *h = holding_harness();
    MsName scoped, star_scoped;
    CU_ASSERT_EQUAL(ms_name_init(&scoped, "H1", 0x20, "other.scope"), MS_OK);
    CU_ASSERT_EQUAL(ms_name_init(&star_scoped, "*", 0x00, "other.scope"), MS_OK);
    NtPacket pkts[] = {
        nt_pkt_query(1, &scoped, TRUE),
        nt_pkt_registration(2, &scoped, 0, NT_PEER_IP, TRUE),
        nt_pkt_status_request(3, &star_scoped, FALSE),
        nt_pkt_registration_response(4, MS_NBNS_RCODE_CFT_ERR, &scoped, 0, NT_OUR_IP),
        nt_pkt_release(5, &scoped, 0, NT_PEER_IP, TRUE),
    };
    for (guint i = 0; i < G_N_ELEMENTS(pkts); i++) {
        NtSnapshot before;
        nt_snapshot(h, &before);
        nt_send_pkt(h, &pkts[i], NT_PEER_IP, 137);
        CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_SCOPE));
    }
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &scoped) == FALSE);
    MsName server = nt_name("H1", 0x20);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &server));
    nt_harness_free(h);
}

/* NBT-005: label pointers are followed wherever a name may be (here the additional record
 * of a claim, as C0 0C, and a full name there too); a pointer to itself or forward is
 * dropped without a crash. */
static void
test_nbt005_label_pointers(void)
{
    NtHarness *h = holding_harness();
    MsName server = nt_name("H1", 0x20);
    guint mark = nt_mark(h);
    NtPacket claim = nt_pkt_registration(0x20, &server, 0, NT_PEER_IP, TRUE);
    CU_ASSERT_EQUAL(claim.data[12 + 34 + 4], 0xC0);
    nt_send_pkt(h, &claim, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1); /* defended: the pointer was followed */

    /* The same claim with the additional name spelled out in full. */
    NtPacket full;
    gsize q_end = 12 + 34 + 4;
    memcpy(full.data, claim.data, q_end);
    memcpy(full.data + q_end, claim.data + 12, 34);
    memcpy(full.data + q_end + 34, claim.data + q_end + 2, claim.len - q_end - 2);
    full.len = claim.len + 32;
    nt_send_pkt(h, &full, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_mark(h), mark + 2);

    /* A question that is a pointer to itself, and one pointing forward. */
    NtPacket q = nt_pkt_query(0x21, &server, TRUE);
    NtPacket looped;
    memcpy(looped.data, q.data, 12);
    looped.data[12] = 0xC0;
    looped.data[13] = 0x0C;
    memcpy(looped.data + 14, q.data + 12 + 34, 4);
    looped.len = 18;
    NtSnapshot before;
    nt_snapshot(h, &before);
    nt_send_pkt(h, &looped, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_MALFORMED));
    looped.data[13] = 0x20;
    nt_snapshot(h, &before);
    nt_send_pkt(h, &looped, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_MALFORMED));
    nt_harness_free(h);
}

/* NBT-023: unknown opcodes, operations a B-node does not serve and responses nobody asked
 * for are dropped silently, each under its reason. */
static void
test_nbt023_unknown_and_unwanted(void)
{
    NtHarness *h = holding_harness();
    MsName server = nt_name("H1", 0x20), group = nt_name(NT_GROUP, 0x1E);
    NtSnapshot before;

    NtPacket q = nt_pkt_query(0x30, &server, TRUE);
    NtPacket unknown = q;
    nt_pkt_set_flags(&unknown, (guint16)((3u << 11) | MS_NBNS_FLAG_BROADCAST)); /* opcode 3 */
    nt_snapshot(h, &before);
    nt_send_pkt(h, &unknown, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_MALFORMED));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->decode_errors[MS_ERR_BAD_HEADER], 1);

    struct {
        NtPacket p;
        guint16 flags; /* replaces the packet's flags word when not 0 */
        MsNameTableDropReason why;
    } cases[] = {
        /* Microsoft's multihomed registration is for WINS; opcode 7 is a response. */
        {nt_pkt_registration(0x31, &server, 0, NT_PEER_IP, TRUE), 0x7910,
         MS_NAME_TABLE_DROP_OPCODE},
        {nt_pkt_registration(0x32, &server, 0, NT_PEER_IP, TRUE), 0x3810,
         MS_NAME_TABLE_DROP_OPCODE},
        /* Responses to nothing we asked. */
        {nt_pkt_registration_response(0x33, MS_NBNS_RCODE_OK, &server, 0, NT_PEER_IP), 0,
         MS_NAME_TABLE_DROP_UNSOLICITED},
        {nt_pkt_registration_response(0x34, MS_NBNS_RCODE_ACT_ERR, &group, 0, NT_PEER_IP), 0,
         MS_NAME_TABLE_DROP_UNSOLICITED},
        {nt_pkt_release_response(0x35, MS_NBNS_RCODE_OK, &server, 0, NT_PEER_IP), 0,
         MS_NAME_TABLE_DROP_UNSOLICITED},
        {nt_pkt_registration_response(0x36, MS_NBNS_RCODE_OK, &server, 0, NT_PEER_IP), 0xC400,
         MS_NAME_TABLE_DROP_UNSOLICITED},
        {nt_pkt_query_response(0x37, &server, 0, NT_PEER_IP, 0), 0, MS_NAME_TABLE_DROP_UNSOLICITED},
        {nt_pkt_wack(0x38, &server, 5), 0, MS_NAME_TABLE_DROP_UNSOLICITED},
        /* Decodable, but without the part their kind needs. */
        {nt_pkt_query(0x39, &server, TRUE), 0x8510, MS_NAME_TABLE_DROP_INCOMPLETE},
        {nt_pkt_query_response(0x3A, &server, 0, NT_PEER_IP, 0), 0x0110,
         MS_NAME_TABLE_DROP_INCOMPLETE},
        {nt_pkt_query(0x3B, &server, TRUE), 0x2910, MS_NAME_TABLE_DROP_INCOMPLETE},
        {nt_pkt_query(0x3C, &server, TRUE), 0x3010, MS_NAME_TABLE_DROP_INCOMPLETE},
    };
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (cases[i].flags)
            nt_pkt_set_flags(&cases[i].p, cases[i].flags);
        nt_snapshot(h, &before);
        nt_send_pkt(h, &cases[i].p, NT_PEER_IP, 137);
        if (!nt_only_dropped(h, &before, cases[i].why))
            CU_FAIL("case not dropped as expected");
    }
    nt_harness_free(h);
}

/* Every strict prefix of every packet kind is refused by the decoder: a MALFORMED drop,
 * nothing else, and never a read past the end (the harness hands in exact copies). */
static void
test_truncation_at_every_offset(void)
{
    NtHarness *h = holding_harness();
    MsName server = nt_name("H1", 0x20), star = nt_wildcard();
    NtPacket pkts[] = {
        nt_pkt_registration(1, &server, 0, NT_PEER_IP, TRUE),
        nt_pkt_query(2, &server, TRUE),
        nt_pkt_status_request(3, &star, FALSE),
        nt_pkt_registration_response(4, MS_NBNS_RCODE_CFT_ERR, &server, 0, NT_OUR_IP),
        nt_pkt_release(5, &server, 0, NT_PEER_IP, TRUE),
        nt_pkt_query_response(6, &server, 0, NT_PEER_IP, 0),
        nt_pkt_wack(7, &server, 5),
    };
    for (guint i = 0; i < G_N_ELEMENTS(pkts); i++) {
        for (gsize cut = 0; cut < pkts[i].len; cut++) {
            NtSnapshot before;
            nt_snapshot(h, &before);
            nt_deliver(h, pkts[i].data, cut, NT_PEER_IP, 137);
            if (!nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_MALFORMED)) {
                CU_FAIL("a truncated packet did more than a drop");
                break;
            }
        }
    }
    nt_deliver(h, NULL, 0, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(ms_name_table_is_held(h->table, &server));
    nt_harness_free(h);
}

/* Same seed, same calls: the same effects at the same times. */
static void
test_determinism(void)
{
    NtHarness *runs[2];
    for (guint r = 0; r < 2; r++) {
        NtHarness *h = nt_harness_new(NULL);
        MsName a = nt_name("H1", 0x00), b = nt_name(NT_GROUP, 0x1E), c = nt_name("H2", 0x20);
        ms_name_table_register(h->table, h->now_us, &a, FALSE);
        nt_advance(h, 100 * NT_MS);
        ms_name_table_register(h->table, h->now_us, &b, TRUE);
        ms_name_table_resolve(h->table, h->now_us, &c);
        nt_advance(h, 2 * NT_SEC);
        ms_name_table_release_all(h->table, h->now_us);
        runs[r] = h;
    }
    CU_ASSERT_EQUAL_FATAL(nt_mark(runs[0]), nt_mark(runs[1]));
    for (guint i = 0; i < nt_mark(runs[0]); i++) {
        const NtRecorded *x = nt_effect(runs[0], i), *y = nt_effect(runs[1], i);
        CU_ASSERT_EQUAL(x->at_us, y->at_us);
        CU_ASSERT_TRUE(nt_effect_equal(&x->effect, &y->effect));
    }
    nt_harness_free(runs[0]);
    nt_harness_free(runs[1]);
}

static void
ignore_effect(const MsNameTableEffect *effect, gpointer user_data)
{
    (void)effect;
    (void)user_data;
}

/* A config without an address, with a bad scope, without retries or with more names than
 * a node status can list is refused. */
static void
test_config_is_checked(void)
{
    MsNameTableConfig cfg;
    for (guint k = 0; k < 5; k++) {
        nt_config_init(&cfg);
        switch (k) {
        case 0:
            cfg.n_addresses = 0;
            break;
        case 1:
            g_strlcpy(cfg.scope, "bad..scope", sizeof cfg.scope);
            break;
        case 2:
            cfg.timing.retry_count = 0;
            break;
        case 3:
            cfg.max_names = MS_NAME_TABLE_MAX_NAMES + 1;
            break;
        case 4:
            cfg.n_addresses = MS_NAME_TABLE_MAX_ADDRESSES + 1;
            break;
        }
        MsNameTable *t = ms_name_table_new(&cfg, ignore_effect, NULL);
        CU_ASSERT_PTR_NULL(t);
        ms_name_table_free(t);
    }
    nt_config_init(&cfg);
    cfg.max_names = MS_NAME_TABLE_MAX_NAMES;
    NtHarness *h = nt_harness_new(&cfg);
    CU_ASSERT_EQUAL(ms_name_table_config(h->table)->max_names, MS_NAME_TABLE_MAX_NAMES);
    nt_harness_free(h);
}

/* Every drop reason, effect kind and state has its own name. */
static void
test_strings(void)
{
    for (guint r = 0; r < MS_NAME_TABLE_DROP_REASON_COUNT; r++) {
        const char *s = ms_name_table_drop_reason_to_string((MsNameTableDropReason)r);
        CU_ASSERT_STRING_NOT_EQUAL(s, "unknown");
        for (guint o = 0; o < r; o++)
            CU_ASSERT_STRING_NOT_EQUAL(
                s, ms_name_table_drop_reason_to_string((MsNameTableDropReason)o));
    }
    CU_ASSERT_STRING_EQUAL(ms_name_table_drop_reason_to_string(MS_NAME_TABLE_DROP_REASON_COUNT),
                           "unknown");
    for (guint k = 0; k <= MS_NAME_TABLE_EFFECT_UNRESOLVED; k++)
        CU_ASSERT_STRING_NOT_EQUAL(ms_name_table_effect_kind_to_string((MsNameTableEffectKind)k),
                                   "unknown");
    for (guint k = 0; k <= MS_NAME_STATE_RELEASING; k++)
        CU_ASSERT_STRING_NOT_EQUAL(ms_name_state_to_string((MsNameState)k), "unknown");
}

static CU_TestInfo tests[] = {
    {"NBT-003 bad names dropped", test_nbt003_bad_names_dropped},
    {"NBT-004 other scope dropped", test_nbt004_other_scope_dropped},
    {"NBT-005 label pointers", test_nbt005_label_pointers},
    {"NBT-023 unknown and unwanted", test_nbt023_unknown_and_unwanted},
    {"truncation at every offset", test_truncation_at_every_offset},
    {"determinism", test_determinism},
    {"config is checked", test_config_is_checked},
    {"strings", test_strings},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name-table-robust", tests);
}
