/* The SMB1 commands of a browse session, each in both directions: the server parses the
 * request and writes the reply; a client (browsectl, a backup browser's sync) writes the
 * request and parses the reply, with the same structs. [MS-CIFS] §2.2.4, [MS-SMB] §2.2.4.
 *
 * Conventions: `*_write()` appends one command block (WordCount, Words, ByteCount, Bytes)
 * to a writer whose SMB header starts at writer offset `base` (Unicode strings align from
 * there); the caller writes the header first with ms_smb_header_write(). AndX blocks are
 * written with AndXCommand 0xFF; ms_smb_andx_link() chains them. `*_parse()` reads a block
 * found by ms_smb_block_parse() from a whole message and points into it. `unicode` is the
 * Flags2 UNICODE bit of the message. Parsers return MS_ERR_BAD_HEADER for a WordCount the
 * command does not have and MS_ERR_BAD_LENGTH for counts and offsets that disagree. */
#pragma once

#include <glib.h>
#include <libmailslot/ms-smb.h>

G_BEGIN_DECLS

/* ---- NEGOTIATE ([MS-CIFS] §2.2.4.52, [MS-SMB] §2.2.4.5) ---- */

/* The reply layout a dialect calls for. */
typedef enum {
    MS_SMB_DIALECT_NONE = 0, /* WordCount 1: DialectIndex only (0xFFFF: none chosen) */
    MS_SMB_DIALECT_LANMAN,   /* LANMAN1.0 to LANMAN2.1: WordCount 13 */
    MS_SMB_DIALECT_NT1,      /* NT LM 0.12: WordCount 17 */
} MsSmbDialect;
#define MS_SMB_NO_DIALECT 0xFFFF
#define MS_SMB_DIALECT_NT_LM_012 "NT LM 0.12"

typedef struct {
    const guint8 *list; /* the Bytes: (0x02, name, NUL) repeated, validated */
    gsize len;
    guint count;
} MsSmbNegotiateRequest;

MsStatus ms_smb_negotiate_request_parse(const guint8 *smb, const MsSmbBlock *b,
                                        MsSmbNegotiateRequest *out);
/* The dialect names in order; *pos starts at 0. The name is NUL-terminated in the message. */
gboolean ms_smb_negotiate_request_next(const MsSmbNegotiateRequest *req, gsize *pos,
                                       const char **name);
/* Our choice ([MS-CIFS] §3.3.5.42): NT LM 0.12 if offered (NT LANMAN 1.0, Samba's alias for
 * it, next), else the best LAN Manager dialect (LANMAN2.1, LM1.2X002 and their DOS forms,
 * then LANMAN1.0, Windows for Workgroups 3.1a, MICROSOFT NETWORKS 3.0); core dialects carry
 * no transactions and are not chosen. Returns the 0-based index (the last one if a name
 * repeats, as Samba) or MS_SMB_NO_DIALECT. */
guint16 ms_smb_dialect_choose(const MsSmbNegotiateRequest *req, MsSmbDialect *dialect);
MsStatus ms_smb_negotiate_request_write(MsWriter *w, const char *const *dialects, guint count);

typedef struct {
    MsSmbDialect dialect;   /* which layout */
    guint16 dialect_index;
    guint16 security_mode;  /* one byte in NT1 */
    guint16 max_mpx_count;
    guint16 max_number_vcs;
    guint32 max_buffer_size; /* 16 bits in LANMAN */
    guint32 max_raw_size;    /* NT1 */
    guint16 raw_mode;        /* LANMAN */
    guint32 session_key;
    guint32 capabilities;    /* NT1 */
    guint64 system_time;     /* NT1: FILETIME, 100 ns since 1601 (UTC) */
    guint16 server_time;     /* LANMAN: DOS time and date (UTC) */
    guint16 server_date;
    gint16 time_zone;        /* minutes */
    const guint8 *challenge;
    guint8 challenge_len;    /* 0 or 8 (Samba's client refuses anything else) */
    MsSmbString domain;      /* NT1: UTF-16 whatever Flags2 says, never padded */
    MsSmbString server;      /* NT1: likewise ([MS-SMB] §2.2.4.5.2.2); may be absent */
} MsSmbNegotiateReply;

/* Writes the layout of r->dialect (its fields that layout lacks are ignored). */
MsStatus ms_smb_negotiate_reply_write(MsWriter *w, const MsSmbNegotiateReply *r);
/* Recognises the layout by WordCount (1, 13, 17); an NT1 reply with extended security
 * parses with empty challenge and names. */
MsStatus ms_smb_negotiate_reply_parse(const guint8 *smb, const MsSmbBlock *b,
                                      MsSmbNegotiateReply *out);

/* Wall-clock microseconds since 1970 (as g_get_real_time() gives) as a FILETIME, and as a
 * DOS time and date ([MS-CIFS] §2.2.1.4). */
guint64 ms_smb_filetime_from_unix_us(gint64 unix_us);
void ms_smb_dos_datetime_from_unix_us(gint64 unix_us, guint16 *dos_time, guint16 *dos_date);

/* ---- SESSION_SETUP_ANDX ([MS-CIFS] §2.2.4.53, [MS-SMB] §2.2.4.6) ---- */

typedef struct {
    guint8 word_count; /* 10 LAN Manager, 12 extended security, 13 NT LM 0.12 */
    guint16 max_buffer_size;
    guint16 max_mpx_count;
    guint16 vc_number;
    guint32 session_key;
    guint32 capabilities; /* 12, 13 */
    const guint8 *password; /* 10: Password; 13: OEMPassword */
    guint16 password_len;
    const guint8 *unicode_password; /* 13 */
    guint16 unicode_password_len;
    const guint8 *security_blob; /* 12 */
    guint16 security_blob_len;
    MsSmbString account; /* 10, 13; a string missing from the end comes out empty */
    MsSmbString domain;
    MsSmbString native_os;
    MsSmbString native_lanman;
} MsSmbSessionSetupRequest;

MsStatus ms_smb_session_setup_request_parse(const guint8 *smb, const MsSmbBlock *b,
                                            gboolean unicode, MsSmbSessionSetupRequest *out);
/* Writes word_count 10 or 13 (12 is refused: MS_ERR_INVALID_ARG). */
MsStatus ms_smb_session_setup_request_write(MsWriter *w, gsize base, gboolean unicode,
                                            const MsSmbSessionSetupRequest *r);

#define MS_SMB_SESSION_ACTION_GUEST 0x0001

typedef struct {
    guint16 action;
    MsSmbString native_os; /* the three strings: data NULL when not sent */
    MsSmbString native_lanman;
    MsSmbString primary_domain;
} MsSmbSessionSetupReply;

/* WordCount 3; the strings follow when native_os.data is set. */
MsStatus ms_smb_session_setup_reply_write(MsWriter *w, gsize base, gboolean unicode,
                                          const MsSmbSessionSetupReply *r);
MsStatus ms_smb_session_setup_reply_parse(const guint8 *smb, const MsSmbBlock *b,
                                          gboolean unicode, MsSmbSessionSetupReply *out);

/* ---- TREE_CONNECT_ANDX ([MS-CIFS] §2.2.4.55, [MS-SMB] §2.2.4.7) ---- */

#define MS_SMB_TREE_DISCONNECT_TID 0x0001
#define MS_SMB_TREE_EXTENDED_RESPONSE 0x0008
#define MS_SMB_SERVICE_IPC "IPC"
#define MS_SMB_SERVICE_ANY "?????"

typedef struct {
    guint16 flags;
    const guint8 *password;
    guint16 password_len;
    MsSmbString path;    /* \\SERVER\SHARE, an SMB string */
    MsSmbString service; /* always OEM */
} MsSmbTreeConnectRequest;

MsStatus ms_smb_tree_connect_request_parse(const guint8 *smb, const MsSmbBlock *b,
                                           gboolean unicode, MsSmbTreeConnectRequest *out);
MsStatus ms_smb_tree_connect_request_write(MsWriter *w, gsize base, gboolean unicode,
                                           const MsSmbTreeConnectRequest *r);
/* The share component of a path (after the last backslash); FALSE when there is none. */
gboolean ms_smb_tree_path_share(const MsSmbString *path, MsSmbString *share);

typedef struct {
    guint8 word_count; /* 2 (LAN Manager), 3, or 7 (EXTENDED_RESPONSE) */
    guint16 optional_support;
    guint32 maximal_access;       /* 7 */
    guint32 guest_maximal_access; /* 7 */
    MsSmbString service;          /* OEM */
    MsSmbString native_fs;        /* 3 and 7: an SMB string */
} MsSmbTreeConnectReply;

MsStatus ms_smb_tree_connect_reply_write(MsWriter *w, gsize base, gboolean unicode,
                                         const MsSmbTreeConnectReply *r);
MsStatus ms_smb_tree_connect_reply_parse(const guint8 *smb, const MsSmbBlock *b,
                                         gboolean unicode, MsSmbTreeConnectReply *out);

/* ---- TRANSACTION and TRANSACTION_SECONDARY ([MS-CIFS] §2.2.4.33-§2.2.4.34) ---- */

#define MS_SMB_TRANS_DISCONNECT_TID 0x0001
#define MS_SMB_TRANS_NO_RESPONSE 0x0002
#define MS_SMB_PIPE_LANMAN "\\PIPE\\LANMAN"
/* Words before the setup words of a primary request. */
#define MS_SMB_TRANS_REQUEST_WORDS 14
#define MS_SMB_TRANS_SECONDARY_WORDS 8
#define MS_SMB_TRANS_REPLY_WORDS 10

typedef struct {
    guint16 total_param_count;
    guint16 total_data_count;
    guint16 max_param_count;
    guint16 max_data_count;
    guint8 max_setup_count;
    guint16 flags;
    guint32 timeout;
    guint8 setup_count;
    const guint8 *setup; /* setup_count words */
    MsSmbString name;
    const guint8 *params; /* param_count bytes at param_offset */
    guint16 param_count;
    guint16 param_offset;
    const guint8 *data;
    guint16 data_count;
    guint16 data_offset;
} MsSmbTransRequest;

/* [MS-CIFS] §3.3.5.2.5 checks: WordCount >= 14 + SetupCount, counts within totals, and
 * each non-empty slice inside the Bytes (an empty one's offset is ignored: nmap sends 0). */
MsStatus ms_smb_trans_request_parse(const guint8 *smb, const MsSmbBlock *b, gboolean unicode,
                                    MsSmbTransRequest *out);
/* Writes r->params (param_count bytes) and r->data (data_count); the offset fields of r
 * are ignored and computed instead: parameters on a 4-byte boundary, data on a 2-byte one,
 * as Samba's client lays them out (capture frame 134). Totals are taken from r. */
MsStatus ms_smb_trans_request_write(MsWriter *w, gsize base, gboolean unicode,
                                    const MsSmbTransRequest *r);

typedef struct {
    guint16 total_param_count;
    guint16 total_data_count;
    const guint8 *params;
    guint16 param_count;
    guint16 param_offset;
    guint16 param_displacement;
    const guint8 *data;
    guint16 data_count;
    guint16 data_offset;
    guint16 data_displacement;
} MsSmbTransPart;

/* TRANSACTION_SECONDARY: WordCount 8, a part of a split request. The displacements must
 * keep each slice within the totals. */
MsStatus ms_smb_trans_secondary_parse(const guint8 *smb, const MsSmbBlock *b,
                                      MsSmbTransPart *out);
MsStatus ms_smb_trans_secondary_write(MsWriter *w, gsize base, const MsSmbTransPart *p);

/* A TRANSACTION reply part (WordCount 10, no setup words). parse: the interim response
 * (WordCount 0) is MS_ERR_UNSUPPORTED, so a client knows to send its secondaries. */
MsStatus ms_smb_trans_reply_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbTransPart *out);
/* Writes the next reply part of a transaction whose whole reply is `params` (of plen) and
 * `data` (of dlen), starting *params_done / *data_done bytes in: as many parameter bytes as
 * fit in a message of at most max_message bytes, then data ([MS-CIFS] §3.2.4.1.5, Samba's
 * send_trans_reply). Parameters start on a 4-byte boundary (offset 56, as Samba) and so
 * does data. Advances the two counters; MS_ERR_NO_SPACE when max_message cannot carry
 * even one byte of what is left. */
MsStatus ms_smb_trans_reply_write(MsWriter *w, gsize base, gsize max_message,
                                  const guint8 *params, gsize plen, const guint8 *data,
                                  gsize dlen, gsize *params_done, gsize *data_done);

/* Puts a split reply (or a split request, server side) back together, bounded. */
typedef struct {
    guint16 total_params;
    guint16 total_data;
    gsize got_params; /* bytes received so far (overlaps counted twice, as Samba) */
    gsize got_data;
    guint8 *params;   /* total_params bytes, then total_data bytes */
    gsize max_bytes;
    gboolean started;
} MsSmbTransAssembly;

typedef enum {
    MS_SMB_ASSEMBLY_MORE,
    MS_SMB_ASSEMBLY_DONE,
    MS_SMB_ASSEMBLY_ERROR, /* totals grew, a slice fell outside them, or max_bytes */
} MsSmbAssemblyResult;

void ms_smb_trans_assembly_init(MsSmbTransAssembly *a, gsize max_bytes);
void ms_smb_trans_assembly_clear(MsSmbTransAssembly *a);
/* Adds one part. Totals may shrink between parts, never grow ([MS-CIFS] §2.2.4.34.1: a
 * later TotalParameterCount "MAY be reduced"). */
MsSmbAssemblyResult ms_smb_trans_assembly_add(MsSmbTransAssembly *a, const MsSmbTransPart *p);
static inline const guint8 *
ms_smb_trans_assembly_data(const MsSmbTransAssembly *a)
{
    return a->params + a->total_params;
}

/* ---- ECHO ([MS-CIFS] §2.2.4.39), TREE_DISCONNECT (§2.2.4.51), LOGOFF_ANDX (§2.2.4.54) ---- */

typedef struct {
    guint16 count;  /* request: EchoCount; reply: SequenceNumber */
    const guint8 *data;
    guint16 len;
} MsSmbEcho;

MsStatus ms_smb_echo_parse(const guint8 *smb, const MsSmbBlock *b, MsSmbEcho *out);
MsStatus ms_smb_echo_write(MsWriter *w, const MsSmbEcho *e);
/* TREE_DISCONNECT both ways and every error reply: WordCount 0, ByteCount 0. */
void ms_smb_empty_write(MsWriter *w);
/* LOGOFF_ANDX both ways: WordCount 2 (AndX), ByteCount 0. */
void ms_smb_logoff_write(MsWriter *w);

G_END_DECLS
