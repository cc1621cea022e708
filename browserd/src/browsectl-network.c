/* browsectl --network (browsectl-network.h): the steps in order, each with its timeout
 * and its own message, and the output in daemon mode's shape (the same renderer, the same
 * --json envelope). */
#include "browsectl-network.h"

#include "bd-entry-json.h"

#include <browse-proto/brw-server-type.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "browsectl-render.h"
#include "browsectl-table.h"

#define EXIT_OK 0
#define EXIT_NO_SUCH 4

static void G_GNUC_PRINTF(1, 2)
fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *m = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s\n", g_get_prgname(), m);
}

/* --bind names an address, --interface a name or address; neither: the first interface
 * that is not loopback. */
static gboolean
pick_interface(const BrowsectlNetworkOptions *o, MsInterface *out)
{
    g_autoptr(GArray) all = ms_interfaces_list(NULL);
    if (all == NULL)
        return FALSE;
    const char *spec = o->bind != NULL ? o->bind : o->interface;
    if (spec != NULL)
        return ms_interfaces_find(all, spec, out);
    for (guint i = 0; i < all->len; i++) {
        const MsInterface *it = &g_array_index(all, MsInterface, i);
        if (!it->loopback) {
            *out = *it;
            return TRUE;
        }
    }
    return FALSE;
}

typedef struct {
    MsInterface ifc;
    char wg[16];
    char me[16];
    guint32 master_ip;
    char master[BRW_NAME_SIZE]; /* the browser asked: from the backup list, or "" */
    char address[16];
} Target;

/* Finds the master, then the browser to ask: the backup list's first name (the master
 * itself on Samba and browserd) when it resolves, else the master by address. */
static int
find_target(const BrowsectlNetworkOptions *o, Target *t)
{
    if (!browsectl_net_query(&t->ifc, t->wg, 0x1D, o->timeout_s, &t->master_ip)) {
        fail("no answer to the name query for %s<1d> on %s within %u s: no master browser "
             "for %s there", t->wg, t->ifc.name, o->timeout_s, t->wg);
        return BROWSECTL_EXIT_NO_MASTER;
    }
    ms_ipv4_to_string(t->master_ip, t->address, sizeof t->address);
    char names[BRW_BACKUP_LIST_MAX][BRW_NAME_SIZE];
    guint n = 0;
    if (!browsectl_net_backup_list(&t->ifc, t->wg, t->me, o->timeout_s, names, &n)) {
        fail("note: no GetBackupListResponse from the master %s within %u s; asking it "
             "directly", t->address, o->timeout_s);
        return EXIT_OK;
    }
    guint32 ip;
    if (browsectl_net_query(&t->ifc, names[0], 0x20, o->timeout_s, &ip)) {
        g_strlcpy(t->master, names[0], sizeof t->master);
        t->master_ip = ip;
        ms_ipv4_to_string(ip, t->address, sizeof t->address);
    } else {
        fail("note: the browser %s named in the backup list does not answer the name query "
             "for %s<20> within %u s; asking the master %s", names[0], names[0], o->timeout_s,
             t->address);
    }
    return EXIT_OK;
}

static void
add_entry(JsonBuilder *b, const BrwListEntry *e, const char *master_address)
{
    json_builder_begin_object(b);
    /* Entries read by NetServerEnum2 are BRW_SOURCE_SYNC: "sync", as a backup's copy. */
    bd_entry_json_add_fields(b, e);
    if (master_address != NULL) {
        json_builder_set_member_name(b, "master_address");
        json_builder_add_string_value(b, master_address);
    }
    json_builder_end_object(b);
}

/* {"links": [{interface, workgroup, role, master, <member>: [...]}]}: daemon mode's shape,
 * with the browser asked as the master and "network" as the role. */
static JsonNode *
result_of(const Target *t, const char *member, GArray *entries, char **addresses)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "links");
    json_builder_begin_array(b);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "interface");
    json_builder_add_string_value(b, t->ifc.name);
    char ours[16];
    json_builder_set_member_name(b, "address"); /* the address we asked from, as daemon mode */
    json_builder_add_string_value(b, ms_ipv4_to_string(t->ifc.ip, ours, sizeof ours));
    json_builder_set_member_name(b, "workgroup");
    json_builder_add_string_value(b, t->wg);
    json_builder_set_member_name(b, "role");
    json_builder_add_string_value(b, "network");
    json_builder_set_member_name(b, "master");
    json_builder_add_string_value(b, t->master[0] ? t->master : t->address);
    json_builder_set_member_name(b, "master_address");
    json_builder_add_string_value(b, t->address);
    json_builder_set_member_name(b, member);
    json_builder_begin_array(b);
    for (guint i = 0; i < entries->len; i++)
        add_entry(b, &g_array_index(entries, BrwListEntry, i), addresses ? addresses[i] : NULL);
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_array(b);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static void
print_json(JsonNode *result)
{
    /* The daemon's reply envelope (bd-control-proto.c), so scripts read both alike. */
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "v");
    json_builder_add_int_value(b, 1);
    json_builder_set_member_name(b, "id");
    json_builder_add_null_value(b);
    json_builder_set_member_name(b, "ok");
    json_builder_add_boolean_value(b, TRUE);
    json_builder_set_member_name(b, "result");
    json_builder_add_value(b, json_node_copy(result));
    json_builder_end_object(b);
    g_autoptr(JsonNode) root = json_builder_get_root(b);
    g_autofree char *text = json_to_string(root, FALSE);
    printf("%s\n", text);
}

/* masters: each workgroup, its master's name (the list comment) and address (a <1D>
 * query of its own). */
static char *
render_masters(const Target *t, GArray *entries, char **addresses)
{
    static const char *const headers[] = {"WORKGROUP", "MASTER", "ADDRESS"};
    g_autoptr(BrowsectlTable) tab = browsectl_table_new(3, headers, 2);
    for (guint i = 0; i < entries->len; i++) {
        const BrwListEntry *e = &g_array_index(entries, BrwListEntry, i);
        const char *cells[] = {e->name, e->comment[0] ? e->comment : "-",
                               addresses[i] ? addresses[i] : "-"};
        browsectl_table_add(tab, cells);
    }
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "%s %s: %u workgroup%s (from %s)\n", t->ifc.name, t->wg,
                           entries->len, entries->len == 1 ? "" : "s",
                           t->master[0] ? t->master : t->address);
    browsectl_table_render(tab, out);
    return g_string_free(out, FALSE);
}

int
browsectl_network_run(const BrowsectlNetworkOptions *o)
{
    Target t = {0};
    if (!pick_interface(o, &t.ifc)) {
        const char *spec = o->bind ? o->bind : o->interface;
        fail("no such interface: %s", spec ? spec : "(none but loopback is up)");
        return EXIT_NO_SUCH;
    }
    g_autofree char *wg = g_ascii_strup(o->workgroup ? o->workgroup : "WORKGROUP", -1);
    MsName check;
    if (ms_name_init(&check, wg, 0x1D, NULL) != MS_OK) {
        fail("'%s' is not a workgroup name", wg);
        return 2;
    }
    g_strlcpy(t.wg, wg, sizeof t.wg);
    /* A calling name of our own, unlikely to clash with a registered one. */
    g_snprintf(t.me, sizeof t.me, "BRCTL%u", (guint)getpid() % 1000000);
    int status = find_target(o, &t);
    if (status != EXIT_OK)
        return status;
    g_autoptr(GError) error = NULL;
    g_autoptr(BrowsectlNetSession) s = browsectl_net_session_open(
        &t.ifc, t.master_ip, t.master[0] ? t.master : NULL, t.me, t.wg, o->timeout_s, &error);
    if (s == NULL) {
        fail("SMB1 session with the browser %s failed: %s", t.master[0] ? t.master : t.address,
             error->message);
        return BROWSECTL_EXIT_SMB_FAILED;
    }
    gboolean servers = strcmp(o->command, "servers") == 0;
    guint32 type = servers ? (o->type_mask ? o->type_mask : BRW_SV_TYPE_ALL)
                           : BRW_SV_TYPE_DOMAIN_ENUM;
    g_autoptr(GArray) entries = g_array_new(FALSE, FALSE, sizeof(BrwListEntry));
    status = browsectl_net_enumerate(s, type, entries, &error);
    if (status != EXIT_OK) {
        fail("NetServerEnum2 for the %s of %s failed: %s", servers ? "servers" : "workgroups",
             t.wg, error->message);
        return status;
    }
    g_auto(GStrv) addresses = NULL;
    if (strcmp(o->command, "masters") == 0) {
        addresses = g_new0(char *, entries->len + 1);
        for (guint i = 0; i < entries->len; i++) {
            const BrwListEntry *e = &g_array_index(entries, BrwListEntry, i);
            guint32 ip;
            char text[16];
            if (browsectl_net_query(&t.ifc, e->name, 0x1D, o->timeout_s, &ip))
                addresses[i] = g_strdup(ms_ipv4_to_string(ip, text, sizeof text));
            else
                addresses[i] = g_strdup(""); /* its master is not on this subnet */
        }
    }
    g_autoptr(JsonNode) result = result_of(&t, servers ? "servers" : "domains", entries, addresses);
    if (o->json) {
        print_json(result);
        return EXIT_OK;
    }
    g_autofree char *text =
        addresses ? render_masters(&t, entries, addresses)
        : servers ? browsectl_render_servers(json_node_get_object(result))
                  : browsectl_render_domains(json_node_get_object(result));
    fputs(text, stdout);
    return EXIT_OK;
}
