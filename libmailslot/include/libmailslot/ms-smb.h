/* The SMB1 message codec a browse-list server and client need ([MS-CIFS] §2.2.3): the
 * 32-byte header, the parameter/data blocks of each command, AndX chains, SMB strings, and
 * the status values we send in both styles (NTSTATUS and DOS class/code).
 *
 * Everything little-endian; every offset counts from the first byte of the SMB header (the
 * 0xFF), which is also where Unicode alignment is counted from ([MS-CIFS] §2.2.1.1).
 * Parsers point into the caller's buffer and allocate nothing. Command layouts are in
 * ms-smb-commands.h, the server machine in ms-smb-server.h. */
#pragma once

#include <glib.h>
#include <string.h>
#include <libmailslot/ms-bytes.h>
#include <libmailslot/ms-status.h>

G_BEGIN_DECLS

#define MS_SMB_HEADER_LEN 32
/* The smallest message: header, WordCount 0, ByteCount. */
#define MS_SMB_MIN_LEN (MS_SMB_HEADER_LEN + 3)

/* Command codes ([MS-CIFS] §2.2.2.1). */
enum {
    MS_SMB_COM_CLOSE = 0x04,
    MS_SMB_COM_TRANSACTION = 0x25,
    MS_SMB_COM_TRANSACTION_SECONDARY = 0x26,
    MS_SMB_COM_ECHO = 0x2B,
    MS_SMB_COM_TREE_DISCONNECT = 0x71,
    MS_SMB_COM_NEGOTIATE = 0x72,
    MS_SMB_COM_SESSION_SETUP_ANDX = 0x73,
    MS_SMB_COM_LOGOFF_ANDX = 0x74,
    MS_SMB_COM_TREE_CONNECT_ANDX = 0x75,
    MS_SMB_COM_NT_CREATE_ANDX = 0xA2,
    MS_SMB_COM_NONE = 0xFF, /* AndXCommand: no further command */
};

/* Header Flags ([MS-CIFS] §2.2.3.1). */
#define MS_SMB_FLAGS_CASE_INSENSITIVE 0x08
#define MS_SMB_FLAGS_CANONICALIZED_PATHS 0x10
#define MS_SMB_FLAGS_REPLY 0x80

/* Header Flags2 ([MS-CIFS] §2.2.3.1, [MS-SMB] §2.2.3.1). */
#define MS_SMB_FLAGS2_LONG_NAMES 0x0001
#define MS_SMB_FLAGS2_EAS 0x0002
#define MS_SMB_FLAGS2_SECURITY_SIGNATURE 0x0004
#define MS_SMB_FLAGS2_IS_LONG_NAME 0x0040
#define MS_SMB_FLAGS2_EXTENDED_SECURITY 0x0800
#define MS_SMB_FLAGS2_NT_STATUS 0x4000
#define MS_SMB_FLAGS2_UNICODE 0x8000

/* NEGOTIATE Capabilities ([MS-CIFS] §2.2.4.52.2, [MS-SMB] §2.2.4.5.2). */
#define MS_SMB_CAP_UNICODE 0x00000004
#define MS_SMB_CAP_NT_SMBS 0x00000010
#define MS_SMB_CAP_RPC_REMOTE_APIS 0x00000020
#define MS_SMB_CAP_STATUS32 0x00000040
#define MS_SMB_CAP_EXTENDED_SECURITY 0x80000000u

/* NEGOTIATE SecurityMode. */
#define MS_SMB_SECURITY_USER 0x01
#define MS_SMB_SECURITY_ENCRYPT_PASSWORDS 0x02

typedef struct {
    guint8 command;
    guint32 status; /* the four Status bytes: an NTSTATUS, or class | code << 16 (DOS) */
    guint8 flags;
    guint16 flags2;
    guint16 pid_high;
    guint8 signature[8];
    guint16 tid;
    guint16 pid;
    guint16 uid;
    guint16 mid;
} MsSmbHeader;

/* Checks the protocol bytes and reads the header. MS_ERR_UNSUPPORTED for an SMB2 message
 * (`FE 'SMB'`, RAP-007), MS_ERR_BAD_HEADER for anything else that is not `FF 'SMB'`,
 * MS_ERR_TRUNCATED when fewer than MS_SMB_MIN_LEN bytes are there. */
MsStatus ms_smb_header_parse(const guint8 *smb, gsize len, MsSmbHeader *out);
void ms_smb_header_write(MsWriter *w, const MsSmbHeader *h);

/* One command's parameter and data blocks ([MS-CIFS] §2.2.3.2-§2.2.3.3). */
typedef struct {
    guint8 command;
    gsize offset;        /* of WordCount */
    guint8 word_count;
    const guint8 *words; /* 2 * word_count bytes */
    guint16 byte_count;
    const guint8 *bytes;
    gsize bytes_offset;  /* of the first byte of Bytes */
    gsize end;           /* just past Bytes */
} MsSmbBlock;

/* Reads the block at `offset`; MS_ERR_TRUNCATED when WordCount, the words, ByteCount or
 * the bytes run past `len`. Bytes after the block are allowed (Windows pads messages). */
MsStatus ms_smb_block_parse(const guint8 *smb, gsize len, gsize offset, guint8 command,
                            MsSmbBlock *out);
/* A reader over the whole message positioned at the block's Bytes and ending with them, so
 * string alignment counts from the header. */
MsReader ms_smb_block_bytes_reader(const guint8 *smb, const MsSmbBlock *b);
/* A reader over the block's words. */
MsReader ms_smb_block_words_reader(const MsSmbBlock *b);

/* AndX commands start their words with AndXCommand, AndXReserved, AndXOffset
 * ([MS-CIFS] §2.2.3.4). */
gboolean ms_smb_command_is_andx(guint8 command);
/* The next link of a chain: MS_SMB_COM_NONE, or the command and its offset. The offset must
 * point at or after the end of this block and inside the message: chains only move
 * forward, so they end (MS_ERR_BAD_POINTER otherwise). Non-AndX commands, and AndX
 * blocks without words (error responses), end a chain. */
MsStatus ms_smb_block_next(const MsSmbBlock *b, gsize len, guint8 *next_command,
                           gsize *next_offset);
/* Reads the whole chain of a message: the first block (of `command`, the header's; even
 * 0xFF, which is just an unknown command there) and every link after it, at most `max`.
 * *n says how many were read. MS_ERR_NO_SPACE when the chain is longer than `max`; the
 * errors of ms_smb_block_parse() and ms_smb_block_next() otherwise. */
MsStatus ms_smb_chain_parse(const guint8 *smb, gsize len, guint8 command, MsSmbBlock *blocks,
                            guint max, guint *n);
/* Sets the AndX fields of the block whose WordCount is at `block_at` (writer offsets) to
 * point at `next_at`, where the next block is about to be written; `base` is the writer
 * offset of the header. */
void ms_smb_andx_link(MsWriter *w, gsize base, gsize block_at, guint8 next_command, gsize next_at);
/* Writes an empty AndX head (0xFF, 0, 0): the first three words' worth of an AndX block. */
void ms_smb_andx_write_none(MsWriter *w);

/* A string as found in a message (SMB_STRING, [MS-CIFS] §2.2.1.1): UTF-16LE when
 * `unicode`, else 8-bit OEM bytes, without its terminator. To build a message from text,
 * wrap UTF-8 with ms_smb_str(); the writer converts. data == NULL means "absent". */
typedef struct {
    const guint8 *data;
    gsize len; /* bytes */
    gboolean unicode;
} MsSmbString;

static inline MsSmbString
ms_smb_str(const char *utf8)
{
    MsSmbString s = {(const guint8 *)utf8, utf8 ? strlen(utf8) : 0, FALSE};
    return s;
}

/* Reads a NUL-terminated string at r->pos (r spans the message from its header). With
 * `align`, a Unicode string starts at an even offset: one pad byte is skipped when needed.
 * MS_ERR_TRUNCATED when the terminator is missing. */
MsStatus ms_smb_string_read(MsReader *r, gboolean unicode, gboolean align, MsSmbString *out);
/* Writes `s` with its terminator in the encoding asked for (Unicode: after a pad byte when
 * `align` and the writer is at an odd offset from `base`). 8-bit text is taken as UTF-8;
 * UTF-16 written as 8-bit comes out UTF-8 too. */
void ms_smb_string_write(MsWriter *w, gsize base, const MsSmbString *s, gboolean unicode,
                         gboolean align);
/* ASCII case-insensitive comparison, whatever the encoding. */
gboolean ms_smb_string_equal(const MsSmbString *s, const char *ascii);
/* UTF-8 copy into out (NUL-terminated, cut to fit; invalid UTF-16 and 8-bit bytes above
 * 0x7F become '?', as their code page is unknown). Returns the length written. */
gsize ms_smb_string_to_utf8(const MsSmbString *s, char *out, gsize out_size);

/* The errors this code sends or recognises, each with its NTSTATUS and its DOS class and
 * code ([MS-CIFS] §2.2.2.4, [MS-ERREF] §2.3.1). */
typedef enum {
    MS_SMB_SUCCESS = 0,
    MS_SMB_E_BAD_COMMAND,         /* STATUS_SMB_BAD_COMMAND, ERRSRV/ERRbadcmd (22) */
    MS_SMB_E_INVALID_PARAMETER,   /* STATUS_INVALID_PARAMETER, ERRDOS/ERRinvalidparam (87) */
    MS_SMB_E_BAD_UID,             /* STATUS_SMB_BAD_UID, ERRSRV/ERRbaduid (91) */
    MS_SMB_E_BAD_TID,             /* STATUS_SMB_BAD_TID, ERRSRV/ERRinvnid (5) */
    MS_SMB_E_BAD_NETWORK_NAME,    /* STATUS_BAD_NETWORK_NAME, ERRSRV/ERRinvnetname (6) */
    MS_SMB_E_BAD_DEVICE_TYPE,     /* STATUS_BAD_DEVICE_TYPE, ERRSRV/ERRinvdevice (7) */
    MS_SMB_E_OBJECT_NAME_NOT_FOUND, /* STATUS_OBJECT_NAME_NOT_FOUND, ERRDOS/ERRbadfile (2) */
    MS_SMB_E_NOT_SUPPORTED,       /* STATUS_NOT_SUPPORTED, ERRDOS/ERRunsup (50) */
    MS_SMB_E_INSUFF_RESOURCES,    /* STATUS_INSUFF_SERVER_RESOURCES, ERRDOS/ERRnomem (8) */
    MS_SMB_ERROR_COUNT
} MsSmbError;

guint32 ms_smb_error_ntstatus(MsSmbError e);
/* As the four Status bytes read little-endian: ErrorClass | ErrorCode << 16. */
guint32 ms_smb_error_dos(MsSmbError e);
/* The value for the Status field in the style the request asked for. */
guint32 ms_smb_error_status(MsSmbError e, gboolean nt_status);
/* Recognises a Status in either style; MS_SMB_ERROR_COUNT when it is none of ours. */
MsSmbError ms_smb_error_from_status(guint32 status, gboolean nt_status);
const char *ms_smb_error_to_string(MsSmbError e);

G_END_DECLS
