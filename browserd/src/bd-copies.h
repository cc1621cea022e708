/* The list copies one link runs for its engine, and what an operator sees of them: a
 * backup's copy of its master's lists (the engine's SYNC effect) and, across subnets, the
 * copies to and from a domain master and sync peers (DOMAIN_SYNC) ([MS-BRWS] 3.3.6, 3.4).
 * Each is a bd-list-fetch; this keeps at most one running per peer, a record of the last
 * one from each peer for `browsectl status`, and hands every outcome to the link. */
#pragma once

#include "bd-list-fetch.h"

/* At most this many peers are remembered; the oldest finished record makes room. */
#define BD_COPIES_MAX 32

typedef struct {
    guint32 local_ip;      /* the link's address, host byte order */
    guint16 peer_port;     /* the peers' NetBIOS session port, 139 */
    const char *our_name;  /* borrowed; must outlive the copies */
    const char *workgroup; /* borrowed */
    guint timeout_ms;      /* per copy */
    guint max_entries;     /* per list */
} BdCopiesConfig;

/* `domain` says which kind of copy ended (FALSE: the backup's, from its master). */
typedef void (*BdCopyDone)(gboolean domain, guint32 ip, const BdListFetchResult *result,
                           gpointer user_data);

typedef struct BdCopies BdCopies;

BdCopies *bd_copies_new(const BdCopiesConfig *cfg, GMainContext *context, BdCopyDone done,
                        gpointer user_data);
/* Cancels what is running (no callbacks). */
void bd_copies_free(BdCopies *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BdCopies, bd_copies_free)

/* Starts copying from `ip` (called name `peer`, NULL or "": *SMBSERVER), replacing a copy
 * of the same kind from the same peer that is still running (and, for the backup's, any
 * other: it has one master). */
void bd_copies_start(BdCopies *c, gboolean domain, guint32 ip, const char *peer,
                     guint32 server_type, guint32 domain_type);
/* Records a backup copy that could not start (`peer` by name: its address is unknown). */
void bd_copies_record_backup_failure(BdCopies *c, const char *peer, const char *why);
/* Drops a running backup copy, e.g. while the master's address is looked up again. */
void bd_copies_cancel_backup(BdCopies *c);

/* The last copy from each peer, oldest first: *n records, valid until the next call. */
const BdSyncRecord *bd_copies_records(const BdCopies *c, guint *n);
