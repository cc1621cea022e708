/* The engine as a server: host announcements, their ramp and Periodicity, replies to
 * AnnouncementRequest, the names a server and a browser register, and the last
 * announcement on stop. BRWS-002, -003, -005, -020, -021, -022, -023, -024, -064. */
#include <libmailslot/ms-mailslot.h>
#include <string.h>

#include "engine-harness.h"

#define SERVICES (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT)

static EngineHarness *
new_non_browser(guint64 seed)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.browser = FALSE;
    cfg.seed = seed;
    return harness_new(&cfg);
}

/* Every HostAnnouncement sent from index `from` on, in order, into idx[] (at most max). */
static guint
host_announcements(const EngineHarness *h, guint from, gint *idx, guint max)
{
    guint n = 0;
    for (gint i = harness_find_send(h, from, BRW_FRAME_HOST_ANNOUNCEMENT, NULL); i >= 0 && n < max;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_HOST_ANNOUNCEMENT, NULL))
        idx[n++] = i;
    return n;
}

/* The ramp of [MS-BRWS] 3.2.6 from the first announcement: 0, 1, 2, 4, 8, 16, 28, 40,
 * 52, 64 min (gaps 1, 1, 2, 4, 8, then 12). */
static const gint64 ramp_min[] = {0, 1, 2, 4, 8, 16, 28, 40, 52, 64};

static void
check_ramp(EngineHarness *h, gboolean browser)
{
    gint idx[32];
    guint n = host_announcements(h, 0, idx, G_N_ELEMENTS(idx));
    if (n != G_N_ELEMENTS(ramp_min))
        harness_dump(h, 0);
    CU_ASSERT_EQUAL_FATAL(n, G_N_ELEMENTS(ramp_min));
    MsName to_1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    for (guint i = 0; i < n; i++) {
        const HarnessEffect *he = harness_effect(h, (guint)idx[i]);
        const BrwFrame *f = &he->effect.send.frame;
        if (he->at_us != H_T0 + ramp_min[i] * H_MIN)
            fprintf(stderr,
                    "announcement %u at T0%+" G_GINT64_FORMAT " us, expected %" G_GINT64_FORMAT
                    " min\n",
                    i, he->at_us - H_T0, ramp_min[i]);
        CU_ASSERT_EQUAL(he->at_us, H_T0 + ramp_min[i] * H_MIN);
        /* BRWS-002: to <group><1D> on \MAILSLOT\BROWSE */
        CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &to_1d));
        CU_ASSERT_EQUAL(f->layout, BRW_LAYOUT_BROWSE);
        CU_ASSERT_EQUAL(he->effect.send.ip, 0);
        /* BRWS-003: the Periodicity is the gap to the next one; the first says 60000 */
        gint64 gap_min = (i + 1 < G_N_ELEMENTS(ramp_min)) ? ramp_min[i + 1] - ramp_min[i] : 12;
        CU_ASSERT_EQUAL(f->announcement.periodicity_ms, (guint32)(gap_min * 60000));
        CU_ASSERT_STRING_EQUAL(f->announcement.server_name, H_NAME);
        CU_ASSERT_STRING_EQUAL(f->announcement.comment, "engine under test");
        CU_ASSERT_EQUAL(f->announcement.update_count, 0);
        CU_ASSERT_EQUAL(f->announcement.version_major, BRW_BROWSER_VERSION_MAJOR);
        CU_ASSERT_EQUAL(f->announcement.version_minor, BRW_BROWSER_VERSION_MINOR);
        CU_ASSERT_EQUAL(f->announcement.signature, BRW_SIGNATURE);
        CU_ASSERT_EQUAL(f->announcement.os_major, 6);
        CU_ASSERT_EQUAL(f->announcement.os_minor, 1);
        guint32 type = f->announcement.server_type;
        CU_ASSERT_EQUAL(type & SERVICES, SERVICES);
        CU_ASSERT_EQUAL(!!(type & BRW_SV_TYPE_POTENTIAL_BROWSER), !!browser);
        CU_ASSERT_EQUAL(type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    }
}

/* BRWS-002, BRWS-003, BRWS-020: a non-browser server's announcements, exact to the µs. */
static void
test_brws_002_003_020_ramp_non_browser(void)
{
    EngineHarness *h = new_non_browser(H_SEED);
    harness_start(h);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_NON_BROWSER);
    harness_advance_to(h, H_T0 + 65 * H_MIN);
    check_ramp(h, FALSE);
    /* a non-browser sends nothing but HostAnnouncements */
    for (guint i = 0; i < harness_mark(h); i++) {
        const HarnessEffect *he = harness_effect(h, i);
        if (he->effect.kind == BRW_EFFECT_SEND)
            CU_ASSERT_EQUAL(he->effect.send.frame.kind, BRW_FRAME_HOST_ANNOUNCEMENT);
    }
    harness_free(h);
}

/* BRWS-020, BRWS-024: a potential browser that follows a master announces on the same ramp,
 * with SV_TYPE_POTENTIAL_BROWSER. LMAs from the master now and then do not move it. */
static void
test_brws_020_024_ramp_potential_browser(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    harness_learn_master(h, "LMB");
    for (gint64 t = 7 * H_MIN; t < 65 * H_MIN; t += 7 * H_MIN) {
        harness_advance_to(h, H_T0 + t);
        harness_learn_master(h, "LMB");
    }
    harness_advance_to(h, H_T0 + 65 * H_MIN);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
    check_ramp(h, TRUE);
    harness_free(h);
}

/* BRWS-024: names registered at start; SV_TYPE_POTENTIAL_BROWSER in a browser's type only.
 * The computer names belong to the link, never to the engine. */
static void
test_brws_024_names_and_type(void)
{
    for (int browser = 0; browser <= 1; browser++) {
        EngineHarness *h = browser ? harness_new(NULL) : new_non_browser(H_SEED);
        harness_start(h);
        MsName g00 = harness_group_name(h, MS_SUFFIX_WORKSTATION);
        MsName g1e = harness_group_name(h, MS_SUFFIX_BROWSER_ELECTION);
        MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
        MsName msb = harness_group_name(h, MS_SUFFIX_MSBROWSE);
        MsName me00 = harness_name(H_NAME, MS_SUFFIX_WORKSTATION);
        MsName me20 = harness_name(H_NAME, MS_SUFFIX_SERVER);
        gint r00 = harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &g00);
        CU_ASSERT_TRUE(r00 >= 0);
        if (r00 >= 0)
            CU_ASSERT_TRUE(harness_effect(h, (guint)r00)->effect.name.group);
        gint r1e = harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &g1e);
        if (browser) {
            CU_ASSERT_TRUE(r1e >= 0);
            if (r1e >= 0)
                CU_ASSERT_TRUE(harness_effect(h, (guint)r1e)->effect.name.group);
            CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
            CU_ASSERT_NOT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_POTENTIAL_BROWSER,
                                0);
        } else {
            CU_ASSERT_EQUAL(r1e, -1);
            CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_NON_BROWSER);
            CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_BROWSER_ROLES, 0);
        }
        CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & SERVICES, SERVICES);
        /* not a master: neither <1D> nor __MSBROWSE__ */
        CU_ASSERT_EQUAL(harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &g1d), -1);
        CU_ASSERT_EQUAL(harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &msb), -1);
        CU_ASSERT_EQUAL(harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &me00), -1);
        CU_ASSERT_EQUAL(harness_find_name_op(h, 0, BRW_EFFECT_REGISTER_NAME, &me20), -1);
        /* the first announcement went out at once */
        gint first = harness_find_send(h, 0, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
        CU_ASSERT_TRUE(first >= 0);
        if (first >= 0)
            CU_ASSERT_EQUAL(harness_effect(h, (guint)first)->at_us, H_T0);
        gint rc = harness_find_effect(h, 0, BRW_EFFECT_ROLE_CHANGED);
        CU_ASSERT_TRUE(rc >= 0);
        if (rc >= 0) {
            CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.old_role, BRW_ROLE_STOPPED);
            CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.new_role,
                            browser ? BRW_ROLE_POTENTIAL : BRW_ROLE_NON_BROWSER);
        }
        /* a second start does nothing */
        guint mark = harness_mark(h);
        harness_start(h);
        CU_ASSERT_EQUAL(harness_mark(h), mark);
        harness_free(h);
    }
}

/* BRWS-005: the request-filter bits never go out, whatever the configured services. */
static void
test_brws_005_no_filter_bits_announced(void)
{
    BrwEngineConfig cfg;
    harness_config_init(&cfg);
    cfg.browser = FALSE;
    cfg.server_type = SERVICES | BRW_SV_TYPE_FILTER_BITS;
    EngineHarness *h = harness_new(&cfg);
    harness_start(h);
    gint i = harness_find_send(h, 0, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    guint32 type = harness_send_frame(h, i)->announcement.server_type;
    CU_ASSERT_EQUAL(type & BRW_SV_TYPE_FILTER_BITS, 0);
    CU_ASSERT_EQUAL(type & SERVICES, SERVICES);
    CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_FILTER_BITS, 0);
    harness_free(h);
}

/* One AnnouncementRequest at T0+5 s to <group><suffix>; returns the reply's delay (µs), or
 * -1. Checks there is exactly one reply within 30 s, that it tells the truth about the next
 * scheduled announcement, and that the schedule (T0+60 s) did not move. */
static gint64
reply_delay(EngineHarness *h, guint8 suffix)
{
    harness_advance_to(h, H_T0 + 5 * H_SEC);
    guint mark = harness_mark(h);
    gint64 injected = h->now_us;
    BrwFrame f;
    harness_announcement_request(&f);
    harness_inject_group(h, &f, "ASKER", suffix);
    harness_advance_to(h, injected + 30 * H_SEC);
    gint idx[8];
    guint n = host_announcements(h, mark, idx, G_N_ELEMENTS(idx));
    CU_ASSERT_EQUAL(n, 1);
    if (n != 1) {
        harness_dump(h, mark);
        return -1;
    }
    const HarnessEffect *he = harness_effect(h, (guint)idx[0]);
    gint64 delay = he->at_us - injected;
    CU_ASSERT_TRUE(delay >= 0 && delay <= 30 * H_SEC);
    /* BRWS-003: Periodicity = time left to the next scheduled announcement (T0 + 60 s) */
    gint64 left_ms = (H_T0 + 60 * H_SEC - he->at_us) / H_MS;
    gint64 said = he->effect.send.frame.announcement.periodicity_ms;
    if (said < left_ms - 1 || said > left_ms + 1)
        fprintf(stderr,
                "reply at T0%+" G_GINT64_FORMAT " ms says %" G_GINT64_FORMAT
                " ms, expected %" G_GINT64_FORMAT "\n",
                (he->at_us - H_T0) / H_MS, said, left_ms);
    CU_ASSERT_TRUE(said >= left_ms - 1 && said <= left_ms + 1);
    /* the schedule did not move */
    mark = harness_mark(h);
    harness_advance_to(h, H_T0 + 60 * H_SEC);
    n = host_announcements(h, mark, idx, G_N_ELEMENTS(idx));
    CU_ASSERT_EQUAL(n, 1);
    if (n == 1)
        CU_ASSERT_EQUAL(harness_effect(h, (guint)idx[0])->at_us, H_T0 + 60 * H_SEC);
    return delay;
}

/* BRWS-021: a non-browser answers an AnnouncementRequest to <group><00> once, 0-30 s later,
 * the delay drawn from the seed. */
static void
test_brws_021_reply_non_browser(void)
{
    gint64 first = -1;
    gboolean varied = FALSE;
    for (guint64 seed = 1; seed <= 8; seed++) {
        EngineHarness *h = new_non_browser(seed);
        harness_start(h);
        gint64 d = reply_delay(h, MS_SUFFIX_WORKSTATION);
        if (first < 0)
            first = d;
        else if (d != first)
            varied = TRUE;
        harness_free(h);
    }
    CU_ASSERT_TRUE(varied);
}

/* BRWS-021: a potential browser answers on <group><00>, <1E> and <1D> alike. */
static void
test_brws_021_reply_potential(void)
{
    const guint8 suffixes[] = {MS_SUFFIX_WORKSTATION, MS_SUFFIX_BROWSER_ELECTION,
                               MS_SUFFIX_MASTER_BROWSER};
    for (guint i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        EngineHarness *h = harness_new(NULL);
        harness_start(h);
        harness_learn_master(h, "LMB");
        gint64 d = reply_delay(h, suffixes[i]);
        CU_ASSERT_TRUE(d >= 0);
        CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
        harness_free(h);
    }
}

/* BRWS-021: so does a backup (its BACKUP_BROWSER announcement at promotion was an extra one
 * and did not move the schedule either). */
static void
test_brws_021_reply_backup(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
    gint64 d = reply_delay(h, MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_TRUE(d >= 0);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_BACKUP);
    harness_free(h);
}

/* BRWS-022: a server that goes away says ServerType 0, then releases its group names;
 * afterwards nothing more is sent. */
static void
test_brws_022_stop_leaving(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    harness_learn_master(h, "LMB");
    harness_advance_to(h, H_T0 + 90 * H_SEC);
    guint mark = harness_mark(h);
    harness_stop(h, TRUE);
    gint ha = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(ha >= 0);
    CU_ASSERT_EQUAL(harness_send_frame(h, ha)->announcement.server_type, 0);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_TRUE(ms_name_equal(&harness_effect(h, (guint)ha)->effect.send.destination, &g1d));
    MsName g00 = harness_group_name(h, MS_SUFFIX_WORKSTATION);
    MsName g1e = harness_group_name(h, MS_SUFFIX_BROWSER_ELECTION);
    gint rel00 = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g00);
    gint rel1e = harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g1e);
    CU_ASSERT_TRUE(rel00 > ha);
    CU_ASSERT_TRUE(rel1e > ha);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_STOPPED);
    /* nothing after the stop, however long we wait */
    mark = harness_mark(h);
    harness_advance(h, 2 * 3600 * H_SEC);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    harness_free(h);
}

/* BRWS-023: only the browser stops: the last announcement keeps the services and drops the
 * browser bits. */
static void
test_brws_023_stop_browser_only(void)
{
    EngineHarness *h = harness_new(NULL);
    harness_start(h);
    harness_learn_master(h, "LMB");
    harness_advance_to(h, H_T0 + 90 * H_SEC);
    guint mark = harness_mark(h);
    harness_stop(h, FALSE);
    gint ha = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(ha >= 0);
    guint32 type = harness_send_frame(h, ha)->announcement.server_type;
    CU_ASSERT_EQUAL(type & BRW_SV_TYPE_BROWSER_ROLES, 0);
    CU_ASSERT_EQUAL(type & SERVICES, SERVICES);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_STOPPED);
    harness_free(h);
}

/* BRWS-064: a master's announcements (LMAs) carry MASTER_BROWSER; once it lost an election
 * its next HostAnnouncement does not. */
static void
test_brws_064_master_bit_follows_role(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    guint mark = harness_mark(h);
    harness_advance(h, 1 * H_SEC);
    gint lma = harness_find_send(h, 0, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(lma >= 0);
    CU_ASSERT_NOT_EQUAL(
        harness_send_frame(h, lma)->announcement.server_type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    CU_ASSERT_NOT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_MASTER_BROWSER, 0);

    /* a better browser takes over */
    BrwFrame f;
    harness_election(&f, brw_criteria_make(255, BRW_CRITERIA_ROLE_DC), 0, "BIGBOSS");
    harness_inject_group(h, &f, "BIGBOSS", MS_SUFFIX_BROWSER_ELECTION);
    CU_ASSERT_NOT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    harness_learn_master(h, "BIGBOSS"); /* it won, and says so */
    CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_MASTER_BROWSER, 0);
    mark = harness_mark(h);
    harness_advance(h, 13 * H_MIN);
    gint ha = harness_find_send(h, mark, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(ha >= 0);
    guint32 type = harness_send_frame(h, ha)->announcement.server_type;
    CU_ASSERT_EQUAL(type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    CU_ASSERT_NOT_EQUAL(type & BRW_SV_TYPE_POTENTIAL_BROWSER, 0);
    /* and no LMA after the demotion */
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL), -1);
    harness_free(h);
}

/* MAIL-003, BRWS-002: a SEND effect encodes to a datagram from <name><00> to its
 * destination, carrying the frame on \MAILSLOT\BROWSE. */
static void
test_brws_002_send_encodes_as_datagram(void)
{
    EngineHarness *h = new_non_browser(H_SEED);
    harness_start(h);
    gint i = harness_find_send(h, 0, BRW_FRAME_HOST_ANNOUNCEMENT, NULL);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const BrwSend *send = &harness_effect(h, (guint)i)->effect.send;
    MsName me = harness_name(H_NAME, MS_SUFFIX_WORKSTATION);
    guint8 buf[MS_DGRAM_MAX_PAYLOAD];
    MsWriter w = ms_writer_init(buf, sizeof buf);
    CU_ASSERT_EQUAL_FATAL(brw_send_encode(send, &me, 0x0A000001u, 138, 7, &w), MS_OK);
    MsDgram d;
    CU_ASSERT_EQUAL_FATAL(ms_dgram_decode(buf, w.len, &d), MS_OK);
    CU_ASSERT_EQUAL(d.type, send->group ? MS_DGRAM_DIRECT_GROUP : MS_DGRAM_DIRECT_UNIQUE);
    CU_ASSERT_EQUAL(d.id, 7);
    CU_ASSERT_EQUAL(d.source_ip, 0x0A000001u);
    CU_ASSERT_TRUE(ms_name_equal(&d.source_name, &me));
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    CU_ASSERT_TRUE(ms_name_equal(&d.destination_name, &g1d));
    MsMailslotWrite m;
    CU_ASSERT_EQUAL_FATAL(ms_mailslot_parse(d.data, d.data_len, &m), MS_OK);
    CU_ASSERT_TRUE(ms_mailslot_name_is(&m, MS_MAILSLOT_BROWSE));
    BrwFrame back;
    CU_ASSERT_EQUAL_FATAL(brw_frame_decode_mailslot(&m, &back), MS_OK);
    CU_ASSERT_TRUE(brw_frame_equal(&back, &send->frame));
    harness_free(h);
}

/* brw_engine_request_announcements(): what `browsectl announce` does. One
 * AnnouncementRequest to <group><00> naming us, in any started role; nothing while stopped;
 * our own announcement schedule is left as it was. */
static void
test_request_announcements_on_demand(void)
{
    EngineHarness *h = harness_new(NULL);
    CU_ASSERT_FALSE(brw_engine_request_announcements(h->engine, h->now_us));
    CU_ASSERT_EQUAL(harness_mark(h), 0);
    harness_start(h);
    harness_advance(h, 10 * H_SEC);
    gint64 deadline = brw_engine_next_deadline(h->engine);
    guint64 sent_before = harness_counters(h).sent[BRW_FRAME_ANNOUNCEMENT_REQUEST];
    guint from = harness_mark(h);
    CU_ASSERT_TRUE(brw_engine_request_announcements(h->engine, h->now_us));
    CU_ASSERT_EQUAL(harness_mark(h), from + 1);
    gint i = harness_find_group_send(h, from, BRW_FRAME_ANNOUNCEMENT_REQUEST, 0x00);
    CU_ASSERT_FATAL(i >= 0);
    const HarnessEffect *fx = harness_effect(h, (guint)i);
    CU_ASSERT_TRUE(fx->effect.send.group);
    CU_ASSERT_EQUAL(fx->effect.send.ip, 0);
    CU_ASSERT_STRING_EQUAL(harness_send_frame(h, i)->request.response_name, H_NAME);
    CU_ASSERT_EQUAL(harness_counters(h).sent[BRW_FRAME_ANNOUNCEMENT_REQUEST], sent_before + 1);
    CU_ASSERT_EQUAL(brw_engine_next_deadline(h->engine), deadline);

    /* A master asks the same way. */
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    from = harness_mark(h);
    CU_ASSERT_TRUE(brw_engine_request_announcements(h->engine, h->now_us));
    CU_ASSERT(harness_find_group_send(h, from, BRW_FRAME_ANNOUNCEMENT_REQUEST, 0x00) >= 0);

    harness_stop(h, TRUE);
    from = harness_mark(h);
    CU_ASSERT_FALSE(brw_engine_request_announcements(h->engine, h->now_us));
    CU_ASSERT_EQUAL(harness_mark(h), from);
    harness_free(h);
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws_002_003_020_ramp_non_browser", test_brws_002_003_020_ramp_non_browser},
        {"brws_020_024_ramp_potential_browser", test_brws_020_024_ramp_potential_browser},
        {"brws_024_names_and_type", test_brws_024_names_and_type},
        {"brws_005_no_filter_bits_announced", test_brws_005_no_filter_bits_announced},
        {"brws_021_reply_non_browser", test_brws_021_reply_non_browser},
        {"brws_021_reply_potential", test_brws_021_reply_potential},
        {"brws_021_reply_backup", test_brws_021_reply_backup},
        {"brws_022_stop_leaving", test_brws_022_stop_leaving},
        {"brws_023_stop_browser_only", test_brws_023_stop_browser_only},
        {"brws_064_master_bit_follows_role", test_brws_064_master_bit_follows_role},
        {"brws_002_send_encodes_as_datagram", test_brws_002_send_encodes_as_datagram},
        {"request_announcements_on_demand", test_request_announcements_on_demand},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-announce", tests);
}
