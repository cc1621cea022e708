/* BdConfig's life cycle, comparison, and the names of its enums. */
#include <config/bd-config.h>

#include <string.h>

#include "bd-config-schema.h"

G_DEFINE_QUARK(bd - config - error - quark, bd_config_error)

const char *
bd_log_level_to_string(BdLogLevel level)
{
    switch (level) {
    case BD_LOG_LEVEL_ERROR:
        return "error";
    case BD_LOG_LEVEL_WARNING:
        return "warning";
    case BD_LOG_LEVEL_MESSAGE:
        return "message";
    case BD_LOG_LEVEL_INFO:
        return "info";
    case BD_LOG_LEVEL_DEBUG:
        return "debug";
    }
    return "unknown";
}

void
bd_config_free(BdConfig *cfg)
{
    if (cfg == NULL)
        return;
    for (guint i = 0; i < cfg->n_interfaces; i++)
        g_free(cfg->interfaces[i].text);
    g_free(cfg->interfaces);
    g_free(cfg->state_dir);
    g_free(cfg->control_socket);
    g_free(cfg->control_group);
    g_free(cfg->user);
    g_free(cfg->samba_browse_dat);
    g_free(cfg);
}

static gboolean
interfaces_equal(const BdConfig *a, const BdConfig *b)
{
    if (a->n_interfaces != b->n_interfaces)
        return FALSE;
    for (guint i = 0; i < a->n_interfaces; i++) {
        const BdInterface *x = &a->interfaces[i], *y = &b->interfaces[i];
        if (strcmp(x->text, y->text) != 0 || x->is_ipv4 != y->is_ipv4 || x->ipv4 != y->ipv4)
            return FALSE;
    }
    return TRUE;
}

static gboolean
timing_equal(const BrwTiming *a, const BrwTiming *b)
{
    return a->host_announce_max_ms == b->host_announce_max_ms &&
           a->local_master_max_ms == b->local_master_max_ms &&
           a->domain_announce_max_ms == b->domain_announce_max_ms &&
           a->backup_sync_ms == b->backup_sync_ms &&
           a->announce_reply_max_ms == b->announce_reply_max_ms &&
           a->find_master_ms == b->find_master_ms && a->domain_sync_ms == b->domain_sync_ms &&
           a->lmb_expiry_ms == b->lmb_expiry_ms;
}

gboolean
bd_config_equal(const BdConfig *a, const BdConfig *b)
{
    g_return_val_if_fail(a != NULL && b != NULL, FALSE);
    /* Field by field, never memcmp: padding and pointers differ between equal configs. */
    return strcmp(a->workgroup, b->workgroup) == 0 &&
           strcmp(a->netbios_name, b->netbios_name) == 0 &&
           strcmp(a->server_string, b->server_string) == 0 && interfaces_equal(a, b) &&
           a->os_level == b->os_level && a->preferred_master == b->preferred_master &&
           a->local_master == b->local_master && a->domain_master == b->domain_master &&
           strcmp(a->state_dir, b->state_dir) == 0 &&
           strcmp(a->control_socket, b->control_socket) == 0 &&
           a->control_mode == b->control_mode &&
           strcmp(a->control_group, b->control_group) == 0 && strcmp(a->user, b->user) == 0 &&
           a->max_servers == b->max_servers && a->max_domains == b->max_domains &&
           a->wins_server == b->wins_server &&
           a->ports.name_service == b->ports.name_service &&
           a->ports.datagram == b->ports.datagram && a->ports.session == b->ports.session &&
           a->ports.smb == b->ports.smb && a->smb.max_connections == b->smb.max_connections &&
           a->smb.idle_timeout_s == b->smb.idle_timeout_s &&
           a->smb.comment_max == b->smb.comment_max &&
           a->domain.master_address == b->domain.master_address &&
           a->domain.n_sync_peers == b->domain.n_sync_peers &&
           memcmp(a->domain.sync_peers, b->domain.sync_peers,
                  a->domain.n_sync_peers * sizeof a->domain.sync_peers[0]) == 0 &&
           timing_equal(&a->timing, &b->timing) && a->log_level == b->log_level &&
           strcmp(a->samba_browse_dat, b->samba_browse_dat) == 0 &&
           bd_config_security_equal(a, b);
}
