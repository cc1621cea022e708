/* browsectl --network: asks the LAN itself, without a daemon. Finds the master browser of
 * a workgroup by a broadcast name query for <WG><1D>, then fetches its list over SMB1
 * (NetServerEnum2 on \PIPE\LANMAN, ms-smb-client.h) and renders it as daemon mode does. */
#pragma once

#include <glib.h>

/* Exit statuses of the network steps (the others are browsectl.c's). */
enum {
    BROWSECTL_EXIT_NO_MASTER = 5,   /* no answer to the <WG><1D> name query */
    BROWSECTL_EXIT_SMB_FAILED = 6,  /* the master could not be reached or refused the session */
    BROWSECTL_EXIT_RAP_FAILED = 7,  /* the master answered the enumeration with an error */
};

typedef struct {
    const char *command;   /* "servers", "domains" or "masters" */
    const char *bind;      /* a source address; overrides interface */   /* "servers", "domains" or "masters" */
    const char *interface; /* name or address; NULL: the first non-loopback interface */
    const char *workgroup; /* NULL: WORKGROUP */
    guint timeout_s;       /* per step */
    gboolean json;
    guint32 type_mask;     /* servers: only these types */
} BrowsectlNetworkOptions;

/* Runs the command; prints the result or one line on stderr naming the failed step.
 * Returns the exit status. */
int browsectl_network_run(const BrowsectlNetworkOptions *o);

/* ---- the steps, for browsectl-network*.c ---- */

#include <libmailslot/ms-udp.h>
#include <browse-proto/brw-frame.h>
#include <browse-proto/brw-list.h>

/* Broadcasts a name query for <name><suffix> on the interface and waits up to timeout_s
 * for the first positive answer: its first address. */
gboolean browsectl_net_query(const MsInterface *ifc, const char *name, guint8 suffix,
                             guint timeout_s, guint32 *ip);
/* Broadcasts a GetBackupListRequest to <wg><1D> from an ephemeral UDP port as our
 * <our_name><00>, and reads the GetBackupListResponse the master sends back to that port.
 * Fills names (room for BRW_BACKUP_LIST_MAX) and *n. FALSE when none came in time. */
gboolean browsectl_net_backup_list(const MsInterface *ifc, const char *wg, const char *our_name,
                                   guint timeout_s, char (*names)[BRW_NAME_SIZE], guint *n);

typedef struct BrowsectlNetSession BrowsectlNetSession;
/* Connects to ip:139 from the interface's address and sets up the SMB1 session to IPC$
 * (called name `server`, NULL: *SMBSERVER). NULL with *error naming the step. */
BrowsectlNetSession *browsectl_net_session_open(const MsInterface *ifc, guint32 ip,
                                                const char *server, const char *our_name,
                                                const char *wg, guint timeout_s, GError **error);
void browsectl_net_session_free(BrowsectlNetSession *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BrowsectlNetSession, browsectl_net_session_free)
/* NetServerEnum2 level 1 for `type`, then NetServerEnum3 from the last name while the
 * master says ERROR_MORE_DATA (brw_rap_pager). Appends BrwListEntry values to `entries`.
 * Returns EXIT_OK (0), BROWSECTL_EXIT_SMB_FAILED or BROWSECTL_EXIT_RAP_FAILED with *error
 * set. */
int browsectl_net_enumerate(BrowsectlNetSession *s, guint32 type, GArray *entries,
                            GError **error);
