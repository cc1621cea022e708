/* Name-service packets: the codec side of NBT-006..NBT-024 (RFC 1002 §4.2). The behaviour
 * (when to send what) belongs to the name table; here every packet kind is built, checked
 * against the layouts of nbt.md §3.5 and decoded back. */
#include <libmailslot/ms-nbns.h>

#include <string.h>

#include "test-util.h"

#define IP(a, b, c, d) (((guint32)(a) << 24) | ((guint32)(b) << 16) | ((guint32)(c) << 8) | (d))

typedef struct {
    guint8 data[MS_NBNS_MAX_PACKET];
    gsize len;
} Packet;

static MsName
name_of(const char *text, guint8 suffix)
{
    MsName n;
    CU_ASSERT_EQUAL_FATAL(ms_name_init(&n, text, suffix, NULL), MS_OK);
    return n;
}

static MsNbnsPacket
decode_ok(const Packet *p)
{
    MsNbnsPacket out;
    g_autofree guint8 *exact = g_memdup2(p->data, p->len);
    CU_ASSERT_EQUAL_FATAL(ms_nbns_decode(exact, p->len, &out), MS_OK);
    /* rdata pointed into `exact`; point it into the caller's copy instead */
    if (out.has_answer && out.answer.rdata)
        out.answer.rdata = p->data + (out.answer.rdata - exact);
    if (out.has_additional && out.additional.rdata)
        out.additional.rdata = p->data + (out.additional.rdata - exact);
    return out;
}

/* Every strict prefix of a valid packet is refused with a status, never read past. */
static void
assert_every_truncation_refused(const Packet *p)
{
    for (gsize cut = 0; cut < p->len; cut++) {
        g_autofree guint8 *exact = g_memdup2(p->data, cut);
        MsNbnsPacket out;
        CU_ASSERT_NOT_EQUAL(ms_nbns_decode(exact, cut, &out), MS_OK);
    }
}

/* Re-encoding what was decoded gives the same bytes. */
static void
assert_reencodes(const Packet *p)
{
    MsNbnsPacket d = decode_ok(p);
    guint8 buf[MS_NBNS_MAX_PACKET];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_encode(&d, &w), MS_OK);
    TEST_ASSERT_BYTES_EQUAL(buf, w.len, p->data, p->len);
}

/* NBT-006: the registration example of nbt.md §3.5, byte for byte: flags 0x2910, QD=1,
 * AR=1, RR_NAME = C0 0C, TTL 0, RDLENGTH 6, NB_FLAGS 0 (unique, B), our address. */
static void
test_nbt006_broadcast_registration_layout(void)
{
    g_autoptr(GByteArray) expected = test_hex(
        "12 34 29 10 00 01 00 00 00 00 00 01 20 46 48 45"
        "50 46 43 45 4c 45 48 46 43 45 50 46 46 46 41 43"
        "41 43 41 43 41 43 41 43 41 43 41 42 4e 00 00 20"
        "00 01 c0 0c 00 20 00 01 00 00 00 00 00 06 00 00"
        "c0 a8 01 0a");
    MsName n = name_of("WORKGROUP", 0x1D);
    MsNbAddrEntry e = {MS_NB_ONT_B, IP(192, 168, 1, 10)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_registration(&w, 0x1234, &n, &e, 300000, TRUE), MS_OK);
    p.len = w.len;
    TEST_ASSERT_BYTES_EQUAL(p.data, p.len, expected->data, expected->len);

    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_FALSE(ms_nbns_is_response(&d));
    CU_ASSERT_EQUAL(ms_nbns_opcode(&d), MS_NBNS_OP_REGISTRATION);
    CU_ASSERT_TRUE(d.flags & MS_NBNS_FLAG_BROADCAST);
    CU_ASSERT_TRUE(d.has_question && d.has_additional && !d.has_answer);
    CU_ASSERT_TRUE(d.additional.name_is_question_pointer);
    CU_ASSERT_TRUE(ms_name_equal(&d.additional.name, &n));
    CU_ASSERT_EQUAL(d.additional.ttl, 0);
    MsNbAddrEntry got;
    CU_ASSERT_EQUAL(ms_nbns_nb_entry_count(&d.additional), 1);
    CU_ASSERT_TRUE(ms_nbns_nb_entry(&d.additional, 0, &got));
    CU_ASSERT_EQUAL(got.addr, IP(192, 168, 1, 10));
    CU_ASSERT_EQUAL(got.nb_flags, 0);
    assert_every_truncation_refused(&p);
    assert_reencodes(&p);
}

static void
test_group_registration_sets_g_and_unicast_keeps_ttl(void)
{
    MsName n = name_of("LABGRP", 0x1E);
    MsNbAddrEntry e = {MS_NB_FLAG_GROUP | MS_NB_ONT_H, IP(10, 0, 0, 1)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_registration(&w, 7, &n, &e, 300000, FALSE), MS_OK);
    p.len = w.len;
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x2900);
    CU_ASSERT_EQUAL(d.additional.ttl, 300000);
    MsNbAddrEntry got;
    ms_nbns_nb_entry(&d.additional, 0, &got);
    CU_ASSERT_EQUAL(got.nb_flags, 0xE000);
}

/* NBT-009: the negative registration response (ACT_ERR) example of nbt.md §3.5. */
static void
test_nbt009_defence_response_layout(void)
{
    g_autoptr(GByteArray) expected = test_hex(
        "12 34 ad 86 00 00 00 01 00 00 00 00 20 46 48 45"
        "50 46 43 45 4c 45 48 46 43 45 50 46 46 46 41 43"
        "41 43 41 43 41 43 41 43 41 43 41 42 4e 00 00 20"
        "00 01 00 00 00 00 00 06 00 00 c0 a8 01 14");
    MsName n = name_of("WORKGROUP", 0x1D);
    MsNbAddrEntry e = {0, IP(192, 168, 1, 20)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_registration_response(&w, 0x1234, MS_NBNS_RCODE_ACT_ERR, &n,
                                                        &e, 0),
                    MS_OK);
    p.len = w.len;
    TEST_ASSERT_BYTES_EQUAL(p.data, p.len, expected->data, expected->len);
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_TRUE(ms_nbns_is_response(&d));
    CU_ASSERT_EQUAL(ms_nbns_rcode(&d), MS_NBNS_RCODE_ACT_ERR);
    assert_every_truncation_refused(&p);
    assert_reencodes(&p);
}

/* NBT-018/019: the name conflict demand is a registration response with CFT_ERR, 0xAD87. */
static void
test_nbt018_conflict_demand(void)
{
    MsName n = name_of("H2", 0x00);
    MsNbAddrEntry e = {0, IP(10, 0, 0, 2)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_registration_response(&w, 9, MS_NBNS_RCODE_CFT_ERR, &n, &e, 0);
    p.len = w.len;
    CU_ASSERT_EQUAL(decode_ok(&p).flags, 0xAD87);
}

/* NBT-020: release 0x3010, TTL 0, our NB_FLAGS and address; responses 0xB40r. */
static void
test_nbt020_release(void)
{
    MsName n;
    ms_name_init_msbrowse(&n, NULL);
    MsNbAddrEntry e = {MS_NB_FLAG_GROUP, IP(10, 0, 0, 3)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_release(&w, 0x55, &n, &e, TRUE), MS_OK);
    p.len = w.len;
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x3010);
    CU_ASSERT_EQUAL(d.additional.ttl, 0);
    CU_ASSERT_TRUE(d.additional.name_is_question_pointer);
    assert_every_truncation_refused(&p);
    assert_reencodes(&p);

    w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_release_response(&w, 0x55, MS_NBNS_RCODE_OK, &n, &e);
    p.len = w.len;
    CU_ASSERT_EQUAL(decode_ok(&p).flags, 0xB400);
    w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_release_response(&w, 0x55, MS_NBNS_RCODE_ACT_ERR, &n, &e);
    p.len = w.len;
    CU_ASSERT_EQUAL(decode_ok(&p).flags, 0xB406);
}

static void
test_overwrite_and_refresh_requests(void)
{
    MsName n = name_of("H1", 0x20);
    MsNbAddrEntry e = {0, IP(10, 0, 0, 1)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_name_request(&w, MS_NBNS_OP_REGISTRATION, FALSE, 1, &n, &e, 0, TRUE);
    p.len = w.len;
    CU_ASSERT_EQUAL(decode_ok(&p).flags, 0x2810);
    w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_name_request(&w, MS_NBNS_OP_REFRESH, FALSE, 1, &n, &e, 300, FALSE);
    p.len = w.len;
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x4000);
    CU_ASSERT_EQUAL(d.additional.ttl, 300);
}

/* NBT-012/013: the query 0x0110 and positive response 0x8500 with RDLENGTH 6*n. */
static void
test_nbt012_query_and_positive_response(void)
{
    MsName n = name_of("LABGRP", 0x1D);
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_name_query(&w, 0x0102, &n, TRUE), MS_OK);
    p.len = w.len;
    CU_ASSERT_EQUAL(p.len, 50);
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x0110);
    CU_ASSERT_EQUAL(d.question_type, MS_NBNS_TYPE_NB);
    assert_every_truncation_refused(&p);
    assert_reencodes(&p);

    MsNbAddrEntry entries[3] = {{MS_NB_FLAG_GROUP, IP(10, 0, 0, 1)},
                                {MS_NB_FLAG_GROUP, IP(10, 0, 0, 2)},
                                {MS_NB_FLAG_GROUP, IP(10, 0, 0, 3)}};
    w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_query_response(&w, 0x0102, &n, entries, 3, 259200), MS_OK);
    p.len = w.len;
    d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x8500);
    CU_ASSERT_EQUAL(d.answer.rdlength, 18);
    CU_ASSERT_EQUAL(d.answer.ttl, 259200);
    CU_ASSERT_EQUAL(ms_nbns_nb_entry_count(&d.answer), 3);
    MsNbAddrEntry got;
    CU_ASSERT_TRUE(ms_nbns_nb_entry(&d.answer, 2, &got));
    CU_ASSERT_EQUAL(got.addr, IP(10, 0, 0, 3));
    CU_ASSERT_FALSE(ms_nbns_nb_entry(&d.answer, 3, &got));
    assert_every_truncation_refused(&p);
    assert_reencodes(&p);
}

static void
test_query_response_truncates_to_576_bytes(void)
{
    MsName n = name_of("BIGGROUP", 0x1E);
    MsNbAddrEntry entries[200];
    for (guint i = 0; i < G_N_ELEMENTS(entries); i++)
        entries[i] = (MsNbAddrEntry){MS_NB_FLAG_GROUP, IP(10, 0, i / 256, i % 256)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_query_response(&w, 1, &n, entries, 200, 0), MS_OK);
    p.len = w.len;
    CU_ASSERT_TRUE(p.len <= MS_NBNS_MAX_PACKET);
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_TRUE(d.flags & MS_NBNS_FLAG_TC);
    CU_ASSERT_EQUAL(ms_nbns_nb_entry_count(&d.answer), (576 - 12 - 34 - 10) / 6);
}

/* NBT-014: a negative query response is a NULL record, TTL 0, no RDATA. */
static void
test_nbt014_negative_query_response(void)
{
    MsName n = name_of("NOBODY", 0x20);
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_negative_query_response(&w, 3, MS_NBNS_RCODE_NAM_ERR, &n),
                    MS_OK);
    p.len = w.len;
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x8503);
    CU_ASSERT_EQUAL(d.answer.type, MS_NBNS_TYPE_NULL);
    CU_ASSERT_EQUAL(d.answer.rdlength, 0);
    CU_ASSERT_EQUAL(ms_nbns_nb_entry_count(&d.answer), 0);
    assert_reencodes(&p);
}

/* NBT-016: the node status request example of nbt.md §3.6, and a response with
 * RDLENGTH = 1 + 18n + 46, space-padded names and flags. */
static void
test_nbt016_node_status(void)
{
    g_autoptr(GByteArray) expected = test_hex(
        "00 42 00 00 00 01 00 00 00 00 00 00 20 43 4b 41"
        "41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41"
        "41 41 41 41 41 41 41 41 41 41 41 41 41 00 00 21"
        "00 01");
    MsName star = name_of("*", 0x00);
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_node_status_request(&w, 0x0042, &star, FALSE), MS_OK);
    p.len = w.len;
    TEST_ASSERT_BYTES_EQUAL(p.data, p.len, expected->data, expected->len);
    CU_ASSERT_EQUAL(decode_ok(&p).question_type, MS_NBNS_TYPE_NBSTAT);

    MsNodeStatus st = {0};
    const struct {
        const char *name;
        guint8 suffix;
        guint16 flags;
    } names[] = {{"H1", 0x00, MS_NAME_FLAG_ACT},
                 {"H1", 0x20, MS_NAME_FLAG_ACT},
                 {"LABGRP", 0x1E, MS_NB_FLAG_GROUP | MS_NAME_FLAG_ACT}};
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        MsName n = name_of(names[i].name, names[i].suffix);
        memcpy(st.names[i].name, n.bytes, MS_NAME_LEN);
        st.names[i].flags = names[i].flags;
    }
    st.num_names = G_N_ELEMENTS(names);
    w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_node_status_response(&w, 0x0042, &star, &st), MS_OK);
    p.len = w.len;
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0x8400);
    CU_ASSERT_EQUAL(d.answer.type, MS_NBNS_TYPE_NBSTAT);
    CU_ASSERT_EQUAL(d.answer.ttl, 0);
    CU_ASSERT_EQUAL(d.answer.rdlength, 1 + 18 * 3 + 46);
    static MsNodeStatus back;
    CU_ASSERT_EQUAL(ms_node_status_parse(d.answer.rdata, d.answer.rdlength, &back), MS_OK);
    CU_ASSERT_EQUAL(back.num_names, 3);
    CU_ASSERT_EQUAL(memcmp(back.names[2].name, "LABGRP         \x1e", 16), 0);
    CU_ASSERT_EQUAL(back.names[2].flags, 0x8400);
    assert_every_truncation_refused(&p);
    assert_reencodes(&p);
}

/* NBT-017: a node status response never exceeds 576 bytes; TC marks the cut. */
static void
test_nbt017_node_status_fits_576(void)
{
    static MsNodeStatus st;
    memset(&st, 0, sizeof st);
    st.num_names = 40;
    for (guint i = 0; i < st.num_names; i++) {
        g_autofree char *text = g_strdup_printf("NAME%u", i);
        MsName n = name_of(text, 0x20);
        memcpy(st.names[i].name, n.bytes, MS_NAME_LEN);
        st.names[i].flags = MS_NAME_FLAG_ACT;
    }
    MsName star = name_of("*", 0);
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_node_status_response(&w, 1, &star, &st), MS_OK);
    p.len = w.len;
    CU_ASSERT_TRUE(p.len <= 576);
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_TRUE(d.flags & MS_NBNS_FLAG_TC);
    static MsNodeStatus back;
    ms_node_status_parse(d.answer.rdata, d.answer.rdlength, &back);
    CU_ASSERT_EQUAL(back.num_names, (576 - 12 - 34 - 10 - 47) / 18);
}

static void
test_node_status_parse_bounds(void)
{
    static MsNodeStatus st;
    guint8 rdata[1 + 18 * 2 + 46] = {2};
    CU_ASSERT_EQUAL(ms_node_status_parse(rdata, sizeof rdata, &st), MS_OK);
    /* statistics cut short are tolerated, names are not */
    CU_ASSERT_EQUAL(ms_node_status_parse(rdata, 1 + 36, &st), MS_OK);
    CU_ASSERT_EQUAL(ms_node_status_parse(rdata, 1 + 35, &st), MS_ERR_TRUNCATED);
    CU_ASSERT_EQUAL(ms_node_status_parse(rdata, 0, &st), MS_ERR_TRUNCATED);
}

/* NBT-021: a WACK carries the seconds to wait as TTL and echoes the request's flags. */
static void
test_nbt021_wack(void)
{
    MsName n = name_of("H1", 0x00);
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    CU_ASSERT_EQUAL(ms_nbns_build_wack(&w, 77, &n, 10, 0x2910), MS_OK);
    p.len = w.len;
    MsNbnsPacket d = decode_ok(&p);
    CU_ASSERT_EQUAL(d.flags, 0xBC00);
    CU_ASSERT_EQUAL(ms_nbns_opcode(&d), MS_NBNS_OP_WACK);
    CU_ASSERT_EQUAL(d.answer.ttl, 10);
    CU_ASSERT_EQUAL(d.answer.rdlength, 2);
    CU_ASSERT_EQUAL((d.answer.rdata[0] << 8) | d.answer.rdata[1], 0x2910);
    assert_reencodes(&p);
}

/* NBT-023: unknown opcodes and malformed headers are refused by the decoder. */
static void
test_nbt023_bad_headers(void)
{
    MsName n = name_of("H1", 0x00);
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_name_query(&w, 1, &n, TRUE);
    p.len = w.len;
    MsNbnsPacket d;

    static const guint bad_opcodes[] = {1, 2, 3, 4, 10, 11, 12, 13, 14};
    for (gsize i = 0; i < G_N_ELEMENTS(bad_opcodes); i++) {
        Packet q = p;
        q.data[2] = (guint8)((q.data[2] & 0x87) | (bad_opcodes[i] << 3));
        CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_BAD_HEADER);
    }
    Packet q = p;
    q.data[3] |= 0x20; /* a must-be-zero bit */
    CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_BAD_HEADER);
    q = p;
    q.data[5] = 2; /* two questions */
    CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_UNSUPPORTED);
    q = p;
    q.data[9] = 1; /* an authority record */
    CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_UNSUPPORTED);
    q = p;
    q.data[47] = 0x01; /* question type A */
    CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_UNSUPPORTED);
    q = p;
    q.data[49] = 0x03; /* class CHAOS */
    CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_UNSUPPORTED);
}

/* Corrupting the length fields: counts, RDLENGTH, the label length. */
static void
test_corrupted_length_fields(void)
{
    MsName n = name_of("WORKGROUP", 0x1D);
    MsNbAddrEntry e = {0, IP(10, 0, 0, 1)};
    Packet p;
    MsWriter w = ms_writer_init(p.data, sizeof p.data);
    ms_nbns_build_registration(&w, 1, &n, &e, 0, TRUE);
    p.len = w.len;
    MsNbnsPacket d;
    gsize rdlength_at = p.len - 8;
    for (guint v = 0; v <= 0xFF; v++) {
        Packet q = p;
        q.data[rdlength_at + 1] = (guint8)v;
        MsStatus expected = v > 6 ? MS_ERR_TRUNCATED : v % 6 ? MS_ERR_BAD_LENGTH : MS_OK;
        CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), expected);
    }
    Packet q = p;
    q.data[rdlength_at] = 0xFF;
    CU_ASSERT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_ERR_TRUNCATED);
    q = p;
    q.data[7] = 1; /* an answer that is not there */
    CU_ASSERT_NOT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_OK);
    q = p;
    q.data[12] = 0x21;
    CU_ASSERT_NOT_EQUAL(ms_nbns_decode(q.data, q.len, &d), MS_OK);
    /* any single byte set to 0x00 or 0xFF: a status, never a crash, and what still decodes
     * still encodes */
    for (gsize i = 0; i < p.len; i++) {
        for (guint v = 0; v <= 0xFF; v += 0xFF) {
            q = p;
            q.data[i] = (guint8)v;
            g_autofree guint8 *exact = g_memdup2(q.data, q.len);
            if (ms_nbns_decode(exact, q.len, &d) == MS_OK) {
                guint8 buf[MS_NBNS_MAX_PACKET];
                MsWriter ww = ms_writer_init(buf, sizeof buf);
                CU_ASSERT_EQUAL(ms_nbns_encode(&d, &ww), MS_OK);
            }
        }
    }
}

static void
test_encoder_reports_no_space(void)
{
    MsName n = name_of("H1", 0x00);
    guint8 buf[20];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL(ms_nbns_build_name_query(&w, 1, &n, TRUE), MS_ERR_NO_SPACE);
    CU_ASSERT_EQUAL(ms_nbns_build_query_response(&w, 1, &n, NULL, 0, 0), MS_ERR_INVALID_ARG);
}

static CU_TestInfo tests[] = {
    {"NBT-006 broadcast registration layout", test_nbt006_broadcast_registration_layout},
    {"group registration and unicast TTL", test_group_registration_sets_g_and_unicast_keeps_ttl},
    {"NBT-009 defence response layout", test_nbt009_defence_response_layout},
    {"NBT-018 conflict demand", test_nbt018_conflict_demand},
    {"NBT-020 release", test_nbt020_release},
    {"overwrite and refresh", test_overwrite_and_refresh_requests},
    {"NBT-012 query and positive response", test_nbt012_query_and_positive_response},
    {"query response fits 576 bytes", test_query_response_truncates_to_576_bytes},
    {"NBT-014 negative query response", test_nbt014_negative_query_response},
    {"NBT-016 node status", test_nbt016_node_status},
    {"NBT-017 node status fits 576 bytes", test_nbt017_node_status_fits_576},
    {"node status parse bounds", test_node_status_parse_bounds},
    {"NBT-021 WACK", test_nbt021_wack},
    {"NBT-023 bad headers", test_nbt023_bad_headers},
    {"corrupted length fields", test_corrupted_length_fields},
    {"encoder reports no space", test_encoder_reports_no_space},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-nbns", tests);
}
