/* The SMB1 server end of one connection, serving nothing but IPC$ and \PIPE\LANMAN: bytes
 * in, bytes out, no sockets, no clock (the wall-clock time NEGOTIATE reports is an
 * argument). rap.md §0-§7 is the exchange; the CHECKLIST ids are RAP-010 to RAP-032.
 *
 * What it answers:
 *  - NEGOTIATE, first and once: NT LM 0.12 when offered, else the best LAN Manager dialect
 *    (ms_smb_dialect_choose()), each in its own reply layout; user-level security, no
 *    extended security, an empty challenge unless the config supplies one.
 *  - SESSION_SETUP_ANDX in the NT (WordCount 13) and LAN Manager (10) forms: every user is
 *    let in without a password check (a guest); extended security (12) is refused.
 *  - TREE_CONNECT_ANDX to IPC$ only; TREE_DISCONNECT; LOGOFF_ANDX; ECHO.
 *  - TRANSACTION on \PIPE\LANMAN: the parameter and data bytes go to the LANMAN handler,
 *    whose reply is split across as many TRANSACTION responses as the client's
 *    MaxBufferSize needs. Split requests are assembled from TRANSACTION_SECONDARY, bounded.
 *  - The chain SESSION_SETUP_ANDX + TREE_CONNECT_ANDX in one message.
 *  - Everything else gets an error: NTSTATUS when the request set Flags2 NT_STATUS under
 *    NT LM 0.12 (where we advertise CAP_STATUS32), a DOS class and code otherwise.
 *    NT_CREATE_ANDX (smbclient's \srvsvc) fails with OBJECT_NAME_NOT_FOUND so that
 *    smbclient falls back to RAP (RAP-023).
 *
 * A message that is not SMB1, whose blocks or AndX chain do not hold together, that comes
 * before NEGOTIATE or repeats it, closes the connection; nothing is processed from it.
 * A well-formed request with wrong contents gets an error reply instead. Every close and
 * every error is counted by reason. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-session.h>
#include <libmailslot/ms-smb-commands.h>
#include <libmailslot/ms-smb.h>

G_BEGIN_DECLS

/* Samba's default "max xmit", and what rap.md §2.6 recommends. */
#define MS_SMB_DEFAULT_MAX_BUFFER 16644
/* Configured strings longer than this are refused, which keeps every reply but the
 * transaction and echo ones small. */
#define MS_SMB_MAX_CONFIG_STRING 64

typedef struct {
    const char *server_name;   /* our NetBIOS name (NEGOTIATE ServerName) */
    const char *workgroup;     /* DomainName and SESSION_SETUP PrimaryDomain (rap.md §0.1) */
    const char *native_os;     /* SESSION_SETUP NativeOS; NULL: "Unix" */
    const char *native_lanman; /* NativeLanMan; NULL: "browserd" */
    guint16 max_buffer_size;   /* the largest SMB we accept (>= 1024); 0: 16644 */
    guint16 max_mpx_count;     /* 0: 50, as Samba */
    guint32 session_key;       /* NEGOTIATE SessionKey, echoed by clients; any value */
    /* With use_challenge the server asks for encrypted passwords and sends this challenge
     * (randomness is the caller's); clients then send hashes we never check. Without it,
     * SecurityMode is plain user level with no challenge. */
    gboolean use_challenge;
    guint8 challenge[8];
    gsize max_trans_bytes;     /* parameters + data of one request, assembled; 0: max_buffer_size */
    gsize max_reply_bytes;     /* reply parameters, and reply data, each; 0: 65535 */
    guint max_sessions;        /* UIDs at once; 0: 4 */
    guint max_trees;           /* TIDs at once; 0: 8 */
    guint max_echo_replies;    /* an ECHO's EchoCount is cut to this; 0: 1 */
    guint16 first_uid;         /* UIDs and TIDs are handed out from here, skipping 0, 0xFFFE
                                * and 0xFFFF; 0: 100 and 1 */
    guint16 first_tid;
} MsSmbServerConfig;

/* Where the LANMAN handler writes its reply: each writer's capacity is what the request
 * allows (MaxParameterCount, MaxDataCount, both capped by max_reply_bytes). */
typedef struct {
    MsWriter params;
    MsWriter data;
} MsSmbTransOutput;

/* Serves one \PIPE\LANMAN transaction (RAP, [MS-RAP] §2.5). MS_OK sends the reply; any
 * other status, or a writer left in overflow, answers STATUS_INVALID_PARAMETER (RAP-057). */
typedef MsStatus (*MsSmbLanmanFunc)(const guint8 *params, gsize plen, const guint8 *data,
                                    gsize dlen, MsSmbTransOutput *reply, gpointer user_data);
/* One whole SMB message to send (the caller frames it). */
typedef void (*MsSmbSendFunc)(const guint8 *smb, gsize len, gpointer user_data);

typedef enum {
    MS_SMB_CLOSE_NONE = 0,
    MS_SMB_CLOSE_NOT_SMB1,        /* not `FF 'SMB'`; SMB2 included (RAP-007) */
    MS_SMB_CLOSE_MALFORMED,       /* header, blocks or AndX chain out of the message */
    MS_SMB_CLOSE_NOT_A_REQUEST,   /* the REPLY flag set */
    MS_SMB_CLOSE_NOT_NEGOTIATED,  /* a command before NEGOTIATE (RAP-013) */
    MS_SMB_CLOSE_RENEGOTIATE,     /* a second NEGOTIATE (RAP-013) */
    MS_SMB_CLOSE_BAD_NEGOTIATE,   /* a NEGOTIATE whose dialect list does not parse */
    MS_SMB_CLOSE_NO_DIALECT,      /* after answering "no dialect" (RAP-011) */
    MS_SMB_CLOSE_REASON_COUNT
} MsSmbCloseReason;

const char *ms_smb_close_reason_to_string(MsSmbCloseReason reason);

typedef struct {
    guint64 requests;         /* messages handed in */
    guint64 replies;          /* messages sent */
    guint64 closed[MS_SMB_CLOSE_REASON_COUNT];
    guint64 errors[MS_SMB_ERROR_COUNT]; /* error replies by status */
    guint64 sessions;         /* UIDs handed out */
    guint64 logoffs;
    guint64 trees;            /* TIDs handed out */
    guint64 tree_disconnects;
    guint64 chains;           /* messages of more than one command */
    guint64 transactions;     /* requests handed to the LANMAN handler */
    guint64 trans_interim;    /* split requests answered with an interim response */
    guint64 trans_secondaries;
    guint64 trans_unmatched;  /* secondaries that match no pending request: dropped */
    guint64 trans_reply_parts; /* reply messages beyond the first, for small MaxBufferSize */
    guint64 handler_failed;   /* the handler refused, or wrote more than it could */
    guint64 pipe_opens;       /* NT_CREATE_ANDX refused (RAP-023) */
    guint64 echoes;           /* ECHO replies */
} MsSmbServerCounters;

typedef enum {
    MS_SMB_CONTINUE,
    MS_SMB_CLOSE, /* send what was sent so far, then close the connection */
} MsSmbVerdict;

typedef struct MsSmbServer MsSmbServer;

/* Fills *cfg with the defaults (the zero values above spelled out) and no names. */
void ms_smb_server_config_init(MsSmbServerConfig *cfg);
/* Copies *cfg. NULL when a name is missing, a string is longer than
 * MS_SMB_MAX_CONFIG_STRING, or max_buffer_size < 1024. `lanman` may be NULL (every
 * transaction is then refused). */
MsSmbServer *ms_smb_server_new(const MsSmbServerConfig *cfg, MsSmbSendFunc send,
                               MsSmbLanmanFunc lanman, gpointer user_data);
void ms_smb_server_free(MsSmbServer *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsSmbServer, ms_smb_server_free)

/* One SMB message received (the payload of a session message). `real_us` is the wall
 * clock (g_get_real_time()), used only for the time NEGOTIATE reports. Replies leave
 * through `send` before this returns. Once CLOSE is returned every call returns it. */
MsSmbVerdict ms_smb_server_input(MsSmbServer *s, const guint8 *smb, gsize len, gint64 real_us);

/* The dialect negotiated so far (MS_SMB_DIALECT_NONE before NEGOTIATE). */
MsSmbDialect ms_smb_server_dialect(const MsSmbServer *s);
MsSmbCloseReason ms_smb_server_close_reason(const MsSmbServer *s);
const MsSmbServerCounters *ms_smb_server_counters(const MsSmbServer *s);
const MsSmbServerConfig *ms_smb_server_config(const MsSmbServer *s);

/* ---- One connection, framing included: what the daemon holds per accepted socket ---- */

typedef struct MsSmbConn MsSmbConn;

/* session->max_message 0 takes the server's max_buffer_size. NULL when either part
 * refuses its config. */
MsSmbConn *ms_smb_conn_new(const MsSessionConfig *session, const MsSmbServerConfig *smb,
                           MsSmbLanmanFunc lanman, gpointer user_data);
void ms_smb_conn_free(MsSmbConn *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsSmbConn, ms_smb_conn_free)

/* Bytes received on the connection; everything to send is appended to `out`, framed.
 * FALSE: send `out`, then close the connection (every later call returns FALSE). */
gboolean ms_smb_conn_feed(MsSmbConn *c, const guint8 *data, gsize len, gint64 real_us,
                          GByteArray *out);
const MsSession *ms_smb_conn_session(const MsSmbConn *c);
const MsSmbServer *ms_smb_conn_server(const MsSmbConn *c);

G_END_DECLS
