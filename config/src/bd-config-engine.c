/* From the daemon's configuration to one engine's. */
#include <config/bd-config.h>

#include <string.h>

void
bd_config_to_engine_config(const BdConfig *cfg, guint64 seed, BrwEngineConfig *out)
{
    g_return_if_fail(cfg != NULL && out != NULL);
    /* What the config does not say (services, OS version, scope) stays the engine's
     * default. */
    brw_engine_config_init(out);
    g_strlcpy(out->netbios_name, cfg->netbios_name, sizeof out->netbios_name);
    g_strlcpy(out->workgroup, cfg->workgroup, sizeof out->workgroup);
    g_strlcpy(out->comment, cfg->server_string, sizeof out->comment);
    out->os_level = cfg->os_level;
    out->preferred_master = cfg->preferred_master;
    out->local_master = cfg->local_master;
    out->domain_master = cfg->domain_master;
    out->max_servers = cfg->max_servers;
    out->max_domains = cfg->max_domains;
    out->timing = cfg->timing;
    out->domain_master_ip = cfg->domain.master_address;
    memcpy(out->sync_peers, cfg->domain.sync_peers, sizeof out->sync_peers);
    out->n_sync_peers = cfg->domain.n_sync_peers;
    out->policy = cfg->security.policy;
    out->seed = seed;
}
