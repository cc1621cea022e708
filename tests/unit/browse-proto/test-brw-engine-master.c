/* Local master duties: the first AnnouncementRequest, the LMA and DomainAnnouncement ramps,
 * the server and machine-group lists, GetBackupList, ResetState, backups wanted and surplus,
 * and answering AnnouncementRequest. BRWS-011, -026, -050 .. -066. */
#include <string.h>

#include "engine-harness.h"

#define SERVICES (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT)
#define PLAIN (BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER)
#define POTENTIAL (PLAIN | BRW_SV_TYPE_POTENTIAL_BROWSER)
#define BACKUP (POTENTIAL | BRW_SV_TYPE_BACKUP_BROWSER)
#define CLIENT_IP 0x0A010203u /* 10.1.2.3 */
#define CLIENT_PORT 1138

static EngineHarness *
new_master(void)
{
    EngineHarness *h = harness_new(NULL);
    if (!harness_make_master(h)) {
        harness_free(h);
        return NULL;
    }
    return h;
}

static void
announce(EngineHarness *h, const char *name, guint32 type, guint32 periodicity_ms)
{
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, name, type, periodicity_ms, "peer");
    harness_inject_group(h, &f, name, MS_SUFFIX_MASTER_BROWSER);
}

/* A GetBackupListRequest from CLIENT at CLIENT_IP:CLIENT_PORT to <group><1D>. Returns the
 * index of the response sent within 1 s, or -1. */
static gint
ask_backup_list(EngineHarness *h, guint8 count, guint32 token)
{
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_backup_request(&f, count, token);
    MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
    harness_deliver(h, &f, "CLIENT", CLIENT_IP, CLIENT_PORT, &g1d, MS_DGRAM_DIRECT_GROUP);
    harness_advance(h, 1 * H_SEC);
    return harness_find_send(h, mark, BRW_FRAME_GET_BACKUP_LIST_RESPONSE, NULL);
}

static gboolean
response_lists(const BrwFrame *f, const char *name)
{
    for (guint i = 0; i < f->backup_response.count; i++)
        if (g_ascii_strcasecmp(f->backup_response.names[i], name) == 0)
            return TRUE;
    return FALSE;
}

/* BRWS-050: a new master whose list holds only itself asks everyone to announce, at once,
 * on <group><00> ([MS-BRWS] 2.2.2: every server of the group holds it, browsers or not).
 * Its own entry is in its list. */
static void
test_brws_050_announcement_request_on_win(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    MsName g00 = harness_group_name(h, MS_SUFFIX_WORKSTATION);
    gint i = harness_find_send(h, 0, BRW_FRAME_ANNOUNCEMENT_REQUEST, &g00);
    if (i < 0)
        harness_dump(h, 0);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)i)->at_us, h->master_since_us);
    CU_ASSERT_TRUE(harness_effect(h, (guint)i)->effect.send.group);
    const BrwListEntry *self = brw_list_lookup(brw_engine_servers(h->engine), H_NAME);
    CU_ASSERT_PTR_NOT_NULL_FATAL(self);
    CU_ASSERT_NOT_EQUAL(self->server_type & BRW_SV_TYPE_MASTER_BROWSER, 0);
    harness_free(h);
}

/* BRWS-050: a backup that already holds the master's list does not ask when it wins. */
static void
test_brws_050_no_request_with_a_list(void)
{
    EngineHarness *h = harness_new(NULL);
    BrwListEntry servers[] = {harness_entry("SRV1", PLAIN, "one"),
                              harness_entry("SRV2", PLAIN, "two")};
    CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", servers, G_N_ELEMENTS(servers)));
    CU_ASSERT_TRUE_FATAL(harness_make_master(h));
    MsName g00 = harness_group_name(h, MS_SUFFIX_WORKSTATION);
    gint i = harness_find_send(h, 0, BRW_FRAME_ANNOUNCEMENT_REQUEST, &g00);
    if (i >= 0)
        harness_dump(h, 0);
    CU_ASSERT_EQUAL(i, -1);
    harness_free(h);
}

/* BRWS-051 (BRWS-015): LMAs to <group><1E> at once, then after 2, 2, 4, 8, 12, 12 min, with
 * MASTER_BROWSER and the gap as Periodicity; no HostAnnouncements meanwhile. */
static void
test_brws_051_lma_ramp(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    gint64 t = h->master_since_us;
    harness_advance_to(h, t + 60 * H_MIN);
    static const gint64 at_min[] = {0, 2, 4, 8, 16, 28, 40, 52};
    MsName g1e = harness_group_name(h, MS_SUFFIX_BROWSER_ELECTION);
    guint n = 0;
    for (gint i = harness_find_send(h, 0, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL); i >= 0;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, NULL), n++) {
        const HarnessEffect *he = harness_effect(h, (guint)i);
        if (n >= G_N_ELEMENTS(at_min))
            continue;
        if (he->at_us != t + at_min[n] * H_MIN)
            fprintf(stderr,
                    "LMA %u at +%" G_GINT64_FORMAT " ms, expected %" G_GINT64_FORMAT " min\n", n,
                    (he->at_us - t) / H_MS, at_min[n]);
        CU_ASSERT_EQUAL(he->at_us, t + at_min[n] * H_MIN);
        CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &g1e));
        CU_ASSERT_TRUE(he->effect.send.group);
        const BrwAnnouncement *a = &he->effect.send.frame.announcement;
        gint64 gap = n + 1 < G_N_ELEMENTS(at_min) ? at_min[n + 1] - at_min[n] : 12;
        CU_ASSERT_EQUAL(a->periodicity_ms, (guint32)(gap * 60000));
        CU_ASSERT_STRING_EQUAL(a->server_name, H_NAME);
        CU_ASSERT_EQUAL(a->server_type & (BRW_SV_TYPE_MASTER_BROWSER | SERVICES),
                        BRW_SV_TYPE_MASTER_BROWSER | SERVICES);
        CU_ASSERT_NOT_EQUAL(a->server_type & BRW_SV_TYPE_POTENTIAL_BROWSER, 0);
    }
    CU_ASSERT_EQUAL(n, G_N_ELEMENTS(at_min));
    CU_ASSERT_EQUAL(
        harness_count_sends_between(h, BRW_FRAME_HOST_ANNOUNCEMENT, t + 1, t + 60 * H_MIN), 0);
    harness_free(h);
}

/* BRWS-052 (BRWS-011): DomainAnnouncements to __MSBROWSE__<01> at once, then after 1, 1, 5,
 * 5, 10, 10, 15 min, naming our group and ourselves. */
static void
test_brws_052_domain_announcement_ramp(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    gint64 t = h->master_since_us;
    harness_advance_to(h, t + 63 * H_MIN);
    static const gint64 at_min[] = {0, 1, 2, 7, 12, 22, 32, 47, 62};
    MsName msb = harness_group_name(h, MS_SUFFIX_MSBROWSE);
    guint n = 0;
    for (gint i = harness_find_send(h, 0, BRW_FRAME_DOMAIN_ANNOUNCEMENT, NULL); i >= 0;
         i = harness_find_send(h, (guint)i + 1, BRW_FRAME_DOMAIN_ANNOUNCEMENT, NULL), n++) {
        const HarnessEffect *he = harness_effect(h, (guint)i);
        if (n >= G_N_ELEMENTS(at_min))
            continue;
        if (he->at_us != t + at_min[n] * H_MIN)
            fprintf(stderr,
                    "DomainAnnouncement %u at +%" G_GINT64_FORMAT " ms, expected %" G_GINT64_FORMAT
                    " min\n",
                    n, (he->at_us - t) / H_MS, at_min[n]);
        CU_ASSERT_EQUAL(he->at_us, t + at_min[n] * H_MIN);
        CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &msb));
        CU_ASSERT_TRUE(he->effect.send.group);
        const BrwDomainAnnouncement *d = &he->effect.send.frame.domain;
        gint64 gap = n + 1 < G_N_ELEMENTS(at_min) ? at_min[n + 1] - at_min[n] : 15;
        CU_ASSERT_EQUAL(d->periodicity_ms, (guint32)(gap * 60000));
        CU_ASSERT_STRING_EQUAL(d->machine_group, H_GROUP);
        CU_ASSERT_STRING_EQUAL(d->master_name, H_NAME);
        CU_ASSERT_NOT_EQUAL(d->server_type & BRW_SV_TYPE_DOMAIN_ENUM, 0);
    }
    CU_ASSERT_EQUAL(n, G_N_ELEMENTS(at_min));
    harness_free(h);
}

/* BRWS-053 (BRWS-005): a HostAnnouncement on <1D> lists the server at once with its type
 * (filter bits cleared), version and comment; a repeat updates without a second ADDED. */
static void
test_brws_053_host_announcement_listed(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    guint mark = harness_mark(h);
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "SRV1",
                         PLAIN | BRW_SV_TYPE_PRINTQ_SERVER | BRW_SV_TYPE_LOCAL_LIST_ONLY |
                             BRW_SV_TYPE_DOMAIN_ENUM,
                         12 * 60000, "printer room");
    f.announcement.os_major = 5;
    f.announcement.os_minor = 2;
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_MASTER_BROWSER);
    const BrwListEntry *e = brw_list_lookup(brw_engine_servers(h->engine), "SRV1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL(e->server_type, PLAIN | BRW_SV_TYPE_PRINTQ_SERVER);
    CU_ASSERT_EQUAL(e->version_major, 5);
    CU_ASSERT_EQUAL(e->version_minor, 2);
    CU_ASSERT_STRING_EQUAL(e->comment, "printer room");
    CU_ASSERT_EQUAL(e->source, BRW_SOURCE_LOCAL);
    gint added = harness_find_effect(h, mark, BRW_EFFECT_SERVER_ADDED);
    CU_ASSERT_TRUE_FATAL(added >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)added)->effect.entry, "SRV1");

    harness_advance(h, 1 * H_MIN);
    mark = harness_mark(h);
    g_strlcpy(f.announcement.comment, "moved", sizeof f.announcement.comment);
    harness_inject_group(h, &f, "SRV1", MS_SUFFIX_MASTER_BROWSER);
    e = brw_list_lookup(brw_engine_servers(h->engine), "SRV1");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->comment, "moved");
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SERVER_ADDED), -1);
    harness_free(h);
}

/* BRWS-026: a LAN Manager HostAnnouncement (\MAILSLOT\LANMAN, periodicity in seconds) is
 * listed too, and lives 3 x its periodicity. */
static void
test_brws_026_lanman_host_announcement(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    BrwFrame f;
    harness_announcement(&f, BRW_FRAME_HOST_ANNOUNCEMENT, "OS2SRV", PLAIN, 60000, "LM host");
    f.layout = BRW_LAYOUT_LANMAN;
    gint64 t = h->now_us;
    harness_inject_group(h, &f, "OS2SRV", MS_SUFFIX_WORKSTATION);
    const BrwListEntry *e = brw_list_lookup(brw_engine_servers(h->engine), "OS2SRV");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->comment, "LM host");
    harness_advance_to(h, t + 179 * H_SEC);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "OS2SRV"));
    harness_advance_to(h, t + 181 * H_SEC);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "OS2SRV"));
    harness_free(h);
}

/* BRWS-054: gone after 3 x the last Periodicity (not before), with SERVER_REMOVED; a
 * re-announcement restarts the clock. */
static void
test_brws_054_server_expiry(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    gint64 t = h->now_us;
    announce(h, "SRV1", PLAIN, 60000);
    harness_advance_to(h, t + 120 * H_SEC);
    gint64 t2 = h->now_us;
    announce(h, "SRV1", PLAIN, 60000);
    guint mark = harness_mark(h);
    harness_advance_to(h, t2 + 179 * H_SEC);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV1"));
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SERVER_REMOVED), -1);
    harness_advance_to(h, t2 + 181 * H_SEC);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV1"));
    gint rm = harness_find_effect(h, mark, BRW_EFFECT_SERVER_REMOVED);
    CU_ASSERT_TRUE_FATAL(rm >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)rm)->effect.entry, "SRV1");
    CU_ASSERT_TRUE(harness_effect(h, (guint)rm)->at_us >= t2 + 180 * H_SEC);
    /* our own entry does not expire */
    harness_advance_to(h, t + 90 * H_MIN);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), H_NAME));
    harness_free(h);
}

/* BRWS-039 and persistence: a stopping master goes straight to STOPPED and keeps its lists
 * (the daemon saves them; a restart serves them at once). */
static void
test_brws_039_stop_keeps_lists(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    announce(h, "SRV1", PLAIN, 60000);
    guint mark = harness_mark(h);
    brw_engine_stop(h->engine, h->now_us, TRUE);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_STOPPED);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV1"));
    CU_ASSERT_EQUAL(harness_find_effect(h, mark, BRW_EFFECT_SERVER_REMOVED), -1);
    gint rc = harness_find_effect(h, mark, BRW_EFFECT_ROLE_CHANGED);
    CU_ASSERT_TRUE_FATAL(rc >= 0);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.old_role, BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(harness_effect(h, (guint)rc)->effect.role.new_role, BRW_ROLE_STOPPED);
    harness_free(h);
}

/* BRWS-055: ServerType 0 removes the server at once. */
static void
test_brws_055_type_zero_removes(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    announce(h, "SRV1", PLAIN, 12 * 60000);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV1"));
    harness_advance(h, 10 * H_SEC);
    guint mark = harness_mark(h);
    announce(h, "SRV1", 0, 12 * 60000);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_servers(h->engine), "SRV1"));
    gint rm = harness_find_effect(h, mark, BRW_EFFECT_SERVER_REMOVED);
    CU_ASSERT_TRUE_FATAL(rm >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)rm)->effect.entry, "SRV1");
    harness_free(h);
}

/* BRWS-056: a DomainAnnouncement lists the group with its master's name, for 3 x its
 * Periodicity. */
static void
test_brws_056_domain_announcement_listed(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    guint mark = harness_mark(h);
    gint64 t = h->now_us;
    BrwFrame f;
    harness_domain_announcement(&f, H_OTHER_GROUP, "OTHERLMB", 60000);
    harness_inject_group(h, &f, "OTHERLMB", MS_SUFFIX_MSBROWSE);
    const BrwListEntry *e = brw_list_lookup(brw_engine_domains(h->engine), H_OTHER_GROUP);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->comment, "OTHERLMB");
    CU_ASSERT_NOT_EQUAL(e->server_type & BRW_SV_TYPE_DOMAIN_ENUM, 0);
    gint added = harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_ADDED);
    CU_ASSERT_TRUE_FATAL(added >= 0);
    CU_ASSERT_STRING_EQUAL(harness_effect(h, (guint)added)->effect.entry, H_OTHER_GROUP);
    harness_advance_to(h, t + 179 * H_SEC);
    CU_ASSERT_PTR_NOT_NULL(brw_list_lookup(brw_engine_domains(h->engine), H_OTHER_GROUP));
    harness_advance_to(h, t + 181 * H_SEC);
    CU_ASSERT_PTR_NULL(brw_list_lookup(brw_engine_domains(h->engine), H_OTHER_GROUP));
    CU_ASSERT_TRUE(harness_find_effect(h, mark, BRW_EFFECT_DOMAIN_REMOVED) >= 0);
    harness_free(h);
}

/* BRWS-057 (BRWS-010, NBT-033): the response goes unicast to <requester><00> at the
 * request's source address, within 1 s, token echoed, our name first. */
static void
test_brws_057_backup_list_response(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    harness_advance(h, 5 * H_SEC);
    gint64 asked = h->now_us;
    gint i = ask_backup_list(h, 4, 0xDEADBEEFu);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const HarnessEffect *he = harness_effect(h, (guint)i);
    CU_ASSERT_TRUE(he->at_us - asked <= 1 * H_SEC);
    MsName client = harness_name("CLIENT", MS_SUFFIX_WORKSTATION);
    CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &client));
    CU_ASSERT_FALSE(he->effect.send.group);
    CU_ASSERT_EQUAL(he->effect.send.ip, CLIENT_IP);
    CU_ASSERT_EQUAL(he->effect.send.port, CLIENT_PORT);
    const BrwFrame *f = &he->effect.send.frame;
    CU_ASSERT_EQUAL(f->backup_response.token, 0xDEADBEEFu);
    CU_ASSERT_TRUE_FATAL(f->backup_response.count >= 1);
    CU_ASSERT_TRUE(f->backup_response.count <= 4);
    CU_ASSERT_STRING_EQUAL(f->backup_response.names[0], H_NAME);
    harness_free(h);
}

/* Enough plain servers that three backups are wanted and none is surplus. */
static void
populate(EngineHarness *h, guint plain)
{
    for (guint i = 0; i < plain; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "S%02u", i);
        announce(h, name, PLAIN, 12 * 60000);
    }
}

/* BRWS-058: at most RequestedCount names, ourselves first, no duplicates; the backups
 * follow when there is room. */
static void
test_brws_058_requested_count(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    populate(h, 61);
    announce(h, "BK1", BACKUP, 12 * 60000);
    announce(h, "BK2", BACKUP, 12 * 60000);
    announce(h, "BK3", BACKUP, 12 * 60000);
    harness_advance(h, 2 * H_SEC);
    gint i = ask_backup_list(h, 2, 1);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const BrwFrame *f = harness_send_frame(h, i);
    CU_ASSERT_EQUAL(f->backup_response.count, 2);
    CU_ASSERT_STRING_EQUAL(f->backup_response.names[0], H_NAME);
    CU_ASSERT_TRUE(f->backup_response.count < 2 ||
                   g_str_has_prefix(f->backup_response.names[1], "BK"));

    i = ask_backup_list(h, 10, 2);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    f = harness_send_frame(h, i);
    CU_ASSERT_EQUAL(f->backup_response.count, 4);
    CU_ASSERT_STRING_EQUAL(f->backup_response.names[0], H_NAME);
    CU_ASSERT_TRUE(response_lists(f, "BK1"));
    CU_ASSERT_TRUE(response_lists(f, "BK2"));
    CU_ASSERT_TRUE(response_lists(f, "BK3"));
    CU_ASSERT_FALSE(response_lists(f, "S00"));

    char names[8][BRW_NAME_SIZE];
    CU_ASSERT_EQUAL(brw_engine_backup_list(h->engine, names, 8), 4);
    CU_ASSERT_STRING_EQUAL(names[0], H_NAME);
    CU_ASSERT_EQUAL(brw_engine_backup_list(h->engine, names, 1), 1);
    harness_free(h);
}

/* BRWS-059: non-browsers, potential browsers and backups do not answer GetBackupListRequest
 * (a `role` drop); nobody acts on a GetBackupListResponse. */
static void
test_brws_059_only_master_answers(void)
{
    for (int kind = 0; kind < 3; kind++) {
        EngineHarness *h;
        if (kind == 0) {
            BrwEngineConfig cfg;
            harness_config_init(&cfg);
            cfg.browser = FALSE;
            h = harness_new(&cfg);
            harness_start(h);
        } else if (kind == 1) {
            h = harness_new(NULL);
            harness_start(h);
            harness_learn_master(h, "LMB");
        } else {
            h = harness_new(NULL);
            CU_ASSERT_TRUE_FATAL(harness_make_backup(h, "LMB", NULL, 0));
        }
        BrwCounters before = harness_counters(h);
        gint i = ask_backup_list(h, 4, 7);
        CU_ASSERT_EQUAL(i, -1);
        BrwCounters after = harness_counters(h);
        CU_ASSERT_EQUAL(after.received[BRW_FRAME_GET_BACKUP_LIST_REQUEST],
                        before.received[BRW_FRAME_GET_BACKUP_LIST_REQUEST] + 1);
        CU_ASSERT_EQUAL(after.dropped[BRW_DROP_ROLE], before.dropped[BRW_DROP_ROLE] + 1);
        harness_free(h);
    }
}

/* BRWS-059: a GetBackupListResponse, even addressed to us, changes nothing in any role. */
static void
test_brws_059_response_ignored(void)
{
    for (int master = 0; master <= 1; master++) {
        EngineHarness *h = harness_new(NULL);
        if (master) {
            CU_ASSERT_TRUE_FATAL(harness_make_master(h));
        } else {
            harness_start(h);
            harness_learn_master(h, "LMB");
        }
        harness_advance(h, 2 * H_SEC);
        guint mark = harness_mark(h);
        BrwRole role = brw_engine_role(h->engine);
        gint64 deadline = brw_engine_next_deadline(h->engine);
        BrwCounters before = harness_counters(h);
        BrwFrame f;
        brw_frame_init(&f, BRW_FRAME_GET_BACKUP_LIST_RESPONSE);
        f.backup_response.count = 2;
        f.backup_response.token = 9;
        g_strlcpy(f.backup_response.names[0], "LMB", BRW_NAME_SIZE);
        g_strlcpy(f.backup_response.names[1], "BK9", BRW_NAME_SIZE);
        harness_inject_unique(h, &f, "LMB", H_NAME, MS_SUFFIX_WORKSTATION);
        BrwCounters after = harness_counters(h);
        CU_ASSERT_EQUAL(harness_mark(h), mark);
        CU_ASSERT_EQUAL(brw_engine_role(h->engine), role);
        CU_ASSERT_EQUAL(brw_engine_next_deadline(h->engine), deadline);
        CU_ASSERT_EQUAL(after.received[BRW_FRAME_GET_BACKUP_LIST_RESPONSE],
                        before.received[BRW_FRAME_GET_BACKUP_LIST_RESPONSE] + 1);
        CU_ASSERT_EQUAL(harness_dropped_total(&after), harness_dropped_total(&before) + 1);
        char names[8][BRW_NAME_SIZE];
        guint n = brw_engine_backup_list(h->engine, names, 8);
        for (guint k = 0; k < n; k++)
            CU_ASSERT_STRING_NOT_EQUAL(names[k], "BK9");
        harness_free(h);
    }
}

/* BRWS-060: ResetStateRequest STOP_MASTER or CLEAR_ALL: <1D> released, MASTER bit gone,
 * back to POTENTIAL; from a sender the policy lists (by default none is obeyed, see
 * test-brw-engine-policy.c). */
static void
test_brws_060_reset_state_demotes(void)
{
    const guint8 flags[] = {BRW_RESET_STOP_MASTER, BRW_RESET_CLEAR_ALL,
                            BRW_RESET_STOP_MASTER | 0x40};
    for (guint k = 0; k < G_N_ELEMENTS(flags); k++) {
        BrwEngineConfig cfg;
        harness_config_init(&cfg);
        cfg.policy.reset_from[0] = (BrwSubnet){H_PEER_IP, 0xFFFFFFFFu};
        cfg.policy.n_reset_from = 1;
        EngineHarness *h = harness_new(&cfg);
        CU_ASSERT_TRUE_FATAL(harness_make_master(h));
        harness_advance(h, 10 * H_SEC);
        guint mark = harness_mark(h);
        BrwFrame f;
        harness_reset_state(&f, flags[k]);
        harness_inject_unique(h, &f, "ADMIN", H_NAME, MS_SUFFIX_WORKSTATION);
        CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_POTENTIAL);
        CU_ASSERT_EQUAL(brw_engine_server_type(h->engine) & BRW_SV_TYPE_MASTER_BROWSER, 0);
        MsName g1d = harness_group_name(h, MS_SUFFIX_MASTER_BROWSER);
        CU_ASSERT_TRUE(harness_find_name_op(h, mark, BRW_EFFECT_RELEASE_NAME, &g1d) >= 0);
        harness_free(h);
    }
}

/* BRWS-061 (not done, as Windows): ResetStateRequest STOP (0x04) is ignored by a master. */
static void
test_brws_061_reset_stop_ignored(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    harness_advance(h, 10 * H_SEC);
    guint mark = harness_mark(h);
    gint64 deadline = brw_engine_next_deadline(h->engine);
    BrwFrame f;
    harness_reset_state(&f, BRW_RESET_STOP);
    harness_inject_unique(h, &f, "ADMIN", H_NAME, MS_SUFFIX_WORKSTATION);
    CU_ASSERT_EQUAL(brw_engine_role(h->engine), BRW_ROLE_MASTER);
    CU_ASSERT_EQUAL(harness_mark(h), mark);
    CU_ASSERT_EQUAL(brw_engine_next_deadline(h->engine), deadline);
    CU_ASSERT_EQUAL(harness_counters(h).received[BRW_FRAME_RESET_STATE_REQUEST], 1);
    harness_free(h);
}

/* Makes a master see `total` servers (itself included): `backups` announcing
 * BACKUP_BROWSER, one potential browser "CAND" (when room), the rest plain. Returns whether a
 * BecomeBackup went out within 2 min, and checks it was for CAND at CAND<00>. */
static gboolean
promotes(guint total, guint backups)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    harness_advance(h, 5 * H_SEC);
    guint mark = harness_mark(h);
    guint others = total - 1;
    for (guint i = 0; i < backups; i++) {
        char name[16];
        g_snprintf(name, sizeof name, "BK%u", i);
        announce(h, name, BACKUP, 12 * 60000);
    }
    if (others > backups)
        announce(h, "CAND", POTENTIAL, 12 * 60000);
    if (others > backups + 1)
        populate(h, others - backups - 1);
    CU_ASSERT_EQUAL(brw_list_count(brw_engine_servers(h->engine)), total);
    harness_advance(h, 2 * H_MIN);
    gint i = harness_find_send(h, mark, BRW_FRAME_BECOME_BACKUP, NULL);
    if (i >= 0) {
        const HarnessEffect *he = harness_effect(h, (guint)i);
        MsName cand = harness_name("CAND", MS_SUFFIX_WORKSTATION);
        CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &cand));
        CU_ASSERT_FALSE(he->effect.send.group);
        CU_ASSERT_STRING_EQUAL(he->effect.send.frame.become_backup.browser_to_promote, "CAND");
    }
    /* never a surplus reset while we are short or just right */
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_RESET_STATE_REQUEST, NULL), -1);
    harness_free(h);
    return i >= 0;
}

/* BRWS-062: backups wanted: 0 for 1 server, 1 for 2-31, 2 for 32-63, 3 beyond. */
static void
test_brws_062_backups_wanted(void)
{
    struct {
        guint total, backups;
        gboolean promote;
    } cases[] = {
        {1, 0, FALSE},  {2, 0, TRUE},  {3, 1, FALSE},   {31, 1, FALSE}, {32, 1, TRUE},
        {63, 2, FALSE}, {64, 2, TRUE}, {100, 3, FALSE}, {31, 0, TRUE},
    };
    for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
        gboolean p = promotes(cases[k].total, cases[k].backups);
        if (p != cases[k].promote)
            fprintf(stderr, "%u servers, %u backups: BecomeBackup %s\n", cases[k].total,
                    cases[k].backups, p ? "sent" : "not sent");
        CU_ASSERT_EQUAL(p, cases[k].promote);
    }
}

/* BRWS-062: one outstanding BecomeBackup per minute. */
static void
test_brws_062_one_per_minute(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    harness_advance(h, 5 * H_SEC);
    guint mark = harness_mark(h);
    announce(h, "CAND", POTENTIAL, 12 * 60000);
    announce(h, "CAND2", POTENTIAL, 12 * 60000);
    harness_advance(h, 2 * H_MIN);
    gint first = harness_find_send(h, mark, BRW_FRAME_BECOME_BACKUP, NULL);
    CU_ASSERT_TRUE_FATAL(first >= 0);
    gint64 t = harness_effect(h, (guint)first)->at_us;
    /* nobody confirms: not another one within the minute */
    CU_ASSERT_EQUAL(
        harness_count_sends_between(h, BRW_FRAME_BECOME_BACKUP, t + 1, t + 60 * H_SEC - 1), 0);
    harness_free(h);
}

/* BRWS-063: a surplus backup is sent ResetStateRequest CLEAR_ALL at its <00>, one of the
 * two only; once it announces without BACKUP_BROWSER, no more resets. */
static void
test_brws_063_surplus_reset(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    harness_advance(h, 5 * H_SEC);
    guint mark = harness_mark(h);
    announce(h, "BK1", BACKUP, 12 * 60000);
    announce(h, "BK2", BACKUP, 12 * 60000);
    harness_advance(h, 2 * H_MIN);
    gint i = harness_find_send(h, mark, BRW_FRAME_RESET_STATE_REQUEST, NULL);
    if (i < 0)
        harness_dump(h, mark);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    const HarnessEffect *he = harness_effect(h, (guint)i);
    CU_ASSERT_EQUAL(he->effect.send.frame.reset.flags, BRW_RESET_CLEAR_ALL);
    CU_ASSERT_FALSE(he->effect.send.group);
    MsName bk1 = harness_name("BK1", MS_SUFFIX_WORKSTATION);
    MsName bk2 = harness_name("BK2", MS_SUFFIX_WORKSTATION);
    CU_ASSERT_TRUE(ms_name_equal(&he->effect.send.destination, &bk1) ||
                   ms_name_equal(&he->effect.send.destination, &bk2));
    const MsName target = he->effect.send.destination;
    /* only the surplus one is reset, never both */
    for (gint k = i; k >= 0;
         k = harness_find_send(h, (guint)k + 1, BRW_FRAME_RESET_STATE_REQUEST, NULL))
        CU_ASSERT_TRUE(
            ms_name_equal(&harness_effect(h, (guint)k)->effect.send.destination, &target));
    CU_ASSERT_EQUAL(harness_find_send(h, mark, BRW_FRAME_BECOME_BACKUP, NULL), -1);
    /* it complies and says so: no more resets */
    char base[MS_NAME_LEN];
    ms_name_base(&target, base);
    announce(h, base, POTENTIAL, 12 * 60000);
    guint complied = harness_mark(h);
    harness_advance(h, 5 * H_MIN);
    CU_ASSERT_EQUAL(harness_find_send(h, complied, BRW_FRAME_RESET_STATE_REQUEST, NULL), -1);
    CU_ASSERT_EQUAL(harness_find_send(h, complied, BRW_FRAME_BECOME_BACKUP, NULL), -1);
    harness_free(h);
}

/* BRWS-065: a server announcing BACKUP_BROWSER is in the backup list until it expires. */
static void
test_brws_065_backup_listed_until_expiry(void)
{
    EngineHarness *h = new_master();
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    gint64 t = h->now_us;
    announce(h, "BK1", BACKUP, 60000);
    gint i = ask_backup_list(h, 8, 3);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    CU_ASSERT_TRUE(response_lists(harness_send_frame(h, i), "BK1"));
    CU_ASSERT_STRING_EQUAL(harness_send_frame(h, i)->backup_response.names[0], H_NAME);
    harness_advance_to(h, t + 181 * H_SEC);
    i = ask_backup_list(h, 8, 4);
    CU_ASSERT_TRUE_FATAL(i >= 0);
    CU_ASSERT_FALSE(response_lists(harness_send_frame(h, i), "BK1"));
    CU_ASSERT_EQUAL(harness_send_frame(h, i)->backup_response.count, 1);
    harness_free(h);
}

/* BRWS-066: an AnnouncementRequest on <1D> gets an LMA within 0.5 s; on <1E> or <00>, one
 * announcement within 30 s. */
static void
test_brws_066_master_answers_announcement_request(void)
{
    const guint8 suffixes[] = {MS_SUFFIX_MASTER_BROWSER, MS_SUFFIX_BROWSER_ELECTION,
                               MS_SUFFIX_WORKSTATION};
    for (guint k = 0; k < G_N_ELEMENTS(suffixes); k++) {
        EngineHarness *h = new_master();
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        harness_advance_to(h, h->master_since_us + 10 * H_SEC);
        gint64 t = h->now_us;
        BrwFrame f;
        harness_announcement_request(&f);
        harness_inject_group(h, &f, "NEWBK", suffixes[k]);
        harness_advance_to(h, t + 30 * H_SEC);
        guint lmas =
            harness_count_sends_between(h, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, t, t + 30 * H_SEC);
        guint has = harness_count_sends_between(h, BRW_FRAME_HOST_ANNOUNCEMENT, t, t + 30 * H_SEC);
        CU_ASSERT_EQUAL(lmas + has, 1);
        if (suffixes[k] == MS_SUFFIX_MASTER_BROWSER) {
            CU_ASSERT_EQUAL(harness_count_sends_between(h, BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT, t,
                                                        t + 500 * H_MS),
                            1);
        }
        /* BRWS-003: the extra LMA's Periodicity is the time left to the scheduled one at
         * +2 min */
        for (guint i = 0; i < harness_mark(h); i++) {
            const HarnessEffect *he = harness_effect(h, i);
            if (he->effect.kind != BRW_EFFECT_SEND || he->at_us < t ||
                he->effect.send.frame.kind != BRW_FRAME_LOCAL_MASTER_ANNOUNCEMENT)
                continue;
            gint64 left_ms = (h->master_since_us + 2 * H_MIN - he->at_us) / H_MS;
            gint64 said = he->effect.send.frame.announcement.periodicity_ms;
            CU_ASSERT_TRUE(said >= left_ms - 1 && said <= left_ms + 1);
        }
        harness_free(h);
    }
}

int
main(void)
{
    CU_TestInfo tests[] = {
        {"brws_050_announcement_request_on_win", test_brws_050_announcement_request_on_win},
        {"brws_050_no_request_with_a_list", test_brws_050_no_request_with_a_list},
        {"brws_051_lma_ramp", test_brws_051_lma_ramp},
        {"brws_052_domain_announcement_ramp", test_brws_052_domain_announcement_ramp},
        {"brws_053_host_announcement_listed", test_brws_053_host_announcement_listed},
        {"brws_026_lanman_host_announcement", test_brws_026_lanman_host_announcement},
        {"brws_054_server_expiry", test_brws_054_server_expiry},
        {"brws_039_stop_keeps_lists", test_brws_039_stop_keeps_lists},
        {"brws_055_type_zero_removes", test_brws_055_type_zero_removes},
        {"brws_056_domain_announcement_listed", test_brws_056_domain_announcement_listed},
        {"brws_057_backup_list_response", test_brws_057_backup_list_response},
        {"brws_058_requested_count", test_brws_058_requested_count},
        {"brws_059_only_master_answers", test_brws_059_only_master_answers},
        {"brws_059_response_ignored", test_brws_059_response_ignored},
        {"brws_060_reset_state_demotes", test_brws_060_reset_state_demotes},
        {"brws_061_reset_stop_ignored", test_brws_061_reset_stop_ignored},
        {"brws_062_backups_wanted", test_brws_062_backups_wanted},
        {"brws_062_one_per_minute", test_brws_062_one_per_minute},
        {"brws_063_surplus_reset", test_brws_063_surplus_reset},
        {"brws_065_backup_listed_until_expiry", test_brws_065_backup_listed_until_expiry},
        {"brws_066_master_answers_announcement_request",
         test_brws_066_master_answers_announcement_request},
        CU_TEST_INFO_NULL,
    };
    return test_run_suite("brw-engine-master", tests);
}
