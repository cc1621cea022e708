/* Bad and unwanted input is a counter, never a state change: unknown opcodes, truncated and
 * malformed frames, other mailslots, datagrams that are not mailslot writes, frames from
 * ourselves, frames for other groups or names, frames our role ignores, frames while
 * stopped, full lists. BRWS-004, -014, -016, -017. */
#include <libmailslot/ms-mailslot.h>
#include <string.h>

#include "brw-samples.h"
#include "engine-harness.h"

#define PLAIN (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER)

typedef struct {
    BrwRole role;
    char master[BRW_NAME_SIZE];
    gboolean electing;
    gint64 deadline;
    guint32 criteria;
    guint32 type;
    guint servers;
    guint domains;
    guint effects;
    BrwCounters c;
} Snapshot;

static Snapshot
snapshot(EngineHarness *h)
{
    Snapshot s;
    memset(&s, 0, sizeof s);
    s.role = brw_engine_role(h->engine);
    g_strlcpy(s.master, brw_engine_master(h->engine), sizeof s.master);
    s.electing = brw_engine_electing(h->engine);
    s.deadline = brw_engine_next_deadline(h->engine);
    s.criteria = brw_engine_criteria(h->engine);
    s.type = brw_engine_server_type(h->engine);
    s.servers = brw_list_count(brw_engine_servers(h->engine));
    s.domains = brw_list_count(brw_engine_domains(h->engine));
    s.effects = harness_mark(h);
    s.c = harness_counters(h);
    return s;
}

static guint64
received_total(const BrwCounters *c)
{
    guint64 n = 0;
    for (guint i = 0; i < G_N_ELEMENTS(c->received); i++)
        n += c->received[i];
    return n;
}

enum { RECEIVED_SAME, RECEIVED_PLUS_ONE, RECEIVED_ANY };

/* Asserts nothing changed since `before` but dropped[reason] (+1) and, as `received` says,
 * the received counters. Returns FALSE (after printing `what`) when something else moved. */
static gboolean
check_dropped(EngineHarness *h, const Snapshot *before, BrwDropReason reason, int received,
              const char *what)
{
    Snapshot after = snapshot(h);
    gboolean ok = TRUE;
    ok &= after.role == before->role;
    ok &= strcmp(after.master, before->master) == 0;
    ok &= after.electing == before->electing;
    ok &= after.deadline == before->deadline;
    ok &= after.criteria == before->criteria;
    ok &= after.type == before->type;
    ok &= after.servers == before->servers;
    ok &= after.domains == before->domains;
    ok &= after.effects == before->effects;
    for (guint r = 0; r < BRW_DROP_REASON_COUNT; r++)
        ok &= after.c.dropped[r] == before->c.dropped[r] + (r == reason ? 1 : 0);
    guint64 rb = received_total(&before->c), ra = received_total(&after.c);
    if (received == RECEIVED_SAME)
        ok &= ra == rb;
    else if (received == RECEIVED_PLUS_ONE)
        ok &= ra == rb + 1;
    ok &= memcmp(after.c.sent, before->c.sent, sizeof after.c.sent) == 0;
    ok &= after.c.elections_started == before->c.elections_started;
    if (!ok) {
        fprintf(stderr, "%s: expected one drop '%s' and no other change:\n", what,
                brw_drop_reason_to_string(reason));
        for (guint r = 0; r < BRW_DROP_REASON_COUNT; r++)
            if (after.c.dropped[r] != before->c.dropped[r])
                fprintf(stderr, "  dropped %s +%" G_GUINT64_FORMAT "\n",
                        brw_drop_reason_to_string((BrwDropReason)r),
                        after.c.dropped[r] - before->c.dropped[r]);
        fprintf(stderr, "  received +%" G_GUINT64_FORMAT ", effects +%u, role %s -> %s\n", ra - rb,
                after.effects - before->effects, brw_role_to_string(before->role),
                brw_role_to_string(after.role));
        harness_dump(h, before->effects);
    }
    CU_ASSERT_TRUE(ok);
    return ok;
}

static EngineHarness *
subject(gboolean master)
{
    EngineHarness *h = harness_new(NULL);
    if (master) {
        harness_make_master(h);
    } else {
        harness_start(h);
        harness_learn_master(h, "LMB");
    }
    harness_advance(h, 5 * H_SEC);
    return h;
}

static void
deliver_bytes(EngineHarness *h, const char *mailslot, const guint8 *data, gsize len, guint8 suffix)
{
    MsName dest = harness_group_name(h, suffix);
    harness_deliver_raw(h, mailslot, data, len, "PEER", &dest, MS_DGRAM_DIRECT_GROUP);
}

/* BRWS-017: every opcode that is not a browser frame, on \MAILSLOT\BROWSE. */
static void
test_brws_017_unknown_opcodes_browse(void)
{
    for (int master = 0; master <= 1; master++) {
        EngineHarness *h = subject(master);
        for (guint op = 0; op <= 0xFF; op++) {
            if (brw_frame_kind_is_valid((guint8)op))
                continue;
            guint8 data[41];
            memset(data, 0x01, sizeof data);
            data[0] = (guint8)op;
            Snapshot s = snapshot(h);
            deliver_bytes(h, MS_MAILSLOT_BROWSE, data, sizeof data, MS_SUFFIX_BROWSER_ELECTION);
            char what[64];
            g_snprintf(what, sizeof what, "browse opcode 0x%02x", op);
            check_dropped(h, &s, BRW_DROP_UNKNOWN_OPCODE, RECEIVED_SAME, what);
        }
        harness_free(h);
    }
}

/* BRWS-017, BRWS-026: opcodes the LAN Manager layout does not have, on \MAILSLOT\LANMAN. */
static void
test_brws_017_unknown_opcodes_lanman(void)
{
    const guint8 ops[] = {0x00, 0x03, 0x04, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E, 0x10, 0xFF};
    EngineHarness *h = subject(TRUE);
    for (guint i = 0; i < G_N_ELEMENTS(ops); i++) {
        guint8 data[30];
        memset(data, 0x41, sizeof data);
        data[0] = ops[i];
        data[1] = 0;
        Snapshot s = snapshot(h);
        deliver_bytes(h, MS_MAILSLOT_LANMAN, data, sizeof data, MS_SUFFIX_WORKSTATION);
        char what[64];
        g_snprintf(what, sizeof what, "lanman opcode 0x%02x", ops[i]);
        check_dropped(h, &s, BRW_DROP_UNKNOWN_OPCODE, RECEIVED_SAME, what);
    }
    harness_free(h);
}

/* BRWS-017: every frame kind cut at every offset before its last required byte. */
static void
test_brws_017_truncated_every_prefix(void)
{
    for (int master = 0; master <= 1; master++) {
        EngineHarness *h = subject(master);
        for (gsize k = 0; k < brw_sample_count; k++) {
            const BrwSample *sample = &brw_samples[k];
            GByteArray *b = test_hex(sample->hex);
            const char *slot =
                sample->layout == BRW_LAYOUT_LANMAN ? MS_MAILSLOT_LANMAN : MS_MAILSLOT_BROWSE;
            for (gsize len = 1; len < sample->min_len; len++) {
                Snapshot s = snapshot(h);
                deliver_bytes(h, slot, b->data, len, MS_SUFFIX_MASTER_BROWSER);
                char what[96];
                g_snprintf(what, sizeof what, "%s cut to %zu bytes", sample->name, len);
                check_dropped(h, &s, BRW_DROP_TRUNCATED, RECEIVED_SAME, what);
            }
            g_byte_array_unref(b);
        }
        harness_free(h);
    }
}

/* A GetBackupListResponse that claims 200 names is refused by the decoder: malformed, not
 * an unknown opcode. */
static void
test_brws_017_malformed_is_not_unknown(void)
{
    EngineHarness *h = subject(TRUE);
    guint8 data[] = {0x0A, 200, 1, 2, 3, 4, 'A', 0};
    Snapshot s = snapshot(h);
    MsName me = harness_name(H_NAME, MS_SUFFIX_WORKSTATION);
    harness_deliver_raw(h, MS_MAILSLOT_BROWSE, data, sizeof data, "PEER", &me,
                        MS_DGRAM_DIRECT_UNIQUE);
    check_dropped(h, &s, BRW_DROP_MALFORMED, RECEIVED_SAME, "backup response of 200 names");
    harness_free(h);
}

/* Datagrams that carry no mailslot write, or one for another mailslot. */
static void
test_brws_017_not_mailslot_and_other_mailslot(void)
{
    EngineHarness *h = subject(TRUE);
    MsName g1e = harness_group_name(h, MS_SUFFIX_BROWSER_ELECTION);

    /* user data that is not an SMB */
    static const guint8 junk[] = "this is not an SMB at all, just bytes";
    MsDgram d;
    memset(&d, 0, sizeof d);
    d.type = MS_DGRAM_DIRECT_GROUP;
    d.flags = MS_DGRAM_FLAG_FIRST;
    d.id = 1;
    d.source_ip = H_PEER_IP;
    d.source_port = H_PEER_PORT;
    d.source_name = harness_name("PEER", MS_SUFFIX_WORKSTATION);
    d.destination_name = g1e;
    d.data = junk;
    d.data_len = sizeof junk;
    Snapshot s = snapshot(h);
    harness_deliver_dgram(h, &d);
    check_dropped(h, &s, BRW_DROP_NOT_MAILSLOT, RECEIVED_SAME, "junk user data");

    /* a datagram type without user data */
    MsDgram q;
    memset(&q, 0, sizeof q);
    q.type = MS_DGRAM_QUERY_REQUEST;
    q.id = 2;
    q.source_ip = H_PEER_IP;
    q.source_port = H_PEER_PORT;
    q.destination_name = g1e;
    s = snapshot(h);
    harness_deliver_dgram(h, &q);
    check_dropped(h, &s, BRW_DROP_NOT_MAILSLOT, RECEIVED_SAME, "query request");

    MsDgram err;
    memset(&err, 0, sizeof err);
    err.type = MS_DGRAM_ERROR;
    err.id = 3;
    err.source_ip = H_PEER_IP;
    err.source_port = H_PEER_PORT;
    err.error_code = MS_DGRAM_ERR_NO_DESTINATION;
    s = snapshot(h);
    harness_deliver_dgram(h, &err);
    check_dropped(h, &s, BRW_DROP_NOT_MAILSLOT, RECEIVED_SAME, "datagram error");

    /* a perfectly good election frame on the NETLOGON mailslot */
    guint8 frame[64];
    MsWriter w = ms_writer_init(frame, sizeof frame);
    BrwFrame f;
    harness_election(&f, 0, 0, "PEER");
    CU_ASSERT_EQUAL_FATAL(brw_frame_encode(&f, &w), MS_OK);
    s = snapshot(h);
    deliver_bytes(h, "\\MAILSLOT\\NET\\NETLOGON", frame, w.len, MS_SUFFIX_BROWSER_ELECTION);
    check_dropped(h, &s, BRW_DROP_OTHER_MAILSLOT, RECEIVED_SAME, "netlogon mailslot");
    harness_free(h);
}

/* Frames from our own computer name (a looped-back broadcast) are `own`: a master hearing
 * its own LMA or election does not start an election, nor list itself twice. */
static void
test_brws_017_own_frames(void)
{
    EngineHarness *h = subject(TRUE);
    BrwFrame frames[3];
    harness_announcement(&frames[0], BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, H_NAME,
                         PLAIN | BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_MASTER_BROWSER, 120000,
                         "");
    harness_election(&frames[1], 0, 0, H_NAME);
    harness_announcement(&frames[2], BRW_FRAME_HOST_ANNOUNCEMENT, H_NAME, 0, 60000, "");
    const guint8 suffixes[] = {MS_SUFFIX_BROWSER_ELECTION, MS_SUFFIX_BROWSER_ELECTION,
                               MS_SUFFIX_MASTER_BROWSER};
    for (guint i = 0; i < G_N_ELEMENTS(frames); i++) {
        Snapshot s = snapshot(h);
        harness_inject_group(h, &frames[i], H_NAME, suffixes[i]);
        check_dropped(h, &s, BRW_DROP_OWN, RECEIVED_ANY, brw_frame_kind_to_string(frames[i].kind));
    }
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    harness_free(h);
}

/* Frames for other groups, other names, other suffixes or another scope are `not-for-us`;
 * the same frame to <group><1E> is acted on. */
static void
test_brws_017_not_for_us(void)
{
    EngineHarness *h = subject(FALSE);
    BrwFrame f;
    harness_election(&f, 0, 0, "PEER"); /* one we beat: it would start our election */
    struct {
        const char *base;
        guint8 suffix;
        const char *scope;
        MsDgramType type;
    } dests[] = {
        {H_OTHER_GROUP, MS_SUFFIX_BROWSER_ELECTION, "", MS_DGRAM_DIRECT_GROUP},
        {H_OTHER_GROUP, MS_SUFFIX_MASTER_BROWSER, "", MS_DGRAM_DIRECT_GROUP},
        {H_OTHER_GROUP, MS_SUFFIX_WORKSTATION, "", MS_DGRAM_DIRECT_GROUP},
        {H_GROUP, MS_SUFFIX_DOMAIN_MASTER, "", MS_DGRAM_DIRECT_UNIQUE},
        {H_GROUP, MS_SUFFIX_DOMAIN_CONTROLLERS, "", MS_DGRAM_DIRECT_GROUP},
        {"SOMEONE", MS_SUFFIX_WORKSTATION, "", MS_DGRAM_DIRECT_UNIQUE},
        {H_NAME, MS_SUFFIX_MESSENGER, "", MS_DGRAM_DIRECT_UNIQUE},
        {H_GROUP, MS_SUFFIX_BROWSER_ELECTION, "OTHER.SCOPE", MS_DGRAM_DIRECT_GROUP},
    };
    for (guint i = 0; i < G_N_ELEMENTS(dests); i++) {
        MsName dest;
        CU_ASSERT_EQUAL_FATAL(ms_name_init(&dest, dests[i].base, dests[i].suffix, dests[i].scope),
                              MS_OK);
        Snapshot s = snapshot(h);
        harness_deliver(h, &f, "PEER", H_PEER_IP, H_PEER_PORT, &dest, dests[i].type);
        char what[MS_NAME_STRING_MAX + 16];
        char name[MS_NAME_STRING_MAX];
        g_snprintf(what, sizeof what, "to %s", ms_name_to_string(&dest, name, sizeof name));
        check_dropped(h, &s, BRW_DROP_NOT_FOR_US, RECEIVED_ANY, what);
    }
    /* our own names do take it */
    harness_inject_unique(h, &f, "PEER", H_NAME, MS_SUFFIX_SERVER);
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    harness_free(h);

    h = subject(FALSE);
    harness_inject_group(h, &f, "PEER", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_TRUE(brw_engine_electing(h->engine));
    harness_free(h);
}

/* A non-browser counts elections and browser duties as `role` and does nothing. */
static void
test_brws_017_non_browser_ignores_browser_frames(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.browser = FALSE;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    harness_advance(h, 5 * H_SEC);
    BrwFrame f;
    harness_election(&f, 0, 0, "PEER");
    Snapshot s = snapshot(h);
    harness_inject_group(h, &f, "PEER", MS_SUFFIX_BROWSER_ELECTION);
    check_dropped(h, &s, BRW_DROP_ROLE, RECEIVED_PLUS_ONE, "election to a non-browser");
    CU_ASSERT_EQUAL(harness_counters(h).received[BRW_FRAME_REQUEST_ELECTION], 1);

    brw_frame_init(&f, BRW_FRAME_RESET_STATE_REQUEST);
    f.reset.flags = BRW_RESET_CLEAR_ALL;
    s = snapshot(h);
    harness_inject_unique(h, &f, "PEER", H_NAME, MS_SUFFIX_WORKSTATION);
    check_dropped(h, &s, BRW_DROP_ROLE, RECEIVED_PLUS_ONE, "reset to a non-browser");

    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV1", PLAIN, 60000, "");
    s = snapshot(h);
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_MASTER_BROWSER);
    check_dropped(h, &s, BRW_DROP_ROLE, RECEIVED_PLUS_ONE, "host announcement to a non-browser");

    harness_advance(h, 1 * H_MIN);
    CU_ASSERT_EQUAL(harness_find_send(h, 0, BRW_FRAME_REQUEST_ELECTION, NULL), -1);
    harness_free(h);
}

/* ResetStateRequest STOP (0x04) stops nobody: not a potential browser, not a backup. */
static void
test_brws_014_reset_stop_ignored_by_all(void)
{
    for (int backup = 0; backup <= 1; backup++) {
        EngineHarness *h = harness_new(NULL);
        if (backup) {
            CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
        } else {
            harness_start(h);
            harness_learn_master(h, "LMB");
        }
        BrwRole role = brw_engine_role(h->engine);
        guint mark = harness_mark(h);
        BrwFrame f;
        harness_reset_state(&f, BRW_RESET_STOP | 0xF0);
        harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
        CU_ASSERT_EQUAL(brw_engine_role(h->engine), role);
        CU_ASSERT_EQUAL(harness_mark(h), mark);
        harness_advance(h, 1 * H_SEC);
        CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_STOPPED);
        harness_free(h);
    }
}

/* Datagrams before start and after stop are `stopped`; no timer fires after stop. */
static void
test_stopped_engine(void)
{
    EngineHarness *h = harness_new(NULL);
    BrwFrame f;
    harness_election(&f, 0, 0, "PEER");
    Snapshot s = snapshot(h);
    harness_inject_group(h, &f, "PEER", MS_SUFFIX_BROWSER_ELECTION);
    check_dropped(h, &s, BRW_DROP_STOPPED, RECEIVED_ANY, "before start");
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_STOPPED);
    CU_ASSERT_EQUAL(harness_mark(h), 0);

    harness_start(h);
    harness_advance(h, 10 * H_SEC);
    harness_stop(h, TRUE);
    harness_advance(h, 1 * H_SEC);
    s = snapshot(h);
    harness_inject_group(h, &f, "PEER", MS_SUFFIX_BROWSER_ELECTION);
    check_dropped(h, &s, BRW_DROP_STOPPED, RECEIVED_ANY, "after stop");
    guint mark = harness_mark(h);
    harness_advance(h, 3600 * H_SEC);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    harness_free(h);
}

/* A full server list refuses newcomers (`list-full`) and keeps what it has. */
static void
test_list_full(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.max_servers = 3;
    cfg.max_domains = 2;
    EngineHarness *h = harness_new(&cfg);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV1", PLAIN, 60000, "");
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_MASTER_BROWSER);
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV2", PLAIN, 60000, "");
    harness_inject_group(h, &f, "SRV2", MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_EQUAL(brw_list_count(brw_engine_servers(h->engine)), 3);
    guint mark = harness_mark(h);
    BrwCounters before = harness_counters(h);
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV3", PLAIN, 60000, "");
    harness_inject_group(h, &f, "SRV3", MS_SUFFIX_MASTER_BROWSER);
    BrwCounters after = harness_counters(h);
    CU_ASSERT_EQUAL(after.dropped[BRW_DROP_LIST_FULL], before.dropped[BRW_DROP_LIST_FULL] + 1);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV3"));
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SERVER_ADDED), -1);
    /* the ones it has still refresh */
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV1", PLAIN, 60000, "again");
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_LIST_FULL],
                    after.dropped[BRW_DROP_LIST_FULL]);
    const BrwListEntry *e = brw_list_lookup(brw_engine_servers(h->engine), "SRV1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->comment, "again");

    const char *groups[] = {"G1", "G2", "G3", "G4"};
    for (guint i = 0; i < G_N_ELEMENTS(groups); i++) {
        harness_domain_announcement(&f, groups[i], "X", 60000);
        harness_inject_group(h, &f, "X", MS_SUFFIX_MSBROWSE);
    }
    CU_ASSERT_EQUAL(brw_list_count(brw_engine_domains(h->engine)), 2);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_domains(h->engine), "G4"));
    CU_ASSERT_TRUE(harness_counters(h).dropped[BRW_DROP_LIST_FULL] >=
                   after.dropped[BRW_DROP_LIST_FULL] + 2);
    harness_free(h);
}

/* BRWS-004: odd BrowserVersion and Signature bytes do not get an announcement refused. */
static void
test_brws_004_odd_version_accepted(void)
{
    EngineHarness *h = subject(TRUE);
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "ODDBALL", PLAIN, 60000, "odd");
    f.announcement.version_major = 0;
    f.announcement.version_minor = 0x77;
    f.announcement.signature = 0x1234;
    harness_inject_group(h, &f, "ODDBALL", MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "ODDBALL"));
    harness_free(h);
}

/* BRWS-016: an AnnouncementRequest's ResponseName is ignored: the reply goes to <1D>. */
static void
test_brws_016_response_name_ignored(void)
{
    EngineHarness *h = subject(FALSE);
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_announcement_request(&f);
    g_strlcpy(f.request.response_name, "EVIL", sizeof f.request.response_name);
    harness_inject_group(h, &f, "ASKER", MS_SUFFIX_BROWSER_ELECTION);
    harness_advance(h, 31 * H_SEC);
    gint i = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_TRUE(ms_name_equal(&harness_effect(h, (guint)i)->effect.send.destination, &g1d));
    for (guint k = mark; k < harness_mark(h); k++) {
        const HarnessEffect *he = harness_effect(h, k);
        if (he->effect.kind == BRW_EFFECT_SEND) {
            char base[MS_NAME_LEN];
            ms_name_base(&he->effect.send.destination, base);
            CU_ASSERT_STRING_NOT_EQUAL(base, "EVIL");
        }
    }
    harness_free(h);
}

static guint64
decode_drops(const BrwCounters *c)
{
    return c->dropped[BRW_DROP_TRUNCATED] + c->dropped[BRW_DROP_UNKNOWN_OPCODE] +
           c->dropped[BRW_DROP_MALFORMED];
}

/* Random frames at a master: never a crash (ASan/valgrind watch), and every one is counted
 * once: received under its opcode, or dropped as truncated, unknown or malformed (a frame
 * that decodes but fails the engine's own checks may be both received and malformed). */
static void
test_random_frames_accounted(void)
{
    EngineHarness *h = subject(TRUE);
    GRand *rand = g_rand_new_with_seed(4242);
    const guint8 suffixes[] = {MS_SUFFIX_WORKSTATION, MS_SUFFIX_BROWSER_ELECTION,
                               MS_SUFFIX_MASTER_BROWSER};
    guint bad = 0;
    for (int round = 0; round < 3000; round++) {
        guint8 data[200];
        gsize len = (gsize)g_rand_int_range(rand, 1, (gint32)sizeof data);
        for (gsize i = 0; i < len; i++) {
            guint32 r = g_rand_int(rand);
            data[i] = (r % 6 == 0) ? 0 : (guint8)(r >> 8);
        }
        data[0] = (guint8)g_rand_int_range(rand, 0, 0x12);
        gboolean lanman = g_rand_int_range(rand, 0, 4) == 0;
        guint8 suffix = suffixes[g_rand_int_range(rand, 0, G_N_ELEMENTS(suffixes))];
        BrwCounters before = harness_counters(h);
        deliver_bytes(h, lanman ? MS_MAILSLOT_LANMAN : MS_MAILSLOT_BROWSE, data, len, suffix);
        BrwCounters after = harness_counters(h);
        guint64 rd = received_total(&after) - received_total(&before);
        guint64 dd = decode_drops(&after) - decode_drops(&before);
        guint64 md = after.dropped[BRW_DROP_MALFORMED] - before.dropped[BRW_DROP_MALFORMED];
        gboolean ok =
            (rd == 1 && dd == 0) || (rd == 0 && dd == 1) || (rd == 1 && md == 1 && dd == 1);
        if (!ok && bad++ < 10)
            fprintf(stderr,
                    "round %d: %s opcode 0x%02x, %zu bytes: received +%" G_GUINT64_FORMAT
                    ", decode drops +%" G_GUINT64_FORMAT "\n",
                    round, lanman ? "lanman" : "browse", data[0], len, rd, dd);
        CU_ASSERT_TRUE(ok);
        if (round % 50 == 0)
            harness_advance(h, 500 * H_MS);
    }
    g_rand_free(rand);
    harness_free(h);
}

/* brw_engine_new refuses empty names and upper-cases the ones it keeps. */
static void
test_config_names(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.netbios_name[0] = '\0';
    CU_ASSERT_PTR_NULL(brw_engine_new(&cfg, NULL, NULL));
    harness_config_init(&cfg);
    cfg.workgroup[0] = '\0';
    CU_ASSERT_PTR_NULL(brw_engine_new(&cfg, NULL, NULL));

    harness_config_init(&cfg);
    g_strlcpy(cfg.netbios_name, "middle", sizeof cfg.netbios_name);
    g_strlcpy(cfg.workgroup, "testgrp", sizeof cfg.workgroup);
    EngineHarness *h = harness_new(&cfg);
    CU_ASSERT_STRING_EQUAL(brw_engine_config(h->engine)->netbios_name, "MIDDLE");
    CU_ASSERT_STRING_EQUAL(brw_engine_config(h->engine)->workgroup, "TESTGRP");
    harness_start(h);
    gint i = harness_find_send(h, 0, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    CU_ASSERT_STRING_EQUAL(harness_send_frame(h, i)->announcement.server_name, "MIDDLE");
    /* a looped-back frame from "MIDDLE" is still our own */
    BrwFrame f;
    harness_election(&f, 0, 0, "MIDDLE");
    BrwCounters before = harness_counters(h);
    harness_inject_group(h, &f, "MIDDLE", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_EQUAL(harness_counters(h).dropped[BRW_DROP_OWN], before.dropped[BRW_DROP_OWN] + 1);
    harness_free(h);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws_017_unknown_opcodes_browse", test_brws_017_unknown_opcodes_browse},
        {"brws_017_unknown_opcodes_lanman", test_brws_017_unknown_opcodes_lanman},
        {"brws_017_truncated_every_prefix", test_brws_017_truncated_every_prefix},
        {"brws_017_malformed_is_not_unknown", test_brws_017_malformed_is_not_unknown},
        {"brws_017_not_mailslot_and_other_mailslot", test_brws_017_not_mailslot_and_other_mailslot},
        {"brws_017_own_frames", test_brws_017_own_frames},
        {"brws_017_not_for_us", test_brws_017_not_for_us},
        {"brws_017_non_browser_ignores_browser_frames",
         test_brws_017_non_browser_ignores_browser_frames},
        {"brws_014_reset_stop_ignored_by_all", test_brws_014_reset_stop_ignored_by_all},
        {"stopped_engine", test_stopped_engine},
        {"list_full", test_list_full},
        {"brws_004_odd_version_accepted", test_brws_004_odd_version_accepted},
        {"brws_016_response_name_ignored", test_brws_016_response_name_ignored},
        {"random_frames_accounted", test_random_frames_accounted},
        {"config_names", test_config_names},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-robust", tests);
}
