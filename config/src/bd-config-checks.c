/* The checks a key-by-key walk cannot make: required keys, the default netbios_name, and
 * rules between keys. Problems of the file as a whole are reported at line 1. */
#include "bd-config-schema.h"

#include <string.h>

#include "bd-config-values.h"

static gboolean
failed(const BdLoad *ld, const char *path)
{
    return g_hash_table_contains(ld->failed, path);
}

/* The line of the first of `paths` that the file sets; 1 when it sets none of them. */
static guint
line_of(config_setting_t *root, const char *first, const char *second)
{
    const config_setting_t *s = config_setting_lookup(root, first);
    if (s == NULL && second != NULL)
        s = config_setting_lookup(root, second);
    return s != NULL ? config_setting_source_line(s) : 1;
}

static void
check_required(BdLoad *ld, config_setting_t *root)
{
    if (config_setting_get_member(root, "workgroup") == NULL)
        bd_report_add(ld->report, 1,
                      "workgroup is not set: name the workgroup (machine group) to browse, "
                      "e.g. workgroup = \"WORKGROUP\";");
    if (config_setting_get_member(root, "interfaces") == NULL) {
        ld->report->no_interfaces = TRUE;
        bd_report_add(ld->report, 1, "interfaces is not set: %s", BD_INTERFACES_WHY);
    }
}

static void
check_netbios_name(BdLoad *ld, config_setting_t *root, const char *hostname)
{
    if (config_setting_get_member(root, "netbios_name") == NULL) {
        g_autofree char *problem = NULL;
        if (!bd_value_netbios_from_hostname(hostname, ld->cfg->netbios_name, &problem)) {
            bd_report_add(ld->report, 1, "netbios_name %s", problem);
            g_hash_table_add(ld->failed, g_strdup("netbios_name"));
        }
    }
    const BdConfig *cfg = ld->cfg;
    if (cfg->workgroup[0] == '\0' || cfg->netbios_name[0] == '\0' ||
        strcmp(cfg->workgroup, cfg->netbios_name) != 0)
        return;
    /* RFC 1001 §5.2: a name is unique or group, never both; <NAME><00> would be both our
     * workstation name and the workgroup's name, and one registration would fail. */
    bd_report_add(ld->report, line_of(root, "netbios_name", "workgroup"),
                  "netbios_name: '%s' is also the workgroup: <%s><00> cannot be both our "
                  "unique name and the group's; choose another netbios_name",
                  cfg->netbios_name, cfg->netbios_name);
}

static void
check_ports(BdLoad *ld, config_setting_t *root)
{
    const BdPorts *p = &ld->cfg->ports;
    /* UDP and TCP ports never collide with each other; only same-protocol pairs can. */
    if (p->name_service == p->datagram && !failed(ld, "ports.name_service") &&
        !failed(ld, "ports.datagram"))
        bd_report_add(ld->report, line_of(root, "ports.datagram", "ports.name_service"),
                      "ports.datagram: %u is also ports.name_service; both are UDP ports and "
                      "must differ",
                      p->datagram);
    if (p->session != 0 && p->session == p->smb && !failed(ld, "ports.session") &&
        !failed(ld, "ports.smb"))
        bd_report_add(ld->report, line_of(root, "ports.smb", "ports.session"),
                      "ports.smb: %u is also ports.session; both are TCP ports and must differ "
                      "(0 turns one off)",
                      p->smb);
}

static void
check_wins_server(BdLoad *ld, config_setting_t *root)
{
    const BdConfig *cfg = ld->cfg;
    for (guint i = 0; cfg->wins_server != 0 && i < cfg->n_interfaces; i++) {
        if (!cfg->interfaces[i].is_ipv4 || cfg->interfaces[i].ipv4 != cfg->wins_server)
            continue;
        /* Our own packets are dropped as our broadcasts coming back, so the server's
         * answers would be too: a WINS server on this host needs its own address. */
        bd_report_add(ld->report, line_of(root, "wins_server", NULL),
                      "wins_server: '%s' is one of our interfaces; browserd is no WINS "
                      "server: name another host's address, or \"\" for none",
                      cfg->interfaces[i].text);
        return;
    }
}

void
bd_schema_check(BdLoad *ld, config_setting_t *root, const char *hostname)
{
    check_required(ld, root);
    check_netbios_name(ld, root, hostname);
    check_ports(ld, root);
    check_wins_server(ld, root);
}
