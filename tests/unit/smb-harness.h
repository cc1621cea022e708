/* What the SMB1 suites share: the frames of the smbclient/nmap capture
 * (tests/data/vectors/smb-netserverenum2.pcapng), a server driven message by message with
 * its replies recorded, a LANMAN handler with a canned answer, and request builders made
 * of the client half of the codec. */
#pragma once

#include <libmailslot/ms-smb-server.h>

#include "test-util.h"

/* The TCP payload of capture frame `number` (NBSS header included); NULL if it has none. */
GBytes *capture_payload(guint number);
/* The SMB message of a session-message frame: the payload without its 4-byte header. */
GBytes *capture_smb(guint number);
/* The same with our UID and TID in its header (a captured request replayed into a session
 * whose ids are ours). */
GBytes *capture_smb_ids(guint number, guint16 uid, guint16 tid);
/* Parses any message's header and first block, asserting both parse. */
void smb_parse(GBytes *smb, MsSmbHeader *h, MsSmbBlock *b);

/* Values that make our replies carry what Samba's did in the capture's SMB1 session on
 * port 139 (frames 124-139): names, NativeOS/NativeLanMan, UID 38579 and TID 24885 first. */
void harness_samba_config(MsSmbServerConfig *cfg);

typedef struct {
    MsSmbServer *server;
    GPtrArray *sent;        /* GBytes: every reply, in order */
    /* The LANMAN handler: answers with these, records what it was given. */
    GBytes *lan_params;
    GBytes *lan_data;
    MsStatus lan_status;
    gboolean lan_overflow;  /* write one byte more than the writer holds */
    guint lan_calls;
    GByteArray *seen_params;
    GByteArray *seen_data;
    gsize seen_params_cap;
    gsize seen_data_cap;
} SmbHarness;

/* cfg NULL: harness_samba_config(). */
void harness_init(SmbHarness *h, const MsSmbServerConfig *cfg);
void harness_clear(SmbHarness *h);
/* Feeds one SMB message; the replies it caused are appended to h->sent. */
MsSmbVerdict harness_input(SmbHarness *h, GBytes *smb);
/* Feeds a message and asserts exactly one reply came back, which it returns. */
GBytes *harness_one_reply(SmbHarness *h, GBytes *smb);
GBytes *harness_last(const SmbHarness *h);

/* A negotiated, logged-on server: NEGOTIATE (NT LM 0.12), SESSION_SETUP, TREE_CONNECT to
 * IPC$ with `flags2`; returns the UID and TID handed out. */
void harness_logon(SmbHarness *h, guint16 flags2, guint16 *uid, guint16 *tid);

/* ---- Requests, built with the client half of the codec ---- */

/* A request header: the given command, flags 0x18 and `flags2` as smbclient sends. */
MsSmbHeader req_header(guint8 command, guint16 flags2, guint16 uid, guint16 tid, guint16 mid);

GBytes *req_negotiate(guint16 flags2, const char *const *dialects, guint n);
/* word_count 13 or 10; account "" is anonymous. */
GBytes *req_session_setup(guint16 flags2, guint16 uid, guint8 word_count, const char *account,
                          guint16 max_buffer);
GBytes *req_tree_connect(guint16 flags2, guint16 uid, guint16 tid, const char *path,
                         const char *service, guint16 flags);
/* SESSION_SETUP_ANDX (13, anonymous) chained with TREE_CONNECT_ANDX, as Windows sends. */
GBytes *req_setup_and_connect(guint16 flags2, const char *path);
/* A TRANSACTION to `name` whose parameters and data all fit in one message. */
GBytes *req_trans(guint16 flags2, guint16 uid, guint16 tid, guint16 mid, const char *name,
                  const guint8 *params, gsize plen, const guint8 *data, gsize dlen,
                  guint16 max_params, guint16 max_data);
/* A message with no words and no bytes (TREE_DISCONNECT, or any unknown command). */
GBytes *req_empty(guint8 command, guint16 flags2, guint16 uid, guint16 tid, guint16 mid);
GBytes *req_logoff(guint16 flags2, guint16 uid);
GBytes *req_echo(guint16 flags2, guint16 count, const char *data);

/* ---- Replies ---- */

/* Parses a reply's header and first block (asserting both parse). */
void reply_parse(GBytes *reply, MsSmbHeader *h, MsSmbBlock *b);
/* Asserts `reply` is an error reply (WordCount 0, ByteCount 0) with `status` and the
 * NT_STATUS bit of Flags2 as given. */
void assert_error_reply(GBytes *reply, guint8 command, guint32 status, gboolean nt);

/* Requests that set these Flags2, as smbclient (0xC043: Unicode, NT status, long names,
 * EAs) and a DOS-style client (0x0001: long names only). */
#define FLAGS2_SMBCLIENT 0xC043
#define FLAGS2_DOS 0x0001
