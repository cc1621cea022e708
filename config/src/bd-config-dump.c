/* The effective configuration written back in libconfig syntax, every key present, so an
 * operator sees what is in force and the output loads again to an equal config. */
#include <config/bd-config.h>

#include "bd-config-schema.h"

static void
put_string(GString *out, const char *value)
{
    /* Validation lets no control character through, so '"' and '\' are all that need
     * escaping; other bytes (a path may be UTF-8) are written as they are. */
    g_string_append_c(out, '"');
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
    g_string_append_c(out, '"');
}

static void
put_key_string(GString *out, const char *indent, const char *key, const char *value)
{
    g_string_append_printf(out, "%s%s = ", indent, key);
    put_string(out, value);
    g_string_append(out, ";\n");
}

static void
put_key_uint(GString *out, const char *indent, const char *key, guint value)
{
    g_string_append_printf(out, "%s%s = %u;\n", indent, key, value);
}

static const char *
ipv4_text(guint32 ip, char buf[16])
{
    g_snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF, (ip >> 8) & 0xFF, ip & 0xFF);
    return buf;
}

static void
put_key_bool(GString *out, const char *key, gboolean value)
{
    g_string_append_printf(out, "%s = %s;\n", key, value ? "true" : "false");
}

char *
bd_config_dump(const BdConfig *cfg)
{
    g_return_val_if_fail(cfg != NULL, NULL);
    GString *out = g_string_new("# browserd: the effective configuration\n");
    put_key_string(out, "", "workgroup", cfg->workgroup);
    put_key_string(out, "", "netbios_name", cfg->netbios_name);
    put_key_string(out, "", "server_string", cfg->server_string);
    g_string_append(out, "interfaces = [ ");
    for (guint i = 0; i < cfg->n_interfaces; i++) {
        if (i > 0)
            g_string_append(out, ", ");
        put_string(out, cfg->interfaces[i].text);
    }
    g_string_append(out, " ];\n");
    put_key_uint(out, "", "os_level", cfg->os_level);
    put_key_bool(out, "preferred_master", cfg->preferred_master);
    put_key_bool(out, "local_master", cfg->local_master);
    put_key_bool(out, "domain_master", cfg->domain_master);
    put_key_string(out, "", "state_dir", cfg->state_dir);
    put_key_string(out, "", "control_socket", cfg->control_socket);
    g_autofree char *mode = g_strdup_printf("%04o", cfg->control_mode);
    put_key_string(out, "", "control_mode", mode);
    put_key_string(out, "", "control_group", cfg->control_group);
    put_key_string(out, "", "user", cfg->user);
    put_key_uint(out, "", "max_servers", cfg->max_servers);
    put_key_uint(out, "", "max_domains", cfg->max_domains);
    char wins[16] = "";
    put_key_string(out, "", "wins_server",
                   cfg->wins_server != 0 ? ipv4_text(cfg->wins_server, wins) : "");
    g_string_append(out, "ports = {\n");
    put_key_uint(out, "  ", "name_service", cfg->ports.name_service);
    put_key_uint(out, "  ", "datagram", cfg->ports.datagram);
    put_key_uint(out, "  ", "session", cfg->ports.session);
    put_key_uint(out, "  ", "smb", cfg->ports.smb);
    g_string_append(out, "};\nsmb = {\n");
    put_key_uint(out, "  ", "max_connections", cfg->smb.max_connections);
    put_key_uint(out, "  ", "idle_timeout_s", cfg->smb.idle_timeout_s);
    put_key_uint(out, "  ", "comment_max", cfg->smb.comment_max);
    g_string_append(out, "};\ntimers = {\n");
    put_key_uint(out, "  ", "host_announce_max_ms", cfg->timing.host_announce_max_ms);
    put_key_uint(out, "  ", "local_master_max_ms", cfg->timing.local_master_max_ms);
    put_key_uint(out, "  ", "domain_announce_max_ms", cfg->timing.domain_announce_max_ms);
    put_key_uint(out, "  ", "backup_sync_ms", cfg->timing.backup_sync_ms);
    put_key_uint(out, "  ", "announce_reply_max_ms", cfg->timing.announce_reply_max_ms);
    put_key_uint(out, "  ", "find_master_ms", cfg->timing.find_master_ms);
    put_key_uint(out, "  ", "domain_sync_ms", cfg->timing.domain_sync_ms);
    put_key_uint(out, "  ", "lmb_expiry_ms", cfg->timing.lmb_expiry_ms);
    g_string_append(out, "};\ndomain = {\n");
    char ip[16];
    put_key_string(out, "  ", "master_address",
                   cfg->domain.master_address ? ipv4_text(cfg->domain.master_address, ip) : "");
    g_string_append(out, "  sync_peers = [ ");
    for (guint i = 0; i < cfg->domain.n_sync_peers; i++) {
        if (i > 0)
            g_string_append(out, ", ");
        put_string(out, ipv4_text(cfg->domain.sync_peers[i], ip));
    }
    g_string_append(out, " ];\n};\n");
    put_key_string(out, "", "log_level", bd_log_level_to_string(cfg->log_level));
    put_key_string(out, "", "samba_browse_dat", cfg->samba_browse_dat);
    bd_config_dump_security(out, cfg);
    return g_string_free(out, FALSE);
}
