/* Every control verb (bd-control-dispatch.h) on a fake daemon with real engines: what each
 * result holds, the link filters and their errors, argument checking, the dispatcher's
 * answers to malformed and unknown requests, and the watch events (bd-control-events.h). */
#include <browse-proto/brw-server-type.h>
#include <string.h>

#include "bd-control-dispatch.h"
#include "bd-control-events.h"
#include "bd-control-fake.h"
#include "test-util.h"

#define ETH0_IP 0x0A000105u /* 10.0.1.5 */
#define ETH1_IP 0xC0A80002u /* 192.168.0.2 */
#define SEC G_USEC_PER_SEC

typedef struct {
    FakeView *fake;
    BdControlView view;
    FakeLink *eth0; /* master of WORKGROUP, with a name table and lists */
    FakeLink *eth1; /* a non-browser server, no name table */
} Fixture;

static Fixture
fixture(void)
{
    Fixture f;
    f.fake = fake_view_new();
    f.view = fake_view_control(f.fake);
    f.eth0 = fake_view_add_link(f.fake, "eth0", ETH0_IP, "WORKGROUP", "B1", TRUE, TRUE);
    f.eth1 = fake_view_add_link(f.fake, "eth1", ETH1_IP, "WORKGROUP", "B1", FALSE, FALSE);
    CU_ASSERT_FATAL(fake_link_make_master(f.eth0));
    fake_view_run_until(f.fake, f.fake->now + 2 * SEC); /* names registered */
    fake_link_add_sync(f.eth0, "LMB2", 0x0A000107u, f.fake->now - 5 * SEC, 40, 3, NULL);
    fake_link_add_sync(f.eth0, "LMB3", 0, f.fake->now, 0, 0, "no \"route\"\x01");
    fake_link_add_sync(f.eth0, "LMB4", 0x0A000109u, 0, 0, 0, NULL);
    gint64 heard = f.fake->now - 30 * SEC;
    fake_link_add_entry(f.eth0, FALSE, "FILES",
                        BRW_SV_TYPE_WORKSTATION | BRW_SV_TYPE_SERVER | BRW_SV_TYPE_NT, "Samba 4",
                        heard, 720);
    fake_link_add_entry(f.eth0, FALSE, "PRINTSRV", BRW_SV_TYPE_SERVER | BRW_SV_TYPE_PRINTQ_SERVER,
                        "caf\x82 \"printer\"", heard, 720);
    fake_link_add_entry(f.eth0, FALSE, "BK1",
                        BRW_SV_TYPE_SERVER | BRW_SV_TYPE_POTENTIAL_BROWSER |
                            BRW_SV_TYPE_BACKUP_BROWSER,
                        "", heard, 720);
    fake_link_add_entry(f.eth0, TRUE, "OTHERGRP", BRW_SV_TYPE_DOMAIN_ENUM | BRW_SV_TYPE_NT,
                        "OMASTER", heard, 900);
    return f;
}

static void
fixture_free(Fixture *f)
{
    fake_view_free(f->fake);
}

static JsonObject *
object_of(const char *json, JsonNode **root)
{
    g_autoptr(JsonParser) p = json_parser_new();
    CU_ASSERT_TRUE_FATAL(json_parser_load_from_data(p, json, -1, NULL));
    *root = json_node_copy(json_parser_get_root(p));
    return json_node_get_object(*root);
}

/* Calls `handler` with the arguments in `args` (a JSON object); the result must be ok.
 * *root owns what the returned object points into. */
static JsonObject *
call_ok(const Fixture *f, BdControlHandler handler, const char *args, JsonNode **root)
{
    JsonNode *req_root;
    JsonObject *req = object_of(args, &req_root);
    g_autoptr(GError) error = NULL;
    *root = handler(&f->view, req, &error);
    json_node_unref(req_root);
    if (*root == NULL)
        fprintf(stderr, "\n%s: %s\n", args, error->message);
    CU_ASSERT_PTR_NOT_NULL_FATAL(*root);
    return json_node_get_object(*root);
}

static void
call_error(const Fixture *f, BdControlHandler handler, const char *args, BdControlErrorCode code,
           const char *message)
{
    JsonNode *req_root;
    JsonObject *req = object_of(args, &req_root);
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) result = handler(&f->view, req, &error);
    json_node_unref(req_root);
    CU_ASSERT_PTR_NULL(result);
    CU_ASSERT_TRUE_FATAL(error != NULL);
    CU_ASSERT_TRUE(g_error_matches(error, BD_CONTROL_ERROR, (gint)code));
    if (message != NULL && strcmp(error->message, message) != 0)
        fprintf(stderr, "\nexpected: %s\ngot:      %s\n", message, error->message);
    if (message != NULL)
        CU_ASSERT_STRING_EQUAL(error->message, message);
}

static JsonObject *
link_at(JsonObject *result, guint i)
{
    JsonArray *links = json_object_get_array_member(result, "links");
    CU_ASSERT_TRUE_FATAL(i < json_array_get_length(links));
    return json_array_get_object_element(links, i);
}

static guint
n_links(JsonObject *result)
{
    return json_array_get_length(json_object_get_array_member(result, "links"));
}

static char *
to_text(JsonNode *node)
{
    return json_to_string(node, FALSE);
}

/* ---- status ------------------------------------------------------------------------ */

static void
test_status(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_status, "{}", &root);
    JsonObject *d = json_object_get_object_member(r, "daemon");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(d, "version"), "9.9.9");
    CU_ASSERT_EQUAL(json_object_get_int_member(d, "pid"), 4242);
    CU_ASSERT_EQUAL(json_object_get_int_member(d, "uptime_s"),
                    (f.fake->now - f.fake->info.started_us) / SEC);
    CU_ASSERT_EQUAL(n_links(r), 2);

    JsonObject *a = link_at(r, 0);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(a, "interface"), "eth0");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(a, "address"), "10.0.1.5");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(a, "workgroup"), "WORKGROUP");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(a, "netbios_name"), "B1");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(a, "role"), "master");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(a, "master"), "B1");
    CU_ASSERT_FALSE(json_object_get_boolean_member(a, "electing"));
    JsonObject *crit = json_object_get_object_member(a, "criteria");
    guint32 want = brw_engine_criteria(f.eth0->engine);
    CU_ASSERT_EQUAL(json_object_get_int_member(crit, "value"), want);
    g_autofree char *hex = g_strdup_printf("0x%08x", want);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(crit, "hex"), hex);
    CU_ASSERT_EQUAL(json_object_get_int_member(crit, "os_level"), 20);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(crit, "browser_version"), "1.15");
    g_autofree char *roles = to_text(json_object_get_member(crit, "roles"));
    CU_ASSERT_STRING_EQUAL(roles, "[\"backup\",\"dc\",\"master\"]");
    JsonObject *type = json_object_get_object_member(a, "server_type");
    CU_ASSERT_EQUAL(json_object_get_int_member(type, "value"),
                    brw_engine_server_type(f.eth0->engine));
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(type, "flags"),
                           "WORKSTATION|SERVER|NT|POTENTIAL_BROWSER|MASTER_BROWSER");
    CU_ASSERT_EQUAL(json_object_get_int_member(a, "uptime_s"), (f.fake->now - FAKE_T0) / SEC);
    CU_ASSERT_EQUAL(json_object_get_int_member(a, "servers"), 4); /* with itself */
    CU_ASSERT_EQUAL(json_object_get_int_member(a, "domains"), 2); /* with its own group */
    JsonObject *eng = json_object_get_object_member(a, "engine");
    CU_ASSERT_EQUAL(json_object_get_int_member(eng, "elections_won"), 1);
    CU_ASSERT(json_object_get_int_member(eng, "frames_sent") > 0);
    JsonObject *nt = json_object_get_object_member(a, "name_table");
    CU_ASSERT(json_object_get_int_member(nt, "registered") >= 3);
    JsonArray *names = json_object_get_array_member(a, "names");
    gboolean saw_1d = FALSE;
    for (guint i = 0; i < json_array_get_length(names); i++) {
        JsonObject *n = json_array_get_object_element(names, i);
        if (strcmp(json_object_get_string_member(n, "name"), "WORKGROUP<1d>") == 0) {
            saw_1d = TRUE;
            CU_ASSERT_STRING_EQUAL(json_object_get_string_member(n, "state"), "held");
            CU_ASSERT_FALSE(json_object_get_boolean_member(n, "group"));
            /* A B-node's names are never the WINS server's. */
            CU_ASSERT_TRUE(json_object_has_member(n, "wins"));
            CU_ASSERT_FALSE(json_object_get_boolean_member(n, "wins"));
        }
    }
    CU_ASSERT_TRUE(saw_1d);
    /* the list copies: one that worked, one that failed, one under way */
    JsonArray *syncs = json_object_get_array_member(a, "syncs");
    CU_ASSERT_EQUAL_FATAL(json_array_get_length(syncs), 3);
    JsonObject *s0 = json_array_get_object_element(syncs, 0);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(s0, "peer"), "LMB2");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(s0, "address"), "10.0.1.7");
    CU_ASSERT_EQUAL(json_object_get_int_member(s0, "ago_s"), 5);
    CU_ASSERT_TRUE(json_object_get_boolean_member(s0, "ok"));
    CU_ASSERT_EQUAL(json_object_get_int_member(s0, "servers"), 40);
    CU_ASSERT_EQUAL(json_object_get_int_member(s0, "domains"), 3);
    CU_ASSERT_TRUE(json_object_get_null_member(s0, "error"));
    JsonObject *s1 = json_array_get_object_element(syncs, 1);
    CU_ASSERT_TRUE(json_object_get_null_member(s1, "address"));
    CU_ASSERT_FALSE(json_object_get_boolean_member(s1, "ok"));
    /* text that may quote a peer is sanitised: the control byte becomes U+FFFD */
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(s1, "error"),
                           "no \"route\"\xEF\xBF\xBD");
    JsonObject *s2 = json_array_get_object_element(syncs, 2);
    CU_ASSERT_TRUE(json_object_get_null_member(s2, "ago_s"));
    CU_ASSERT_TRUE(json_object_get_null_member(s2, "error"));

    JsonObject *b = link_at(r, 1);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(b, "role"), "non-browser");
    CU_ASSERT_TRUE(json_object_get_null_member(b, "master"));
    CU_ASSERT_TRUE(json_object_get_null_member(b, "name_table"));
    CU_ASSERT_EQUAL(json_array_get_length(json_object_get_array_member(b, "names")), 0);
    json_node_unref(root);
    fixture_free(&f);
}

static void
test_link_filters(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_status, "{\"interface\":\"eth1\"}", &root);
    CU_ASSERT_EQUAL(n_links(r), 1);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(link_at(r, 0), "interface"), "eth1");
    json_node_unref(root);
    /* By address, as the configuration may name it. */
    r = call_ok(&f, bd_control_status, "{\"interface\":\"10.0.1.5\"}", &root);
    CU_ASSERT_EQUAL(n_links(r), 1);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(link_at(r, 0), "interface"), "eth0");
    json_node_unref(root);
    /* Workgroups compare as NetBIOS names do. */
    r = call_ok(&f, bd_control_status, "{\"workgroup\":\"workGroup\",\"interface\":\"eth0\"}",
                &root);
    CU_ASSERT_EQUAL(n_links(r), 1);
    json_node_unref(root);

    call_error(&f, bd_control_status, "{\"interface\":\"wlan0\"}",
               BD_CONTROL_ERROR_NO_SUCH_INTERFACE,
               "browserd serves no interface 'wlan0' (it serves eth0, eth1)");
    call_error(&f, bd_control_servers, "{\"workgroup\":\"OTHER\"}",
               BD_CONTROL_ERROR_NO_SUCH_WORKGROUP,
               "browserd serves no workgroup 'OTHER' (it serves WORKGROUP)");
    FakeLink *eth2 = fake_view_add_link(f.fake, "eth2", 0xC0A80102u, "LAB", "B1", FALSE, FALSE);
    (void)eth2;
    call_error(&f, bd_control_elect, "{\"workgroup\":\"LAB\",\"interface\":\"eth0\"}",
               BD_CONTROL_ERROR_NO_SUCH_WORKGROUP,
               "browserd does not serve workgroup 'LAB' on 'eth0'");
    call_error(&f, bd_control_status, "{\"interface\":7}", BD_CONTROL_ERROR_INVALID_ARGUMENT,
               "\"interface\" must be a string");
    call_error(&f, bd_control_status, "{\"workgroup\":null}", BD_CONTROL_ERROR_INVALID_ARGUMENT,
               "\"workgroup\" must be a string");
    /* A long argument is cut in the message. */
    g_autofree char *lng = g_strnfill(300, 'x');
    g_autofree char *args = g_strdup_printf("{\"interface\":\"%s\"}", lng);
    JsonNode *req_root;
    JsonObject *req = object_of(args, &req_root);
    g_autoptr(GError) error = NULL;
    CU_ASSERT_PTR_NULL(bd_control_status(&f.view, req, &error));
    CU_ASSERT(strlen(error->message) < 120);
    json_node_unref(req_root);
    fixture_free(&f);
}

/* ---- lists ------------------------------------------------------------------------- */

static void
test_servers(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_servers, "{\"interface\":\"eth0\"}", &root);
    JsonObject *l = link_at(r, 0);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(l, "role"), "master");
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(l, "master"), "B1");
    JsonArray *servers = json_object_get_array_member(l, "servers");
    CU_ASSERT_EQUAL_FATAL(json_array_get_length(servers), 4);
    const char *order[] = {"B1", "BK1", "FILES", "PRINTSRV"};
    for (guint i = 0; i < 4; i++)
        CU_ASSERT_STRING_EQUAL(
            json_object_get_string_member(json_array_get_object_element(servers, i), "name"),
            order[i]);
    g_autofree char *files = to_text(json_array_get_element(servers, 2));
    CU_ASSERT_STRING_EQUAL(files, "{\"name\":\"FILES\",\"type\":4099,\"flags\":"
                                  "\"WORKSTATION|SERVER|NT\",\"os_major\":4,\"os_minor\":9,"
                                  "\"comment\":\"Samba 4\",\"source\":\"local\","
                                  "\"last_heard_s\":30,\"expires_in_s\":690}");
    /* A comment that is not UTF-8 arrives as U+FFFD; quotes are JSON's to escape. */
    JsonObject *p = json_array_get_object_element(servers, 3);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(p, "comment"),
                           "caf\xef\xbf\xbd \"printer\"");
    json_node_unref(root);

    /* A type mask keeps the entries with a bit in common. */
    g_autofree char *args =
        g_strdup_printf("{\"type\":%u,\"interface\":\"eth0\"}", BRW_SV_TYPE_PRINTQ_SERVER);
    r = call_ok(&f, bd_control_servers, args, &root);
    servers = json_object_get_array_member(link_at(r, 0), "servers");
    CU_ASSERT_EQUAL(json_array_get_length(servers), 1);
    json_node_unref(root);
    r = call_ok(&f, bd_control_servers, "{\"type\":4294967295}", &root);
    CU_ASSERT_EQUAL(n_links(r), 2);
    CU_ASSERT_EQUAL(json_array_get_length(json_object_get_array_member(link_at(r, 1), "servers")),
                    0);
    json_node_unref(root);
    const char *bad[] = {"0", "-1", "4294967296", "\"print\"", "1.5", "true"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *a = g_strdup_printf("{\"type\":%s}", bad[i]);
        call_error(&f, bd_control_servers, a, BD_CONTROL_ERROR_INVALID_ARGUMENT,
                   "\"type\" must be a ServerType mask, an integer from 1 to 4294967295");
    }
    fixture_free(&f);
}

static void
test_domains(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_domains, "{\"interface\":\"eth0\"}", &root);
    JsonArray *domains = json_object_get_array_member(link_at(r, 0), "domains");
    CU_ASSERT_EQUAL_FATAL(json_array_get_length(domains), 2);
    g_autofree char *other = to_text(json_array_get_element(domains, 0));
    CU_ASSERT_STRING_EQUAL(other, "{\"name\":\"OTHERGRP\",\"type\":2147487744,\"flags\":"
                                  "\"NT|DOMAIN_ENUM\",\"os_major\":4,\"os_minor\":9,"
                                  "\"comment\":\"OMASTER\",\"source\":\"local\","
                                  "\"last_heard_s\":30,\"expires_in_s\":870}");
    CU_ASSERT_STRING_EQUAL(
        json_object_get_string_member(json_array_get_object_element(domains, 1), "name"),
        "WORKGROUP");
    json_node_unref(root);
    fixture_free(&f);
}

static void
test_backups(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_backups, "{}", &root);
    g_autofree char *master = to_text(json_object_get_member(link_at(r, 0), "backups"));
    CU_ASSERT_STRING_EQUAL(master, "[\"B1\",\"BK1\"]"); /* the master first */
    g_autofree char *other = to_text(json_object_get_member(link_at(r, 1), "backups"));
    CU_ASSERT_STRING_EQUAL(other, "[]"); /* only a master hands out the list */
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(link_at(r, 1), "role"), "non-browser");
    json_node_unref(root);
    fixture_free(&f);
}

/* ---- actions ----------------------------------------------------------------------- */

static void
test_elect(void)
{
    Fixture f = fixture();
    guint64 started = brw_engine_counters(f.eth0->engine)->elections_started;
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_elect, "{}", &root);
    g_autofree char *text = to_text(root);
    CU_ASSERT_STRING_EQUAL(text, "{\"links\":[{\"interface\":\"eth0\",\"address\":\"10.0.1.5\","
                                 "\"workgroup\":\"WORKGROUP\",\"role\":\"master\",\"forced\":true},"
                                 "{\"interface\":\"eth1\",\"address\":\"192.168.0.2\","
                                 "\"workgroup\":\"WORKGROUP\",\"role\":\"non-browser\","
                                 "\"forced\":false}]}");
    (void)r;
    CU_ASSERT_EQUAL(f.eth0->elect_calls, 1);
    CU_ASSERT_EQUAL(f.eth1->elect_calls, 0); /* a non-browser is not asked */
    CU_ASSERT_EQUAL(brw_engine_counters(f.eth0->engine)->elections_started, started + 1);
    json_node_unref(root);
    r = call_ok(&f, bd_control_elect, "{\"interface\":\"eth0\"}", &root);
    CU_ASSERT_EQUAL(n_links(r), 1);
    CU_ASSERT_EQUAL(f.eth0->elect_calls, 2);
    json_node_unref(root);
    fixture_free(&f);
}

static void
test_announce(void)
{
    Fixture f = fixture();
    guint64 sent = brw_engine_counters(f.eth0->engine)->sent[BRW_FRAME_ANNOUNCEMENT_REQUEST];
    brw_engine_stop(f.eth1->engine, f.fake->now, TRUE);
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_announce, "{}", &root);
    CU_ASSERT_TRUE(json_object_get_boolean_member(link_at(r, 0), "requested"));
    CU_ASSERT_FALSE(json_object_get_boolean_member(link_at(r, 1), "requested"));
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(link_at(r, 1), "role"), "stopped");
    CU_ASSERT_EQUAL(f.eth0->announce_calls, 1);
    CU_ASSERT_EQUAL(f.eth1->announce_calls, 1);
    CU_ASSERT_EQUAL(brw_engine_counters(f.eth0->engine)->sent[BRW_FRAME_ANNOUNCEMENT_REQUEST],
                    sent + 1);
    json_node_unref(root);
    fixture_free(&f);
}

static void
test_watch(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_watch, "{}", &root);
    CU_ASSERT_TRUE(json_object_get_boolean_member(r, "watching"));
    CU_ASSERT_EQUAL(n_links(r), 2);
    CU_ASSERT_STRING_EQUAL(json_object_get_string_member(link_at(r, 0), "master"), "B1");
    json_node_unref(root);
    fixture_free(&f);
}

static void
test_stats(void)
{
    Fixture f = fixture();
    JsonNode *root;
    JsonObject *r = call_ok(&f, bd_control_stats, "{}", &root);
    JsonObject *d = json_object_get_object_member(r, "daemon");
    CU_ASSERT_EQUAL(json_object_get_int_member(d, "unrouted"), 3);
    JsonObject *sockets = json_object_get_object_member(d, "sockets");
    CU_ASSERT_EQUAL(
        json_object_get_int_member(json_object_get_object_member(sockets, "datagram"), "received"),
        20);
    CU_ASSERT_TRUE(json_object_get_null_member(d, "control")); /* no server in this test */
    JsonObject *a = link_at(r, 0);
    JsonObject *eng = json_object_get_object_member(a, "engine");
    JsonObject *sent = json_object_get_object_member(eng, "sent");
    CU_ASSERT_EQUAL(json_object_get_int_member(sent, "request-election"),
                    (gint64)brw_engine_counters(f.eth0->engine)->sent[BRW_FRAME_REQUEST_ELECTION]);
    CU_ASSERT_FALSE(json_object_has_member(sent, "unknown"));
    CU_ASSERT_FALSE(json_object_has_member(sent, "0x00"));
    JsonObject *dropped = json_object_get_object_member(eng, "dropped");
    CU_ASSERT_EQUAL(json_object_get_size(dropped), BRW_DROP_REASON_COUNT);
    CU_ASSERT_TRUE(json_object_has_member(dropped, "not-for-us"));
    JsonObject *nt = json_object_get_object_member(a, "name_table");
    CU_ASSERT_TRUE(
        json_object_has_member(json_object_get_object_member(nt, "decode_errors"), "truncated"));
    CU_ASSERT_FALSE(
        json_object_has_member(json_object_get_object_member(nt, "decode_errors"), "ok"));
    CU_ASSERT_EQUAL(json_object_get_int_member(a, "unresolved_drops"), 2);
    CU_ASSERT_TRUE(json_object_get_null_member(link_at(r, 1), "reassembly"));
    json_node_unref(root);

    /* Inside a server, its own counters are there too. */
    BdControlCounters c = {.accepted = 5, .clients = 1, .watchers = 1};
    f.view.control = &c;
    r = call_ok(&f, bd_control_stats, "{\"interface\":\"eth1\"}", &root);
    JsonObject *ctl =
        json_object_get_object_member(json_object_get_object_member(r, "daemon"), "control");
    CU_ASSERT_EQUAL(json_object_get_int_member(ctl, "accepted"), 5);
    CU_ASSERT_EQUAL(json_object_get_int_member(ctl, "watchers"), 1);
    CU_ASSERT_EQUAL(n_links(r), 1);
    json_node_unref(root);
    fixture_free(&f);
}

/* ---- dispatch ---------------------------------------------------------------------- */

/* Dispatches `line`; returns the reply's text without its newline. */
static char *
dispatch(const Fixture *f, const char *line, BdControlOutcome *out)
{
    g_autoptr(JsonNode) reply = bd_control_dispatch_line(&f->view, line, strlen(line), out);
    if (reply == NULL)
        return NULL;
    char *text = bd_control_node_to_line(reply, NULL);
    CU_ASSERT_TRUE(g_str_has_suffix(text, "}\n"));
    CU_ASSERT_PTR_EQUAL(strchr(text, '\n'), text + strlen(text) - 1); /* one line */
    text[strlen(text) - 1] = '\0';
    return text;
}

static void
test_dispatch_every_verb(void)
{
    Fixture f = fixture();
    for (const BdControlVerb *v = bd_control_verbs; v->name != NULL; v++) {
        g_autofree char *line = g_strdup_printf("{\"v\":1,\"id\":3,\"verb\":\"%s\"}", v->name);
        BdControlOutcome out;
        g_autofree char *reply = dispatch(&f, line, &out);
        CU_ASSERT_TRUE(out.ok);
        CU_ASSERT_TRUE(out.has_id);
        CU_ASSERT_EQUAL(out.id, 3);
        CU_ASSERT_EQUAL(out.watch, strcmp(v->name, "watch") == 0);
        CU_ASSERT_TRUE(g_str_has_prefix(reply, "{\"v\":1,\"id\":3,\"ok\":true,\"result\":{"));
        CU_ASSERT_PTR_EQUAL(bd_control_verb_lookup(v->name), v);
    }
    CU_ASSERT_PTR_NULL(bd_control_verb_lookup("STATUS"));
    fixture_free(&f);
}

static void
expect_dispatch(const Fixture *f, const char *line, const char *reply)
{
    BdControlOutcome out;
    g_autofree char *got = dispatch(f, line, &out);
    if (got == NULL || strcmp(got, reply) != 0)
        fprintf(stderr, "\n%s\nexpected: %s\ngot:      %s\n", line, reply, got);
    CU_ASSERT_STRING_EQUAL(got, reply);
    CU_ASSERT_FALSE(out.ok);
    CU_ASSERT_FALSE(out.watch);
}

static void
test_dispatch_errors(void)
{
    Fixture f = fixture();
    expect_dispatch(&f, "{\"v\":1,\"id\":4,\"verb\":\"reboot\"}",
                    "{\"v\":1,\"id\":4,\"ok\":false,\"error\":{\"code\":\"unknown-verb\","
                    "\"message\":\"unknown verb 'reboot' (known: status, servers, domains, "
                    "backups, elect, announce, watch, stats)\"}}");
    expect_dispatch(&f, "{\"v\":1,\"id\":5,\"verb\":\"servers\",\"workgrup\":\"WG\"}",
                    "{\"v\":1,\"id\":5,\"ok\":false,\"error\":{\"code\":\"invalid-argument\","
                    "\"message\":\"verb 'servers' takes no argument 'workgrup' (it takes: "
                    "interface, workgroup, type)\"}}");
    expect_dispatch(&f, "{\"v\":1,\"verb\":\"watch\",\"interface\":\"eth0\"}",
                    "{\"v\":1,\"id\":null,\"ok\":false,\"error\":{\"code\":\"invalid-argument\","
                    "\"message\":\"verb 'watch' takes no argument 'interface' (it takes: "
                    "none)\"}}");
    expect_dispatch(&f, "{\"v\":1,\"id\":6,\"verb\":\"domains\",\"type\":1}",
                    "{\"v\":1,\"id\":6,\"ok\":false,\"error\":{\"code\":\"invalid-argument\","
                    "\"message\":\"verb 'domains' takes no argument 'type' (it takes: "
                    "interface, workgroup)\"}}");
    expect_dispatch(&f, "{\"v\":9,\"id\":7,\"verb\":\"status\"}",
                    "{\"v\":1,\"id\":7,\"ok\":false,\"error\":{\"code\":\"unsupported-version\","
                    "\"message\":\"this daemon speaks version 1 of the control protocol\"}}");
    expect_dispatch(&f, "{\"v\":1,\"id\":8,\"verb\":\"backups\",\"interface\":\"ppp0\"}",
                    "{\"v\":1,\"id\":8,\"ok\":false,\"error\":{\"code\":\"no-such-interface\","
                    "\"message\":\"browserd serves no interface 'ppp0' (it serves eth0, eth1)\"}}");
    BdControlOutcome out;
    g_autofree char *junk = dispatch(&f, "\x01garbage", &out);
    CU_ASSERT_TRUE(g_str_has_prefix(junk, "{\"v\":1,\"id\":null,\"ok\":false,\"error\":{\"code\":"
                                          "\"parse-error\""));
    /* A blank line is no request. */
    CU_ASSERT_PTR_NULL(dispatch(&f, "", &out));
    CU_ASSERT_PTR_NULL(dispatch(&f, " \t\r", &out));
    CU_ASSERT_FALSE(out.ok);
    fixture_free(&f);
}

/* ---- events ------------------------------------------------------------------------ */

static char *
event_text(const BrwEffect *fx)
{
    /* 2024-05-01T12:00:01.5Z */
    g_autoptr(JsonNode) e =
        bd_control_event_new("eth0", "WG", fx, G_GINT64_CONSTANT(1714564801500000));
    return e != NULL ? to_text(e) : NULL;
}

static void
test_events(void)
{
    BrwEffect fx = {.kind = BRW_EFFECT_ROLE_CHANGED};
    fx.role.old_role = BRW_ROLE_POTENTIAL;
    fx.role.new_role = BRW_ROLE_MASTER;
    g_autofree char *role = event_text(&fx);
    CU_ASSERT_STRING_EQUAL(role, "{\"v\":1,\"event\":\"role-changed\",\"time\":"
                                 "\"2024-05-01T12:00:01.500Z\",\"interface\":\"eth0\","
                                 "\"workgroup\":\"WG\",\"old\":\"potential\",\"new\":\"master\"}");

    fx = (BrwEffect){.kind = BRW_EFFECT_MASTER_CHANGED};
    g_autofree char *none = event_text(&fx);
    CU_ASSERT_PTR_NOT_NULL(strstr(none, "\"event\":\"master-changed\""));
    CU_ASSERT_TRUE(g_str_has_suffix(none, "\"master\":null}"));
    g_strlcpy(fx.master, "B2", sizeof fx.master);
    g_autofree char *some = event_text(&fx);
    CU_ASSERT_TRUE(g_str_has_suffix(some, "\"master\":\"B2\"}"));

    fx = (BrwEffect){.kind = BRW_EFFECT_ELECTION_LOST};
    fx.election.our_criteria = 0x14010f02u;
    fx.election.our_uptime_ms = 5000;
    g_strlcpy(fx.election.winner, "WIN", sizeof fx.election.winner);
    fx.election.winner_criteria = 0x41010f0au;
    fx.election.winner_uptime_ms = 90000;
    g_autofree char *lost = event_text(&fx);
    CU_ASSERT_TRUE(g_str_has_suffix(
        lost, "\"criteria\":{\"value\":335613698,\"hex\":\"0x14010f02\",\"os_level\":20,"
              "\"browser_version\":\"1.15\",\"roles\":[\"dc\"]},\"uptime_ms\":5000,"
              "\"winner\":\"WIN\",\"winner_criteria\":{\"value\":1090588426,\"hex\":"
              "\"0x41010f0a\",\"os_level\":65,\"browser_version\":\"1.15\",\"roles\":[\"dc\","
              "\"preferred-master\"]},\"winner_uptime_ms\":90000}"));
    fx.kind = BRW_EFFECT_ELECTION_WON;
    g_autofree char *won = event_text(&fx);
    CU_ASSERT_PTR_NOT_NULL(strstr(won, "\"event\":\"election-won\""));
    CU_ASSERT_PTR_NULL(strstr(won, "winner"));

    const struct {
        BrwEffectKind kind;
        const char *name;
    } entries[] = {
        {BRW_EFFECT_SERVER_ADDED, "server-added"},
        {BRW_EFFECT_SERVER_REMOVED, "server-removed"},
        {BRW_EFFECT_DOMAIN_ADDED, "domain-added"},
        {BRW_EFFECT_DOMAIN_REMOVED, "domain-removed"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(entries); i++) {
        fx = (BrwEffect){.kind = entries[i].kind};
        g_strlcpy(fx.entry, "H\x01", sizeof fx.entry);
        g_autofree char *text = event_text(&fx);
        g_autofree char *want = g_strdup_printf("\"event\":\"%s\"", entries[i].name);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
        CU_ASSERT_TRUE(g_str_has_suffix(text, "\"name\":\"H\xef\xbf\xbd\"}"));
    }
    /* Effects that are not events. */
    const BrwEffectKind quiet[] = {BRW_EFFECT_SEND, BRW_EFFECT_REGISTER_NAME,
                                   BRW_EFFECT_RELEASE_NAME, BRW_EFFECT_SYNC};
    for (gsize i = 0; i < G_N_ELEMENTS(quiet); i++) {
        fx = (BrwEffect){.kind = quiet[i]};
        CU_ASSERT_PTR_NULL(event_text(&fx));
    }
}

static CU_TestInfo tests[] = {
    {"status", test_status},
    {"link filters and their errors", test_link_filters},
    {"servers", test_servers},
    {"domains", test_domains},
    {"backups", test_backups},
    {"elect", test_elect},
    {"announce", test_announce},
    {"watch", test_watch},
    {"stats", test_stats},
    {"dispatch: every verb", test_dispatch_every_verb},
    {"dispatch: errors", test_dispatch_errors},
    {"events", test_events},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("bd-control-verbs", tests);
}
