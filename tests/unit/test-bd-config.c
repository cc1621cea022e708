/* The configuration module: defaults, the bounds of every key, the exact FILE:LINE text of
 * every kind of problem, unknown keys and their hints, several problems at once, the
 * missing interface list, the example file, and dump -> load round trips. */
#include <config/bd-config.h>

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "test-util.h"

#define HOST "myhost.example.org"
#define FILE_NAME "test.conf"
/* Lines 1-2 of most test configs; the key under test is then on line 3. */
#define BASE "workgroup = \"lab\";\ninterfaces = [ \"eth0\" ];\n"
#define WHY_INTERFACES                                                                             \
    "browserd speaks an unauthenticated protocol, so it serves only the networks named "           \
    "here; list interface names or IPv4 addresses, e.g. interfaces = [\"eth0\"];"

static BdConfig *
load(const char *text, GError **error)
{
    return bd_config_load_string(text, FILE_NAME, HOST, error);
}

static BdConfig *
load_ok(const char *text)
{
    g_autoptr(GError) error = NULL;
    BdConfig *cfg = load(text, &error);
    if (cfg == NULL)
        fprintf(stderr, "\nunexpected error for:\n%s\n--\n%s\n", text, error->message);
    CU_ASSERT_PTR_NOT_NULL(cfg);
    return cfg;
}

/* Loads `text`, which must fail with `code` and exactly `message`. */
static void
expect_error_code(const char *text, BdConfigError code, const char *message)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) cfg = load(text, &error);
    CU_ASSERT_PTR_NULL(cfg);
    if (error == NULL)
        return;
    CU_ASSERT_TRUE(g_error_matches(error, BD_CONFIG_ERROR, (gint)code));
    if (strcmp(error->message, message) != 0 || error->code != (gint)code)
        fprintf(stderr, "\nfor:\n%s\n-- expected (code %d):\n%s\n-- got (code %d):\n%s\n", text,
                code, message, error->code, error->message);
    CU_ASSERT_STRING_EQUAL(error->message, message);
}

static void
expect_error(const char *text, const char *message)
{
    expect_error_code(text, BD_CONFIG_ERROR_INVALID, message);
}

/* BASE plus one line "key = value;" (line 3), which must fail with `message` at line 3. */
static void
expect_key_error(const char *key, const char *value, const char *message)
{
    g_autofree char *text = g_strdup_printf(BASE "%s = %s;\n", key, value);
    g_autofree char *full = g_strdup_printf(FILE_NAME ":3: %s", message);
    expect_error(text, full);
}

#define BD_TEST_NETBIOS_SPECIALS "!#$%&'()-@^_{}~"

static BdConfig *
load_key(const char *key, const char *value)
{
    g_autofree char *text = g_strdup_printf(BASE "%s = %s;\n", key, value);
    return load_ok(text);
}

/* ---- defaults ------------------------------------------------------------------------ */

static void
test_defaults(void)
{
    g_autoptr(BdConfig) cfg = load_ok(BASE);
    if (cfg == NULL)
        return;
    BrwEngineConfig engine;
    brw_engine_config_init(&engine);
    CU_ASSERT_STRING_EQUAL(cfg->workgroup, "LAB");
    CU_ASSERT_STRING_EQUAL(cfg->netbios_name, "MYHOST");
    CU_ASSERT_STRING_EQUAL(cfg->server_string, "");
    CU_ASSERT_EQUAL(cfg->n_interfaces, 1);
    CU_ASSERT_STRING_EQUAL(cfg->interfaces[0].text, "eth0");
    CU_ASSERT_FALSE(cfg->interfaces[0].is_ipv4);
    CU_ASSERT_EQUAL(cfg->os_level, 20);
    CU_ASSERT_FALSE(cfg->preferred_master);
    CU_ASSERT_TRUE(cfg->local_master);
    CU_ASSERT_FALSE(cfg->domain_master);
    CU_ASSERT_STRING_EQUAL(cfg->state_dir, "/var/lib/browserd");
    CU_ASSERT_STRING_EQUAL(cfg->control_socket, "/run/browserd/control");
    CU_ASSERT_EQUAL(cfg->control_mode, 0660);
    CU_ASSERT_STRING_EQUAL(cfg->control_group, "");
    CU_ASSERT_STRING_EQUAL(cfg->user, "browserd");
    CU_ASSERT_EQUAL(cfg->max_servers, 10000);
    CU_ASSERT_EQUAL(cfg->max_domains, 1000);
    CU_ASSERT_EQUAL(cfg->ports.name_service, 137);
    CU_ASSERT_EQUAL(cfg->ports.datagram, 138);
    CU_ASSERT_EQUAL(cfg->ports.session, 139);
    CU_ASSERT_EQUAL(cfg->ports.smb, 445);
    CU_ASSERT_EQUAL(cfg->smb.max_connections, 32);
    CU_ASSERT_EQUAL(cfg->smb.idle_timeout_s, 120);
    CU_ASSERT_EQUAL(cfg->smb.comment_max, 0);
    CU_ASSERT_EQUAL(memcmp(&cfg->timing, &engine.timing, sizeof engine.timing), 0);
    CU_ASSERT_EQUAL(cfg->log_level, BD_LOG_LEVEL_MESSAGE);
}

static void
test_netbios_name_from_hostname(void)
{
    static const struct {
        const char *hostname;
        const char *expected;
    } cases[] = {
        {"myhost.example.org", "MYHOST"},
        {"files", "FILES"},
        {"a-very-long-hostname-indeed.lan", "A-VERY-LONG-HOS"},
        {"exactly15chars1.x", "EXACTLY15CHARS1"},
        {"my_box", "MY_BOX"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(BdConfig) cfg = bd_config_load_string(BASE, FILE_NAME, cases[i].hostname, &error);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
        CU_ASSERT_STRING_EQUAL(cfg->netbios_name, cases[i].expected);
    }
}

static void
test_netbios_name_explicit_wins(void)
{
    g_autoptr(BdConfig) cfg = load_key("netbios_name", "\"filer\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_STRING_EQUAL(cfg->netbios_name, "FILER");
    /* No host name is needed when the file names the computer. */
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) again =
        bd_config_load_string(BASE "netbios_name = \"filer\";\n", FILE_NAME, NULL, &error);
    CU_ASSERT_PTR_NOT_NULL(again);
}

static void
test_netbios_name_without_usable_hostname(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) cfg = bd_config_load_string(BASE, FILE_NAME, NULL, &error);
    CU_ASSERT_PTR_NULL(cfg);
    CU_ASSERT_STRING_EQUAL(error->message,
                           FILE_NAME ":1: netbios_name is not set and there is no host name to "
                                     "take it from; set netbios_name");
    g_clear_error(&error);
    g_autoptr(BdConfig) empty = bd_config_load_string(BASE, FILE_NAME, "", &error);
    CU_ASSERT_PTR_NULL(empty);
    g_clear_error(&error);
    g_autoptr(BdConfig) bad = bd_config_load_string(BASE, FILE_NAME, "bad+host.lan", &error);
    CU_ASSERT_PTR_NULL(bad);
    CU_ASSERT_STRING_EQUAL(error->message,
                           FILE_NAME ":1: netbios_name is not set and the host name "
                                     "'bad+host.lan' does not give one ('bad+host' holds '+', "
                                     "which a NetBIOS name cannot hold; use letters, digits "
                                     "and !#$%&'()-@^_{}~); set netbios_name");
}

/* ---- integer bounds ------------------------------------------------------------------ */

typedef struct {
    const char *group; /* NULL at the top level */
    const char *key;
    gint64 min, max;
} IntKey;

static const IntKey int_keys[] = {
    {NULL, "os_level", 0, 255},
    {NULL, "max_servers", 1, 1000000},
    {NULL, "max_domains", 1, 100000},
    {"ports", "name_service", 1, 65535},
    {"ports", "datagram", 1, 65535},
    {"ports", "session", 0, 65535},
    {"timers", "host_announce_max_ms", 1000, 720000},
    {"timers", "local_master_max_ms", 1000, 720000},
    {"timers", "domain_announce_max_ms", 1000, 900000},
    {"timers", "backup_sync_ms", 1000, 720000},
    {"timers", "announce_reply_max_ms", 0, 30000},
    {"timers", "find_master_ms", 100, 1500},
    {"timers", "domain_sync_ms", 1000, 720000},
    {"timers", "lmb_expiry_ms", 1000, 2160000},
    {"ports", "smb", 0, 65535},
    {"smb", "max_connections", 1, 1024},
    {"smb", "idle_timeout_s", 5, 3600},
    {"smb", "comment_max", 0, 42},
};

static gint64
int_field(const BdConfig *cfg, const char *key)
{
    static const struct {
        const char *key;
        gsize offset;
        gsize size;
    } fields[] = {
#define F(name, member)                                                                            \
    {name, G_STRUCT_OFFSET(BdConfig, member), sizeof(((BdConfig *)NULL)->member)}
        F("os_level", os_level),
        F("max_servers", max_servers),
        F("max_domains", max_domains),
        F("name_service", ports.name_service),
        F("datagram", ports.datagram),
        F("session", ports.session),
        F("smb", ports.smb),
        F("max_connections", smb.max_connections),
        F("idle_timeout_s", smb.idle_timeout_s),
        F("comment_max", smb.comment_max),
        F("host_announce_max_ms", timing.host_announce_max_ms),
        F("local_master_max_ms", timing.local_master_max_ms),
        F("domain_announce_max_ms", timing.domain_announce_max_ms),
        F("backup_sync_ms", timing.backup_sync_ms),
        F("announce_reply_max_ms", timing.announce_reply_max_ms),
        F("find_master_ms", timing.find_master_ms),
        F("domain_sync_ms", timing.domain_sync_ms),
        F("lmb_expiry_ms", timing.lmb_expiry_ms),
#undef F
    };
    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (strcmp(fields[i].key, key) != 0)
            continue;
        const guint8 *p = (const guint8 *)cfg + fields[i].offset;
        switch (fields[i].size) {
        case 1:
            return *p;
        case 2:
            return *(const guint16 *)(const void *)p;
        default:
            return *(const guint32 *)(const void *)p;
        }
    }
    CU_FAIL("unknown int key");
    return -1;
}

/* The config text setting one int key, with that key on line 3 (or 4 inside a group). */
static char *
int_key_text(const IntKey *k, gint64 value)
{
    if (k->group == NULL)
        return g_strdup_printf(BASE "%s = %" G_GINT64_FORMAT ";\n", k->key, value);
    return g_strdup_printf(BASE "%s = {\n  %s = %" G_GINT64_FORMAT ";\n};\n", k->group, k->key,
                           value);
}

static void
test_int_bounds(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(int_keys); i++) {
        const IntKey *k = &int_keys[i];
        gint64 good[] = {k->min, k->max};
        for (gsize j = 0; j < G_N_ELEMENTS(good); j++) {
            g_autofree char *text = int_key_text(k, good[j]);
            g_autoptr(BdConfig) cfg = load_ok(text);
            CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
            CU_ASSERT_EQUAL(int_field(cfg, k->key), good[j]);
        }
        gint64 bad[] = {k->min - 1, k->max + 1};
        for (gsize j = 0; j < G_N_ELEMENTS(bad); j++) {
            g_autofree char *text = int_key_text(k, bad[j]);
            g_autofree char *path =
                k->group ? g_strdup_printf("%s.%s", k->group, k->key) : g_strdup(k->key);
            g_autofree char *message = g_strdup_printf(
                FILE_NAME ":%d: %s: %" G_GINT64_FORMAT " is out of range (%" G_GINT64_FORMAT
                          " to %" G_GINT64_FORMAT ")",
                k->group ? 4 : 3, path, bad[j], k->min, k->max);
            expect_error(text, message);
        }
    }
}

static void
test_timer_maxima_are_the_engine_defaults(void)
{
    /* The timers may only shorten the spec's values, which the engine's defaults are. */
    BrwEngineConfig engine;
    brw_engine_config_init(&engine);
    CU_ASSERT_EQUAL(int_keys[6].max, engine.timing.host_announce_max_ms);
    CU_ASSERT_EQUAL(int_keys[7].max, engine.timing.local_master_max_ms);
    CU_ASSERT_EQUAL(int_keys[8].max, engine.timing.domain_announce_max_ms);
    CU_ASSERT_EQUAL(int_keys[9].max, engine.timing.backup_sync_ms);
    CU_ASSERT_EQUAL(int_keys[10].max, engine.timing.announce_reply_max_ms);
    CU_ASSERT_EQUAL(int_keys[11].max, engine.timing.find_master_ms);
}

static void
test_int_forms(void)
{
    /* Hex and 64-bit literals are integers too. */
    g_autoptr(BdConfig) hex = load_key("os_level", "0x20");
    CU_ASSERT_PTR_NOT_NULL_FATAL(hex);
    CU_ASSERT_EQUAL(hex->os_level, 32);
    g_autoptr(BdConfig) wide = load_key("max_servers", "500L");
    CU_ASSERT_PTR_NOT_NULL_FATAL(wide);
    CU_ASSERT_EQUAL(wide->max_servers, 500);
    expect_key_error("max_servers", "5000000000L",
                     "max_servers: 5000000000 is out of range (1 to 1000000)");
}

static void
test_integers_libconfig_would_wrap(void)
{
    /* libconfig 1.5 reads 4294967316 as 20 and 0x100000000 as 0: refused before parsing. */
    expect_error_code(BASE "os_level = 4294967316;\n", BD_CONFIG_ERROR_SYNTAX,
                      FILE_NAME ":3: integer 4294967316 is out of range (-2147483648 to "
                                "2147483647)");
    expect_error_code(BASE "os_level = -2147483649;\n", BD_CONFIG_ERROR_SYNTAX,
                      FILE_NAME ":3: integer -2147483649 is out of range (-2147483648 to "
                                "2147483647)");
    expect_error_code(BASE "\nmax_servers = 0x100000000;\n", BD_CONFIG_ERROR_SYNTAX,
                      FILE_NAME ":4: integer 0x100000000 is out of range (0x0 to 0x7fffffff)");
    /* Digits inside strings, comments, names and floats are not integers. */
    g_autoptr(BdConfig) cfg = load_ok(BASE "# 99999999999\n/* 99999999999\n */\n"
                                           "server_string = \"99999999999\";\n");
    CU_ASSERT_PTR_NOT_NULL(cfg);
    expect_key_error("os_level", ".99999999999",
                     "os_level: expected an integer from 0 to 255, got a float");
    expect_key_error("os_level", "1.5e10",
                     "os_level: expected an integer from 0 to 255, got a float");
}

/* ---- types --------------------------------------------------------------------------- */

static void
test_wrong_types(void)
{
    expect_key_error("os_level", "\"20\"",
                     "os_level: expected an integer from 0 to 255, got a string");
    expect_key_error("os_level", "2.0", "os_level: expected an integer from 0 to 255, got a float");
    expect_key_error("max_domains", "true",
                     "max_domains: expected an integer from 1 to 100000, got a boolean");
    expect_key_error("preferred_master", "1",
                     "preferred_master: expected true or false, got an integer");
    expect_key_error("local_master", "\"yes\"",
                     "local_master: expected true or false, got a string");
    expect_key_error("domain_master", "[true]",
                     "domain_master: expected true or false, got an array");
    expect_key_error("server_string", "42", "server_string: expected a string, got an integer");
    expect_key_error("state_dir", "{ }", "state_dir: expected a string, got a group");
    expect_key_error("log_level", "( \"debug\" )", "log_level: expected a string, got a list");
    expect_key_error("ports", "137", "ports: expected a group { ... }, got an integer");
    expect_key_error("timers", "( )", "timers: expected a group { ... }, got a list");
    expect_error("workgroup = 7;\ninterfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup: expected a string, got an integer");
    expect_error("workgroup = \"lab\";\ninterfaces = \"eth0\";\n",
                 FILE_NAME ":2: interfaces: expected a list of strings such as [\"eth0\"], got "
                           "a string");
    expect_error("workgroup = \"lab\";\ninterfaces = ( \"eth0\",\n  5 );\n",
                 FILE_NAME ":3: interfaces[1]: expected a string, got an integer");
}

static void
test_booleans(void)
{
    g_autoptr(BdConfig) cfg = load_ok(BASE "preferred_master = true;\nlocal_master = false;\n"
                                           "domain_master = TRUE;\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_TRUE(cfg->preferred_master);
    CU_ASSERT_FALSE(cfg->local_master);
    CU_ASSERT_TRUE(cfg->domain_master);
}

/* ---- string values ------------------------------------------------------------------- */

static void
test_workgroup(void)
{
    g_autoptr(BdConfig) cfg = load_ok("workgroup = \"my-group_1!\";\ninterfaces = [\"eth0\"];\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_STRING_EQUAL(cfg->workgroup, "MY-GROUP_1!");
    g_autoptr(BdConfig) longest =
        load_ok("workgroup = \"abcdefghijklmno\";\ninterfaces = [\"eth0\"];\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(longest);
    CU_ASSERT_STRING_EQUAL(longest->workgroup, "ABCDEFGHIJKLMNO");
    expect_error("workgroup = \"abcdefghijklmnop\";\ninterfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup: 'abcdefghijklmnop' is 16 characters; a NetBIOS name "
                           "has at most 15");
    expect_error("workgroup = \"\";\ninterfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup: must not be empty");
    expect_error("workgroup = \"my group\";\ninterfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup: 'my group' holds ' ', which a NetBIOS name cannot "
                           "hold; use letters, digits and !#$%&'()-@^_{}~");
    expect_error("workgroup = \"lab.local\";\ninterfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup: 'lab.local' holds '.', which a NetBIOS name cannot "
                           "hold; use letters, digits and !#$%&'()-@^_{}~");
    expect_error("workgroup = \"caf\\xe9\";\ninterfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup: 'caf\\xe9' holds byte 0xe9, which a NetBIOS name "
                           "cannot hold; use letters, digits and !#$%&'()-@^_{}~");
}

static void
test_netbios_name_values(void)
{
    expect_key_error("netbios_name", "\"a*b\"",
                     "netbios_name: 'a*b' holds '*', which a NetBIOS name cannot hold; use "
                     "letters, digits and !#$%&'()-@^_{}~");
    expect_key_error("netbios_name", "\"0123456789abcdef\"",
                     "netbios_name: '0123456789abcdef' is 16 characters; a NetBIOS name has at "
                     "most 15");
    /* RFC 1001 §5.2: <LAB><00> cannot be unique and group at once. */
    expect_key_error("netbios_name", "\"Lab\"",
                     "netbios_name: 'LAB' is also the workgroup: <LAB><00> cannot be both our "
                     "unique name and the group's; choose another netbios_name");
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) cfg = bd_config_load_string(BASE, FILE_NAME, "lab.example.org", &error);
    CU_ASSERT_PTR_NULL(cfg);
    CU_ASSERT_STRING_EQUAL(error->message,
                           FILE_NAME ":1: netbios_name: 'LAB' is also the workgroup: <LAB><00> "
                                     "cannot be both our unique name and the group's; choose "
                                     "another netbios_name");
}

static void
test_server_string(void)
{
    const char *fortytwo = "\"123456789012345678901234567890123456789012\"";
    g_autoptr(BdConfig) cfg = load_key("server_string", fortytwo);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_EQUAL(strlen(cfg->server_string), 42);
    g_autoptr(BdConfig) quotes = load_key("server_string", "\"say \\\"hi\\\" \\\\o/\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(quotes);
    CU_ASSERT_STRING_EQUAL(quotes->server_string, "say \"hi\" \\o/");
    expect_key_error("server_string", "\"1234567890123456789012345678901234567890123\"",
                     "server_string: 43 characters; at most 42 fit in an announcement");
    expect_key_error("server_string", "\"caf\\xc3\\xa9\"",
                     "server_string: byte 0xc3 at offset 3: only printable ASCII is allowed, the "
                     "wire says nothing of character sets");
    expect_key_error("server_string", "\"tab\\there\"",
                     "server_string: byte 0x09 at offset 3: only printable ASCII is allowed, the "
                     "wire says nothing of character sets");
}

static void
test_interfaces_accepted(void)
{
    g_autoptr(BdConfig) cfg =
        load_ok("workgroup = \"lab\";\ninterfaces = ( \"eth0\", \"192.168.1.10\", \"br-lan.100\", "
                "\"127.0.0.1\", \"abcdefghijklmno\" );\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_EQUAL_FATAL(cfg->n_interfaces, 5);
    CU_ASSERT_STRING_EQUAL(cfg->interfaces[0].text, "eth0");
    CU_ASSERT_FALSE(cfg->interfaces[0].is_ipv4);
    CU_ASSERT_EQUAL(cfg->interfaces[0].ipv4, 0);
    CU_ASSERT_STRING_EQUAL(cfg->interfaces[1].text, "192.168.1.10");
    CU_ASSERT_TRUE(cfg->interfaces[1].is_ipv4);
    CU_ASSERT_EQUAL(cfg->interfaces[1].ipv4, 0xC0A8010Au);
    CU_ASSERT_FALSE(cfg->interfaces[2].is_ipv4);
    CU_ASSERT_TRUE(cfg->interfaces[3].is_ipv4);
    CU_ASSERT_EQUAL(cfg->interfaces[3].ipv4, 0x7F000001u);
}

static void
test_interfaces_refused(void)
{
    static const struct {
        const char *entry;
        const char *message;
    } cases[] = {
        {"\"\"", "interfaces[1]: an empty interface name"},
        {"\"10.0.0.256\"", "interfaces[1]: '10.0.0.256' is not a valid IPv4 address (four "
                           "numbers 0-255 without leading zeros)"},
        {"\"10.0.0.01\"", "interfaces[1]: '10.0.0.01' is not a valid IPv4 address (four "
                          "numbers 0-255 without leading zeros)"},
        {"\"10.0.0\"", "interfaces[1]: '10.0.0' is not a valid IPv4 address (four numbers "
                       "0-255 without leading zeros)"},
        {"\"0.0.0.0\"", "interfaces[1]: 0.0.0.0 would mean every network; name an interface "
                        "or one of its addresses"},
        {"\"224.0.0.1\"", "interfaces[1]: '224.0.0.1' is not a unicast address (multicast, "
                          "reserved or broadcast)"},
        {"\"255.255.255.255\"", "interfaces[1]: '255.255.255.255' is not a unicast address "
                                "(multicast, reserved or broadcast)"},
        {"\"eth0:1\"", "interfaces[1]: 'eth0:1' is an IP alias, not an interface: name the "
                       "interface, or the alias's IPv4 address"},
        {"\"abcdefghijklmnop\"", "interfaces[1]: 'abcdefghijklmnop' is 16 characters; an "
                                 "interface name has at most 15"},
        {"\"et h0\"", "interfaces[1]: 'et h0' is not an interface name (printable ASCII "
                      "without '/', ':' or spaces)"},
        {"\"a/b\"", "interfaces[1]: 'a/b' is not an interface name (printable ASCII without "
                    "'/', ':' or spaces)"},
        {"\"..\"", "interfaces[1]: '..' is not a valid IPv4 address (four numbers 0-255 "
                   "without leading zeros)"},
        {"\"eth0\"", "interfaces[1]: 'eth0' is listed twice"},
        {"true", "interfaces[1]: expected a string, got a boolean"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strdup_printf("workgroup = \"lab\";\ninterfaces = ( \"eth0\", "
                                                "\n%s );\n",
                                                cases[i].entry);
        g_autofree char *message = g_strdup_printf(FILE_NAME ":3: %s", cases[i].message);
        expect_error(text, message);
    }
    /* The same address written twice is the same network. */
    expect_error("workgroup = \"lab\";\ninterfaces = [ \"10.1.2.3\", \"eth1\",\n"
                 "\"10.1.2.3\" ];\n",
                 FILE_NAME ":3: interfaces[2]: '10.1.2.3' is listed twice");
}

static void
test_interfaces_missing_or_empty(void)
{
    expect_error_code("workgroup = \"lab\";\n", BD_CONFIG_ERROR_NO_INTERFACES,
                      FILE_NAME ":1: interfaces is not set: " WHY_INTERFACES);
    expect_error_code("workgroup = \"lab\";\n\ninterfaces = [ ];\n", BD_CONFIG_ERROR_NO_INTERFACES,
                      FILE_NAME ":3: interfaces: the list is empty: " WHY_INTERFACES);
    expect_error_code("workgroup = \"lab\";\ninterfaces = ( );\n", BD_CONFIG_ERROR_NO_INTERFACES,
                      FILE_NAME ":2: interfaces: the list is empty: " WHY_INTERFACES);
    /* A list with a bad entry is not a missing list. */
    expect_error_code("workgroup = \"lab\";\ninterfaces = [ \"\" ];\n", BD_CONFIG_ERROR_INVALID,
                      FILE_NAME ":2: interfaces[0]: an empty interface name");
}

static void
test_workgroup_missing(void)
{
    expect_error("interfaces = [\"eth0\"];\n",
                 FILE_NAME ":1: workgroup is not set: name the workgroup (machine group) to "
                           "browse, e.g. workgroup = \"WORKGROUP\";");
}

static void
test_paths(void)
{
    g_autoptr(BdConfig) cfg =
        load_ok(BASE "state_dir = \"/srv/browserd\";\ncontrol_socket = \"/tmp/c\";\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_STRING_EQUAL(cfg->control_socket, "/tmp/c");
    expect_key_error("state_dir", "\"var/lib/browserd\"",
                     "state_dir: 'var/lib/browserd' is not an absolute path (the daemon's "
                     "working directory is /)");
    expect_key_error("state_dir", "\"\"",
                     "state_dir: '' is not an absolute path (the daemon's working directory is "
                     "/)");
    expect_key_error("state_dir", "\"/a\\nb\"", "state_dir: '/a\\x0ab' holds a control character");
    g_autofree char *longest = g_strnfill(107, 'x');
    longest[0] = '/';
    g_autofree char *ok_text = g_strdup_printf("\"%s\"", longest);
    g_autoptr(BdConfig) fits = load_key("control_socket", ok_text);
    CU_ASSERT_PTR_NOT_NULL(fits);
    g_autofree char *too_long = g_strdup_printf("\"%sy\"", longest);
    expect_key_error("control_socket", too_long, "control_socket: 108 characters; at most 107");
    g_autofree char *dir = g_strnfill(4096, 'd');
    dir[0] = '/';
    g_autofree char *dir_text = g_strdup_printf("\"%s\"", dir);
    expect_key_error("state_dir", dir_text, "state_dir: 4096 characters; at most 4095");
}

/* Off unless set; set, an absolute path like every other (docs/SAMBA.md). */
static void
test_samba_browse_dat(void)
{
    g_autoptr(BdConfig) off = load_ok(BASE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(off);
    CU_ASSERT_STRING_EQUAL(off->samba_browse_dat, "");
    g_autoptr(BdConfig) on = load_key("samba_browse_dat", "\"/var/lib/browserd/browse.dat\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(on);
    CU_ASSERT_STRING_EQUAL(on->samba_browse_dat, "/var/lib/browserd/browse.dat");
    CU_ASSERT_FALSE(bd_config_equal(off, on));
    g_autofree char *dump = bd_config_dump(on);
    CU_ASSERT_PTR_NOT_NULL(strstr(dump, "samba_browse_dat = \"/var/lib/browserd/browse.dat\";"));
    expect_key_error("samba_browse_dat", "\"browse.dat\"",
                     "samba_browse_dat: 'browse.dat' is not an absolute path (the daemon's "
                     "working directory is /)");
}

static void
test_user(void)
{
    const char *good[] = {"\"\"", "\"nobody\"", "\"_svc-browse.1\"", "\"machine$\"", "\"Admin\""};
    for (gsize i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autoptr(BdConfig) cfg = load_key("user", good[i]);
        CU_ASSERT_PTR_NOT_NULL(cfg);
    }
    g_autoptr(BdConfig) none = load_key("user", "\"\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(none);
    CU_ASSERT_STRING_EQUAL(none->user, "");
    const char *bad[] = {"1abc", "a b", "-x", "a$b", "abcdefghijabcdefghijabcdefghijabc"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *value = g_strdup_printf("\"%s\"", bad[i]);
        g_autofree char *message = g_strdup_printf(
            "user: '%s' is not a user name (a letter or '_', then letters, digits, '_', '.', "
            "'-', at most 32 characters; \"\" to stay the user that started browserd)",
            bad[i]);
        expect_key_error("user", value, message);
    }
}

static void
test_control_mode_and_group(void)
{
    static const struct {
        const char *text;
        guint mode;
    } good[] = {{"\"0660\"", 0660}, {"\"660\"", 0660}, {"\"0\"", 0},
                {"\"0777\"", 0777}, {"\"0600\"", 0600}, {"\"07\"", 07}};
    for (gsize i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autoptr(BdConfig) cfg = load_key("control_mode", good[i].text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
        CU_ASSERT_EQUAL(cfg->control_mode, good[i].mode);
    }
    /* An unquoted 0660 is the decimal 660 to libconfig 1.5: refused with the reason. */
    expect_key_error("control_mode", "0660",
                     "control_mode: expected a string of octal digits such as \"0660\", got an "
                     "integer (quote it: libconfig reads 0660 as the decimal 660)");
    expect_key_error("control_mode", "true",
                     "control_mode: expected a string of octal digits such as \"0660\", got a "
                     "boolean");
    const char *bad[] = {"", "0o660", "0x1b0", "0680", "rw-rw----", "00660", " 660"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *value = g_strdup_printf("\"%s\"", bad[i]);
        g_autofree char *message = g_strdup_printf(
            "control_mode: '%s' is not an octal mode such as \"0660\" (one to four digits 0-7)",
            bad[i]);
        expect_key_error("control_mode", value, message);
    }
    expect_key_error("control_mode", "\"4770\"",
                     "control_mode: '4770' sets bits beyond 0777 (set-id or sticky), which a "
                     "socket does not use");
    expect_key_error("control_mode", "\"1777\"",
                     "control_mode: '1777' sets bits beyond 0777 (set-id or sticky), which a "
                     "socket does not use");

    g_autoptr(BdConfig) group = load_key("control_group", "\"browse-admins\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(group);
    CU_ASSERT_STRING_EQUAL(group->control_group, "browse-admins");
    g_autoptr(BdConfig) none = load_key("control_group", "\"\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(none);
    CU_ASSERT_STRING_EQUAL(none->control_group, "");
    const char *bad_groups[] = {"1wheel", "a b", "-x", "a:b"};
    for (gsize i = 0; i < G_N_ELEMENTS(bad_groups); i++) {
        g_autofree char *value = g_strdup_printf("\"%s\"", bad_groups[i]);
        g_autofree char *message = g_strdup_printf(
            "control_group: '%s' is not a group name (a letter or '_', then letters, digits, "
            "'_', '.', '-', at most 32 characters; \"\" to leave the socket's group alone)",
            bad_groups[i]);
        expect_key_error("control_group", value, message);
    }
    expect_key_error("control_group", "660", "control_group: expected a string, got an integer");
}

static void
test_log_level(void)
{
    static const struct {
        const char *text;
        BdLogLevel level;
    } cases[] = {
        {"\"error\"", BD_LOG_LEVEL_ERROR},     {"\"warning\"", BD_LOG_LEVEL_WARNING},
        {"\"message\"", BD_LOG_LEVEL_MESSAGE}, {"\"info\"", BD_LOG_LEVEL_INFO},
        {"\"debug\"", BD_LOG_LEVEL_DEBUG},     {"\"DEBUG\"", BD_LOG_LEVEL_DEBUG},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(BdConfig) cfg = load_key("log_level", cases[i].text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
        CU_ASSERT_EQUAL(cfg->log_level, cases[i].level);
    }
    expect_key_error("log_level", "\"verbose\"",
                     "log_level: 'verbose' is not one of error, warning, message, info, debug");
    CU_ASSERT_STRING_EQUAL(bd_log_level_to_string(BD_LOG_LEVEL_INFO), "info");
}

static void
test_ports_must_differ(void)
{
    expect_error(BASE "ports = {\n  name_service = 1137;\n  datagram = 1137;\n};\n",
                 FILE_NAME ":5: ports.datagram: 1137 is also ports.name_service; both are UDP "
                           "ports and must differ");
    expect_error(BASE "ports = {\n  name_service = 138;\n};\n",
                 FILE_NAME ":4: ports.datagram: 138 is also ports.name_service; both are UDP "
                           "ports and must differ");
    /* A value already refused is not reported a second time as a collision. */
    expect_error(BASE "ports = {\n  name_service = 138;\n  datagram = 0;\n};\n",
                 FILE_NAME ":5: ports.datagram: 0 is out of range (1 to 65535)");
    /* The session port is TCP: it may equal a UDP one. */
    g_autoptr(BdConfig) cfg = load_ok(BASE "ports = { name_service = 10137; datagram = 10138; "
                                           "session = 10137; };\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_EQUAL(cfg->ports.session, 10137);
    /* The two TCP ports of the SMB responder must differ, unless both are off. */
    expect_error(BASE "ports = {\n  session = 445;\n};\n",
                 FILE_NAME ":4: ports.smb: 445 is also ports.session; both are TCP ports and "
                           "must differ (0 turns one off)");
    g_autoptr(BdConfig) off = load_ok(BASE "ports = { session = 0; smb = 0; };\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(off);
    CU_ASSERT_EQUAL(off->ports.session, 0);
    CU_ASSERT_EQUAL(off->ports.smb, 0);
}

/* WINS client mode: "" or absent is off, a unicast dotted quad turns it on; anything else
 * and our own interface's address are FILE:LINE errors. */
static void
test_wins_server(void)
{
    g_autoptr(BdConfig) absent = load_ok(BASE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(absent);
    CU_ASSERT_EQUAL(absent->wins_server, 0);
    g_autoptr(BdConfig) off = load_key("wins_server", "\"\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(off);
    CU_ASSERT_EQUAL(off->wins_server, 0);
    g_autoptr(BdConfig) on = load_key("wins_server", "\"192.168.1.250\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(on);
    CU_ASSERT_EQUAL(on->wins_server, 0xC0A801FAu);
    CU_ASSERT_TRUE(bd_config_equal(absent, off));
    CU_ASSERT_FALSE(bd_config_equal(absent, on));
    expect_key_error("wins_server", "\"192.168.1\"",
                     "wins_server: '192.168.1' is not a valid IPv4 address (four numbers 0-255 "
                     "without leading zeros); \"\" turns WINS off");
    expect_key_error("wins_server", "\"10.0.0.010\"",
                     "wins_server: '10.0.0.010' is not a valid IPv4 address (four numbers 0-255 "
                     "without leading zeros); \"\" turns WINS off");
    expect_key_error("wins_server", "\"wins.example.org\"",
                     "wins_server: 'wins.example.org' is not a valid IPv4 address (four numbers "
                     "0-255 without leading zeros); \"\" turns WINS off");
    expect_key_error("wins_server", "\"0.0.0.0\"",
                     "wins_server: '0.0.0.0' is not a unicast address; \"\" turns WINS off");
    expect_key_error("wins_server", "\"255.255.255.255\"",
                     "wins_server: '255.255.255.255' is not a unicast address; \"\" turns WINS "
                     "off");
    expect_key_error("wins_server", "\"224.0.0.1\"",
                     "wins_server: '224.0.0.1' is not a unicast address; \"\" turns WINS off");
    expect_key_error("wins_server", "167772162", "wins_server: expected a string, got an integer");
    expect_error("workgroup = \"lab\";\ninterfaces = [ \"10.0.0.1\" ];\n"
                 "wins_server = \"10.0.0.1\";\n",
                 FILE_NAME ":3: wins_server: '10.0.0.1' is one of our interfaces; browserd is "
                           "no WINS server: name another host's address, or \"\" for none");
}

/* ---- unknown keys, syntax ------------------------------------------------------------ */

static void
test_unknown_keys(void)
{
    expect_key_error("worgroup", "\"x\"", "unknown key 'worgroup' (did you mean 'workgroup'?)");
    expect_key_error("Workgroup", "\"x\"", "unknown key 'Workgroup' (did you mean 'workgroup'?)");
    expect_key_error("interface", "[\"eth1\"]",
                     "unknown key 'interface' (did you mean 'interfaces'?)");
    expect_key_error("prefered_master", "true",
                     "unknown key 'prefered_master' (did you mean 'preferred_master'?)");
    expect_key_error("os-level", "1", "unknown key 'os-level' (did you mean 'os_level'?)");
    expect_key_error("maxservers", "1", "unknown key 'maxservers' (did you mean 'max_servers'?)");
    expect_key_error("frobnicate", "1", "unknown key 'frobnicate'");
    expect_key_error("foo", "1", "unknown key 'foo'");
    /* A key of another level is suggested with its path. */
    expect_key_error("session", "1139", "unknown key 'session' (did you mean 'ports.session'?)");
    expect_key_error("find_master", "100",
                     "unknown key 'find_master' (did you mean 'timers.find_master_ms'?)");
    /* Inside groups. */
    expect_error(BASE "ports = {\n  sesion = 1;\n};\n",
                 FILE_NAME ":4: unknown key 'ports.sesion' (did you mean 'ports.session'?)");
    expect_error(BASE "timers = {\n  workgroup = \"x\";\n  whatever = 1;\n};\n", FILE_NAME
                 ":4: unknown key 'timers.workgroup' (did you mean 'workgroup'?)\n" FILE_NAME
                 ":5: unknown key 'timers.whatever'");
    /* Nothing inside an unknown group is looked at. */
    expect_error(BASE "extra = {\n  a = 1;\n};\n", FILE_NAME ":3: unknown key 'extra'");
}

static void
test_syntax_errors(void)
{
    static const struct {
        const char *text; /* after BASE, so its first line is line 3 */
        const char *message;
    } cases[] = {
        {"os_level = ;\n", ":3: expected a value for 'os_level', found ';'"},
        {"os_level 20;\n", ":3: expected '=' after 'os_level', found the number 20"},
        {"\n= 20;\n", ":4: expected a key name, found '='"},
        {"true = 1;\n", ":3: expected a key name, found true"},
        {"os_level = 20 20;\n", ":3: expected a key name, found the number 20"},
        {"a = 1;;\n", ":3: expected a key name, found ';'"},
        {"ports = { session = 1;\n", ":4: expected a key name or '}' closing the group, found "
                                     "the end of the file"},
        {"x = [ 1, 2 ;\n", ":3: expected ',' or ']' in the array, found ';'"},
        {"x = [ 1, ];\n", ":3: expected a number, a boolean or a string in the array (an array "
                          "holds scalars; a list in ( ) holds anything), found ']'"},
        {"x = [ [ 1 ] ];\n", ":3: expected a number, a boolean or a string in the array (an "
                             "array holds scalars; a list in ( ) holds anything), found '['"},
        {"x = ( 1, );\n", ":3: expected a value in the list, found ')'"},
        {"x = ( 1 2 );\n", ":3: expected ',' or ')' in the list, found the number 2"},
        {"x = -;\n", ":3: expected a value for 'x', found '-'"},
        {"x = 1.2.3;\n", ":3: expected a key name, found the number .3"},
        {"x = \x01;\n", ":3: expected a value for 'x', found byte 0x01"},
        {"x = [ 1,\n 2L ];\n", ":4: the elements of an array must all have the same type (use a "
                               "list in ( ) to mix types)"},
        {"x = [ 1, \"a\" ];\n", ":3: the elements of an array must all have the same type (use "
                                "a list in ( ) to mix types)"},
        {"workgroup = \"again\";\n", ":3: 'workgroup' is set twice"},
        {"g = { a = 1; b = { a = 2; }; a = 3; };\n", ":3: 'a' is set twice"},
        /* Unclosed strings and comments are found where they open, not at the end. */
        {"\n\nserver_string = \"unterminated;\n", ":5: this string is never closed (no \")"},
        {"server_string = \"a\\\"\n\\\\\";\n/* to the end\nos_level = 1;\n",
         ":5: this comment is never closed (no */)"},
        {"  @include \"/etc/passwd\"\n", ":3: @include is not supported: keep the whole "
                                         "configuration in this file, so that what "
                                         "--check-config shows is all that is in force"},
    };
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = g_strdup_printf(BASE "%s", cases[i].text);
        g_autofree char *message = g_strdup_printf(FILE_NAME "%s", cases[i].message);
        expect_error_code(text, BD_CONFIG_ERROR_SYNTAX, message);
    }
    /* Nesting is bounded. */
    GString *deep = g_string_new(BASE "x = ");
    for (int i = 0; i < 40; i++)
        g_string_append_c(deep, '(');
    expect_error_code(deep->str, BD_CONFIG_ERROR_SYNTAX,
                      FILE_NAME ":3: nested more than 32 levels deep");
    g_string_free(deep, TRUE);
}

static void
test_syntax_accepted(void)
{
    /* What libconfig 1.5 accepts, the check accepts too: only the unknown key is
     * reported. */
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) again = load("workgroup : \"l\" \"ab\",\n"
                                     "interfaces = [ \"eth0\" ]\n"
                                     "// a comment\n"
                                     "os_level = 0x1F # another\n"
                                     "/* a block\n comment */ max_servers = 64L;\n"
                                     "timers = { find_master_ms = 100, }\n"
                                     "x = ( 1, \"a\", [ 1.5, .5, 1e3 ], { y = true; }, ( ) );\n",
                                     &error);
    CU_ASSERT_PTR_NULL(again);
    CU_ASSERT_STRING_EQUAL(error->message, FILE_NAME ":8: unknown key 'x'");
    g_autoptr(BdConfig) good = load_ok("workgroup : \"l\" \"ab\",\n"
                                       "interfaces = [ \"eth0\" ]\n"
                                       "os_level = 0x1F # another\n"
                                       "/* a block\n comment */ max_servers = 64L;\n"
                                       "timers = { find_master_ms = 100, }\n"
                                       "preferred_master = TRUE\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(good);
    CU_ASSERT_STRING_EQUAL(good->workgroup, "LAB");
    CU_ASSERT_EQUAL(good->os_level, 31);
    CU_ASSERT_EQUAL(good->max_servers, 64);
    CU_ASSERT_EQUAL(good->timing.find_master_ms, 100);
    CU_ASSERT_TRUE(good->preferred_master);
    /* libconfig 1.5 sees a comment only before a line break; the loader adds a last one. */
    g_autoptr(BdConfig) last = load_ok(BASE "# the last line has no line break");
    CU_ASSERT_PTR_NOT_NULL(last);
    g_autoptr(BdConfig) last2 = load_ok(BASE "os_level = 3 // nor here");
    CU_ASSERT_PTR_NOT_NULL(last2);
}

static void
test_several_errors_at_once(void)
{
    const char *text = "workgroup = \"TOO LONG NAME HERE\";\n"
                       "interfaces = [ ];\n"
                       "os_level = 300;\n"
                       "foo = 1;\n"
                       "timers = { find_master_ms = 50; };\n"
                       "log_level = \"loud\";\n";
    expect_error_code(text, BD_CONFIG_ERROR_NO_INTERFACES,
                      FILE_NAME
                      ":1: workgroup: 'TOO LONG NAME HERE' is 18 characters; a NetBIOS name has at "
                      "most 15\n" FILE_NAME ":2: interfaces: the list is empty: " WHY_INTERFACES
                      "\n" FILE_NAME ":3: os_level: 300 is out of range (0 to 255)\n" FILE_NAME
                      ":4: unknown key 'foo'\n" FILE_NAME
                      ":5: timers.find_master_ms: 50 is out of range (100 to 1500)\n" FILE_NAME
                      ":6: log_level: 'loud' is not one of error, warning, message, info, debug");
    /* Problems come in the order of the lines, whenever they were found. */
    expect_error(BASE "ports = {\n  name_service = 1137;\n  datagram = 1137;\n};\n"
                      "os_level = 256;\n",
                 FILE_NAME ":5: ports.datagram: 1137 is also ports.name_service; both are UDP "
                           "ports and must differ\n" FILE_NAME
                           ":7: os_level: 256 is out of range (0 to 255)");
    /* Missing keys are problems of line 1, after those found on line 1 itself. */
    expect_error_code(
        "os_level = 256;\n", BD_CONFIG_ERROR_NO_INTERFACES,
        FILE_NAME ":1: os_level: 256 is out of range (0 to 255)\n" FILE_NAME
                  ":1: workgroup is not set: name the workgroup (machine group) to browse, e.g. "
                  "workgroup = \"WORKGROUP\";\n" FILE_NAME
                  ":1: interfaces is not set: " WHY_INTERFACES);
}

static void
test_empty_input(void)
{
    expect_error_code("", BD_CONFIG_ERROR_NO_INTERFACES,
                      FILE_NAME ":1: workgroup is not set: name the workgroup (machine group) to "
                                "browse, e.g. workgroup = \"WORKGROUP\";\n" FILE_NAME
                                ":1: interfaces is not set: " WHY_INTERFACES);
}

static void
test_quoting_of_odd_values(void)
{
    /* Values are quoted escaped and cut, so a message stays one printable line. */
    expect_key_error("log_level", "\"a'b\\\\c\"",
                     "log_level: 'a\\'b\\\\c' is not one of error, warning, message, info, debug");
    g_autofree char *lots = g_strnfill(60, 'z');
    g_autofree char *value = g_strdup_printf("\"%s\"", lots);
    g_autofree char *message = g_strdup_printf(
        "log_level: '%.48s'... is not one of error, warning, message, info, debug", lots);
    expect_key_error("log_level", value, message);
}

/* ---- files --------------------------------------------------------------------------- */

static void
test_load_file_errors(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) missing = bd_config_load_file("/nonexistent/browserd.conf", HOST, &error);
    CU_ASSERT_PTR_NULL(missing);
    CU_ASSERT_TRUE(g_error_matches(error, BD_CONFIG_ERROR, BD_CONFIG_ERROR_IO));
    CU_ASSERT_STRING_EQUAL(error->message,
                           "/nonexistent/browserd.conf: cannot open: No such file or directory");
    g_clear_error(&error);
    g_autoptr(BdConfig) dir = bd_config_load_file("/", HOST, &error);
    CU_ASSERT_PTR_NULL(dir);
    CU_ASSERT_TRUE(g_error_matches(error, BD_CONFIG_ERROR, BD_CONFIG_ERROR_IO));
    CU_ASSERT_STRING_EQUAL(error->message, "/: cannot read: Is a directory");
    g_clear_error(&error);

    /* A NUL byte would make libconfig ignore the rest of the file. */
    g_autofree char *path = NULL;
    int fd = g_file_open_tmp("test-bd-config-XXXXXX.conf", &path, NULL);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    static const char text[] = BASE "os_level = 1;\0os_level = 2;\n";
    CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, text, sizeof text - 1, NULL));
    g_autoptr(BdConfig) nul = bd_config_load_file(path, HOST, &error);
    CU_ASSERT_PTR_NULL(nul);
    g_autofree char *expected = g_strdup_printf("%s:3: a NUL byte: this is not a text file", path);
    CU_ASSERT_TRUE(g_error_matches(error, BD_CONFIG_ERROR, BD_CONFIG_ERROR_SYNTAX));
    CU_ASSERT_STRING_EQUAL(error->message, expected);
    g_clear_error(&error);

    /* Errors of a file name the file. */
    CU_ASSERT_TRUE_FATAL(g_file_set_contents(path, BASE "os_level = -1;\n", -1, NULL));
    g_autoptr(BdConfig) bad = bd_config_load_file(path, HOST, &error);
    CU_ASSERT_PTR_NULL(bad);
    g_autofree char *expected2 =
        g_strdup_printf("%s:3: os_level: -1 is out of range (0 to 255)", path);
    CU_ASSERT_STRING_EQUAL(error->message, expected2);
    g_unlink(path);
}

static void
test_oversized_input(void)
{
    gsize size = BD_CONFIG_MAX_SIZE + 1;
    g_autofree char *text = g_strnfill(size, ' ');
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) cfg = load(text, &error);
    CU_ASSERT_PTR_NULL(cfg);
    CU_ASSERT_STRING_EQUAL(error->message,
                           FILE_NAME ":1: larger than 1048576 bytes: not a browserd "
                                     "configuration");
}

static void
test_example_file_loads_and_means_the_defaults(void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(BdConfig) example = bd_config_load_file(BROWSERD_EXAMPLE_CONFIG, HOST, &error);
    if (example == NULL)
        fprintf(stderr, "\n%s\n", error->message);
    CU_ASSERT_PTR_NOT_NULL_FATAL(example);
    /* The file says it means what a file with only its required keys means. */
    g_autoptr(BdConfig) minimal =
        load_ok("workgroup = \"WORKGROUP\";\ninterfaces = [ \"eth0\" ];\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(minimal);
    CU_ASSERT_TRUE(bd_config_equal(example, minimal));
}

static void
test_example_file_documents_every_key(void)
{
    g_autofree char *text = NULL;
    CU_ASSERT_TRUE_FATAL(g_file_get_contents(BROWSERD_EXAMPLE_CONFIG, &text, NULL, NULL));
    g_auto(GStrv) paths = bd_config_key_paths();
    /* top level, ports, smb, timers, domain, security */
    CU_ASSERT_EQUAL(g_strv_length(paths), 23 + 4 + 3 + 8 + 2 + 11);
    for (char **p = paths; *p != NULL; p++) {
        const char *dot = strrchr(*p, '.');
        g_autofree char *assignment = g_strdup_printf("%s = ", dot ? dot + 1 : *p);
        if (strstr(text, assignment) == NULL)
            fprintf(stderr, "\nbrowserd.conf does not document %s\n", *p);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, assignment));
    }
}

/* browserd.conf(5)'s source (scdoc): every key has its own "*path*" entry there. */
static void
test_manpage_documents_every_key(void)
{
    g_autofree char *text = NULL;
    CU_ASSERT_TRUE_FATAL(g_file_get_contents(BROWSERD_CONF_MANPAGE, &text, NULL, NULL));
    g_auto(GStrv) paths = bd_config_key_paths();
    for (char **p = paths; *p != NULL; p++) {
        g_autofree char *entry = g_strdup_printf("\n*%s*\n", *p);
        if (strstr(text, entry) == NULL)
            fprintf(stderr, "\nbrowserd.conf.5.scd does not document %s\n", *p);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, entry));
    }
}

/* ---- security (issue 8) ---------------------------------------------------------------- */

static void
test_security_values(void)
{
    g_autoptr(BdConfig) cfg =
        load_key("security", "{ peers = [\"10.1.0.0/16\", \"192.168.9.9\"];\n"
                             "  reset_state_from = [\"10.0.0.7\"]; trusted_masters = [\"lmb\"];\n"
                             "  names_allow = [\"pc-*\"]; names_deny = [\"*evil?\"];\n"
                             "  smb_from = [\"10.2.0.0/24\"]; rate_per_source = 7; }");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    const BdSecurity *s = &cfg->security;
    CU_ASSERT_EQUAL(s->n_peers, 2);
    CU_ASSERT_EQUAL(s->peers[0].net, 0x0A010000u);
    CU_ASSERT_EQUAL(s->peers[0].mask, 0xFFFF0000u);
    CU_ASSERT_EQUAL(s->peers[1].mask, 0xFFFFFFFFu);
    CU_ASSERT_EQUAL(s->n_smb_from, 1);
    CU_ASSERT_EQUAL(s->rate_per_source, 7);
    CU_ASSERT_EQUAL(s->rate_burst, 200);
    BrwEngineConfig e;
    bd_config_to_engine_config(cfg, 1, &e);
    CU_ASSERT_EQUAL(e.policy.n_reset_from, 1);
    CU_ASSERT_TRUE(brw_policy_reset_allowed(&e.policy, 0x0A000007u));
    CU_ASSERT_FALSE(brw_policy_reset_allowed(&e.policy, 0x0A000008u));
    CU_ASSERT_STRING_EQUAL(e.policy.trusted_masters[0], "LMB");
    CU_ASSERT_STRING_EQUAL(e.policy.names_allow[0], "PC-*");
    CU_ASSERT_STRING_EQUAL(e.policy.names_deny[0], "*EVIL?");
    g_autoptr(BdConfig) other = load_key("security", "{ rate_per_source = 8; }");
    CU_ASSERT_FALSE(bd_config_equal(cfg, other));
}

static void
test_security_errors(void)
{
    expect_key_error("security", "{ peers = [\"10.0.0.1/24\"]; }",
                     "security.peers[0]: '10.0.0.1/24' has host bits set under its /24 "
                     "mask; the network is \"10.0.0.0/24\"");
    expect_key_error("security", "{ reset_state_from = [\"10.0.0.300\"]; }",
                     "security.reset_state_from[0]: '10.0.0.300' is not an IPv4 address or "
                     "network (\"10.0.0.5\" or \"10.0.0.0/24\")");
    expect_key_error("security", "{ smb_from = [\"10.0.0.0/33\"]; }",
                     "security.smb_from[0]: '10.0.0.0/33' is not an IPv4 address or "
                     "network (\"10.0.0.5\" or \"10.0.0.0/24\")");
    expect_key_error("security", "{ trusted_masters = [\"a b\"]; }",
                     "security.trusted_masters[0]: 'a b' holds ' ', which a NetBIOS name "
                     "cannot hold; use letters, digits and " BD_TEST_NETBIOS_SPECIALS);
    expect_key_error("security", "{ names_deny = [\"x[1]\"]; }",
                     "security.names_deny[0]: 'x[1]' holds '[', which a name pattern "
                     "cannot hold; use letters, digits and " BD_TEST_NETBIOS_SPECIALS "*?");
    expect_key_error("security", "{ names_allow = [ 3 ]; }",
                     "security.names_allow[0]: expected a string, got an integer");
    expect_key_error("security", "{ rate_burst = 0; }",
                     "security.rate_burst: 0 is out of range (1 to 100000)");
}

/* ---- dump ---------------------------------------------------------------------------- */

static void
assert_round_trip(const BdConfig *cfg)
{
    g_autofree char *dump = bd_config_dump(cfg);
    g_autoptr(GError) error = NULL;
    /* Another host name: the dump carries the effective netbios_name. */
    g_autoptr(BdConfig) again = bd_config_load_string(dump, "dump.conf", "other", &error);
    if (again == NULL)
        fprintf(stderr, "\n%s\n--\n%s\n", dump, error->message);
    CU_ASSERT_PTR_NOT_NULL_FATAL(again);
    CU_ASSERT_TRUE(bd_config_equal(cfg, again));
    g_autofree char *dump2 = bd_config_dump(again);
    CU_ASSERT_STRING_EQUAL(dump, dump2);
}

static void
test_dump_round_trip_defaults(void)
{
    g_autoptr(BdConfig) cfg = load_ok(BASE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    assert_round_trip(cfg);
    g_autofree char *dump = bd_config_dump(cfg);
    g_auto(GStrv) paths = bd_config_key_paths();
    for (char **p = paths; *p != NULL; p++) {
        const char *dot = strrchr(*p, '.');
        g_autofree char *assignment = g_strdup_printf("%s = ", dot ? dot + 1 : *p);
        CU_ASSERT_PTR_NOT_NULL(strstr(dump, assignment));
    }
}

static void
test_dump_round_trip_everything_set(void)
{
    g_autoptr(BdConfig) cfg =
        load_ok("workgroup = \"Lab-1\";\n"
                "netbios_name = \"filer{2}\";\n"
                "server_string = \"a \\\"quoted\\\" \\\\ comment # not one\";\n"
                "interfaces = ( \"eth0\", \"10.0.0.1\", \"we\\\"ird\\\\\" );\n"
                "os_level = 255;\n"
                "preferred_master = true;\n"
                "local_master = false;\n"
                "domain_master = true;\n"
                "state_dir = \"/var/lib/br\\xc3\\xa9 /*x*/\";\n"
                "control_socket = \"/run/x//y\";\n"
                "control_mode = \"0007\";\n"
                "control_group = \"wheel$\";\n"
                "user = \"\";\n"
                "max_servers = 1;\n"
                "max_domains = 100000;\n"
                "wins_server = \"10.0.0.2\";\n"
                "ports = { name_service = 1; datagram = 65535; session = 1; };\n"
                "timers = { host_announce_max_ms = 1000; local_master_max_ms = 2000;\n"
                "  domain_announce_max_ms = 3000; backup_sync_ms = 4000;\n"
                "  announce_reply_max_ms = 0; find_master_ms = 100; };\n"
                "log_level = \"Debug\";\n"
                "samba_browse_dat = \"/var/cache/samba/browse.dat\";\n"
                "security = { peers = [\"10.1.0.0/16\", \"192.168.9.9\"];\n"
                "  reset_state_from = [\"0.0.0.0/0\"]; trusted_masters = [\"lmb\", \"X\"];\n"
                "  names_allow = [\"pc-*\"]; names_deny = [\"*EVIL?\"];\n"
                "  smb_from = [\"10.2.0.0/24\"]; rate_per_source = 0; rate_burst = 1;\n"
                "  max_sources = 16; max_fragments = 1024; max_cached_names = 0; };\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    CU_ASSERT_STRING_EQUAL(cfg->interfaces[2].text, "we\"ird\\");
    assert_round_trip(cfg);
}

static void
test_dump_text(void)
{
    g_autoptr(BdConfig) cfg = load_ok(BASE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    g_autofree char *dump = bd_config_dump(cfg);
    CU_ASSERT_STRING_EQUAL(dump, "# browserd: the effective configuration\n"
                                 "workgroup = \"LAB\";\n"
                                 "netbios_name = \"MYHOST\";\n"
                                 "server_string = \"\";\n"
                                 "interfaces = [ \"eth0\" ];\n"
                                 "os_level = 20;\n"
                                 "preferred_master = false;\n"
                                 "local_master = true;\n"
                                 "domain_master = false;\n"
                                 "state_dir = \"/var/lib/browserd\";\n"
                                 "control_socket = \"/run/browserd/control\";\n"
                                 "control_mode = \"0660\";\n"
                                 "control_group = \"\";\n"
                                 "user = \"browserd\";\n"
                                 "max_servers = 10000;\n"
                                 "max_domains = 1000;\n"
                                 "wins_server = \"\";\n"
                                 "ports = {\n"
                                 "  name_service = 137;\n"
                                 "  datagram = 138;\n"
                                 "  session = 139;\n"
                                 "  smb = 445;\n"
                                 "};\n"
                                 "smb = {\n"
                                 "  max_connections = 32;\n"
                                 "  idle_timeout_s = 120;\n"
                                 "  comment_max = 0;\n"
                                 "};\n"
                                 "timers = {\n"
                                 "  host_announce_max_ms = 720000;\n"
                                 "  local_master_max_ms = 720000;\n"
                                 "  domain_announce_max_ms = 900000;\n"
                                 "  backup_sync_ms = 720000;\n"
                                 "  announce_reply_max_ms = 30000;\n"
                                 "  find_master_ms = 1500;\n"
                                 "  domain_sync_ms = 720000;\n"
                                 "  lmb_expiry_ms = 2160000;\n"
                                 "};\n"
                                 "domain = {\n"
                                 "  master_address = \"\";\n"
                                 "  sync_peers = [  ];\n"
                                 "};\n"
                                 "log_level = \"message\";\n"
                                 "samba_browse_dat = \"\";\n"
                                 "security = {\n"
                                 "  peers = [];\n"
                                 "  reset_state_from = [];\n"
                                 "  trusted_masters = [];\n"
                                 "  names_allow = [];\n"
                                 "  names_deny = [];\n"
                                 "  smb_from = [];\n"
                                 "  rate_per_source = 50;\n"
                                 "  rate_burst = 200;\n"
                                 "  max_sources = 4096;\n"
                                 "  max_fragments = 16;\n"
                                 "  max_cached_names = 64;\n"
                                 "};\n");
}

/* ---- equality, engine ---------------------------------------------------------------- */

static void
test_equal(void)
{
    g_autoptr(BdConfig) a = load_ok(BASE);
    g_autoptr(BdConfig) b = load_ok(BASE);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    CU_ASSERT_TRUE(bd_config_equal(a, b));
    const char *changes[] = {
        "server_string = \"x\";",    "os_level = 21;",
        "preferred_master = true;",  "local_master = false;",
        "domain_master = true;",     "state_dir = \"/x\";",
        "control_socket = \"/x\";",  "user = \"\";",
        "control_mode = \"0600\";",  "control_group = \"adm\";",
        "max_servers = 9;",          "max_domains = 9;",
        "ports = { session = 9; };", "timers = { find_master_ms = 1000; };",
        "log_level = \"info\";",     "netbios_name = \"OTHER\";",
    };
    for (gsize i = 0; i < G_N_ELEMENTS(changes); i++) {
        g_autofree char *text = g_strdup_printf(BASE "%s\n", changes[i]);
        g_autoptr(BdConfig) c = load_ok(text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        CU_ASSERT_FALSE(bd_config_equal(a, c));
    }
    g_autoptr(BdConfig) two =
        load_ok("workgroup = \"lab\";\ninterfaces = [ \"eth0\", \"eth1\" ];\n");
    CU_ASSERT_FALSE(bd_config_equal(a, two));
    g_autoptr(BdConfig) other = load_ok("workgroup = \"lab2\";\ninterfaces = [ \"eth0\" ];\n");
    CU_ASSERT_FALSE(bd_config_equal(a, other));
}

static void
ignore_effect(const BrwEffect *effect, gpointer user_data)
{
    (void)effect;
    (void)user_data;
}

static void
test_engine_config(void)
{
    g_autoptr(BdConfig) cfg = load_ok(BASE "server_string = \"lab box\";\nos_level = 33;\n"
                                           "preferred_master = true;\nlocal_master = false;\n"
                                           "domain_master = true;\nmax_servers = 64;\n"
                                           "max_domains = 16;\n"
                                           "timers = { find_master_ms = 500; };\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(cfg);
    BrwEngineConfig defaults, out;
    brw_engine_config_init(&defaults);
    memset(&out, 0xAA, sizeof out);
    bd_config_to_engine_config(cfg, 42, &out);
    CU_ASSERT_STRING_EQUAL(out.netbios_name, "MYHOST");
    CU_ASSERT_STRING_EQUAL(out.workgroup, "LAB");
    CU_ASSERT_STRING_EQUAL(out.comment, "lab box");
    CU_ASSERT_STRING_EQUAL(out.scope, "");
    CU_ASSERT_EQUAL(out.os_level, 33);
    CU_ASSERT_TRUE(out.preferred_master);
    CU_ASSERT_FALSE(out.local_master);
    CU_ASSERT_TRUE(out.domain_master);
    CU_ASSERT_TRUE(out.browser);
    CU_ASSERT_EQUAL(out.max_servers, 64);
    CU_ASSERT_EQUAL(out.max_domains, 16);
    CU_ASSERT_EQUAL(out.seed, 42);
    CU_ASSERT_EQUAL(out.timing.find_master_ms, 500);
    CU_ASSERT_EQUAL(out.timing.backup_sync_ms, defaults.timing.backup_sync_ms);
    CU_ASSERT_EQUAL(out.server_type, defaults.server_type);
    CU_ASSERT_EQUAL(out.os_major, defaults.os_major);
    CU_ASSERT_EQUAL(out.os_minor, defaults.os_minor);
    /* The engine accepts what the config produced. */
    g_autoptr(BrwEngine) engine = brw_engine_new(&out, ignore_effect, NULL);
    CU_ASSERT_PTR_NOT_NULL(engine);
}

/* domain: the domain master's address and the sync peers (BRWS-080, BRWS-083), each an
 * IPv4 address of a host or subnet broadcast; they reach the engine's config. */
static void
test_domain(void)
{
    g_autoptr(BdConfig) cfg =
        load_ok(BASE "domain = {\n  master_address = \"10.0.1.17\";\n"
                     "  sync_peers = [ \"10.0.2.21\", \"10.0.3.255\" ];\n};\n");
    CU_ASSERT_EQUAL(cfg->domain.master_address, 0x0A000111u);
    CU_ASSERT_EQUAL(cfg->domain.n_sync_peers, 2);
    CU_ASSERT_EQUAL(cfg->domain.sync_peers[1], 0x0A0003FFu);
    BrwEngineConfig ecfg;
    bd_config_to_engine_config(cfg, 1, &ecfg);
    CU_ASSERT_EQUAL(ecfg.domain_master_ip, 0x0A000111u);
    CU_ASSERT_EQUAL(ecfg.n_sync_peers, 2);
    CU_ASSERT_EQUAL(ecfg.sync_peers[0], 0x0A000215u);
    g_autoptr(BdConfig) empty = load_ok(BASE "domain = { master_address = \"\"; };\n");
    CU_ASSERT_EQUAL(empty->domain.master_address, 0);

    expect_error(BASE "domain = {\n  master_address = \"10.0.1\";\n};\n",
                 FILE_NAME ":4: domain.master_address: '10.0.1' is not a host or subnet "
                           "broadcast IPv4 address");
    expect_error(BASE "domain = {\n  master_address = \"255.255.255.255\";\n};\n",
                 FILE_NAME ":4: domain.master_address: '255.255.255.255' is not a host or "
                           "subnet broadcast IPv4 address");
    expect_error(BASE "domain = {\n  sync_peers = [ \"10.0.2.21\",\n    \"10.0.2.21\" ];\n};\n",
                 FILE_NAME ":5: domain.sync_peers[1]: 10.0.2.21 is listed twice");
    GString *many = g_string_new(BASE "domain = {\n  sync_peers = [ ");
    for (guint i = 0; i <= BRW_MAX_SYNC_PEERS; i++)
        g_string_append_printf(many, "%s\"10.0.9.%u\"", i ? ", " : "", i + 1);
    g_string_append(many, " ];\n};\n");
    expect_error(many->str, FILE_NAME ":4: domain.sync_peers: 17 peers; at most 16");
    g_string_free(many, TRUE);
}

static CU_TestInfo tests[] = {
    {"defaults", test_defaults},
    {"netbios_name from the host name", test_netbios_name_from_hostname},
    {"netbios_name set explicitly", test_netbios_name_explicit_wins},
    {"netbios_name without a usable host name", test_netbios_name_without_usable_hostname},
    {"bounds of every integer key", test_int_bounds},
    {"timer maxima are the engine defaults", test_timer_maxima_are_the_engine_defaults},
    {"hex and 64-bit integers", test_int_forms},
    {"integers libconfig would wrap", test_integers_libconfig_would_wrap},
    {"wrong types", test_wrong_types},
    {"booleans", test_booleans},
    {"workgroup", test_workgroup},
    {"netbios_name values", test_netbios_name_values},
    {"server_string", test_server_string},
    {"interfaces accepted", test_interfaces_accepted},
    {"interfaces refused", test_interfaces_refused},
    {"domain", test_domain},
    {"interfaces missing or empty", test_interfaces_missing_or_empty},
    {"workgroup missing", test_workgroup_missing},
    {"paths", test_paths},
    {"samba_browse_dat", test_samba_browse_dat},
    {"user", test_user},
    {"control_mode and control_group", test_control_mode_and_group},
    {"log_level", test_log_level},
    {"ports must differ", test_ports_must_differ},
    {"wins_server", test_wins_server},
    {"unknown keys and hints", test_unknown_keys},
    {"syntax errors", test_syntax_errors},
    {"syntax accepted", test_syntax_accepted},
    {"several errors at once", test_several_errors_at_once},
    {"empty input", test_empty_input},
    {"odd values quoted", test_quoting_of_odd_values},
    {"load_file errors", test_load_file_errors},
    {"oversized input", test_oversized_input},
    {"example file loads and means the defaults", test_example_file_loads_and_means_the_defaults},
    {"example file documents every key", test_example_file_documents_every_key},
    {"man page documents every key", test_manpage_documents_every_key},
    {"dump round trip, defaults", test_dump_round_trip_defaults},
    {"dump round trip, everything set", test_dump_round_trip_everything_set},
    {"dump text", test_dump_text},
    {"equal", test_equal},
    {"engine config", test_engine_config},
    {"security values", test_security_values},
    {"security errors", test_security_errors},
    CU_TEST_INFO_NULL,
};

int
main(void)
{
    return test_run_suite("bd-config", tests);
}
