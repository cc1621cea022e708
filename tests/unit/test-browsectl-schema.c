/* browserd/browsectl.schema.json against what the daemon really sends (browsectl --json
 * prints those lines as they come): every verb's reply from a fake daemon, the error
 * replies of the dispatcher and of the server, and every kind of watch event must validate;
 * broken samples must not, and the validator must know every keyword the schema uses. */
#include <string.h>

#include "bd-control-conn.h"
#include "bd-control-dispatch.h"
#include "bd-control-events.h"
#include "bd-control-fake.h"
#include "json-schema-mini.h"
#include "test-util.h"

static JsonNode *schema;

static JsonNode *
parse(const char *text)
{
    g_autoptr(JsonParser) p = json_parser_new();
    g_autoptr(GError) error = NULL;
    if (!json_parser_load_from_data(p, text, -1, &error))
        fprintf(stderr, "\n%s\n%s\n", error->message, text);
    CU_ASSERT_PTR_NULL_FATAL(error);
    return json_node_copy(json_parser_get_root(p));
}

static int
load_schema(void)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents(BROWSECTL_SCHEMA, &text, NULL, NULL))
        return 1;
    g_autoptr(JsonParser) p = json_parser_new();
    if (!json_parser_load_from_data(p, text, -1, NULL))
        return 1;
    schema = json_node_copy(json_parser_get_root(p));
    return 0;
}

static int
free_schema(void)
{
    json_node_unref(schema);
    return 0;
}

/* `line` (a reply or event as sent) must validate against `def` and the whole schema. */
static void
expect_valid(const char *def, const char *line)
{
    g_autoptr(JsonNode) n = parse(line);
    g_autoptr(GString) why = g_string_new(NULL);
    g_autofree char *pointer = g_strdup_printf("#/$defs/%s", def);
    gboolean ok = jsm_validate(schema, pointer, n, why);
    if (!ok)
        fprintf(stderr, "\n%s: %s\n%s\n", def, why->str, line);
    CU_ASSERT_TRUE(ok);
    ok = jsm_validate(schema, "#", n, why);
    if (!ok)
        fprintf(stderr, "\n#: %s\n%s\n", why->str, line);
    CU_ASSERT_TRUE(ok);
}

static void
expect_invalid(const char *def, const char *json)
{
    g_autoptr(JsonNode) n = parse(json);
    g_autofree char *pointer = g_strdup_printf("#/$defs/%s", def);
    gboolean ok = jsm_validate(schema, pointer, n, NULL);
    if (ok)
        fprintf(stderr, "\nwrongly valid as %s: %s\n", def, json);
    CU_ASSERT_FALSE(ok);
}

static FakeView *
fake_daemon(void)
{
    FakeView *v = fake_view_new();
    FakeLink *a = fake_view_add_link(v, "eth0", 0x0A000105u, "WORKGROUP", "B1", TRUE, TRUE);
    fake_view_add_link(v, "eth1", 0xC0A80002u, "WORKGROUP", "B1", FALSE, FALSE);
    CU_ASSERT_FATAL(fake_link_make_master(a));
    fake_view_run_until(v, v->now + 2 * G_USEC_PER_SEC);
    fake_link_add_entry(a, FALSE, "FILES", 0x1003, "Samba \x82", v->now, 720);
    fake_link_add_entry(a, FALSE, "BK", 0x20003, "", v->now, 720);
    fake_link_add_entry(a, TRUE, "OTHERGRP", 0x80001000u, "OMASTER", v->now, 900);
    fake_link_add_sync(a, "LMB2", 0x0A000107u, v->now - G_USEC_PER_SEC, 40, 3, NULL);
    fake_link_add_sync(a, "LMB3", 0, v->now, 0, 0, "its name did not resolve");
    fake_link_add_sync(a, "LMB4", 0x0A000109u, 0, 0, 0, NULL);
    return v;
}

static char *
dispatch(const BdControlView *view, const char *line)
{
    BdControlOutcome out;
    g_autoptr(JsonNode) reply = bd_control_dispatch_line(view, line, strlen(line), &out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(reply);
    char *text = bd_control_node_to_line(reply, NULL);
    text[strlen(text) - 1] = '\0';
    return text;
}

static void
test_every_reply(void)
{
    FakeView *fake = fake_daemon();
    BdControlView view = fake_view_control(fake);
    for (const BdControlVerb *v = bd_control_verbs; v->name != NULL; v++) {
        g_autofree char *line = g_strdup_printf("{\"v\":1,\"id\":9,\"verb\":\"%s\"}", v->name);
        g_autofree char *reply = dispatch(&view, line);
        g_autofree char *def = g_strdup_printf("%s_reply", v->name);
        expect_valid(def, reply);
        /* and without an id */
        g_autofree char *line2 = g_strdup_printf("{\"v\":1,\"verb\":\"%s\"}", v->name);
        g_autofree char *reply2 = dispatch(&view, line2);
        expect_valid(def, reply2);
    }
    /* The optional parts present: a server's own counters, filters. */
    BdControlCounters counters = {.accepted = 1, .clients = 1};
    view.control = &counters;
    g_autofree char *stats = dispatch(&view, "{\"v\":1,\"id\":1,\"verb\":\"stats\"}");
    expect_valid("stats_reply", stats);
    g_autofree char *some = dispatch(&view, "{\"v\":1,\"id\":1,\"verb\":\"servers\",\"type\":2}");
    expect_valid("servers_reply", some);
    fake_view_free(fake);
}

static void
test_every_verb_has_a_schema(void)
{
    JsonObject *defs = json_object_get_object_member(json_node_get_object(schema), "$defs");
    JsonArray *any = json_object_get_array_member(json_node_get_object(schema), "anyOf");
    for (const BdControlVerb *v = bd_control_verbs; v->name != NULL; v++) {
        g_autofree char *def = g_strdup_printf("%s_reply", v->name);
        g_autofree char *ref = g_strdup_printf("#/$defs/%s", def);
        CU_ASSERT_TRUE(json_object_has_member(defs, def));
        gboolean listed = FALSE;
        for (guint i = 0; i < json_array_get_length(any); i++)
            listed =
                listed ||
                strcmp(json_object_get_string_member(json_array_get_object_element(any, i), "$ref"),
                       ref) == 0;
        CU_ASSERT_TRUE(listed);
    }
}

static void
test_error_replies(void)
{
    FakeView *fake = fake_daemon();
    BdControlView view = fake_view_control(fake);
    const char *bad[] = {
        "not json",
        "[]",
        "{\"v\":2,\"id\":1,\"verb\":\"status\"}",
        "{\"v\":1,\"id\":1,\"verb\":\"nope\"}",
        "{\"v\":1,\"id\":1,\"verb\":\"servers\",\"type\":0}",
        "{\"v\":1,\"id\":1,\"verb\":\"servers\",\"interface\":\"wlan0\"}",
        "{\"v\":1,\"id\":1,\"verb\":\"servers\",\"workgroup\":\"X\"}",
        "{\"v\":1,\"id\":1,\"verb\":\"servers\",\"extra\":1}",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *reply = dispatch(&view, bad[i]);
        expect_valid("error_reply", reply);
    }
    /* What the server says on its own. */
    for (gint code = 0; code < BD_CONTROL_ERROR_CODE_COUNT; code++) {
        g_autofree char *line =
            bd_control_error_line(code % 2 == 0, 5, (BdControlErrorCode)code, "m", NULL);
        line[strlen(line) - 1] = '\0';
        expect_valid("error_reply", line);
    }
    fake_view_free(fake);
}

static void
test_every_event(void)
{
    const BrwEffectKind kinds[] = {
        BRW_EFFECT_ROLE_CHANGED,  BRW_EFFECT_MASTER_CHANGED, BRW_EFFECT_ELECTION_WON,
        BRW_EFFECT_ELECTION_LOST, BRW_EFFECT_SERVER_ADDED,   BRW_EFFECT_SERVER_REMOVED,
        BRW_EFFECT_DOMAIN_ADDED,  BRW_EFFECT_DOMAIN_REMOVED,
    };
    for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
        for (int variant = 0; variant < 2; variant++) {
            BrwEffect fx = {.kind = kinds[i]};
            fx.role.old_role = BRW_ROLE_BACKUP;
            fx.role.new_role = BRW_ROLE_STOPPED;
            if (kinds[i] == BRW_EFFECT_MASTER_CHANGED || kinds[i] == BRW_EFFECT_SERVER_ADDED ||
                kinds[i] == BRW_EFFECT_SERVER_REMOVED || kinds[i] == BRW_EFFECT_DOMAIN_ADDED ||
                kinds[i] == BRW_EFFECT_DOMAIN_REMOVED) {
                if (variant == 1 && kinds[i] == BRW_EFFECT_MASTER_CHANGED)
                    g_strlcpy(fx.master, "M", sizeof fx.master); /* variant 0: no master */
                else if (variant == 1)
                    g_strlcpy(fx.entry, "NAME", sizeof fx.entry);
            } else if (kinds[i] == BRW_EFFECT_ELECTION_WON ||
                       kinds[i] == BRW_EFFECT_ELECTION_LOST) {
                fx.election.our_criteria = variant ? 0xFFFFFFFFu : 0;
                fx.election.winner_criteria = 0x20010f0au;
                g_strlcpy(fx.election.winner, "W", sizeof fx.election.winner);
            }
            g_autoptr(JsonNode) e = bd_control_event_new(
                "eth0", "WG", &fx, variant ? G_GINT64_CONSTANT(1714564801000000) : 0);
            CU_ASSERT_PTR_NOT_NULL_FATAL(e);
            g_autofree char *text = json_to_string(e, FALSE);
            expect_valid("event", text);
        }
    }
}

static void
test_broken_samples_fail(void)
{
    expect_invalid("error_reply", "{\"v\":1,\"id\":null,\"ok\":false}");
    expect_invalid(
        "error_reply",
        "{\"v\":1,\"id\":null,\"ok\":false,\"error\":{\"code\":\"oops\",\"message\":\"\"}}");
    expect_invalid("error_reply", "{\"v\":1,\"id\":\"1\",\"ok\":false,\"error\":{\"code\":"
                                  "\"too-slow\",\"message\":\"\"}}");
    expect_invalid("elect_reply", "{\"v\":1,\"id\":1,\"ok\":true,\"result\":{\"links\":[{"
                                  "\"interface\":\"e\",\"address\":\"1.2.3.4\",\"workgroup\":"
                                  "\"W\",\"role\":\"boss\",\"forced\":true}]}}");
    expect_invalid("elect_reply", "{\"v\":1,\"id\":1,\"ok\":true,\"result\":{\"links\":[{"
                                  "\"interface\":\"e\",\"address\":\"1.2.3.4\",\"workgroup\":"
                                  "\"W\",\"role\":\"master\",\"forced\":true,\"extra\":1}]}}");
    expect_invalid("elect_reply", "{\"v\":2,\"id\":1,\"ok\":true,\"result\":{\"links\":[]}}");
    expect_invalid("elect_reply", "{\"v\":1,\"id\":1,\"ok\":false,\"result\":{\"links\":[]}}");
    expect_invalid("watch_reply", "{\"v\":1,\"id\":1,\"ok\":true,\"result\":{\"watching\":false,"
                                  "\"links\":[]}}");
    expect_invalid("event", "{\"v\":1,\"event\":\"role-changed\",\"time\":\"2024-05-01T12:00:01"
                            ".500Z\",\"interface\":\"e\",\"workgroup\":\"W\",\"old\":\"master\"}");
    expect_invalid("event", "{\"v\":1,\"event\":\"server-added\",\"time\":\"yesterday\","
                            "\"interface\":\"e\",\"workgroup\":\"W\",\"name\":\"X\"}");
    expect_invalid("criteria", "{\"value\":1,\"hex\":\"0x0000000A\",\"os_level\":0,"
                               "\"browser_version\":\"1.15\",\"roles\":[]}");
    expect_invalid("criteria", "{\"value\":4294967296,\"hex\":\"0x00000000\",\"os_level\":0,"
                               "\"browser_version\":\"1.15\",\"roles\":[]}");
    expect_invalid("entry", "{\"name\":\"X\",\"type\":1,\"flags\":\"\",\"os_major\":1,"
                            "\"os_minor\":1,\"comment\":\"\",\"source\":\"local\","
                            "\"last_heard_s\":-1,\"expires_in_s\":1}");
    /* A keyword the validator does not know is a failure, never a pass. */
    g_autoptr(JsonNode) odd = parse("{\"$defs\":{\"x\":{\"type\":\"string\",\"maxLength\":3}}}");
    g_autoptr(JsonNode) s = parse("\"abcdef\"");
    g_autoptr(GString) why = g_string_new(NULL);
    CU_ASSERT_FALSE(jsm_validate(odd, "#/$defs/x", s, why));
    CU_ASSERT_PTR_NOT_NULL(strstr(why->str, "maxLength"));
}

static CU_TestInfo tests[] = {
    {"every verb's reply validates", test_every_reply},
    {"every verb has a schema", test_every_verb_has_a_schema},
    {"error replies validate", test_error_replies},
    {"every event validates", test_every_event},
    {"broken samples fail", test_broken_samples_fail},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    if (load_schema() != 0) {
        fprintf(stderr, "cannot load %s\n", BROWSECTL_SCHEMA);
        return 1;
    }
    int status = test_run_suite("browsectl-schema", tests);
    free_schema();
    return status;
}
