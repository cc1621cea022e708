/* Copies another browser's lists over one SMB1 session, without ever blocking the main loop:
 * a non-blocking TCP socket, the sans-IO SMB1 client (ms-smb-client.h) and the RAP pager
 * (brw-rap.h), and one deadline for the whole exchange. A backup copies its master's lists
 * this way ([MS-BRWS] 3.3.6, BRWS-070/074); so will a domain master its local masters'.
 *
 * A slow or dead peer costs a socket and a timer until the deadline, nothing else: the
 * engine keeps running (its SYNC effect is answered when the fetch ends). */
#pragma once

#include <browse-proto/brw-list.h>
#include <glib.h>

typedef struct {
    guint32 local_ip;      /* the address to connect from (the link's), host byte order */
    guint32 peer_ip;
    guint16 peer_port;     /* 139: NetBIOS session service */
    const char *peer_name; /* the called name (<20>); NULL: *SMBSERVER */
    const char *our_name;  /* the calling name */
    const char *workgroup;
    guint timeout_ms;      /* for the whole exchange */
    guint32 server_type;   /* the servers query's ServerType (BRW_SV_TYPE_ALL for a backup) */
    guint32 domain_type;   /* the groups query's: DOMAIN_ENUM (0 means that too), with
                            * LOCAL_LIST_ONLY for a domain master's copy from an LMB */
    guint max_entries;     /* per list */
} BdListFetchRequest;

typedef struct {
    gboolean ok;
    const char *error; /* when !ok: what failed, for a log line */
    const BrwListEntry *servers;
    guint n_servers;
    const BrwListEntry *domains;
    guint n_domains;
    gint64 elapsed_us;
} BdListFetchResult;

/* What an operator sees of the last copy from one peer (browsectl status). */
typedef struct {
    char peer[16];   /* its NetBIOS name */
    guint32 peer_ip; /* 0 until its name resolved */
    gint64 at_us;    /* when the copy ended (monotonic); 0 while none has */
    gboolean ok;
    guint servers;   /* entries received */
    guint domains;
    gint64 elapsed_us;
    char error[160]; /* when !ok */
} BdSyncRecord;

typedef struct BdListFetch BdListFetch;

/* Called once, from the main loop, when the fetch ends; the result (and the fetch) are
 * gone when it returns. */
typedef void (*BdListFetchDone)(const BdListFetchResult *result, gpointer user_data);

/* Starts the fetch in `context` (NULL: the default). The request's strings are copied.
 * Never NULL: a fetch that cannot start ends with a failure from the main loop. */
BdListFetch *bd_list_fetch_start(const BdListFetchRequest *req, GMainContext *context,
                                 BdListFetchDone done, gpointer user_data);

/* Abandons a running fetch: `done` is not called. NULL is fine. */
void bd_list_fetch_cancel(BdListFetch *f);
