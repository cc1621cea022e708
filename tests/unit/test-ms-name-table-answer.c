/* Answers about our names (RFC 1002 §5.1.1.5): name queries and node status, each sent to
 * the request's source address and port. NBT-012 .. NBT-017, NBT-022; Samba's answers in
 * the captures for comparison. */
#include <string.h>

#include "name-table-harness.h"

/* H1's names in the captures, registered in Samba's order. */
static void
hold_samba_names(NtHarness *h)
{
    MsName msbrowse = nt_msbrowse();
    MsName unique[] = {nt_name("H1", 0x20), nt_name("H1", 0x03), nt_name("H1", 0x00),
                       nt_name(NT_GROUP, 0x1D)};
    MsName groups[] = {nt_name(NT_GROUP, 0x00), nt_name(NT_GROUP, 0x1E)};
    for (guint i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &unique[i], FALSE), MS_OK);
    for (guint i = 0; i < G_N_ELEMENTS(groups); i++)
        CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &groups[i], TRUE), MS_OK);
    nt_advance(h, NT_SEC);
    nt_hold(h, &msbrowse, TRUE);
    nt_hold(h, &unique[3], FALSE);
}

/* A captured request delivered from where it came, and the capture's answer to it. */
static NtPacket
deliver_captured(NtHarness *h, const char *capture, guint request, guint answer, guint32 *answer_ip,
                 guint16 *answer_port)
{
    gsize len;
    guint32 src;
    guint16 port;
    g_autofree guint8 *req = nt_capture_frame(capture, request, &len, &src, &port);
    nt_deliver(h, req, len, src, port);
    *answer_ip = src;
    *answer_port = port;
    g_autofree guint8 *ans = nt_capture_frame(capture, answer, &len, NULL, NULL);
    NtPacket p;
    CU_ASSERT_FATAL(len <= sizeof p.data);
    memcpy(p.data, ans, len);
    p.len = len;
    return p;
}

/* NBT-012: a broadcast query (0x0110) for a name we hold gets a positive response unicast
 * to the source: 0x8500, NB IN, our TTL, RDLENGTH 6, NB_FLAGS and our address. */
static void
test_nbt012_query_answered(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20);
    nt_hold(h, &name, FALSE);
    guint mark = nt_mark(h);
    NtPacket q = nt_pkt_query(0x7883, &name, TRUE);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    NtPacket want = nt_pkt_query_response(0x7883, &name, 0, NT_OUR_IP, MS_NBNS_DEFAULT_TTL);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, NT_PEER_IP, 137));
    MsNbnsPacket p = nt_sent_packet(h, mark);
    CU_ASSERT_EQUAL(p.flags, 0x8500);
    CU_ASSERT_EQUAL(p.answer.type, MS_NBNS_TYPE_NB);
    CU_ASSERT_EQUAL(p.answer.rdlength, 6);
    CU_ASSERT_EQUAL(p.answer.ttl, MS_NBNS_DEFAULT_TTL);
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->queries_answered, 1);
    nt_harness_free(h);
}

/* NBT-012, NBT-022: smbclient's query for H1<20> from port 35468 (smb-netserverenum2,
 * frame 1) and Samba's answer (frame 2): ours goes to the same place with the same bytes,
 * but for RA, which Samba sets (0x8580) and RFC 1002 §4.2.13 does not (0x8500). */
static void
test_nbt012_answers_as_samba(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20);
    nt_hold(h, &name, FALSE);
    guint mark = nt_mark(h);
    guint32 ip;
    guint16 port;
    NtPacket samba = deliver_captured(h, "smb-netserverenum2", 1, 2, &ip, &port);
    CU_ASSERT_EQUAL(port, 35468);
    CU_ASSERT_EQUAL(samba.data[3], 0x80);
    samba.data[3] = 0x00;
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &samba, ip, port));
    nt_harness_free(h);
}

/* NBT-013: a broadcast query for a name we do not hold gets nothing, not even NAM_ERR. */
static void
test_nbt013_unknown_broadcast_query_silent(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName ours = nt_name("H1", 0x20), theirs = nt_name(NT_GROUP, 0x1D);
    nt_hold(h, &ours, FALSE);
    NtSnapshot before;
    nt_snapshot(h, &before);
    NtPacket q = nt_pkt_query(0x10, &theirs, TRUE);
    nt_send_pkt(h, &q, NT_PEER_IP, 54209);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    nt_harness_free(h);
}

/* NBT-014: a unicast query for a name we do not hold gets NAM_ERR with a NULL record
 * (0x8503) unless it asks for recursion, which Samba leaves unanswered. */
static void
test_nbt014_unicast_unknown_query(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName theirs = nt_name("H9", 0x20);
    NtPacket q = nt_pkt_query(0x20, &theirs, FALSE);
    nt_pkt_set_flags(&q, 0x0000); /* no RD */
    nt_send_pkt(h, &q, NT_PEER_IP, 40001);
    NtPacket want = nt_pkt_negative_query_response(0x20, &theirs);
    CU_ASSERT_TRUE(nt_sent_is(h, 0, &want, NT_PEER_IP, 40001));
    MsNbnsPacket p = nt_sent_packet(h, 0);
    CU_ASSERT_EQUAL(p.flags, 0x8503);
    CU_ASSERT_EQUAL(p.answer.type, MS_NBNS_TYPE_NULL);
    CU_ASSERT_EQUAL(p.answer.rdlength, 0);

    NtSnapshot before;
    nt_snapshot(h, &before);
    q = nt_pkt_query(0x21, &theirs, FALSE); /* 0x0100: RD set */
    nt_send_pkt(h, &q, NT_PEER_IP, 40001);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->negative_answers, 1);
    nt_harness_free(h);
}

/* NBT-015: queries for our group names are answered with our own address and G set;
 * nmbd-lmb-startup frames 67/68: a query for __MSBROWSE__ answered so by Samba. */
static void
test_nbt015_group_names_answered(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName group = nt_name(NT_GROUP, 0x1E);
    nt_hold(h, &group, TRUE);
    MsName msbrowse = nt_msbrowse();
    nt_hold(h, &msbrowse, TRUE);
    guint mark = nt_mark(h);
    NtPacket q = nt_pkt_query(0x30, &group, TRUE);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    NtPacket want =
        nt_pkt_query_response(0x30, &group, MS_NB_FLAG_GROUP, NT_OUR_IP, MS_NBNS_DEFAULT_TTL);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &want, NT_PEER_IP, 137));

    guint32 ip;
    guint16 port;
    NtPacket samba = deliver_captured(h, "nmbd-lmb-startup", 67, 68, &ip, &port);
    samba.data[3] &= (guint8)~0x80; /* RA, as above */
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 1, &samba, ip, port));
    nt_harness_free(h);
}

/* A name being registered is not answered yet (nor listed); it is once held. */
static void
test_registering_names_not_answered(void)
{
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x20);
    ms_name_table_register(h->table, h->now_us, &name, FALSE);
    NtPacket q = nt_pkt_query(0x40, &name, TRUE);
    NtPacket status = nt_pkt_status_request(0x41, &name, FALSE);
    NtSnapshot before;
    nt_snapshot(h, &before);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    nt_snapshot(h, &before);
    nt_send_pkt(h, &status, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    CU_ASSERT_EQUAL(nt_mark(h), 1);
    nt_advance(h, NT_SEC);
    guint mark = nt_mark(h);
    nt_send_pkt(h, &q, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL(nt_mark(h), mark + 1);
    nt_harness_free(h);
}

/* NBT-016: the node status answer to "*" is Samba's, byte for byte: nmbd-lmb-startup
 * frame 65 asks H1, frame 66 answers with 0x8400, seven names (H1's first, then by bytes),
 * ACT on each and G on the groups, 46 zero bytes of statistics: RDLENGTH 1 + 18n + 46. */
static void
test_nbt016_node_status_as_samba(void)
{
    NtHarness *h = nt_harness_new(NULL);
    hold_samba_names(h);
    guint mark = nt_mark(h);
    guint32 ip;
    guint16 port;
    NtPacket samba = deliver_captured(h, "nmbd-lmb-startup", 65, 66, &ip, &port);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark, &samba, ip, port));
    MsNbnsPacket p = nt_sent_packet(h, mark);
    CU_ASSERT_EQUAL(p.flags, 0x8400);
    CU_ASSERT_EQUAL(p.answer.type, MS_NBNS_TYPE_NBSTAT);
    CU_ASSERT_EQUAL(p.answer.rdlength, 1 + 18 * 7 + 46);
    MsNodeStatus st;
    CU_ASSERT_EQUAL(ms_node_status_parse(p.answer.rdata, p.answer.rdlength, &st), MS_OK);
    CU_ASSERT_EQUAL(st.num_names, 7);
    for (guint i = 0; i < st.num_names; i++) {
        CU_ASSERT_TRUE(st.names[i].flags & MS_NAME_FLAG_ACT);
        CU_ASSERT_EQUAL(st.names[i].flags & ~(MS_NB_FLAG_GROUP | MS_NAME_FLAG_ACT), 0);
    }
    static const guint8 zeros[MS_NODE_STATUS_STATS_LEN];
    CU_ASSERT_EQUAL(memcmp(st.statistics, zeros, sizeof zeros), 0); /* MAC zero */
    CU_ASSERT_EQUAL(ms_name_table_counters(h->table)->status_answered, 1);
    nt_harness_free(h);
}

/* NBT-016: asked by one of our names (not only "*"), broadcast or not, the same list;
 * asked by a name we do not hold, nothing. Samba answers a broadcast status request (B set,
 * nmbd-lmb-startup frame 71) too. */
static void
test_nbt016_node_status_questions(void)
{
    NtHarness *h = nt_harness_new(NULL);
    hold_samba_names(h);
    guint mark = nt_mark(h);
    MsName ours = nt_name("H1", 0x20), theirs = nt_name("H2", 0x20), star = nt_wildcard();
    NtPacket req = nt_pkt_status_request(0x50, &ours, FALSE);
    nt_send_pkt(h, &req, NT_PEER_IP, 51000);
    req = nt_pkt_status_request(0x51, &star, TRUE);
    nt_send_pkt(h, &req, NT_PEER_IP, 51001);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 2);
    MsNbnsPacket a = nt_sent_packet(h, mark), b = nt_sent_packet(h, mark + 1);
    CU_ASSERT_TRUE(ms_name_equal(&a.answer.name, &ours));
    CU_ASSERT_EQUAL(a.answer.rdlength, b.answer.rdlength);
    CU_ASSERT_EQUAL(memcmp(a.answer.rdata, b.answer.rdata, a.answer.rdlength), 0);
    CU_ASSERT_EQUAL(nt_effect(h, mark + 1)->effect.send.port, 51001);

    guint32 ip;
    guint16 port;
    NtPacket samba = deliver_captured(h, "nmbd-lmb-startup", 71, 72, &ip, &port);
    CU_ASSERT_TRUE(nt_sent_is(h, (gint)mark + 2, &samba, ip, port));

    NtSnapshot before;
    nt_snapshot(h, &before);
    req = nt_pkt_status_request(0x52, &theirs, FALSE);
    nt_send_pkt(h, &req, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_NOT_OURS));
    nt_harness_free(h);
}

/* NBT-017: a long list is cut to fit 576 bytes and marked TC; only names of our scope are
 * ever listed, and a request from another scope gets nothing (NBT-004). */
static void
test_nbt017_node_status_fits_576(void)
{
    MsNameTableConfig cfg;
    nt_config_init(&cfg);
    g_strlcpy(cfg.scope, "corp.example", sizeof cfg.scope);
    NtHarness *h = nt_harness_new(&cfg);
    for (guint i = 0; i < 40; i++) {
        char text[16];
        g_snprintf(text, sizeof text, "NAME%02u", i);
        MsName n;
        CU_ASSERT_EQUAL(ms_name_init(&n, text, 0x20, "corp.example"), MS_OK);
        CU_ASSERT_EQUAL(ms_name_table_register(h->table, h->now_us, &n, FALSE), MS_OK);
    }
    nt_advance(h, NT_SEC);
    guint mark = nt_mark(h);
    MsName star;
    CU_ASSERT_EQUAL(ms_name_init(&star, "*", 0x00, "corp.example"), MS_OK);
    NtPacket req = nt_pkt_status_request(0x60, &star, FALSE);
    nt_send_pkt(h, &req, NT_PEER_IP, 137);
    CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 1);
    const MsNameTableEffect *fx = &nt_effect(h, mark)->effect;
    CU_ASSERT_TRUE(fx->send.len <= MS_NBNS_MAX_PACKET);
    MsNbnsPacket p = nt_sent_packet(h, mark);
    CU_ASSERT_TRUE(p.flags & MS_NBNS_FLAG_TC);
    MsNodeStatus st;
    CU_ASSERT_EQUAL(ms_node_status_parse(p.answer.rdata, p.answer.rdlength, &st), MS_OK);
    guint room = (MS_NBNS_MAX_PACKET - 12 - (guint)ms_name_encoded_len(&star) - 10 - 1 - 46) / 18;
    CU_ASSERT_EQUAL(st.num_names, room);

    NtSnapshot before;
    nt_snapshot(h, &before);
    MsName unscoped = nt_wildcard();
    req = nt_pkt_status_request(0x61, &unscoped, FALSE);
    nt_send_pkt(h, &req, NT_PEER_IP, 137);
    CU_ASSERT_TRUE(nt_only_dropped(h, &before, MS_NAME_TABLE_DROP_SCOPE));
    nt_harness_free(h);
}

/* NBT-022: answers go to the request's source port, whatever it is. */
static void
test_nbt022_answers_to_source_port(void)
{
    static const guint16 ports[] = {137, 1024, 54209, 65535};
    NtHarness *h = nt_harness_new(NULL);
    MsName name = nt_name("H1", 0x00), star = nt_wildcard();
    nt_hold(h, &name, FALSE);
    for (guint i = 0; i < G_N_ELEMENTS(ports); i++) {
        guint mark = nt_mark(h);
        NtPacket q = nt_pkt_query((guint16)i, &name, i % 2 == 0);
        nt_send_pkt(h, &q, NT_THIRD_IP, ports[i]);
        NtPacket s = nt_pkt_status_request((guint16)(i + 100), &star, FALSE);
        nt_send_pkt(h, &s, NT_PEER_IP, ports[i]);
        CU_ASSERT_EQUAL_FATAL(nt_mark(h), mark + 2);
        for (guint k = 0; k < 2; k++) {
            const MsNameTableEffect *fx = &nt_effect(h, mark + k)->effect;
            CU_ASSERT_FALSE(fx->send.broadcast);
            CU_ASSERT_EQUAL(fx->send.ip, k == 0 ? NT_THIRD_IP : NT_PEER_IP);
            CU_ASSERT_EQUAL(fx->send.port, ports[i]);
        }
    }
    nt_harness_free(h);
}

static CU_TestInfo tests[] = {
    {"NBT-012 query answered", test_nbt012_query_answered},
    {"NBT-012 NBT-022 answers as Samba", test_nbt012_answers_as_samba},
    {"NBT-013 unknown broadcast query silent", test_nbt013_unknown_broadcast_query_silent},
    {"NBT-014 unicast unknown query", test_nbt014_unicast_unknown_query},
    {"NBT-015 group names answered", test_nbt015_group_names_answered},
    {"registering names not answered", test_registering_names_not_answered},
    {"NBT-016 node status as Samba", test_nbt016_node_status_as_samba},
    {"NBT-016 node status questions", test_nbt016_node_status_questions},
    {"NBT-017 NBT-004 node status fits 576 bytes", test_nbt017_node_status_fits_576},
    {"NBT-022 answers to the source port", test_nbt022_answers_to_source_port},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("ms-name-table-answer", tests);
}
