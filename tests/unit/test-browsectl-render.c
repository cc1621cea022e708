/* browsectl's output for people (browsectl-render.h, browsectl-table.h, browsectl-types.h):
 * exact tables for each command from sample replies, type words both ways, durations, event
 * lines in a fixed time zone, cells cleaned of control characters and aligned by characters
 * rather than bytes, and replies with members missing or of the wrong type. */
#include <string.h>

#include "browsectl-client.h"
#include "browsectl-json.h"
#include "browsectl-render.h"
#include "browsectl-table.h"
#include "browsectl-types.h"
#include "test-util.h"

static JsonNode *
parse(const char *text)
{
    g_autoptr(JsonParser) p = json_parser_new();
    CU_ASSERT_TRUE_FATAL(json_parser_load_from_data(p, text, -1, NULL));
    return json_node_copy(json_parser_get_root(p));
}

typedef char *(*Render)(JsonObject *result);

static void
expect_render(Render render, const char *json, const char *want)
{
    g_autoptr(JsonNode) n = parse(json);
    g_autofree char *got = render(json_node_get_object(n));
    if (strcmp(got, want) != 0)
        fprintf(stderr, "\n-- expected:\n%s-- got:\n%s--\n", want, got);
    CU_ASSERT_STRING_EQUAL(got, want);
}

#define LINK_ETH0 "\"interface\":\"eth0\",\"address\":\"10.0.1.5\",\"workgroup\":\"WORKGROUP\""
#define LINK_ETH1 "\"interface\":\"eth1\",\"address\":\"192.168.0.2\",\"workgroup\":\"WORKGROUP\""

static void
test_servers(void)
{
    expect_render(
        browsectl_render_servers,
        "{\"links\":[{" LINK_ETH0 ",\"role\":\"master\",\"master\":\"B1\",\"servers\":["
        "{\"name\":\"B1\",\"type\":331779,\"flags\":\"x\",\"os_major\":6,\"os_minor\":1,"
        "\"comment\":\"caf\xc3\xa9 box\",\"source\":\"local\",\"last_heard_s\":2,"
        "\"expires_in_s\":358},"
        "{\"name\":\"PRINTSRV\",\"type\":514,\"flags\":\"x\",\"os_major\":4,\"os_minor\":9,"
        "\"comment\":\"laser\\u001b[31m\",\"source\":\"sync\",\"last_heard_s\":3725,"
        "\"expires_in_s\":90000}]},"
        "{" LINK_ETH1 ",\"role\":\"potential\",\"master\":\"B1\",\"servers\":[]},"
        "{" LINK_ETH1 ",\"role\":\"non-browser\",\"master\":null,\"servers\":[]}]}",
        "eth0 WORKGROUP: 2 servers (this browser is the master)\n"
        "  NAME      TYPE                                                        COMMENT     "
        "SOURCE  HEARD  EXPIRES\n"
        "  B1        workstation, server, nt, potential-browser, master-browser  caf\xc3\xa9 box   "
        " local   2s     5m58s\n"
        "  PRINTSRV  server, print                                               laser?[31m  sync  "
        "  1h02m  1d01h\n"
        "\n"
        "eth1 WORKGROUP: no servers known (this browser is not the master; the master is B1)\n"
        "\n"
        "eth1 WORKGROUP: no servers known (this server is not a browser; no master is known)\n");
}

static void
test_domains(void)
{
    expect_render(browsectl_render_domains,
                  "{\"links\":[{" LINK_ETH0 ",\"role\":\"backup\",\"master\":\"M\",\"domains\":["
                  "{\"name\":\"OTHERGRP\",\"type\":2147487744,\"flags\":\"x\",\"os_major\":4,"
                  "\"os_minor\":9,\"comment\":\"OMASTER\",\"source\":\"sync\","
                  "\"last_heard_s\":30,\"expires_in_s\":870},"
                  "{\"name\":\"LONELY\",\"type\":0,\"flags\":\"x\",\"os_major\":0,"
                  "\"os_minor\":0,\"comment\":\"\",\"source\":\"local\","
                  "\"last_heard_s\":0,\"expires_in_s\":59}]}]}",
                  "eth0 WORKGROUP: 2 workgroups (copied from the master M)\n"
                  "  WORKGROUP  MASTER   SOURCE  HEARD  EXPIRES\n"
                  "  OTHERGRP   OMASTER  sync    30s    14m30s\n"
                  "  LONELY     -        local   0s     59s\n");
}

static void
test_backups(void)
{
    expect_render(browsectl_render_backups,
                  "{\"links\":[{" LINK_ETH0 ",\"role\":\"master\",\"master\":\"B1\","
                  "\"backups\":[\"B1\",\"BK1\",\"BK2\"]},"
                  "{" LINK_ETH1 ",\"role\":\"potential\",\"master\":null,\"backups\":[]}]}",
                  "INTERFACE  WORKGROUP  ROLE       MASTER  BACKUPS\n"
                  "eth0       WORKGROUP  master     B1      B1, BK1, BK2\n"
                  "eth1       WORKGROUP  potential  -       -\n");
}

static void
test_status(void)
{
    expect_render(
        browsectl_render_status,
        "{\"daemon\":{\"version\":\"0.1.0\",\"pid\":4242,\"uptime_s\":3725},"
        "\"links\":[{" LINK_ETH0 ",\"netbios_name\":\"B1\",\"role\":\"potential\","
        "\"master\":null,\"electing\":true,\"criteria\":{\"value\":335613698,\"hex\":"
        "\"0x14010f02\",\"os_level\":20,\"browser_version\":\"1.15\",\"roles\":[\"dc\"]},"
        "\"server_type\":{\"value\":69635,\"flags\":\"x\"},\"uptime_s\":65,\"servers\":1,"
        "\"domains\":0,\"engine\":{\"elections_started\":1,\"elections_won\":0,"
        "\"elections_lost\":2,\"name_failures\":0,\"syncs_ok\":0,\"syncs_failed\":0,"
        "\"frames_received\":7,\"frames_sent\":9,\"frames_dropped\":1},"
        "\"name_table\":{\"received\":1,\"sent\":2,\"registered\":3,\"refused\":0,\"lost\":0,"
        "\"defended\":0},\"names\":[{\"name\":\"B1<00>\",\"state\":\"held\",\"group\":false},"
        "{\"name\":\"WORKGROUP<1e>\",\"state\":\"held\",\"group\":true},"
        "{\"name\":\"WORKGROUP<1d>\",\"state\":\"registering\",\"group\":false},"
        "{\"name\":\"X<00>\",\"state\":\"releasing\",\"group\":true}],"
        "\"syncs\":[{\"peer\":\"M1\",\"address\":\"10.0.1.7\",\"ago_s\":75,\"ok\":true,"
        "\"servers\":40,\"domains\":1,\"elapsed_ms\":12,\"error\":null},"
        "{\"peer\":\"M2\",\"address\":null,\"ago_s\":5,\"ok\":false,\"servers\":0,"
        "\"domains\":0,\"elapsed_ms\":0,\"error\":\"its name did not resolve\"},"
        "{\"peer\":\"M3\",\"address\":\"10.0.1.9\",\"ago_s\":null,\"ok\":false,"
        "\"servers\":0,\"domains\":0,\"elapsed_ms\":0,\"error\":null}]}]}",
        "browserd 0.1.0, pid 4242, up 1h02m\n"
        "\n"
        "eth0 WORKGROUP (10.0.1.5)\n"
        "  name         B1\n"
        "  role         potential (electing)\n"
        "  master       unknown\n"
        "  criteria     0x14010f02: os level 20, browser 1.15, dc\n"
        "  server type  workstation, server, nt, potential-browser\n"
        "  up           1m05s\n"
        "  lists        1 server, 0 workgroups\n"
        "  elections    1 started, 0 won, 2 lost\n"
        "  frames       7 received, 9 sent, 1 dropped\n"
        "  names        B1<00>, WORKGROUP<1e> (group), WORKGROUP<1d> (registering), X<00> "
        "(group, releasing)\n"
        "  sync M1      10.0.1.7, 1m15s ago: 40 servers, 1 workgroup in 12 ms\n"
        "  sync M2      address unknown, 5s ago: failed: its name did not resolve\n"
        "  sync M3      10.0.1.9: under way\n");
}

static void
test_stats(void)
{
    expect_render(browsectl_render_stats,
                  "{\"daemon\":{\"unrouted\":3,\"sockets\":{\"name_service\":{\"received\":1},"
                  "\"datagram\":null},\"control\":null},"
                  "\"links\":[{" LINK_ETH0 ",\"engine\":{\"received\":{\"host-announcement\":4},"
                  "\"elections_won\":1},\"name_table\":null,\"unresolved_drops\":0}]}",
                  "daemon\n"
                  "  unrouted                       3\n"
                  "  sockets.name_service.received  1\n"
                  "\n"
                  "eth0 WORKGROUP\n"
                  "  engine.received.host-announcement  4\n"
                  "  engine.elections_won               1\n"
                  "  unresolved_drops                   0\n");
}

static void
test_actions(void)
{
    g_autoptr(JsonNode) n = parse("{\"links\":[{" LINK_ETH0 ",\"role\":\"master\",\"forced\":true},"
                                  "{" LINK_ETH1 ",\"role\":\"non-browser\",\"forced\":false}]}");
    guint applied = 99;
    g_autofree char *notes =
        browsectl_render_actions(json_node_get_object(n), "forced", "election", &applied);
    CU_ASSERT_EQUAL(applied, 1);
    CU_ASSERT_STRING_EQUAL(notes, "eth1 WORKGROUP: no election (role non-browser)\n");
    g_autoptr(JsonNode) none = parse("{\"links\":[]}");
    g_autofree char *empty =
        browsectl_render_actions(json_node_get_object(none), "forced", "election", &applied);
    CU_ASSERT_EQUAL(applied, 0);
    CU_ASSERT_STRING_EQUAL(empty, "");
}

static char *
event(const char *json)
{
    g_autoptr(JsonNode) n = parse(json);
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc();
    return browsectl_render_event(json_node_get_object(n), utc);
}

#define EV(kind, rest)                                                                             \
    "{\"v\":1,\"event\":\"" kind "\",\"time\":\"2024-05-01T12:00:01.500Z\",\"interface\":"         \
    "\"eth0\",\"workgroup\":\"WG\"" rest "}"

static void
test_events(void)
{
    static const struct {
        const char *json, *line;
    } cases[] = {
        {EV("role-changed", ",\"old\":\"potential\",\"new\":\"master\""),
         "12:00:01 eth0 WG: role potential -> master\n"},
        {EV("master-changed", ",\"master\":\"B2\""), "12:00:01 eth0 WG: master is B2\n"},
        {EV("master-changed", ",\"master\":null"), "12:00:01 eth0 WG: master unknown\n"},
        {EV("election-won", ",\"criteria\":{\"hex\":\"0x14010f02\"},\"uptime_ms\":65000"),
         "12:00:01 eth0 WG: election won: criteria 0x14010f02, uptime 1m05s\n"},
        {EV("election-lost", ",\"criteria\":{\"hex\":\"0x14010f02\"},\"uptime_ms\":5000,"
                             "\"winner\":\"W\",\"winner_criteria\":{\"hex\":\"0x41010f0a\"},"
                             "\"winner_uptime_ms\":90000"),
         "12:00:01 eth0 WG: election lost to W: criteria 0x41010f0a, uptime 1m30s against ours "
         "0x14010f02, uptime 5s\n"},
        {EV("server-added", ",\"name\":\"NEW\""), "12:00:01 eth0 WG: server added NEW\n"},
        {EV("server-removed", ",\"name\":\"OLD\\u0007\""),
         "12:00:01 eth0 WG: server removed OLD?\n"},
        {EV("domain-added", ",\"name\":\"G\""), "12:00:01 eth0 WG: workgroup added G\n"},
        {EV("domain-removed", ",\"name\":\"G\""), "12:00:01 eth0 WG: workgroup removed G\n"},
        {EV("from-the-future", ""), "12:00:01 eth0 WG: from-the-future\n"},
        {"{\"v\":1,\"event\":\"server-added\",\"time\":\"garbage\"}",
         "--:--:-- - -: server added -\n"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *got = event(cases[i].json);
        CU_ASSERT_STRING_EQUAL(got, cases[i].line);
    }
    g_autoptr(JsonNode) w = parse("{\"watching\":true,\"links\":[{" LINK_ETH0 ",\"role\":"
                                  "\"master\",\"master\":\"B1\"},{" LINK_ETH1 ",\"role\":"
                                  "\"potential\",\"master\":null}]}");
    g_autofree char *watching = browsectl_render_watching(json_node_get_object(w));
    CU_ASSERT_STRING_EQUAL(watching, "watching eth0 WORKGROUP: role master, master B1\n"
                                     "watching eth1 WORKGROUP: role potential, master unknown\n");
}

static void
test_missing_members(void)
{
    /* An older or newer daemon: nothing crashes, gaps show as '-'. */
    const char *odd[] = {
        "{}", "{\"links\":7}", "{\"links\":[1,null,\"x\",{}]}",
        "{\"daemon\":[],\"links\":[{\"names\":[3],\"criteria\":{\"roles\":[1]}}]}"};
    Render renders[] = {browsectl_render_status,  browsectl_render_servers,
                        browsectl_render_domains, browsectl_render_backups,
                        browsectl_render_stats,   browsectl_render_watching};
    for (gsize i = 0; i < G_N_ELEMENTS(odd); i++) {
        for (gsize r = 0; r < G_N_ELEMENTS(renders); r++) {
            g_autoptr(JsonNode) n = parse(odd[i]);
            g_autofree char *text = renders[r](json_node_get_object(n));
            CU_ASSERT_PTR_NOT_NULL(text);
        }
    }
    expect_render(browsectl_render_servers, "{\"links\":[{}]}",
                  "- -: no servers known (this browser is not the master; no master is known)\n");
}

/* ---- tables, types, durations ------------------------------------------------------ */

static void
test_table(void)
{
    static const char *const headers[] = {"A", "LONG HEADER", "C"};
    g_autoptr(BrowsectlTable) t = browsectl_table_new(3, headers, 1);
    const char *r1[] = {"\xc3\xa9t\xc3\xa9", "x", "tail"};
    const char *r2[] = {"a\x1b[1mb", NULL, ""};
    const char *r3[] = {"\xff", "y", "z"};
    browsectl_table_add(t, r1);
    browsectl_table_add(t, r2);
    browsectl_table_add(t, r3);
    CU_ASSERT_EQUAL(browsectl_table_rows(t), 3);
    g_autoptr(GString) out = g_string_new(NULL);
    browsectl_table_render(t, out);
    /* Widths in characters: "été" is 3 wide, like "a?[" is; U+FFFD (for \xff) is 1. */
    CU_ASSERT_STRING_EQUAL(out->str, " A       LONG HEADER  C\n"
                                     " \xc3\xa9t\xc3\xa9     x            tail\n"
                                     " a?[1mb\n"
                                     " \xef\xbf\xbd       y            z\n");
}

static void
test_type_words(void)
{
    g_autofree char *none = browsectl_type_words(0);
    CU_ASSERT_STRING_EQUAL(none, "none");
    g_autofree char *some = browsectl_type_words(0x00451203u | 0x08000000u);
    CU_ASSERT_STRING_EQUAL(some, "workstation, server, print, nt, potential-browser, "
                                 "master-browser, windows-9x, 0x08000000");
    for (guint bit = 0; bit < 32; bit++) {
        guint32 b = 1u << bit;
        const char *w = browsectl_type_word(b);
        if (b == 0x08000000u) {
            CU_ASSERT_PTR_NULL(w); /* unused in [MS-RAP] */
            continue;
        }
        CU_ASSERT_PTR_NOT_NULL_FATAL(w);
        guint32 back = 0;
        g_autofree char *problem = NULL;
        CU_ASSERT_TRUE(browsectl_type_parse(w, &back, &problem));
        CU_ASSERT_EQUAL(back, b);
    }
    static const struct {
        const char *text;
        guint32 mask;
    } ok[] = {
        {"print", 0x200},        {"PRINT", 0x200},
        {"server,print", 0x202}, {" sql , nt ", 0x1004},
        {"0x00000200", 0x200},   {"512", 0x200},
        {"all", 0xFFFFFFFFu},    {"domain-controller,backup-controller", 0x18},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(ok); i++) {
        guint32 m = 0;
        g_autofree char *problem = NULL;
        CU_ASSERT_TRUE(browsectl_type_parse(ok[i].text, &m, &problem));
        CU_ASSERT_EQUAL(m, ok[i].mask);
    }
    const char *bad[] = {"",     "printer", "0",          "0x",   "0x100000000",
                         "0660", "-1",      "server,,nt", "12abc"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        guint32 m = 0;
        g_autofree char *problem = NULL;
        CU_ASSERT_FALSE(browsectl_type_parse(bad[i], &m, &problem));
        CU_ASSERT_PTR_NOT_NULL(problem);
    }
    g_autofree char *list = browsectl_type_list();
    CU_ASSERT_TRUE(g_str_has_prefix(list, "workstation\nserver\nsql\n"));
    CU_ASSERT_TRUE(g_str_has_suffix(list, "\ndomain-enum\n"));
}

static void
test_durations(void)
{
    static const struct {
        gint64 s;
        const char *text;
    } cases[] = {{-5, "0s"},       {0, "0s"},         {59, "59s"},       {60, "1m00s"},
                 {3599, "59m59s"}, {3600, "1h00m"},   {86399, "23h59m"}, {86400, "1d00h"},
                 {90061, "1d01h"}, {864000, "10d00h"}};
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *d = browsectl_duration(cases[i].s);
        CU_ASSERT_STRING_EQUAL(d, cases[i].text);
    }
}

static void
test_requests_and_replies(void)
{
    g_autoptr(JsonObject) args = json_object_new();
    json_object_set_string_member(args, "workgroup", "W\"G");
    json_object_set_int_member(args, "type", 512);
    g_autofree char *line = browsectl_request_line("servers", args);
    CU_ASSERT_STRING_EQUAL(line, "{\"v\":1,\"id\":1,\"verb\":\"servers\",\"workgroup\":\"W\\\"G\","
                                 "\"type\":512}\n");
    g_autofree char *plain = browsectl_request_line("status", NULL);
    CU_ASSERT_STRING_EQUAL(plain, "{\"v\":1,\"id\":1,\"verb\":\"status\"}\n");

    BrowsectlReply r;
    CU_ASSERT_TRUE(
        browsectl_reply_parse("{\"v\":1,\"id\":1,\"ok\":true,\"result\":{\"a\":1}}", &r, NULL));
    CU_ASSERT_TRUE(r.ok);
    CU_ASSERT_FALSE(r.is_event);
    CU_ASSERT_EQUAL(browsectl_get_int(r.result, "a", 0), 1);
    browsectl_reply_clear(&r);
    CU_ASSERT_TRUE(browsectl_reply_parse("{\"v\":1,\"id\":null,\"ok\":false,\"error\":{\"code\":"
                                         "\"too-slow\",\"message\":\"m\"}}",
                                         &r, NULL));
    CU_ASSERT_FALSE(r.ok);
    CU_ASSERT_STRING_EQUAL(r.code, "too-slow");
    CU_ASSERT_STRING_EQUAL(r.message, "m");
    browsectl_reply_clear(&r);
    CU_ASSERT_TRUE(browsectl_reply_parse("{\"v\":1,\"ok\":false}", &r, NULL));
    CU_ASSERT_STRING_EQUAL(r.code, "unknown");
    browsectl_reply_clear(&r);
    CU_ASSERT_TRUE(browsectl_reply_parse("{\"v\":1,\"event\":\"x\"}", &r, NULL));
    CU_ASSERT_TRUE(r.is_event);
    browsectl_reply_clear(&r);
    const char *bad[] = {"",
                         "nope",
                         "[]",
                         "{\"v\":2,\"ok\":true,\"result\":{}}",
                         "{\"v\":1,\"ok\":true}",
                         "{\"v\":1,\"ok\":true,\"result\":[]}"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autoptr(GError) error = NULL;
        CU_ASSERT_FALSE(browsectl_reply_parse(bad[i], &r, &error));
        CU_ASSERT_PTR_NOT_NULL(error);
        browsectl_reply_clear(&r);
    }
}

static CU_TestInfo tests[] = {
    {"servers", test_servers},
    {"domains", test_domains},
    {"backups", test_backups},
    {"status", test_status},
    {"stats", test_stats},
    {"elect and announce", test_actions},
    {"watch events", test_events},
    {"members missing or odd", test_missing_members},
    {"table alignment and cleaning", test_table},
    {"type words", test_type_words},
    {"durations", test_durations},
    {"requests and replies", test_requests_and_replies},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("browsectl-render", tests);
}
