/* What the two halves of the SMB1 client share: the session's state (ms-smb-client.c) and
 * the writing of its requests (ms-smb-client-requests.c). */
#pragma once

#include <libmailslot/ms-smb-client.h>

struct MsSmbClient {
    MsFraming framing;
    MsName called;
    MsName calling;
    char *tree_path; /* \\SERVER\IPC$ */
    char *workgroup;
    guint16 max_buffer;
    guint16 pid;
    MsFramer *framer;
    MsSmbClientState state;
    MsSmbClientError error;
    guint32 error_detail;
    MsSmbClientState failed_in; /* the step the session failed in */
    MsSmbDialect dialect;
    guint16 server_max_buffer;
    guint32 session_key;
    guint32 capabilities;
    guint16 uid;
    guint16 tid;
    guint16 mid; /* of the request awaiting its reply */
    guint16 next_mid;
    MsSmbTransAssembly trans;
    gboolean has_reply;
};

/* The dialects we offer, in order; the server answers with an index into them. */
extern const char *const ms_smb_client_dialects[];
extern const guint ms_smb_client_n_dialects;

/* Each appends one framed request to `out` and records its MID; FALSE when it cannot be
 * built (which only a caller's oversized transaction can cause). */
gboolean ms_smb_client_write_negotiate(MsSmbClient *c, GByteArray *out);
gboolean ms_smb_client_write_session_setup(MsSmbClient *c, GByteArray *out);
gboolean ms_smb_client_write_tree_connect(MsSmbClient *c, GByteArray *out);
gboolean ms_smb_client_write_transaction(MsSmbClient *c, const guint8 *params, gsize plen,
                                         guint16 max_params, guint16 max_data, GByteArray *out);
