/* The key table and what each string key accepts. Ranges are stated here once; the
 * example config (config/browserd.conf) explains each of them. */
#include "bd-config-schema.h"

#include <stddef.h>
#include <string.h>

#include "bd-config-values.h"

#define FIELD(f) offsetof(BdConfig, f), sizeof(((BdConfig *)NULL)->f)
#define MINUTES(n) ((gint64)(n)*60 * 1000)

static void
apply_name(BdLoad *ld, const config_setting_t *s, const char *path, char out[BRW_NAME_SIZE])
{
    g_autofree char *problem = NULL;
    if (!bd_value_netbios_name(config_setting_get_string(s), out, &problem))
        bd_load_fail(ld, s, path, "%s", problem);
}

static void
apply_workgroup(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_name(ld, s, path, ld->cfg->workgroup);
}

static void
apply_netbios_name(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_name(ld, s, path, ld->cfg->netbios_name);
}

static void
apply_server_string(BdLoad *ld, const config_setting_t *s, const char *path)
{
    g_autofree char *problem = NULL;
    if (!bd_value_comment(config_setting_get_string(s), ld->cfg->server_string, &problem))
        bd_load_fail(ld, s, path, "%s", problem);
}

static void
apply_path(BdLoad *ld, const config_setting_t *s, const char *path, gsize max, char **out)
{
    const char *value = config_setting_get_string(s);
    g_autofree char *problem = NULL;
    if (!bd_value_path(value, max, &problem)) {
        bd_load_fail(ld, s, path, "%s", problem);
        return;
    }
    g_free(*out);
    *out = g_strdup(value);
}

static void
apply_state_dir(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_path(ld, s, path, BD_STATE_DIR_MAX, &ld->cfg->state_dir);
}

static void
apply_control_socket(BdLoad *ld, const config_setting_t *s, const char *path)
{
    apply_path(ld, s, path, bd_value_socket_path_max(), &ld->cfg->control_socket);
}

static void
apply_user(BdLoad *ld, const config_setting_t *s, const char *path)
{
    const char *value = config_setting_get_string(s);
    g_autofree char *problem = NULL;
    if (!bd_value_user(value, &problem)) {
        bd_load_fail(ld, s, path, "%s", problem);
        return;
    }
    g_free(ld->cfg->user);
    ld->cfg->user = g_strdup(value);
}

static void
apply_control_group(BdLoad *ld, const config_setting_t *s, const char *path)
{
    const char *value = config_setting_get_string(s);
    g_autofree char *problem = NULL;
    if (!bd_value_group(value, &problem)) {
        bd_load_fail(ld, s, path, "%s", problem);
        return;
    }
    g_free(ld->cfg->control_group);
    ld->cfg->control_group = g_strdup(value);
}

static void
apply_log_level(BdLoad *ld, const config_setting_t *s, const char *path)
{
    g_autofree char *problem = NULL;
    if (!bd_value_log_level(config_setting_get_string(s), &ld->cfg->log_level, &problem))
        bd_load_fail(ld, s, path, "%s", problem);
}

/* ---- domain: where the domain master and the sync peers are ---------------------- */

static gboolean
parse_address(BdLoad *ld, const config_setting_t *s, const char *where, guint32 *out)
{
    const char *text = config_setting_get_string(s);
    if (text == NULL) {
        bd_load_fail(ld, s, where, "expected a string, got %s",
                     bd_schema_type_name(config_setting_type(s)));
        return FALSE;
    }
    if (!bd_value_ipv4(text, out) || *out == 0 || *out == 0xFFFFFFFFu) {
        g_autofree char *quoted = bd_report_quote(text);
        bd_load_fail(ld, s, where, "%s is not a host or subnet broadcast IPv4 address", quoted);
        return FALSE;
    }
    return TRUE;
}

static void
apply_domain_master_address(BdLoad *ld, const config_setting_t *s, const char *path)
{
    const char *text = config_setting_get_string(s);
    if (text != NULL && text[0] == '\0') {
        ld->cfg->domain.master_address = 0; /* "": look for <workgroup><1B> */
        return;
    }
    parse_address(ld, s, path, &ld->cfg->domain.master_address);
}

static void
apply_sync_peers(BdLoad *ld, const config_setting_t *s, const char *path)
{
    guint n = (guint)config_setting_length(s);
    if (n > BRW_MAX_SYNC_PEERS) {
        bd_load_fail(ld, s, path, "%u peers; at most %u", n, BRW_MAX_SYNC_PEERS);
        return;
    }
    guint32 peers[BRW_MAX_SYNC_PEERS];
    gboolean ok = TRUE;
    for (guint i = 0; i < n; i++) {
        g_autofree char *where = g_strdup_printf("%s[%u]", path, i);
        const config_setting_t *e = config_setting_get_elem(s, i);
        if (!parse_address(ld, e, where, &peers[i])) {
            ok = FALSE;
            continue;
        }
        for (guint j = 0; j < i; j++)
            if (peers[j] == peers[i]) {
                bd_load_fail(ld, e, where, "%s is listed twice", config_setting_get_string(e));
                ok = FALSE;
            }
    }
    if (!ok)
        return;
    memcpy(ld->cfg->domain.sync_peers, peers, n * sizeof peers[0]);
    ld->cfg->domain.n_sync_peers = n;
}

static const BdKey domain_keys[] = {
    {"master_address", BD_KEY_STRING, 0, 0, 0, 0, apply_domain_master_address, NULL},
    {"sync_peers", BD_KEY_STRINGS, 0, 0, 0, 0, apply_sync_peers, NULL},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

/* "" (the default) writes no browse.dat; anything else is where to write it. */
static void
apply_samba_browse_dat(BdLoad *ld, const config_setting_t *s, const char *path)
{
    if (config_setting_get_string(s)[0] == '\0') {
        g_free(ld->cfg->samba_browse_dat);
        ld->cfg->samba_browse_dat = g_strdup("");
        return;
    }
    apply_path(ld, s, path, BD_STATE_DIR_MAX, &ld->cfg->samba_browse_dat);
}

static void
apply_wins_server(BdLoad *ld, const config_setting_t *s, const char *path)
{
    g_autofree char *problem = NULL;
    if (!bd_value_wins_server(config_setting_get_string(s), &ld->cfg->wins_server, &problem))
        bd_load_fail(ld, s, path, "%s", problem);
}

static gboolean
same_interface(const BdInterface *a, const BdInterface *b)
{
    if (a->is_ipv4 || b->is_ipv4)
        return a->is_ipv4 && b->is_ipv4 && a->ipv4 == b->ipv4;
    return strcmp(a->text, b->text) == 0;
}

static void
clear_interface(gpointer p)
{
    g_free(((BdInterface *)p)->text);
}

static void
apply_interfaces(BdLoad *ld, const config_setting_t *s, const char *path)
{
    guint n = (guint)config_setting_length(s);
    if (n == 0) {
        ld->report->no_interfaces = TRUE;
        bd_load_fail(ld, s, path, "the list is empty: %s", BD_INTERFACES_WHY);
        return;
    }
    g_autoptr(GArray) list = g_array_new(FALSE, TRUE, sizeof(BdInterface));
    g_array_set_clear_func(list, clear_interface);
    gboolean ok = TRUE;
    for (guint i = 0; i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(s, i);
        g_autofree char *where = g_strdup_printf("%s[%u]", path, i);
        if (config_setting_type(e) != CONFIG_TYPE_STRING) {
            bd_load_fail(ld, e, where, "expected a string, got %s",
                         bd_schema_type_name(config_setting_type(e)));
            ok = FALSE;
            continue;
        }
        BdInterface entry = {.text = g_strdup(config_setting_get_string(e))};
        g_autofree char *problem = NULL;
        gboolean good = bd_value_interface(entry.text, &entry, &problem);
        if (!good)
            bd_load_fail(ld, e, where, "%s", problem);
        for (guint j = 0; good && j < list->len; j++) {
            if (same_interface(&g_array_index(list, BdInterface, j), &entry)) {
                g_autofree char *quoted = bd_report_quote(entry.text);
                bd_load_fail(ld, e, where, "%s is listed twice", quoted);
                good = FALSE;
            }
        }
        ok = ok && good;
        g_array_append_val(list, entry); /* the array owns entry.text now */
    }
    if (!ok)
        return;
    ld->cfg->n_interfaces = list->len;
    g_array_set_clear_func(list, NULL);
    ld->cfg->interfaces = (BdInterface *)(void *)g_array_free(g_steal_pointer(&list), FALSE);
}

/* Ports other than 137-139 only make sense in labs and tests (peers never use them). */
static const BdKey ports_keys[] = {
    {"name_service", BD_KEY_INT, 1, 65535, FIELD(ports.name_service), NULL, NULL},
    {"datagram", BD_KEY_INT, 1, 65535, FIELD(ports.datagram), NULL, NULL},
    /* 0 turns the legacy-client listener off on that port. */
    {"session", BD_KEY_INT, 0, 65535, FIELD(ports.session), NULL, NULL},
    {"smb", BD_KEY_INT, 0, 65535, FIELD(ports.smb), NULL, NULL},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

/* Bounds of the SMB responder: every connection is an unauthenticated peer's. */
static const BdKey smb_keys[] = {
    {"max_connections", BD_KEY_INT, 1, 1024, FIELD(smb.max_connections), NULL, NULL},
    {"idle_timeout_s", BD_KEY_INT, 5, 3600, FIELD(smb.idle_timeout_s), NULL, NULL},
    {"comment_max", BD_KEY_INT, 0, 42, FIELD(smb.comment_max), NULL, NULL},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

/* Labs may shorten the spec's timers, never lengthen them: list entries expire after three
 * announced periods and lists clamp lifetimes to an hour, which the spec's values respect.
 * Below a second, a lab would only measure its own scheduler. */
static const BdKey timers_keys[] = {
    {"host_announce_max_ms", BD_KEY_INT, 1000, MINUTES(12), FIELD(timing.host_announce_max_ms),
     NULL, NULL},
    {"local_master_max_ms", BD_KEY_INT, 1000, MINUTES(12), FIELD(timing.local_master_max_ms), NULL,
     NULL},
    {"domain_announce_max_ms", BD_KEY_INT, 1000, MINUTES(15), FIELD(timing.domain_announce_max_ms),
     NULL, NULL},
    {"backup_sync_ms", BD_KEY_INT, 1000, MINUTES(12), FIELD(timing.backup_sync_ms), NULL, NULL},
    {"announce_reply_max_ms", BD_KEY_INT, 0, 30000, FIELD(timing.announce_reply_max_ms), NULL,
     NULL},
    {"find_master_ms", BD_KEY_INT, 100, 1500, FIELD(timing.find_master_ms), NULL, NULL},
    {"domain_sync_ms", BD_KEY_INT, 1000, MINUTES(12), FIELD(timing.domain_sync_ms), NULL, NULL},
    {"lmb_expiry_ms", BD_KEY_INT, 1000, MINUTES(36), FIELD(timing.lmb_expiry_ms), NULL, NULL},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

const BdKey bd_schema_root[] = {
    {"workgroup", BD_KEY_STRING, 0, 0, 0, 0, apply_workgroup, NULL},
    {"netbios_name", BD_KEY_STRING, 0, 0, 0, 0, apply_netbios_name, NULL},
    {"server_string", BD_KEY_STRING, 0, 0, 0, 0, apply_server_string, NULL},
    {"interfaces", BD_KEY_STRINGS, 0, 0, 0, 0, apply_interfaces, NULL},
    {"os_level", BD_KEY_INT, 0, 255, FIELD(os_level), NULL, NULL},
    {"preferred_master", BD_KEY_BOOL, 0, 0, FIELD(preferred_master), NULL, NULL},
    {"local_master", BD_KEY_BOOL, 0, 0, FIELD(local_master), NULL, NULL},
    {"domain_master", BD_KEY_BOOL, 0, 0, FIELD(domain_master), NULL, NULL},
    {"state_dir", BD_KEY_STRING, 0, 0, 0, 0, apply_state_dir, NULL},
    {"control_socket", BD_KEY_STRING, 0, 0, 0, 0, apply_control_socket, NULL},
    /* Permission bits only: set-id and sticky bits mean nothing on a socket. */
    {"control_mode", BD_KEY_MODE, 0, 0777, FIELD(control_mode), NULL, NULL},
    {"control_group", BD_KEY_STRING, 0, 0, 0, 0, apply_control_group, NULL},
    {"user", BD_KEY_STRING, 0, 0, 0, 0, apply_user, NULL},
    /* A cap of 0 (none) is not offered: announcements are unauthenticated, so without a
     * cap a flood of forged ones would grow memory without end. */
    {"max_servers", BD_KEY_INT, 1, 1000000, FIELD(max_servers), NULL, NULL},
    {"max_domains", BD_KEY_INT, 1, 100000, FIELD(max_domains), NULL, NULL},
    {"wins_server", BD_KEY_STRING, 0, 0, 0, 0, apply_wins_server, NULL},
    {"ports", BD_KEY_GROUP, 0, 0, 0, 0, NULL, ports_keys},
    {"smb", BD_KEY_GROUP, 0, 0, 0, 0, NULL, smb_keys},
    {"timers", BD_KEY_GROUP, 0, 0, 0, 0, NULL, timers_keys},
    {"domain", BD_KEY_GROUP, 0, 0, 0, 0, NULL, domain_keys},
    {"log_level", BD_KEY_STRING, 0, 0, 0, 0, apply_log_level, NULL},
    {"samba_browse_dat", BD_KEY_STRING, 0, 0, 0, 0, apply_samba_browse_dat, NULL},
    {"security", BD_KEY_GROUP, 0, 0, 0, 0, NULL, bd_schema_security_keys},
    {NULL, 0, 0, 0, 0, 0, NULL, NULL},
};

void
bd_schema_defaults(BdConfig *cfg)
{
    /* The engine's defaults are the spec's: one source for them. */
    BrwEngineConfig engine;
    brw_engine_config_init(&engine);
    memset(cfg, 0, sizeof *cfg);
    cfg->os_level = engine.os_level;
    cfg->preferred_master = engine.preferred_master;
    cfg->local_master = engine.local_master;
    cfg->domain_master = engine.domain_master;
    cfg->timing = engine.timing;
    cfg->state_dir = g_strdup("/var/lib/browserd");
    cfg->control_socket = g_strdup("/run/browserd/control");
    cfg->control_mode = 0660;
    cfg->control_group = g_strdup("");
    cfg->user = g_strdup("browserd");
    cfg->max_servers = 10000;
    cfg->max_domains = 1000;
    cfg->ports.name_service = 137;
    cfg->ports.datagram = 138;
    cfg->ports.session = 139;
    cfg->ports.smb = 445;
    cfg->smb.max_connections = 32;
    cfg->smb.idle_timeout_s = 120;
    cfg->smb.comment_max = 0;
    cfg->log_level = BD_LOG_LEVEL_MESSAGE;
    cfg->samba_browse_dat = g_strdup("");
    bd_schema_security_defaults(cfg);
}

static void
collect_paths(GPtrArray *out, const BdKey *keys, const char *prefix)
{
    for (const BdKey *k = keys; k->name != NULL; k++) {
        char *path = prefix ? g_strdup_printf("%s.%s", prefix, k->name) : g_strdup(k->name);
        g_ptr_array_add(out, path);
        if (k->type == BD_KEY_GROUP)
            collect_paths(out, k->children, path);
    }
}

char **
bd_config_key_paths(void)
{
    GPtrArray *out = g_ptr_array_new();
    collect_paths(out, bd_schema_root, NULL);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}
