/* ServerType bits spelled out ([MS-RAP] 2.5.5.2.1, brws.md §5). One table serves both the
 * single-bit lookup and the full spelling. */
#include <browse-proto/brw-server-type.h>

typedef struct {
    guint32 bit;
    const char *name;
} BitName;

/* Ascending bit order; 0x08000000 is unused. Names follow SV_TYPE_*, with Samba's SERVER_UNIX
 * for [MS-RAP]'s XENIX_SERVER and WIN95_PLUS for the Windows 9x bit. */
static const BitName server_type_bits[] = {
    {BRW_SV_TYPE_WORKSTATION, "WORKSTATION"},
    {BRW_SV_TYPE_SERVER, "SERVER"},
    {BRW_SV_TYPE_SQLSERVER, "SQLSERVER"},
    {BRW_SV_TYPE_DOMAIN_CTRL, "DOMAIN_CTRL"},
    {BRW_SV_TYPE_DOMAIN_BAKCTRL, "DOMAIN_BAKCTRL"},
    {BRW_SV_TYPE_TIME_SOURCE, "TIME_SOURCE"},
    {BRW_SV_TYPE_AFP, "AFP"},
    {BRW_SV_TYPE_NOVELL, "NOVELL"},
    {BRW_SV_TYPE_DOMAIN_MEMBER, "DOMAIN_MEMBER"},
    {BRW_SV_TYPE_PRINTQ_SERVER, "PRINTQ_SERVER"},
    {BRW_SV_TYPE_DIALIN_SERVER, "DIALIN_SERVER"},
    {BRW_SV_TYPE_SERVER_UNIX, "SERVER_UNIX"},
    {BRW_SV_TYPE_NT, "NT"},
    {BRW_SV_TYPE_WFW, "WFW"},
    {BRW_SV_TYPE_SERVER_MFPN, "SERVER_MFPN"},
    {BRW_SV_TYPE_SERVER_NT, "SERVER_NT"},
    {BRW_SV_TYPE_POTENTIAL_BROWSER, "POTENTIAL_BROWSER"},
    {BRW_SV_TYPE_BACKUP_BROWSER, "BACKUP_BROWSER"},
    {BRW_SV_TYPE_MASTER_BROWSER, "MASTER_BROWSER"},
    {BRW_SV_TYPE_DOMAIN_MASTER, "DOMAIN_MASTER"},
    {BRW_SV_TYPE_SERVER_OSF, "SERVER_OSF"},
    {BRW_SV_TYPE_SERVER_VMS, "SERVER_VMS"},
    {BRW_SV_TYPE_WIN95_PLUS, "WIN95_PLUS"},
    {BRW_SV_TYPE_DFS, "DFS"},
    {BRW_SV_TYPE_CLUSTER_NT, "CLUSTER_NT"},
    {BRW_SV_TYPE_TERMINALSERVER, "TERMINALSERVER"},
    {BRW_SV_TYPE_CLUSTER_VS_NT, "CLUSTER_VS_NT"},
    {BRW_SV_TYPE_DCE, "DCE"},
    {BRW_SV_TYPE_ALTERNATE_XPORT, "ALTERNATE_XPORT"},
    {BRW_SV_TYPE_LOCAL_LIST_ONLY, "LOCAL_LIST_ONLY"},
    {BRW_SV_TYPE_DOMAIN_ENUM, "DOMAIN_ENUM"},
};

const char *
brw_server_type_bit_name(guint32 bit)
{
    for (gsize i = 0; i < G_N_ELEMENTS(server_type_bits); i++)
        if (server_type_bits[i].bit == bit)
            return server_type_bits[i].name;
    return NULL;
}

char *
brw_server_type_to_string(guint32 type)
{
    /* 0 is how a server says it is going away ([MS-BRWS] 3.2.7); all ones is the
     * "every server" filter of NetServerEnum2, not a set of 31 roles. */
    if (type == 0)
        return g_strdup("NONE");
    if (type == BRW_SV_TYPE_ALL)
        return g_strdup("ALL");
    GString *s = g_string_new(NULL);
    guint32 unknown = type;
    for (gsize i = 0; i < G_N_ELEMENTS(server_type_bits); i++) {
        if (!(type & server_type_bits[i].bit))
            continue;
        if (s->len)
            g_string_append_c(s, '|');
        g_string_append(s, server_type_bits[i].name);
        unknown &= ~server_type_bits[i].bit;
    }
    if (unknown)
        g_string_append_printf(s, "%s0x%08x", s->len ? "|" : "", unknown);
    return g_string_free(s, FALSE);
}
