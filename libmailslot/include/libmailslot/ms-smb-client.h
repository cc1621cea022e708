/* The client end of one SMB1 browse session, sans IO: what browsectl --network (and later
 * a backup browser's list sync) says to a master's \PIPE\LANMAN. Bytes in, bytes out, no
 * socket, no clock; the caller owns the connection and its timeouts.
 *
 * The exchange, one step at a time, each waiting for the server's answer:
 *   NBSS SESSION REQUEST (port 139 only; called <server><20> or *SMBSERVER, calling
 *   <our name><00>) → NEGOTIATE (NT LM 0.12 and the LAN Manager dialects) → anonymous
 *   SESSION_SETUP_ANDX → TREE_CONNECT_ANDX to \\server\IPC$ → READY.
 * Then any number of TRANSACTIONs on \PIPE\LANMAN, one at a time: the reply, split across
 * several messages when the server's buffer is small, is put back together (bounded) and
 * handed out as its parameter and data blocks (RAP is the caller's: brw-rap.h).
 *
 * A server is untrusted: every reply is checked (header, command, MID, counts) and
 * anything unexpected fails the session with a reason; nothing is ever read outside what
 * was received, and buffering is bounded by the config. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-session.h>
#include <libmailslot/ms-smb-commands.h>
#include <libmailslot/ms-smb.h>

G_BEGIN_DECLS

/* Samba's "max xmit", what the server half defaults to too. */
#define MS_SMB_CLIENT_DEFAULT_MAX_BUFFER 16644

typedef struct {
    MsFraming framing;       /* NBSS (139) starts with a session request; DIRECT (445) not */
    const char *our_name;    /* calling name <00>; required */
    const char *server_name; /* called name <20> and the \\server of the tree path;
                              * NULL or "": *SMBSERVER, and server_host in the path */
    const char *server_host; /* the path's host when server_name is empty (an address) */
    const char *workgroup;   /* SESSION_SETUP PrimaryDomain; NULL: "" */
    const char *scope;       /* NULL or "": the default scope */
    guint16 max_buffer;      /* our MaxBufferSize: the largest message we accept; 0: 16644 */
    gsize max_reply_bytes;   /* a transaction reply's parameters + data; 0: 2 * 65535 */
    guint16 pid;             /* any value; the daemon may tell its sessions apart by it */
} MsSmbClientConfig;

typedef enum {
    MS_SMB_CLIENT_SESSION,     /* waiting for the NBSS session response */
    MS_SMB_CLIENT_NEGOTIATE,   /* waiting for the NEGOTIATE reply */
    MS_SMB_CLIENT_LOGON,       /* waiting for the SESSION_SETUP_ANDX reply */
    MS_SMB_CLIENT_CONNECT,     /* waiting for the TREE_CONNECT_ANDX reply */
    MS_SMB_CLIENT_READY,       /* idle: a transaction may be sent */
    MS_SMB_CLIENT_TRANSACTION, /* waiting for (the rest of) a TRANSACTION reply */
    MS_SMB_CLIENT_FAILED,      /* see ms_smb_client_error() */
} MsSmbClientState;

typedef enum {
    MS_SMB_CLIENT_OK = 0,
    MS_SMB_CLIENT_E_FRAMING,      /* the byte stream does not frame (too large, bad type) */
    MS_SMB_CLIENT_E_REFUSED,      /* a NEGATIVE SESSION RESPONSE (code: detail) */
    MS_SMB_CLIENT_E_BAD_SESSION,  /* anything but a positive response to the session request */
    MS_SMB_CLIENT_E_MALFORMED,    /* a reply whose header or blocks do not parse */
    MS_SMB_CLIENT_E_UNEXPECTED,   /* not a reply, another command or MID, or unasked */
    MS_SMB_CLIENT_E_STATUS,       /* an error status (detail: the four Status bytes) */
    MS_SMB_CLIENT_E_NO_DIALECT,   /* the server chose none of ours (or a core dialect) */
    MS_SMB_CLIENT_E_TOO_LARGE,    /* a transaction reply beyond max_reply_bytes */
    MS_SMB_CLIENT_E_INVALID,      /* the caller's misuse: a request out of turn, too big */
} MsSmbClientError;

typedef struct MsSmbClient MsSmbClient;

/* Fills *cfg with the defaults (NBSS, 16644, no names). */
void ms_smb_client_config_init(MsSmbClientConfig *cfg);
/* Copies *cfg. NULL when our_name, server_name or scope do not make valid NetBIOS names, or
 * when neither server_name nor server_host is given. */
MsSmbClient *ms_smb_client_new(const MsSmbClientConfig *cfg);
void ms_smb_client_free(MsSmbClient *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(MsSmbClient, ms_smb_client_free)

/* Appends the first bytes to send once connected (the session request, or NEGOTIATE on
 * direct TCP). Call once. */
void ms_smb_client_start(MsSmbClient *c, GByteArray *out);

/* Takes every byte received and appends to `out` what to send next. Returns the state
 * after them: READY when the tree is connected or a transaction reply is whole
 * (ms_smb_client_has_reply()), FAILED when the session is over. Keep-alives are ignored. */
MsSmbClientState ms_smb_client_feed(MsSmbClient *c, const guint8 *data, gsize len,
                                    GByteArray *out);

/* Sends a TRANSACTION to \PIPE\LANMAN carrying `params` (a RAP request) and no data,
 * allowing the reply max_params and max_data bytes. Only in READY; the previous reply is
 * dropped. FALSE (and the session fails with E_INVALID) out of turn or when the request
 * does not fit the server's buffer. */
gboolean ms_smb_client_transact(MsSmbClient *c, const guint8 *params, gsize plen,
                                guint16 max_params, guint16 max_data, GByteArray *out);

/* The last transaction's reply, valid until the next transact or free. FALSE when there
 * is none. */
gboolean ms_smb_client_has_reply(const MsSmbClient *c);
gboolean ms_smb_client_reply(const MsSmbClient *c, const guint8 **params, gsize *plen,
                             const guint8 **data, gsize *dlen);

MsSmbClientState ms_smb_client_state(const MsSmbClient *c);
MsSmbClientError ms_smb_client_error(const MsSmbClient *c);
/* What goes with the error: the NBSS refusal code, the SMB Status, or the MsStatus of a
 * parse that failed. */
guint32 ms_smb_client_error_detail(const MsSmbClient *c);
/* "negotiate", "session setup", ...: the step a state waits in, for messages. */
const char *ms_smb_client_state_to_string(MsSmbClientState state);
const char *ms_smb_client_error_to_string(MsSmbClientError error);
/* One line for people: "the server refused the session (code 0x82: called name not
 * present)", "TREE_CONNECT_ANDX failed with status 0xc00000cc". Newly allocated. */
char *ms_smb_client_describe_error(const MsSmbClient *c);
/* The dialect the server chose (NONE before NEGOTIATE). */
MsSmbDialect ms_smb_client_dialect(const MsSmbClient *c);

G_END_DECLS
