/* Shared by the files of the SMB server machine (ms-smb-server*.c); not installed. */
#pragma once

#include <libmailslot/ms-smb-server.h>

/* The largest message we build: offsets are 16-bit, so no reply is longer. */
#define SERVER_OUT_MAX (G_MAXUINT16 + 1)
/* Samba's floor for a client's MaxBufferSize (SMB_BUFFER_SIZE_MIN): smaller values are
 * raised to it, so a split transaction reply always makes progress. */
#define CLIENT_MIN_BUFFER 500
/* Links in one AndX chain: more than any client sends. */
#define MAX_CHAIN 4

typedef struct {
    gboolean used;
    guint16 uid;
} Session;

typedef struct {
    gboolean used;
    guint16 tid;
    guint16 uid;
} Tree;

/* A TRANSACTION whose request arrives in several messages ([MS-CIFS] §3.3.5.2.5). One at
 * a time per connection. */
typedef struct {
    gboolean active;
    MsSmbHeader header; /* of the primary request: the final reply echoes it */
    guint16 flags;
    guint16 max_param_count;
    guint16 max_data_count;
    MsSmbTransAssembly assembly;
} PendingTrans;

struct MsSmbServer {
    MsSmbServerConfig cfg; /* strings point at the copies below */
    char *server_name, *workgroup, *native_os, *native_lanman;
    MsSmbSendFunc send;
    MsSmbLanmanFunc lanman;
    gpointer user_data;
    gboolean negotiated;
    MsSmbDialect dialect;
    gsize client_max_buffer; /* from the latest SESSION_SETUP */
    Session *sessions;       /* cfg.max_sessions */
    Tree *trees;             /* cfg.max_trees */
    guint16 next_uid;
    guint16 next_tid;
    PendingTrans pending;
    guint8 *out;             /* SERVER_OUT_MAX bytes: the message being built */
    MsSmbCloseReason close_reason;
    MsSmbServerCounters counters;
};

/* One received message being answered. The links of an AndX chain share it: a
 * SESSION_SETUP sets `uid` for the TREE_CONNECT after it, which sets `tid`. */
typedef struct {
    MsSmbServer *s;
    const guint8 *smb;
    gsize len;
    MsSmbHeader hdr;     /* of the request */
    gboolean nt_status;  /* errors as NTSTATUS (else DOS class/code) */
    gboolean unicode;    /* strings as UTF-16 */
    guint16 uid;
    guint16 tid;
    gint64 real_us;
    MsWriter w;          /* the reply, header first */
    gboolean sent;       /* a handler sent its own messages (or decided on none) */
    MsSmbCloseReason close; /* a handler decided the connection ends */
} Request;

/* Each handler either appends its reply block to q->w and returns MS_SMB_SUCCESS, sets
 * q->sent, or returns the error to answer with (having written nothing). */
typedef MsSmbError (*Handler)(Request *q, const MsSmbBlock *b);

MsSmbError server_negotiate(Request *q, const MsSmbBlock *b);
MsSmbError server_session_setup(Request *q, const MsSmbBlock *b);
MsSmbError server_logoff(Request *q, const MsSmbBlock *b);
MsSmbError server_tree_connect(Request *q, const MsSmbBlock *b);
MsSmbError server_tree_disconnect(Request *q, const MsSmbBlock *b);
MsSmbError server_transaction(Request *q, const MsSmbBlock *b);
MsSmbError server_transaction_secondary(Request *q, const MsSmbBlock *b);

/* Session and tree tables. */
Session *server_session_find(MsSmbServer *s, guint16 uid);
Tree *server_tree_find(MsSmbServer *s, guint16 uid, guint16 tid);
/* The checks every command on a tree makes first (RAP-021). */
MsSmbError server_require_tree(Request *q);
void server_tree_free(MsSmbServer *s, Tree *t);
/* Drops a pending split transaction (its session or tree went away, or it failed). */
void server_pending_clear(MsSmbServer *s);

/* A reply header for `q` (Flags, Flags2, the echoed fields, q->uid and q->tid). */
MsSmbHeader server_reply_header(const Request *q, guint8 command, MsSmbError status);
/* Hands a finished message to the send callback. */
void server_emit(MsSmbServer *s, const guint8 *smb, gsize len);
/* Sends a one-block error reply with `command` and the request's ids. */
void server_send_error(Request *q, guint8 command, MsSmbError error);
