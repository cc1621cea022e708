/* ServerType bits (SV_TYPE_*) carried by announcements and by RAP NetServerEnum2:
 * [MS-RAP] 2.5.5.2.1, [MS-BRWS] 2.2.1; brws.md §5.
 *
 * They are #defines rather than an enum because 0x80000000 does not fit an int. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BRW_SV_TYPE_WORKSTATION 0x00000001u
#define BRW_SV_TYPE_SERVER 0x00000002u
#define BRW_SV_TYPE_SQLSERVER 0x00000004u
#define BRW_SV_TYPE_DOMAIN_CTRL 0x00000008u
#define BRW_SV_TYPE_DOMAIN_BAKCTRL 0x00000010u
#define BRW_SV_TYPE_TIME_SOURCE 0x00000020u
#define BRW_SV_TYPE_AFP 0x00000040u
#define BRW_SV_TYPE_NOVELL 0x00000080u
#define BRW_SV_TYPE_DOMAIN_MEMBER 0x00000100u
#define BRW_SV_TYPE_PRINTQ_SERVER 0x00000200u
#define BRW_SV_TYPE_DIALIN_SERVER 0x00000400u
#define BRW_SV_TYPE_SERVER_UNIX 0x00000800u /* [MS-RAP]: SV_TYPE_XENIX_SERVER */
#define BRW_SV_TYPE_NT 0x00001000u
#define BRW_SV_TYPE_WFW 0x00002000u
#define BRW_SV_TYPE_SERVER_MFPN 0x00004000u
#define BRW_SV_TYPE_SERVER_NT 0x00008000u
#define BRW_SV_TYPE_POTENTIAL_BROWSER 0x00010000u
#define BRW_SV_TYPE_BACKUP_BROWSER 0x00020000u
#define BRW_SV_TYPE_MASTER_BROWSER 0x00040000u
#define BRW_SV_TYPE_DOMAIN_MASTER 0x00080000u
#define BRW_SV_TYPE_SERVER_OSF 0x00100000u
#define BRW_SV_TYPE_SERVER_VMS 0x00200000u
#define BRW_SV_TYPE_WIN95_PLUS 0x00400000u
#define BRW_SV_TYPE_DFS 0x00800000u
#define BRW_SV_TYPE_CLUSTER_NT 0x01000000u
#define BRW_SV_TYPE_TERMINALSERVER 0x02000000u
#define BRW_SV_TYPE_CLUSTER_VS_NT 0x04000000u
#define BRW_SV_TYPE_DCE 0x10000000u
#define BRW_SV_TYPE_ALTERNATE_XPORT 0x20000000u
#define BRW_SV_TYPE_LOCAL_LIST_ONLY 0x40000000u
#define BRW_SV_TYPE_DOMAIN_ENUM 0x80000000u
#define BRW_SV_TYPE_ALL 0xFFFFFFFFu

/* The three browser-role bits a browser clears when it stops browsing ([MS-BRWS] 3.3.7). */
#define BRW_SV_TYPE_BROWSER_ROLES                                                                  \
    (BRW_SV_TYPE_POTENTIAL_BROWSER | BRW_SV_TYPE_BACKUP_BROWSER | BRW_SV_TYPE_MASTER_BROWSER)
/* Request-filter bits that describe a query, not a server; never announced (BRWS-005). */
#define BRW_SV_TYPE_FILTER_BITS                                                                    \
    (BRW_SV_TYPE_ALTERNATE_XPORT | BRW_SV_TYPE_LOCAL_LIST_ONLY | BRW_SV_TYPE_DOMAIN_ENUM)

/* The SV_TYPE_ name (without the prefix, e.g. "MASTER_BROWSER") of one bit, or NULL when
 * `bit` is not exactly one known bit. The string is static. */
const char *brw_server_type_bit_name(guint32 bit);

/* Spells `type` out for people: known bits by name in ascending bit order, joined by '|',
 * unknown bits as one trailing hex number ("WORKSTATION|SERVER|NT|0x08000000"); "NONE" for
 * 0 (a server going away) and "ALL" for 0xFFFFFFFF (the enumeration filter).
 * Returns a newly allocated string; free it with g_free(). */
char *brw_server_type_to_string(guint32 type);

/* The ServerType to store from a received HostAnnouncement or LocalMasterAnnouncement:
 * LOCAL_LIST_ONLY and DOMAIN_ENUM cleared, as Samba does ("impossible bits", BRWS-005).
 * Not for DomainAnnouncement, whose type legitimately carries DOMAIN_ENUM. */
static inline guint32
brw_server_type_sanitize_received(guint32 type)
{
    return type & ~(BRW_SV_TYPE_LOCAL_LIST_ONLY | BRW_SV_TYPE_DOMAIN_ENUM);
}

/* The ServerType to put in our own HostAnnouncement: the request-filter bits 0x20000000,
 * 0x40000000 and 0x80000000 cleared (BRWS-005). */
static inline guint32
brw_server_type_sanitize_announced(guint32 type)
{
    return type & ~BRW_SV_TYPE_FILTER_BITS;
}

G_END_DECLS
