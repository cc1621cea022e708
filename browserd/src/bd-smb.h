/* The legacy-client listener: NetBIOS sessions on TCP 139 and direct SMB on TCP 445,
 * answering NetServerEnum2 and friends from the browse lists and nothing else
 * (docs/ARCHITECTURE.md, "The SMB responder"). The protocol is libmailslot's MsSmbConn
 * (sans-IO) and browse-proto's RAP; this file only moves bytes and enforces the limits. */
#pragma once

#include <gio/gio.h>

#include "bd-link.h"

typedef struct {
    guint16 nbss_port;     /* TCP 139, NetBIOS session service; 0: off */
    guint16 direct_port;   /* TCP 445, direct SMB; 0: off */
    guint max_connections; /* at once, over both ports; more are closed at once */
    guint idle_timeout_s;  /* a connection silent this long is closed */
    guint comment_max;     /* comments cut to this in RAP replies (0: whole) */
    BrwSubnet allow[BRW_POLICY_LIST_MAX]; /* security.smb_from: clients served; */
    guint n_allow;                        /* none: any client of a served subnet */
} BdSmbConfig;

typedef struct {
    guint64 accepted;
    guint64 refused_full;      /* over max_connections */
    guint64 refused_network;   /* arrived on an address no link serves */
    guint64 refused_source;    /* from a client outside security.smb_from */
    guint64 closed_idle;
    guint64 closed_protocol;   /* the session or SMB layer said close */
    guint64 closed_peer;       /* the client went away, or an I/O error */
} BdSmbCounters;

typedef struct BdSmb BdSmb;

/* Binds the enabled ports on the wildcard address (before privileges are dropped). A
 * connection is served by the link whose address it arrived on; `links` (BdLink*) is
 * borrowed and may be replaced with bd_smb_set_links() on reload. */
BdSmb *bd_smb_new(const BdSmbConfig *cfg, const char *netbios_name, const char *workgroup,
                  GError **error);
void bd_smb_free(BdSmb *smb);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdSmb, bd_smb_free)

void bd_smb_set_links(BdSmb *smb, GPtrArray *links);
/* Starts accepting in `context` (NULL: the default). */
void bd_smb_start(BdSmb *smb, GMainContext *context);
guint bd_smb_connection_count(const BdSmb *smb);
const BdSmbCounters *bd_smb_counters(const BdSmb *smb);
